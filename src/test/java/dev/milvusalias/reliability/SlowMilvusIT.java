package dev.milvusalias.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.it.OperatorHarness;

/**
 * One Milvus answers every call after the operator's call timeout, while 200 aliases on it are switched; a second,
 * healthy Milvus has 10 aliases switched right after. Without a bound per connection the slow one takes every reconcile
 * thread and the healthy ones queue behind it; with the bulkhead and circuit of {@code GuardedAliasStore} (as shipped)
 * they converge within seconds. Both are measured, so the figure before and after sit side by side.
 */
class SlowMilvusIT {

    @RegisterExtension
    static final ReliabilityRecorder report = new ReliabilityRecorder("1. Milvus down or slow");

    private static final int SLOW_ALIASES = 200;
    private static final int HEALTHY_ALIASES = 10;
    /** Past the 2 s call timeout: every call to the slow Milvus times out. */
    private static final Duration SLOWNESS = Duration.ofSeconds(3);
    private static final Duration LONG = Duration.ofSeconds(120);

    @Test
    void withTheShippedBulkheadAndCircuitTheHealthyMilvusIsNotStarved() throws InterruptedException {
        report.scenario("one Milvus slow, another healthy (as shipped)", SLOW_ALIASES + " aliases on a Milvus that"
                + " answers every call after " + SLOWNESS.toSeconds() + " s (call timeout 2 s) are switched; right after,"
                + " " + HEALTHY_ALIASES + " aliases on a healthy Milvus are switched; the connection guard (16 calls in"
                + " flight per connection, a circuit that opens on timeouts and half-opens) as the operator ships it",
                "the healthy ones all switched within 5 s; the readiness check UP throughout; no Milvus call longer"
                        + " than the call timeout + 1 s; the slow ones all switched once their Milvus is fast again");
        try (OperatorRig rig = OperatorRig.start()) {
            Figures figures = run(rig, "guarded");

            assertThat(figures.healthySwitched()).as("healthy aliases switched").isLessThanOrEqualTo(Duration.ofSeconds(5));
            assertThat(figures.healthySamples()).as("readiness samples UP").isEqualTo(figures.samples());
            assertThat(figures.longestCall()).isLessThanOrEqualTo(OperatorRig.CALL_TIMEOUT.plusSeconds(1));
        }
    }

    @Test
    void withoutTheGuardTheSlowMilvusTakesEveryThread() throws InterruptedException {
        report.scenario("one Milvus slow, another healthy (no guard, for comparison)", "the same, with the reconciler"
                + " calling the SDK adapter directly: no bound per connection, no circuit",
                "the figure the guard improves on: how long the healthy aliases wait behind the slow ones; all"
                        + " converge in the end, no wrong write");
        try (OperatorRig rig = OperatorRig.startUnguarded()) {
            run(rig, "unguarded");
        }
    }

    record Figures(Duration healthySwitched, int samples, int healthySamples, Duration longestCall) {
    }

    private static Figures run(OperatorRig rig, String tag) throws InterruptedException {
        try (MilvusEmulator slow = MilvusEmulator.startWithLoaded("v1", "v2");
                MilvusEmulator healthy = MilvusEmulator.startWithLoaded("v1", "v2")) {
            OperatorHarness slowNs = rig.connected("slow-" + tag, slow);
            OperatorHarness healthyNs = rig.connected("healthy-" + tag, healthy);
            Invariants slowInvariants = Invariants.from(slow);
            Invariants healthyInvariants = Invariants.from(healthy);
            IntStream.range(0, SLOW_ALIASES).forEach(i -> {
                slowNs.alias("s" + i, "milvus", "slow_" + i, "v1");
                slowInvariants.allow("slow_" + i, "v1", "v2");
            });
            IntStream.range(0, HEALTHY_ALIASES).forEach(i -> {
                healthyNs.alias("h" + i, "milvus", "healthy_" + i, "v1");
                healthyInvariants.allow("healthy_" + i, "v1", "v2");
            });
            await().atMost(LONG).until(() -> slow.aliases("default").size() == SLOW_ALIASES
                    && healthy.aliases("default").size() == HEALTHY_ALIASES);

            slow.setDelay(SLOWNESS);
            IntStream.range(0, SLOW_ALIASES).forEach(i -> slowNs.editAlias("s" + i, spec -> spec.setCollectionName("v2")));
            Instant healthyEdited = Instant.now();
            IntStream.range(0, HEALTHY_ALIASES).forEach(i -> healthyNs.editAlias("h" + i,
                    spec -> spec.setCollectionName("v2")));
            int samples = 0;
            int up = 0;
            Instant deadline = healthyEdited.plus(LONG);
            while (!allSwitched(healthy, healthyNs, "h", "healthy_", HEALTHY_ALIASES) && Instant.now().isBefore(deadline)) {
                samples++;
                up += rig.healthy() ? 1 : 0;
                Thread.sleep(200);
            }
            Duration healthySwitched = Duration.between(healthyEdited, Instant.now());
            assertThat(allSwitched(healthy, healthyNs, "h", "healthy_", HEALTHY_ALIASES)).as("healthy aliases switched")
                    .isTrue();
            Duration longestCall = rig.longestMilvusCall();

            slow.setDelay(Duration.ZERO);
            Instant fast = Instant.now();
            await().atMost(LONG).pollInterval(Duration.ofMillis(250))
                    .until(() -> allSwitched(slow, slowNs, "s", "slow_", SLOW_ALIASES));
            Duration slowSwitched = Duration.between(fast, Instant.now());

            report.figure("healthy aliases all switched after", healthySwitched);
            report.figure("readiness check UP", up + " of " + samples + " samples, 200 ms apart");
            report.figure("longest Milvus call", longestCall);
            report.figure("slow ones all switched after their Milvus was fast again", slowSwitched);
            report.figure("failed Milvus calls", rig.failedMilvusCalls());
            report.figure("invariants, slow Milvus", slowInvariants.verify(rig.admin(), rig.logs()));
            report.figure("invariants, healthy Milvus", healthyInvariants.verify(rig.admin(), rig.logs()));
            return new Figures(healthySwitched, samples, up, longestCall);
        }
    }

    /** Every alias on v2 in Milvus, and every resource Ready for its current generation. */
    private static boolean allSwitched(MilvusEmulator milvus, OperatorHarness k8s, String object, String alias, int count) {
        return IntStream.range(0, count).allMatch(i -> milvus.aliasTarget("default", alias + i).equals(Optional.of("v2"))
                && bound(k8s.get(MilvusAlias.class, object + i)));
    }

    private static boolean bound(MilvusAlias resource) {
        return resource.getStatus() != null
                && resource.getMetadata().getGeneration().equals(resource.getStatus().getObservedGeneration())
                && OperatorHarness.ready(resource.getStatus().getConditions())
                        .map(c -> "True".equals(c.getStatus()) && "Bound".equals(c.getReason())).orElse(false);
    }
}
