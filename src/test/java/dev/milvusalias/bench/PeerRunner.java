package dev.milvusalias.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.milvusalias.emulator.MilvusEmulator;

/**
 * Runs {@link PeerSwitch} as its own JVM, once per switch, and measures each run from spawn to exit: wall time,
 * CPU (user + system of the whole child, from this process's reaped-children times) and the RPCs the emulator saw.
 * <p>
 * The child's class path is what such a step would ship: the SDK and what it loads. A first run with
 * {@code -Xlog:class+load} on the full test class path finds those jars; the measured runs use only them, so the
 * peer does not pay for scanning the benchmark's 300 jars.
 */
final class PeerRunner {

    static final String ALIAS = "peer";
    static final String DATABASE = MilvusEmulator.DEFAULT_DATABASE;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    /**
     * One run.
     *
     * @param wallMs wall time from spawn to exit
     * @param cpuMs  CPU time of the child JVM
     * @param rpcs   RPCs the emulator received during the run, by name
     */
    record Run(double wallMs, double cpuMs, Map<String, Long> rpcs) {
    }

    private final Path java;
    private final List<String> jvmFlags;
    private final MilvusEmulator milvus;
    private final Path workDir;
    private final Predicate<MilvusEmulator.Call> operatorCall;
    private List<String> classPath;

    /**
     * @param javaHome     the child JVM's JDK
     * @param jvmFlags     flags of the child JVM
     * @param operatorCall calls made by the operator meanwhile, left out of the counts
     */
    PeerRunner(Path javaHome, List<String> jvmFlags, MilvusEmulator milvus, Path workDir,
            Predicate<MilvusEmulator.Call> operatorCall) {
        this.java = javaHome.resolve("bin").resolve("java");
        this.jvmFlags = jvmFlags;
        this.milvus = milvus;
        this.workDir = workDir;
        this.operatorCall = operatorCall;
    }

    /** Creates the two collections the peer alternates between and the alias on the first. */
    static void seed(MilvusEmulator milvus) {
        for (String c : List.of(collection(1), collection(2))) {
            milvus.createCollection(DATABASE, c);
            milvus.load(DATABASE, c);
        }
        milvus.putAlias(DATABASE, ALIAS, collection(1));
    }

    static String collection(int version) {
        return "peer_v" + version;
    }

    /** {@code runs} measured switches, alternating v2, v1, ..., after one calibration run. */
    List<Run> measure(int runs) throws IOException, InterruptedException {
        Path classLog = workDir.resolve("peer-class-load.log");
        List<String> calibration = new ArrayList<>(List.of("-Xlog:class+load=info:file=" + classLog));
        calibration.addAll(List.of("-cp", System.getProperty("java.class.path")));
        run(calibration, collection(2));
        classPath = jarsLoaded(classLog);
        List<Run> measured = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            measured.add(run(List.of("-cp", String.join(":", classPath)), collection(i % 2 == 0 ? 1 : 2)));
        }
        return measured;
    }

    /** The class path of the measured runs (after {@link #measure}). */
    List<String> classPath() {
        return classPath;
    }

    private Run run(List<String> extraFlags, String target) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmFlags);
        command.addAll(extraFlags);
        command.addAll(List.of(PeerSwitch.class.getName(), milvus.uri(), ALIAS, target));
        milvus.clearCalls();
        double cpuBefore = ProcStats.reapedChildrenCpuSeconds();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("peer.log").toFile())).start();
        if (!p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("the peer did not finish within " + RUN_TIMEOUT.toSeconds() + " s");
        }
        double wallMs = (System.nanoTime() - t0) / 1e6;
        double cpuMs = (ProcStats.reapedChildrenCpuSeconds() - cpuBefore) * 1000;
        Optional<String> now = milvus.aliasTarget(DATABASE, ALIAS);
        if (p.exitValue() != 0 || !now.equals(Optional.of(target))) {
            throw new IllegalStateException("the peer failed (exit " + p.exitValue() + ", alias on " + now + "); see "
                    + workDir.resolve("peer.log"));
        }
        Map<String, Long> rpcs = milvus.calls().stream().filter(operatorCall.negate())
                .collect(Collectors.groupingBy(MilvusEmulator.Call::rpc, TreeMap::new, Collectors.counting()));
        return new Run(wallMs, cpuMs, rpcs);
    }

    /** Class path entries classes were loaded from, in first-use order ("source: file:/...jar"). */
    static List<String> jarsLoaded(Path classLoadLog) {
        Set<String> entries = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(classLoadLog)) {
                int at = line.indexOf("source: file:");
                if (at >= 0) {
                    entries.add(line.substring(at + "source: file:".length()).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(entries);
    }
}
