package dev.milvusalias.bench;

import java.util.ArrayList;
import java.util.List;

/** The performance targets the project aims for, checked against one run's figures. */
final class Targets {

    /**
     * One target.
     *
     * @param goal  what is aimed for, e.g. "apply → Ready p50 ≤ 25 ms (create)"
     * @param value the measured figure, or NaN when this run's N does not measure it
     * @param unit  of value and limit
     * @param limit the upper bound
     */
    record Check(String goal, double value, String unit, double limit) {
        boolean applies() {
            return !Double.isNaN(value);
        }

        boolean met() {
            return applies() && value <= limit;
        }

        String verdict() {
            return !applies() ? "n/a" : met() ? "met" : "NOT MET";
        }
    }

    private Targets() {
    }

    static List<Check> check(BenchResult r) {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("apply -> Ready p50 <= 25 ms (create)", r.createToReady().p50(), "ms", 25));
        checks.add(new Check("apply -> Ready p50 <= 25 ms (switch)", r.switchToReady().p50(), "ms", 25));
        checks.add(new Check("apply -> Ready p99 <= 100 ms (create)", r.createToReady().p99(), "ms", 100));
        checks.add(new Check("apply -> Ready p99 <= 100 ms (switch)", r.switchToReady().p99(), "ms", 100));
        checks.add(new Check("10,000 objects from cold start <= 60 s", at(r, 10_000, r.coldStart().startToAllReadyMs() / 1000),
                "s", 60));
        checks.add(new Check("cold start <= 5 ms operator CPU per object (10,000)",
                at(r, 10_000, r.coldStart().cpuMsPerObject()), "ms", 5));
        checks.add(new Check("1,000-change storm <= 10 s", at(r, 1_000, r.storm().complete()
                ? r.storm().lastCommitToAllReadyMs() / 1000 : Double.POSITIVE_INFINITY), "s", 10));
        checks.add(new Check("RSS <= 150 MB at 1,000 objects", at(r, 1_000, r.idle().rssMb()), "MB", 150));
        checks.add(new Check("RSS <= 300 MB at 10,000 objects", at(r, 10_000, r.idle().rssMb()), "MB", 300));
        checks.add(new Check("process start -> ready <= 3 s", r.coldStart().startToReadyMs() / 1000, "s", 3));
        return checks;
    }

    /** The value if this run measured the target's N, else NaN. */
    private static double at(BenchResult r, int n, double value) {
        return r.n() == n ? value : Double.NaN;
    }
}
