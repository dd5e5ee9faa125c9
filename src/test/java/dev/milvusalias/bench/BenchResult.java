package dev.milvusalias.bench;

import java.util.List;
import java.util.Map;

/**
 * The figures of one {@code make bench} run for one N; saved as JSON (times in ms, memory in MB, CPU as noted).
 *
 * @param n                fleet size: objects at cold start, in the live batch and in the storm
 * @param machine          where it ran
 * @param operatorJvmFlags the JVM flags of the operator process (the image's, see {@link ShippedRuntime})
 * @param createToReady    apply → Ready of single creates on an idle operator
 * @param switchToReady    apply → Ready of single switches on an idle operator
 * @param api              the embedded API server's own share
 * @param coldStart        N objects exist, the operator starts
 * @param batch            N objects created at once on a running operator
 * @param storm            N collectionName changes at once
 * @param perCreate        Milvus RPCs and Kubernetes writes of one create
 * @param perSwitch        Milvus RPCs and Kubernetes writes of one switch
 * @param idle             nothing changes, default resync
 * @param resync           after a restart with a short resync interval
 * @param memory           resident memory of the operator
 * @param peer             the same switch done by a one-shot SDK program per change
 * @param threads          where the reconcile threads were during the cold start (aggregated thread dumps)
 */
record BenchResult(int n, String date, Machine machine, List<String> operatorJvmFlags, Percentiles createToReady,
        Percentiles switchToReady, ApiShare api, ColdStart coldStart, Convergence batch, Convergence storm,
        PerChange perCreate, PerChange perSwitch, Idle idle, Resync resync, Memory memory, Peer peer,
        List<String> threads) {

    /**
     * Cores, OS, the benchmark's JVM and the operator's Java version, and the 1-minute load average when the run
     * began (the machine may be shared).
     */
    record Machine(int cores, String os, String java, String operatorJava, double loadAverageAtStart) {
    }

    /**
     * @param createToWatchEvent     the benchmark's create request to its own watch event (write + watch delivery)
     * @param createRoundTrip        the create request's round trip
     * @param statusPatchRoundTrip   a JSON merge patch of /status with the status it already has
     * @param statusPatchToWatchEvent that patch's request to its watch event (when it made a new version)
     */
    record ApiShare(Percentiles createToWatchEvent, Percentiles createRoundTrip, Percentiles statusPatchRoundTrip,
            Percentiles statusPatchToWatchEvent) {
    }

    /**
     * @param startToReadyMs          process spawn to /q/health/ready UP
     * @param startToFirstReconcileMs process spawn to the first operator write seen (finalizer or status)
     * @param startToAllReadyMs       process spawn to the last of the N objects Ready
     * @param cpuSeconds              operator CPU from spawn to all Ready (JVM start included)
     * @param cpuMsPerObject          {@code cpuSeconds} / N
     * @param reconcileCpuMsPerObject CPU from health-ready to all Ready, / N
     * @param harnessCpuSeconds       CPU of the benchmark process meanwhile: the embedded API server (most of it),
     *                                the emulator and the watch
     */
    record ColdStart(int objects, double startToReadyMs, double startToFirstReconcileMs, double startToAllReadyMs,
            double cpuSeconds, double cpuMsPerObject, double reconcileCpuMsPerObject, double harnessCpuSeconds) {
    }

    /**
     * @param requested               N
     * @param objects                 how many writes the API took before the deadline (N unless it was too slow)
     * @param ready                   how many of those were Ready at the end
     * @param lastCommitToAllReadyMs  the last write committed (watch) to the last object Ready (NaN: not all Ready)
     * @param firstCommitToAllReadyMs the first write committed to the last object Ready (NaN: not all Ready)
     * @param submitMs                how long the benchmark took to send the writes (4 clients)
     * @param cpuMsPerChange          operator CPU from the first write sent to all Ready, / objects
     * @param harnessCpuMsPerChange   the benchmark process's CPU meanwhile (API server, emulator, writers), / objects
     */
    record Convergence(int requested, int objects, int ready, double lastCommitToAllReadyMs,
            double firstCommitToAllReadyMs, double submitMs, double cpuMsPerChange, double harnessCpuMsPerChange) {

        boolean complete() {
            return objects == requested && ready == objects;
        }
    }

    /**
     * @param milvusRpcs       RPCs naming the changed alias or its collections, per change
     * @param milvusMinimum    the physical minimum (see the README)
     * @param kubernetesWrites the operator's writes by verb and resource, per change
     * @param cpuMs            operator CPU over the phase (changes, pauses, background) per change
     * @param backgroundCpuMs  of that, what the idle window's CPU rate accounts for (resync, timers), per change
     */
    record PerChange(Map<String, Double> milvusRpcs, double milvusRpcsTotal, int milvusMinimum,
            Map<String, Double> kubernetesWrites, double cpuMs, double backgroundCpuMs) {
    }

    /**
     * @param kubernetesWrites the operator's writes by verb and resource over the window, its Lease left out
     * @param leaseWrites      its Lease renewals over the window (leader election: one per retry period)
     * @param milvusCalls      every RPC the emulator received over the window
     * @param cpuSecondsTotal  the operator's CPU since it started, at the end of the window
     * @param heap             heap and metaspace at the end of the window
     */
    record Idle(double seconds, Map<String, Long> kubernetesWrites, long leaseWrites, long milvusCalls, double cpuPercent,
            double cpuSecondsTotal, double rssMb, HeapInfo heap) {
    }

    /**
     * @param restartToReadyMs            spawn to /q/health/ready UP, every object already Ready
     * @param restartToAllCheckedMs       spawn to every alias looked at in Milvus (DescribeAlias) once
     * @param milvusReadsPerAliasPerInterval RPCs per alias per resync interval, by RPC, in steady state
     * @param kubernetesWrites            the operator's writes over the window
     * @param cpuPercent                  operator CPU over the window, % of one core
     */
    record Resync(double intervalSeconds, int objects, double restartToReadyMs, double restartToAllCheckedMs,
            double windowSeconds, Map<String, Double> milvusReadsPerAliasPerInterval,
            Map<String, Long> kubernetesWrites, double cpuPercent) {
    }

    /**
     * @param rssColdStartMb RSS when the N cold-start objects were all Ready
     * @param rssIdleMb      RSS after the idle window (N objects)
     * @param rssEndMb       RSS after batch and storm ({@code objectsAtEnd} objects)
     * @param peakRssMb      VmHWM at the end
     */
    record Memory(double rssColdStartMb, double rssIdleMb, double rssEndMb, double peakRssMb, int objectsAtEnd) {
    }

    /**
     * @param wallMsMedian           spawn to exit of the one-shot JVM, median
     * @param cpuMsMedian            its CPU (user + system), median
     * @param rpcsPerRun             RPCs the emulator saw per run
     * @param classPathEntries       jars (and directories) on its class path
     * @param operatorSwitchP50Ms    the operator's switch apply → Ready p50, for comparison
     * @param operatorCpuMsPerSwitch the operator's CPU per single switch (background included)
     */
    record Peer(int runs, double wallMsMedian, double cpuMsMedian, double wallMsMin, double wallMsMax,
            Map<String, Long> rpcsPerRun, List<String> jvmFlags, int classPathEntries, double operatorSwitchP50Ms,
            double operatorCpuMsPerSwitch) {
    }
}
