package dev.milvusalias.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.it.ProjectCrds;
import dev.milvusalias.sandbox.ApiRequestCounter;
import dev.milvusalias.sandbox.SandboxKubeApi;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * {@code make bench}: the packaged operator as its own process (the image's JVM flags and the Deployment's
 * environment, see {@link ShippedRuntime}) against the embedded Kubernetes API ({@link SandboxKubeApi}) and the
 * Milvus emulator, all on 127.0.0.1. In one run, in this order:
 * <ol>
 * <li>cold start: N objects exist, the operator starts (spawn → health ready → first write → all Ready)</li>
 * <li>idle: a quiet window; writes, RPCs, CPU, RSS</li>
 * <li>single creates, then single switches, one at a time: apply → Ready, RPCs and writes per change</li>
 * <li>the API server's own share: request → watch event, no-op status patch round trip</li>
 * <li>the peer: a one-shot SDK program per switch ({@link PeerRunner})</li>
 * <li>live batch: N creates at once; switch storm: N collectionName changes at once</li>
 * <li>restart with a short resync interval: reads per alias per interval in steady state</li>
 * </ol>
 * Prints a table ({@link ResultsTable}), merges the figures into {@code docs/bench/results.json} and rewrites
 * {@code docs/bench/results.md} and {@code docs/bench/bench.png} from every N in it. Every wait has a deadline and
 * a watchdog ends the run; it asserts nothing.
 * Usage: {@code AliasBenchmark [N]} (default 1000).
 */
public final class AliasBenchmark {

    static final String NAMESPACE = "bench";
    static final String USER_AGENT = "milvus-alias-bench";
    private static final int SAMPLES = 100;
    private static final int PEER_RUNS = 10;
    /** Write cycles that warm the embedded API server before the operator starts, see {@link #warmEmbeddedApi}. */
    private static final int API_WARM_UP_CYCLES = 1500;
    private static final String WARM_UP_NAMESPACE = "bench-warm-up";
    private static final Duration BETWEEN_SAMPLES = Duration.ofMillis(100);
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(10);
    private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final int n;
    private final Path project;
    private final Path work;
    private final ShippedRuntime runtime;
    private final SandboxKubeApi api;
    private final MilvusEmulator milvus;
    private final KubernetesClient client;
    private final Path kubeconfig;
    private final AliasWatch watch;
    private final Fleet cold;
    private final Fleet batch;
    private final Fleet single;
    private OperatorProcess operator;
    private int operatorStarts;
    private double idleCpuPerSecond;

    private AliasBenchmark(int n, Path project, SandboxKubeApi api, MilvusEmulator milvus) throws IOException {
        this.n = n;
        this.project = project;
        this.work = Files.createDirectories(project.resolve("target/bench"));
        this.runtime = ShippedRuntime.read(project);
        this.api = api;
        this.milvus = milvus;
        this.kubeconfig = api.writeKubeconfig(work.resolve("kubeconfig"));
        this.client = benchClient(api.url());
        this.cold = new Fleet(client, NAMESPACE, "c", n);
        this.batch = new Fleet(client, NAMESPACE, "b", n);
        this.single = new Fleet(client, NAMESPACE, "l", SAMPLES);
        this.watch = new AliasWatch(client, NAMESPACE);
    }

    public static void main(String[] args) {
        int n = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 1000;
        Path project = Path.of("").toAbsolutePath();
        startWatchdog(Duration.ofMinutes(30).plusMillis(300L * n));
        try {
            BenchResult result = measure(n, project);
            ResultsTable.print(result, System.out);
            Path docs = Files.createDirectories(project.resolve("docs/bench"));
            Path json = ResultsFile.merge(docs.resolve("results.json"), result);
            ResultsFile.write(project.resolve("target/bench/results-" + n + ".json"), result);
            ResultsChart.draw(json, docs.resolve("bench.png"));
            ResultsMarkdown.write(json, docs.resolve("results.md"));
            System.out.println("Saved docs/bench/results.json, results.md and bench.png (every N measured so far).");
            System.exit(0);
        } catch (Exception e) {
            // the client, the servers and the watch keep non-daemon threads: end the JVM explicitly
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static BenchResult measure(int n, Path project) throws Exception {
        // First, in a JVM of its own: the training must not share this process's servers, JIT or heap.
        ShippedRuntime.read(project).prepareAotCache(project.resolve("target/quarkus-app/quarkus-run.jar"));
        try (SandboxKubeApi api = SandboxKubeApi.start(ProjectCrds.files());
                MilvusEmulator milvus = MilvusEmulator.start()) {
            AliasBenchmark bench = new AliasBenchmark(n, project, api, milvus);
            Runtime.getRuntime().addShutdownHook(new Thread(bench::killOperator, "bench-stop-operator"));
            try {
                return bench.run();
            } finally {
                bench.close();
            }
        }
    }

    private BenchResult run() throws Exception {
        String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        BenchResult.Machine machine = new BenchResult.Machine(Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                ShippedRuntime.version(runtime.javaHome()),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        log("N=%d; operator: java %s -jar target/quarkus-app/quarkus-run.jar", n, String.join(" ", runtime.jvmFlags()));
        setUp();

        List<String> dumps = new ArrayList<>();
        BenchResult.ColdStart coldStart = coldStart(dumps);
        double rssColdStart = mb(operator.rssBytes());
        BenchResult.Idle idle = idle();

        log("single creates: %d, one at a time", SAMPLES);
        Mark beforeCreates = mark();
        List<Sample> creates = singleChanges(single::create);
        BenchResult.PerChange perCreate = perChange(beforeCreates, 3);
        log("single switches: %d, one at a time", SAMPLES);
        Mark beforeSwitches = mark();
        List<Sample> switches = singleChanges(i -> single.switchTo(i, 2));
        BenchResult.PerChange perSwitch = perChange(beforeSwitches, 5);
        BenchResult.ApiShare apiShare = apiShare(creates);
        Percentiles switchToReady = latency(switches);

        BenchResult.Peer peer = peer(switchToReady.p50(), perSwitch.cpuMs());

        log("live batch: %d creates at once", n);
        BenchResult.Convergence liveBatch = convergence(batch, () -> batch.createAll(writeBudget()), 1);
        log("switch storm: %d collectionName changes at once", n);
        BenchResult.Convergence storm = convergence(cold, () -> cold.switchAll(2, writeBudget()), 2);
        int objects = n + SAMPLES + liveBatch.objects();
        BenchResult.Memory memory = new BenchResult.Memory(rssColdStart, idle.rssMb(), mb(operator.rssBytes()),
                mb(operator.peakRssBytes()), objects);

        BenchResult.Resync resync = resync(objects);
        return new BenchResult(n, date, machine, runtime.jvmFlags(), latency(creates), switchToReady, apiShare,
                coldStart, liveBatch, storm, perCreate, perSwitch, idle, resync, memory, peer,
                ThreadDumps.summarize(dumps));
    }

    // ---------------------------------------------------------------------------------------------- phases

    private void setUp() {
        for (String ns : List.of(NAMESPACE, ShippedRuntime.POD_NAMESPACE, WARM_UP_NAMESPACE)) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .create();
        }
        for (Fleet fleet : List.of(cold, batch, single)) {
            fleet.seed(milvus);
        }
        PeerRunner.seed(milvus);
        Fleet.createConnection(client, NAMESPACE, milvus.uri());
        warmEmbeddedApi();
    }

    /**
     * A real API server is a long-running process; the embedded one starts with the benchmark, and its own code is
     * still being compiled while a small N is measured (its create round trip was 4.6 to 5.5 ms at N=100 against
     * 2.1 to 3.3 ms at 1,000 and 10,000). So before the operator starts, the benchmark sends it the requests the
     * operator will send (create, status patch, event, delete), in a namespace of its own; the objects are gone
     * before the operator starts (their events stay; the operator reads none). Only the embedded server warms up:
     * the operator starts cold, as it would in a pod.
     */
    private void warmEmbeddedApi() {
        log("warming the embedded API server: %d create, status patch, event, delete cycles", API_WARM_UP_CYCLES);
        Fleet warmUp = new Fleet(client, WARM_UP_NAMESPACE, "w", API_WARM_UP_CYCLES);
        for (int i = 0; i < API_WARM_UP_CYCLES; i++) {
            MilvusAlias alias = warmUp.create(i);
            Resource<MilvusAlias> stored = client.resource(alias);
            stored.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"status\":{\"observedGeneration\":1}}");
            client.v1().events().inNamespace(WARM_UP_NAMESPACE).resource(new EventBuilder().withNewMetadata()
                    .withName(warmUp.object(i)).endMetadata().withReason("WarmUp").withNewInvolvedObject()
                    .withKind("MilvusAlias").withName(alias.getMetadata().getName())
                    .withUid(alias.getMetadata().getUid()).endInvolvedObject().build()).create();
            stored.delete();
        }
        awaitQuietBenchmarkProcess();
    }

    /**
     * Waits (up to 20 s) until this process uses under a fifth of a core over a second: its JIT compiles what the
     * warm-up made hot in the background, and would otherwise take the CPU from the operator's start.
     */
    private static void awaitQuietBenchmarkProcess() {
        long self = ProcessHandle.current().pid();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        double before = ProcStats.cpuSeconds(self);
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            double now = ProcStats.cpuSeconds(self);
            if (now - before < 0.2) {
                return;
            }
            before = now;
        }
    }

    private BenchResult.ColdStart coldStart(List<String> dumps) throws Exception {
        log("cold start: creating %d objects, then starting the operator", n);
        cold.createAll(writeTimeout());
        List<String> keys = cold.keys(1);
        require(watch.awaitAll(keys, false, convergeTimeout()), "the cold-start objects were not all seen");
        double harnessBefore = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        startOperator(Map.of());
        Thread dumper = new Thread(() -> dumpWhileConverging(keys, dumps), "bench-thread-dumps");
        dumper.setDaemon(true);
        dumper.start();
        long started = operator.startedNanos();
        long ready = operator.awaitReady(START_TIMEOUT);
        double cpuAtReady = operator.cpuSeconds();
        require(watch.awaitAll(keys, true, convergeTimeout()), "cold start: not all Ready in time");
        double cpu = operator.cpuSeconds();
        double harness = ProcStats.cpuSeconds(ProcessHandle.current().pid()) - harnessBefore;
        dumper.join(Duration.ofSeconds(30).toMillis());
        long allReady = watch.latest(keys, true);
        return new BenchResult.ColdStart(n, ms(ready - started), ms(watch.firstOperatorWriteNanos() - started),
                ms(allReady - started), cpu, cpu * 1000 / n, (cpu - cpuAtReady) * 1000 / n, harness);
    }

    /** A thread dump at a quarter, half and three quarters of the cold start (by objects Ready). */
    private void dumpWhileConverging(List<String> keys, List<String> dumps) {
        long deadline = System.nanoTime() + convergeTimeout().toNanos();
        try {
            for (double share : new double[] {0.25, 0.5, 0.75}) {
                while (watch.readyCount(keys) < share * keys.size() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                if (watch.readyCount(keys) < keys.size()) {
                    String dump = operator.threadDump();
                    Files.writeString(work.resolve("threads-cold-start-" + n + "-" + (int) (share * 100) + ".txt"), dump);
                    synchronized (dumps) {
                        dumps.add(dump);
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            log("thread dump failed: %s", e);
        }
    }

    private BenchResult.Idle idle() throws IOException, InterruptedException {
        settle();
        log("idle: %d s with nothing to do", IDLE_WINDOW.toSeconds());
        milvus.clearCalls();
        Mark before = mark();
        Thread.sleep(IDLE_WINDOW.toMillis());
        Mark after = mark();
        double seconds = (after.nanos - before.nanos) / 1e9;
        idleCpuPerSecond = (after.cpu - before.cpu) / seconds;
        return new BenchResult.Idle(seconds, operatorWrites(before, after), leaseWrites(before, after),
                milvus.calls().size(),
                idleCpuPerSecond * 100, after.cpu, mb(operator.rssBytes()), operator.heapInfo());
    }

    /**
     * One change at a time on an otherwise idle operator: write, wait for Ready, pause. The write's result gives the
     * generation to wait for; commit and Ready are the watch's receive times.
     */
    private List<Sample> singleChanges(IntFunction<MilvusAlias> write) throws InterruptedException {
        settle();
        milvus.clearCalls();
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            long requested = System.nanoTime();
            MilvusAlias written = write.apply(i);
            long answered = System.nanoTime();
            String key = AliasWatch.key(written.getMetadata().getName(), written.getMetadata().getGeneration());
            require(watch.awaitAll(List.of(key), true, SAMPLE_TIMEOUT), key + " not Ready within 30 s");
            samples.add(new Sample(requested, answered, watch.committedAt(key), watch.readyAt(key)));
            Thread.sleep(BETWEEN_SAMPLES.toMillis());
        }
        return samples;
    }

    /** Costs of the single changes since {@code before}: RPCs naming the sample objects, writes, CPU. */
    private BenchResult.PerChange perChange(Mark before, int minimum) throws InterruptedException {
        settle();
        Mark after = mark();
        Map<String, Double> rpcs = new TreeMap<>();
        milvus.calls().stream().filter(single::names).forEach(c -> rpcs.merge(c.rpc(), 1.0 / SAMPLES, Double::sum));
        Map<String, Double> writes = new TreeMap<>();
        operatorWrites(before, after).forEach((k, v) -> writes.put(k, (double) v / SAMPLES));
        double seconds = (after.nanos - before.nanos) / 1e9;
        return new BenchResult.PerChange(rpcs, rpcs.values().stream().mapToDouble(Double::doubleValue).sum(), minimum,
                writes, (after.cpu - before.cpu) * 1000 / SAMPLES, idleCpuPerSecond * seconds * 1000 / SAMPLES);
    }

    private BenchResult.ApiShare apiShare(List<Sample> creates) throws InterruptedException {
        log("API server share: %d no-op status patches", SAMPLES);
        List<Long> roundTrips = new ArrayList<>();
        List<Long> toEvent = new ArrayList<>();
        var serialization = client.getKubernetesSerialization();
        for (int i = 0; i < SAMPLES; i++) {
            var resource = client.resources(MilvusAlias.class).inNamespace(NAMESPACE).withName(single.object(i));
            MilvusAlias current = resource.get();
            String body = serialization.asJson(Map.of("status", current.getStatus()));
            long t0 = System.nanoTime();
            MilvusAlias patched = resource.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), body);
            roundTrips.add(System.nanoTime() - t0);
            String version = patched.getMetadata().getResourceVersion();
            if (!version.equals(current.getMetadata().getResourceVersion())) {
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (watch.versionAt(single.object(i), version) == null && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                Long seen = watch.versionAt(single.object(i), version);
                if (seen != null) {
                    toEvent.add(seen - t0);
                }
            }
        }
        return new BenchResult.ApiShare(
                Percentiles.ofNanos(creates.stream().map(s -> s.committed - s.requested).toList()),
                Percentiles.ofNanos(creates.stream().map(s -> s.answered - s.requested).toList()),
                Percentiles.ofNanos(roundTrips), Percentiles.ofNanos(toEvent));
    }

    private BenchResult.Peer peer(double operatorSwitchP50, double operatorCpuPerSwitch) throws Exception {
        log("peer: a one-shot SDK program per switch, %d runs", PEER_RUNS);
        Set<String> fleetPrefixes = Set.of("c_", "b_", "l_");
        // the operator's JVM and flags, but its AOT cache (of the operator's classes) and its log manager
        List<String> flags = runtime.jvmFlags().stream().filter(f -> !f.startsWith("-Djava.util.logging.manager=")
                && !f.startsWith("-XX:AOTCache=")).toList();
        PeerRunner peer = new PeerRunner(runtime.javaHome(), flags, milvus, work,
                c -> c.fields().values().stream().anyMatch(v -> fleetPrefixes.stream().anyMatch(v::startsWith)));
        List<PeerRunner.Run> runs = peer.measure(PEER_RUNS);
        List<Double> walls = runs.stream().map(PeerRunner.Run::wallMs).toList();
        Map<String, Long> rpcs = runs.get(runs.size() - 1).rpcs();
        return new BenchResult.Peer(runs.size(), Percentiles.median(walls),
                Percentiles.median(runs.stream().map(PeerRunner.Run::cpuMs).toList()),
                walls.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                walls.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), rpcs, flags,
                peer.classPath().size(), operatorSwitchP50, operatorCpuPerSwitch);
    }

    /**
     * N writes at once; from the last one committed (watch) to every object Ready at {@code generation}. The writes
     * stop at a deadline and the wait is bounded: a slow API server gives a partial figure, saying so.
     */
    private BenchResult.Convergence convergence(Fleet fleet, Writes writes, long generation) throws Exception {
        settle();
        Mark before = mark();
        List<Integer> written = writes.run();
        long submitted = System.nanoTime();
        List<String> keys = fleet.keys(written, generation);
        boolean allReady = watch.awaitAll(keys, true, Duration.ofSeconds(60).plusMillis(30L * keys.size()));
        Mark after = mark();
        long ready = watch.readyCount(keys);
        if (written.size() < fleet.size() || !allReady) {
            log("partial: %d of %d written before the deadline, %d of those Ready", written.size(), fleet.size(), ready);
        }
        double lastToAll = allReady ? ms(watch.latest(keys, true) - watch.latest(keys, false)) : Double.NaN;
        double firstToAll = allReady ? ms(watch.latest(keys, true) - watch.earliest(keys, false)) : Double.NaN;
        int changes = Math.max(1, written.size());
        return new BenchResult.Convergence(fleet.size(), written.size(), (int) ready, lastToAll, firstToAll,
                ms(submitted - before.nanos), (after.cpu - before.cpu) * 1000 / changes,
                (after.harnessCpu - before.harnessCpu) * 1000 / changes);
    }

    /**
     * Restarts the operator with a short resync interval (long enough for 500 reconciles a second), waits until every
     * alias was looked at once and one more interval, then counts RPCs over two intervals.
     */
    private BenchResult.Resync resync(int objects) throws Exception {
        long intervalSeconds = Math.max(10, (long) Math.ceil(objects * 0.002));
        log("resync: restarting the operator with MILVUS_ALIAS_RESYNC_INTERVAL=%ds (%d objects)", intervalSeconds,
                objects);
        settle();
        operator.stop(STOP_GRACE);
        milvus.clearCalls();
        startOperator(Map.of("MILVUS_ALIAS_RESYNC_INTERVAL", intervalSeconds + "s"));
        long started = operator.startedNanos();
        long ready = operator.awaitReady(START_TIMEOUT);
        long deadline = System.nanoTime() + convergeTimeout().toNanos();
        while (describedAliases() < objects && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long allChecked = System.nanoTime();
        require(describedAliases() >= objects, "after the restart not every alias was looked at in time");
        Thread.sleep(intervalSeconds * 1000);
        milvus.clearCalls();
        Mark before = mark();
        Thread.sleep(2 * intervalSeconds * 1000);
        Mark after = mark();
        double intervals = (after.nanos - before.nanos) / 1e9 / intervalSeconds;
        Map<String, Double> reads = milvus.calls().stream().collect(Collectors.groupingBy(MilvusEmulator.Call::rpc,
                TreeMap::new, Collectors.summingDouble(c -> 1.0 / objects / intervals)));
        return new BenchResult.Resync(intervalSeconds, objects, ms(ready - started), ms(allChecked - started),
                (after.nanos - before.nanos) / 1e9, reads, operatorWrites(before, after),
                (after.cpu - before.cpu) / ((after.nanos - before.nanos) / 1e9) * 100);
    }

    private long describedAliases() {
        return milvus.calls().stream().filter(c -> c.rpc().equals("DescribeAlias")).map(c -> c.fields().get("alias"))
                .distinct().count();
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /**
     * A point in time with the operator's CPU, this process's CPU (the embedded API server, the emulator and the
     * benchmark itself) and the API's request counts.
     */
    private record Mark(long nanos, double cpu, double harnessCpu, Map<ApiRequestCounter.Key, Long> requests) {
    }

    /** One single change: request sent, answered, committed (watch), Ready (watch); System.nanoTime() values. */
    private record Sample(long requested, long answered, long committed, long ready) {
    }

    /** Writes of a convergence phase; returns the members written. */
    private interface Writes {
        List<Integer> run() throws Exception;
    }

    private Mark mark() {
        return new Mark(System.nanoTime(), operator.cpuSeconds(), ProcStats.cpuSeconds(ProcessHandle.current().pid()),
                api.requests().snapshot());
    }

    /** The operator's writes between two marks, by "verb resource" (the benchmark's own requests left out). */
    /** The operator's writes between the marks, by verb and resource, leaving out its Lease (leader election). */
    private static Map<String, Long> operatorWrites(Mark before, Mark after) {
        Map<String, Long> writes = new TreeMap<>();
        after.requests.forEach((key, count) -> {
            long delta = count - before.requests.getOrDefault(key, 0L);
            if (delta > 0 && key.isWrite() && !key.userAgent().equals(USER_AGENT) && !isLease(key)) {
                writes.merge(key.verb() + " " + key.resource(), delta, Long::sum);
            }
        });
        return writes;
    }

    /** The operator's Lease writes between the marks: renewals, one per retry period while it leads. */
    private static long leaseWrites(Mark before, Mark after) {
        return after.requests.entrySet().stream()
                .filter(e -> e.getKey().isWrite() && isLease(e.getKey()))
                .mapToLong(e -> e.getValue() - before.requests.getOrDefault(e.getKey(), 0L)).sum();
    }

    private static boolean isLease(ApiRequestCounter.Key key) {
        return key.resource().equals("leases");
    }

    private static Percentiles latency(List<Sample> samples) {
        return Percentiles.ofNanos(samples.stream().map(s -> s.ready - s.committed).toList());
    }

    /** Waits until the watch has been quiet for a second (bounded): earlier work has finished. */
    private void settle() throws InterruptedException {
        if (!watch.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(60))) {
            log("still busy after 60 s; measuring anyway");
        }
    }

    private void startOperator(Map<String, String> overrides) {
        operatorStarts++;
        operator = OperatorProcess.start(runtime, project.resolve("target/quarkus-app/quarkus-run.jar"), kubeconfig,
                overrides, work.resolve("operator-" + n + "-" + operatorStarts + ".log"));
    }

    /** Generous: on a busy 2-core machine the embedded API server takes a few writes per 100 ms. */
    private Duration convergeTimeout() {
        return Duration.ofSeconds(60).plusMillis(100L * n);
    }

    private Duration writeTimeout() {
        return Duration.ofSeconds(60).plusMillis(100L * n);
    }

    /** How long the batch and the storm may write: the embedded API's writes slow down as it holds more objects. */
    private Duration writeBudget() {
        Duration budget = writeTimeout();
        return budget.compareTo(Duration.ofMinutes(10)) < 0 ? budget : Duration.ofMinutes(10);
    }

    private static KubernetesClient benchClient(String url) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url + "/").withUserAgent(USER_AGENT)
                .withHttp2Disable(true).withRequestTimeout(30_000).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Ends the run (the shutdown hook stops the operator) if it takes longer than the budget. */
    private static void startWatchdog(Duration budget) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(budget.toMillis());
                System.err.printf("The benchmark did not finish within %d min; stopping.%n", budget.toMinutes());
                System.exit(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private void killOperator() {
        if (operator != null) {
            operator.close();
        }
    }

    private void close() throws InterruptedException {
        if (operator != null) {
            operator.stop(STOP_GRACE);
        }
        watch.close();
        client.close();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    static void log(String format, Object... args) {
        System.out.printf("[bench %s] %s%n", LocalTime.now().format(CLOCK), String.format(format, args));
        System.out.flush();
    }
}
