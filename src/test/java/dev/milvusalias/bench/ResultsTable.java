package dev.milvusalias.bench;

import java.io.PrintStream;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints one run's figures as a plain-text table, the targets last. */
final class ResultsTable {

    private static final String ROW = "  %-50s %s%n";

    private ResultsTable() {
    }

    static void print(BenchResult r, PrintStream out) {
        BenchResult.Machine m = r.machine();
        out.printf("%n== milvus-alias-operator benchmark, N=%d, %s ==%n", r.n(), r.date());
        out.printf("machine: %d cores, %s, %s, load average %.2f at start%n", m.cores(), m.os(), m.java(),
                m.loadAverageAtStart());
        out.printf("operator: its own process on Java %s, java %s -jar target/quarkus-app/quarkus-run.jar%n",
                m.operatorJava(), String.join(" ", r.operatorJvmFlags()));
        out.println("API: embedded fabric8 mock server (CRUD) on 127.0.0.1; Milvus: the emulator over gRPC on 127.0.0.1");

        out.printf("%napply -> Ready, one change at a time on an idle operator   %8s %8s %8s %8s   (ms, %d samples)%n",
                "p50", "p90", "p99", "max", r.createToReady().samples());
        percentiles(out, "create (new object, watch event -> Ready event)", r.createToReady());
        percentiles(out, "switch (new collectionName -> Ready event)", r.switchToReady());
        out.println("  the embedded API server's own share:");
        percentiles(out, "  create request -> its watch event", r.api().createToWatchEvent());
        percentiles(out, "  create round trip", r.api().createRoundTrip());
        percentiles(out, "  no-op status patch round trip", r.api().statusPatchRoundTrip());
        if (r.api().statusPatchToWatchEvent().samples() > 0) {
            percentiles(out, "  status patch request -> its watch event", r.api().statusPatchToWatchEvent());
        }
        double write = r.api().createRoundTrip().p50();
        out.printf("  estimate: Kubernetes writes x create round trip p50 = API share of create %.1f ms, of switch %.1f ms%n",
                writes(r.perCreate()) * write, writes(r.perSwitch()) * write);

        BenchResult.ColdStart c = r.coldStart();
        out.printf("%ncold start: %d objects exist, the operator starts%n", c.objects());
        out.printf(ROW, "spawn -> /q/health/ready UP", ms(c.startToReadyMs()));
        out.printf(ROW, "spawn -> first reconcile (first write seen)", ms(c.startToFirstReconcileMs()));
        out.printf(ROW, "spawn -> all Ready", ms(c.startToAllReadyMs()));
        out.printf(ROW, "operator CPU to all Ready", String.format("%.2f s = %.2f ms per object (%.2f ms after ready)",
                c.cpuSeconds(), c.cpuMsPerObject(), c.reconcileCpuMsPerObject()));
        out.printf(ROW, "benchmark process CPU meanwhile (API server...)", String.format("%.2f s", c.harnessCpuSeconds()));

        convergence(out, "live batch: " + r.batch().requested() + " creates at once", r.batch(), "create");
        convergence(out, "switch storm: " + r.storm().requested() + " collectionName changes at once", r.storm(),
                "change");

        out.printf("%nper change (the single changes above): Milvus RPCs naming the alias or its collections, operator writes%n");
        perChange(out, "create", r.perCreate());
        perChange(out, "switch", r.perSwitch());

        BenchResult.Idle idle = r.idle();
        out.printf("%nidle (%.0f s, default resync 5m)%n", idle.seconds());
        out.printf(ROW, "operator writes", idle.kubernetesWrites().isEmpty() ? "0" : counts(idle.kubernetesWrites()));
        out.printf(ROW, "Lease renewals (leader election)", idle.leaseWrites());
        out.printf(ROW, "Milvus calls", idle.milvusCalls());
        out.printf(ROW, "operator CPU", String.format("%.2f %% of a core (%.1f s since start)", idle.cpuPercent(),
                idle.cpuSecondsTotal()));
        out.printf(ROW, "RSS", String.format("%.0f MB: heap %.0f MB committed (%.0f used), metaspace %.0f MB, rest %.0f MB",
                idle.rssMb(), idle.heap().heapCommittedMb(), idle.heap().heapUsedMb(),
                idle.heap().metaspaceCommittedMb(),
                idle.rssMb() - idle.heap().heapCommittedMb() - idle.heap().metaspaceCommittedMb()));

        BenchResult.Resync s = r.resync();
        out.printf("%nrestart with MILVUS_ALIAS_RESYNC_INTERVAL=%.0fs, %d objects already Ready%n", s.intervalSeconds(),
                s.objects());
        out.printf(ROW, "spawn -> /q/health/ready UP", ms(s.restartToReadyMs()));
        out.printf(ROW, "spawn -> every alias looked at once", ms(s.restartToAllCheckedMs()));
        out.printf(ROW, "steady state: RPCs per alias per interval", s.milvusReadsPerAliasPerInterval().entrySet().stream()
                .filter(e -> e.getValue() >= 0.0005).map(e -> String.format("%s %.3f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ")));
        out.printf(ROW, "steady state: operator writes (" + Math.round(s.windowSeconds()) + " s)",
                s.kubernetesWrites().isEmpty() ? "0" : counts(s.kubernetesWrites()));
        out.printf(ROW, "steady state: operator CPU", String.format("%.1f %% of a core", s.cpuPercent()));

        BenchResult.Memory mem = r.memory();
        out.printf("%nmemory (RSS of the operator process)%n");
        out.printf(ROW, "cold start, " + r.n() + " objects all Ready", mb(mem.rssColdStartMb()));
        out.printf(ROW, "idle, " + r.n() + " objects", mb(mem.rssIdleMb()));
        out.printf(ROW, "after batch and storm, " + mem.objectsAtEnd() + " objects", mb(mem.rssEndMb()));
        out.printf(ROW, "peak (VmHWM)", mb(mem.peakRssMb()));

        BenchResult.Peer p = r.peer();
        out.printf("%npeer: one JVM per switch with milvus-sdk-java (MilvusClientV2.alterAlias), %d runs, %d class path entries%n",
                p.runs(), p.classPathEntries());
        out.printf(ROW, "wall time per switch, median (min..max)",
                String.format("%.0f ms (%.0f..%.0f)", p.wallMsMedian(), p.wallMsMin(), p.wallMsMax()));
        out.printf(ROW, "CPU per switch, median", String.format("%.0f ms", p.cpuMsMedian()));
        out.printf(ROW, "Milvus RPCs per switch", counts(p.rpcsPerRun()));
        out.printf(ROW, "operator: apply -> Ready p50 / CPU per switch",
                String.format("%.1f ms / %.1f ms", p.operatorSwitchP50Ms(), p.operatorCpuMsPerSwitch()));

        out.printf("%ntargets%n");
        for (Targets.Check t : Targets.check(r)) {
            out.printf("  %-55s %12s   %s%n", t.goal(), t.applies() ? String.format(t.value() < 10 ? "%.2f %s" : "%.1f %s",
                    t.value(), t.unit()) : "-",
                    t.applies() ? t.verdict() : "n/a at N=" + r.n());
        }
        if (!r.threads().isEmpty()) {
            out.printf("%nreconcile threads during the cold start (thread dumps at 25/50/75 %% Ready)%n");
            r.threads().forEach(line -> out.println("  " + line));
        }
        out.flush();
    }

    private static void percentiles(PrintStream out, String label, Percentiles p) {
        out.printf("  %-58s %8.1f %8.1f %8.1f %8.1f%n", label, p.p50(), p.p90(), p.p99(), p.max());
    }

    private static void convergence(PrintStream out, String title, BenchResult.Convergence c, String unit) {
        out.printf("%n%s%n", title);
        if (!c.complete()) {
            out.printf("  PARTIAL: the API took %d of the %d writes before the deadline; %d of them Ready%n",
                    c.objects(), c.requested(), c.ready());
        }
        out.printf(ROW, "last write committed -> all Ready", ms(c.lastCommitToAllReadyMs()));
        out.printf(ROW, "first write committed -> all Ready", ms(c.firstCommitToAllReadyMs()));
        out.printf(ROW, "(the benchmark took to send them)", String.format("%s: the API took %.0f writes/s",
                ms(c.submitMs()), c.objects() * 1000 / c.submitMs()));
        out.printf(ROW, "operator CPU per " + unit, String.format("%.2f ms (benchmark process: %.2f ms)",
                c.cpuMsPerChange(), c.harnessCpuMsPerChange()));
    }

    private static void perChange(PrintStream out, String label, BenchResult.PerChange c) {
        String rpcs = c.milvusRpcs().entrySet().stream().map(e -> String.format("%s %.2f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        String writes = c.kubernetesWrites().entrySet().stream()
                .map(e -> String.format("%s %.2f", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
        out.printf("  %-6s %.2f RPCs (minimum %d): %s%n", label, c.milvusRpcsTotal(), c.milvusMinimum(), rpcs);
        out.printf("  %-6s writes: %s; operator CPU %.1f ms (background at the idle rate: %.1f ms)%n", "",
                writes.isEmpty() ? "none" : writes, c.cpuMs(), c.backgroundCpuMs());
    }

    private static double writes(BenchResult.PerChange c) {
        return c.kubernetesWrites().values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static String counts(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String ms(double ms) {
        return ms >= 10_000 ? String.format("%.1f s", ms / 1000) : String.format("%.0f ms", ms);
    }

    private static String mb(double mb) {
        return String.format("%.0f MB", mb);
    }
}
