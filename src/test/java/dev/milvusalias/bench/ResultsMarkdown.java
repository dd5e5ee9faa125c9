package dev.milvusalias.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code docs/bench/results.md}: every run of the results file side by side, one column per N, with the targets
 * and whether each run met them; the README's Performance table is this file.
 */
final class ResultsMarkdown {

    private ResultsMarkdown() {
    }

    static void write(Path resultsJson, Path markdown) throws IOException {
        List<JsonNode> runs = ResultsFile.runs(resultsJson);
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder("| figure |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (JsonNode run : runs) {
            header.append(String.format(" N=%,d |", run.path("n").asInt()));
            rule.append(" ---: |");
        }
        lines.add(header.append(" target |").toString());
        lines.add(rule.append(" --- |").toString());
        row(lines, runs, "apply → Ready, create: p50 / p99 ms", r -> pair(r.path("createToReady"), "p50", "p99"),
                r -> verdict(r.path("createToReady").path("p50").asDouble() <= 25
                        && r.path("createToReady").path("p99").asDouble() <= 100), "≤ 25 / ≤ 100 ms");
        row(lines, runs, "apply → Ready, switch: p50 / p99 ms", r -> pair(r.path("switchToReady"), "p50", "p99"),
                r -> verdict(r.path("switchToReady").path("p50").asDouble() <= 25
                        && r.path("switchToReady").path("p99").asDouble() <= 100), "≤ 25 / ≤ 100 ms");
        row(lines, runs, "API alone: create → its watch event / no-op status patch, p50 ms",
                r -> String.format("%.1f / %.1f", r.path("api").path("createToWatchEvent").path("p50").asDouble(),
                        r.path("api").path("statusPatchRoundTrip").path("p50").asDouble()), null, "");
        row(lines, runs, "cold start: spawn → /q/health/ready", r -> seconds(r.path("coldStart").path("startToReadyMs")),
                r -> verdict(r.path("coldStart").path("startToReadyMs").asDouble() <= 3000), "≤ 3 s");
        row(lines, runs, "cold start: spawn → all N Ready", r -> seconds(r.path("coldStart").path("startToAllReadyMs")),
                r -> r.path("n").asInt() == 10_000
                        ? verdict(r.path("coldStart").path("startToAllReadyMs").asDouble() <= 60_000) : null,
                "≤ 60 s at 10,000");
        row(lines, runs, "cold start: operator CPU per object (after ready)",
                r -> String.format("%.1f (%.1f) ms", r.path("coldStart").path("cpuMsPerObject").asDouble(),
                        r.path("coldStart").path("reconcileCpuMsPerObject").asDouble()),
                r -> r.path("n").asInt() == 10_000
                        ? verdict(r.path("coldStart").path("cpuMsPerObject").asDouble() <= 5) : null,
                "≤ 5 ms at 10,000");
        row(lines, runs, "live batch, N creates: last / first create → all Ready",
                r -> convergence(r.path("batch")), null, "");
        row(lines, runs, "switch storm, N changes: last / first change → all Ready",
                r -> convergence(r.path("storm")),
                r -> r.path("n").asInt() == 1_000
                        ? verdict(r.path("storm").path("lastCommitToAllReadyMs").asDouble() <= 10_000) : null,
                "≤ 10 s at 1,000");
        row(lines, runs, "embedded API: the benchmark's writes/s in the storm",
                r -> String.format("%.0f", r.path("storm").path("objects").asDouble() * 1000
                        / r.path("storm").path("submitMs").asDouble()), null, "");
        row(lines, runs, "operator CPU per create / change (batch, storm)",
                r -> String.format("%.1f / %.1f ms", r.path("batch").path("cpuMsPerChange").asDouble(),
                        r.path("storm").path("cpuMsPerChange").asDouble()), null, "");
        row(lines, runs, "RSS idle, N objects (heap committed)",
                r -> String.format("%.0f MB (%.0f)", r.path("idle").path("rssMb").asDouble(),
                        r.path("idle").path("heap").path("heapCommittedMb").asDouble()),
                r -> r.path("n").asInt() == 1_000 ? verdict(r.path("idle").path("rssMb").asDouble() <= 150)
                        : r.path("n").asInt() == 10_000 ? verdict(r.path("idle").path("rssMb").asDouble() <= 300) : null,
                "≤ 150 MB at 1,000, ≤ 300 MB at 10,000");
        row(lines, runs, "RSS after batch and storm (objects then)", r -> String.format("%.0f MB (%,d)",
                r.path("memory").path("rssEndMb").asDouble(), r.path("memory").path("objectsAtEnd").asInt()), null, "");
        row(lines, runs, "Milvus RPCs per create / switch", r -> String.format("%.1f / %.1f",
                r.path("perCreate").path("milvusRpcsTotal").asDouble(),
                r.path("perSwitch").path("milvusRpcsTotal").asDouble()), null, "minimum 3 / 5");
        row(lines, runs, "Kubernetes writes per create / switch", r -> String.format("%.1f / %.1f",
                sum(r.path("perCreate").path("kubernetesWrites")), sum(r.path("perSwitch").path("kubernetesWrites"))),
                null, "");
        row(lines, runs, "idle: writes / Milvus calls in 10 s (Lease renewals)", r -> String.format("%.0f / %d (%d)",
                sum(r.path("idle").path("kubernetesWrites")), r.path("idle").path("milvusCalls").asLong(),
                r.path("idle").path("leaseWrites").asLong()),
                r -> verdict(sum(r.path("idle").path("kubernetesWrites")) == 0), "0 writes");
        row(lines, runs, "resync: RPCs per alias per interval (writes)", r -> String.format("%.2f (%.0f)",
                sum(r.path("resync").path("milvusReadsPerAliasPerInterval")),
                sum(r.path("resync").path("kubernetesWrites"))), null, "1 DescribeAlias (0)");
        row(lines, runs, "peer, one JVM per switch: wall / CPU, median",
                r -> String.format("%.0f / %.0f ms", r.path("peer").path("wallMsMedian").asDouble(),
                        r.path("peer").path("cpuMsMedian").asDouble()), null, "");
        row(lines, runs, "operator per switch: apply → Ready p50 / CPU (with background)",
                r -> String.format("%.0f / %.0f ms", r.path("switchToReady").path("p50").asDouble(),
                        r.path("perSwitch").path("cpuMs").asDouble()), null, "");
        lines.add("");
        for (JsonNode run : runs) {
            JsonNode m = run.path("machine");
            lines.add(String.format("N=%,d: %s, %d cores, load average %.1f at start, operator on Java %s.",
                    run.path("n").asInt(), run.path("date").asText(), m.path("cores").asInt(),
                    m.path("loadAverageAtStart").asDouble(), m.path("operatorJava").asText("?")));
        }
        Files.writeString(markdown, String.join("\n", lines) + "\n");
    }

    private static void row(List<String> lines, List<JsonNode> runs, String figure, Function<JsonNode, String> value,
            Function<JsonNode, String> verdict, String target) {
        StringBuilder row = new StringBuilder("| " + figure + " |");
        for (JsonNode run : runs) {
            String v = verdict == null ? null : verdict.apply(run);
            row.append(' ').append(value.apply(run)).append(v == null ? "" : " " + v).append(" |");
        }
        lines.add(row.append(' ').append(target).append(" |").toString());
    }

    /** "last / first", or what part of the phase the API managed before the deadline. */
    private static String convergence(JsonNode c) {
        int requested = c.path("requested").asInt();
        int objects = c.path("objects").asInt();
        int ready = c.path("ready").asInt();
        if (objects == requested && ready == objects) {
            return seconds(c.path("lastCommitToAllReadyMs")) + " / " + seconds(c.path("firstCommitToAllReadyMs"));
        }
        return String.format("partial: %,d of %,d written in %s, %,d Ready", objects, requested,
                seconds(c.path("submitMs")), ready);
    }

    private static String verdict(boolean met) {
        return met ? "(met)" : "(**not met**)";
    }

    private static String pair(JsonNode percentiles, String a, String b) {
        return String.format("%.0f / %.0f", percentiles.path(a).asDouble(), percentiles.path(b).asDouble());
    }

    private static String seconds(JsonNode ms) {
        double v = ms.asDouble();
        return v < 1000 ? String.format("%.0f ms", v) : String.format("%.1f s", v / 1000);
    }

    private static double sum(JsonNode counts) {
        double total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext();) {
            total += it.next().getValue().asDouble();
        }
        return total;
    }
}
