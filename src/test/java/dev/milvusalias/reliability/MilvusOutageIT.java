package dev.milvusalias.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.it.OperatorHarness;
import dev.milvusalias.reconcile.MilvusAliasReconciler;

/**
 * Milvus goes away (its port closes, as when the pod dies) in the middle of a create, a switch and a delete, and comes
 * back; and a write that times out but takes effect anyway. Each converges once Milvus answers, keeps or releases the
 * finalizer as it should, and writes nothing it should not.
 */
class MilvusOutageIT {

    @RegisterExtension
    static final ReliabilityRecorder report = new ReliabilityRecorder("1. Milvus down or slow");

    /** How long Milvus stays down once the operator has noticed. */
    private static final Duration OUTAGE = Duration.ofSeconds(4);

    private static MilvusEmulator milvus;
    private static OperatorRig rig;

    @BeforeAll
    static void start() {
        milvus = MilvusEmulator.startWithLoaded("v1", "v2");
        milvus.putAlias(MilvusEmulator.DEFAULT_DATABASE, "bystander", "v1"); // not the operator's: must survive
        rig = OperatorRig.start();
    }

    @AfterAll
    static void stop() {
        rig.close();
        milvus.close();
    }

    @Test
    void downDuringCreate() throws InterruptedException {
        report.scenario("down during create", "Milvus stopped (port closed) while a MilvusAlias is created; restarted "
                + OUTAGE.toSeconds() + " s after the operator reported it",
                "Ready MilvusUnavailable while down, Bound once back; one CreateAlias, on the declared collection");
        OperatorHarness k8s = rig.connected("outage-create", milvus);
        Invariants invariants = Invariants.from(milvus).allow("down_create", "v1");

        Outage outage = Outage.begin("outage-create");
        k8s.alias("create", "milvus", "down_create", "v1");
        k8s.awaitReady("create", "False", "MilvusUnavailable");
        Back back = outage.end();

        MilvusAlias bound = k8s.awaitReady("create", "True", "Bound");

        back.converged();
        assertThat(milvus.aliasTarget("default", "down_create")).contains("v1");
        assertThat(bound.getMetadata().getFinalizers()).contains(MilvusAliasReconciler.FINALIZER);
        assertThat(invariants.count("CreateAlias")).isEqualTo(1);
        back.report(invariants.verify(rig.admin(), rig.logs()));
    }

    @Test
    void downDuringSwitch() throws InterruptedException {
        report.scenario("down during switch", "Milvus stopped right after spec.collectionName changed v1 -> v2;"
                + " restarted " + OUTAGE.toSeconds() + " s after the operator reported it",
                "the alias stays on v1 while down, then one AlterAlias to v2 (no drop, no create)");
        OperatorHarness k8s = rig.connected("outage-switch", milvus);
        k8s.alias("switch", "milvus", "down_switch", "v1");
        k8s.awaitReady("switch", "True", "Bound");
        Invariants invariants = Invariants.from(milvus).allow("down_switch", "v1", "v2");

        Outage outage = Outage.begin("outage-switch");
        k8s.editAlias("switch", spec -> spec.setCollectionName("v2"));
        k8s.awaitReady("switch", "False", "MilvusUnavailable");
        assertThat(milvus.aliasTarget("default", "down_switch")).contains("v1");
        Back back = outage.end();

        MilvusAlias switched = k8s.awaitReady("switch", "True", "Bound");

        back.converged();
        assertThat(switched.getStatus().getCollectionName()).isEqualTo("v2");
        assertThat(switched.getStatus().getPreviousCollectionName()).isEqualTo("v1");
        assertThat(milvus.aliasTarget("default", "down_switch")).contains("v2");
        assertThat(invariants.count("AlterAlias")).isEqualTo(1);
        assertThat(invariants.calls()).noneMatch(c -> c.rpc().equals("CreateAlias") || c.rpc().equals("DropAlias"));
        back.report(invariants.verify(rig.admin(), rig.logs()));
    }

    @Test
    void downDuringDelete() throws InterruptedException {
        report.scenario("down during delete", "Milvus stopped while a MilvusAlias (deletionPolicy Delete) is deleted;"
                + " restarted " + OUTAGE.toSeconds() + " s after the operator reported it",
                "finalizer kept while down, released once back after one DropAlias of that alias only; its neighbour"
                        + " and a foreign alias on the same collection untouched");
        OperatorHarness k8s = rig.connected("outage-delete", milvus);
        k8s.alias("doomed", "milvus", "down_delete", "v1");
        k8s.alias("neighbour", "milvus", "down_keep", "v1");
        k8s.awaitReady("doomed", "True", "Bound");
        k8s.awaitReady("neighbour", "True", "Bound");
        Invariants invariants = Invariants.from(milvus).allow("down_keep", "v1").allow("down_delete", "v1")
                .allowDrop("down_delete");

        Outage outage = Outage.begin("outage-delete");
        k8s.delete(MilvusAlias.class, "doomed");
        k8s.awaitReady("doomed", "False", "MilvusUnavailable");
        assertThat(k8s.get(MilvusAlias.class, "doomed").getMetadata().getFinalizers())
                .contains(MilvusAliasReconciler.FINALIZER);
        Back back = outage.end();

        k8s.awaitGone(MilvusAlias.class, "doomed");

        back.converged();
        assertThat(milvus.aliasTarget("default", "down_delete")).isEmpty();
        assertThat(milvus.aliasTarget("default", "down_keep")).contains("v1");
        assertThat(milvus.aliasTarget("default", "bystander")).contains("v1");
        assertThat(invariants.count("DropAlias")).isEqualTo(1);
        back.report(invariants.verify(rig.admin(), rig.logs()));
    }

    @Test
    void aSwitchThatTimesOutButTakesEffect() {
        Duration slow = OperatorRig.CALL_TIMEOUT.plusSeconds(1);
        report.scenario("switch times out but takes effect", "AlterAlias answers after " + slow.toSeconds()
                + " s, past the operator's " + OperatorRig.CALL_TIMEOUT.toSeconds() + " s call timeout, and re-points"
                + " the alias all the same (a timeout does not mean not done)",
                "the intent recorded in status.pendingChange is resolved from Milvus: Bound on v2, one Switched event,"
                        + " no drop or create");
        OperatorHarness k8s = rig.connected("outage-slow", milvus);
        k8s.alias("slow", "milvus", "slow_switch", "v1");
        k8s.awaitReady("slow", "True", "Bound");
        Invariants invariants = Invariants.from(milvus).allow("slow_switch", "v1", "v2");
        long failedBefore = rig.failedMilvusCalls();
        Instant start = Instant.now();

        milvus.setDelay("AlterAlias", slow);
        try {
            k8s.editAlias("slow", spec -> spec.setCollectionName("v2"));
            await().atMost(OperatorHarness.TIMEOUT).until(() -> invariants.calls().stream()
                    .anyMatch(c -> c.rpc().equals("AlterAlias")));
        } finally {
            milvus.setDelay("AlterAlias", Duration.ZERO); // only the first one is slow
        }
        await().atMost(OperatorHarness.TIMEOUT).until(() -> {
            MilvusAlias a = k8s.get(MilvusAlias.class, "slow");
            return "v2".equals(a.getStatus().getCollectionName()) && a.getStatus().getPendingChange() == null
                    && OperatorHarness.ready(a.getStatus().getConditions()).filter(c -> "Bound".equals(c.getReason()))
                            .isPresent();
        });

        Duration converged = Duration.between(start, Instant.now());
        assertThat(milvus.aliasTarget("default", "slow_switch")).contains("v2");
        assertThat(k8s.eventReasons("slow").stream().filter("Switched"::equals)).hasSize(1);
        assertThat(k8s.get(MilvusAlias.class, "slow").getStatus().getPreviousCollectionName()).isEqualTo("v1");
        Invariants.Verdict verdict = invariants.verify(rig.admin(), rig.logs());
        report.figure("converged after the spec change", converged);
        report.figure("AlterAlias calls", invariants.count("AlterAlias"));
        report.figure("failed Milvus calls", rig.failedMilvusCalls() - failedBefore);
        report.figure("retries", rig.retries("outage-slow"));
        report.figure("Ready reasons", rig.readyReasons("outage-slow"));
        report.figure("invariants", verdict);
    }

    /** An outage in progress: Milvus stopped, with the counters as they were. */
    private record Outage(String namespace, long failedCallsBefore) {

        static Outage begin(String namespace) {
            Outage outage = new Outage(namespace, rig.failedMilvusCalls());
            milvus.stop();
            return outage;
        }

        /** Keeps Milvus down for {@link #OUTAGE} after the operator noticed, then restarts it. */
        Back end() throws InterruptedException {
            Thread.sleep(OUTAGE.toMillis());
            milvus.restart();
            return new Back(this);
        }
    }

    /** Milvus answering again, since {@code at}; {@link #converged()} stops the clock. */
    private static final class Back {
        private final Outage outage;
        private final Instant at = Instant.now();
        private final int callIndex = milvus.calls().size();
        private Duration converged;

        Back(Outage outage) {
            this.outage = outage;
        }

        void converged() {
            converged = Duration.between(at, Instant.now());
        }

        void report(Invariants.Verdict verdict) {
            report.figure("converged after Milvus was back", converged);
            report.figure("Milvus calls after", milvus.calls().size() - callIndex);
            report.figure("failed Milvus calls", rig.failedMilvusCalls() - outage.failedCallsBefore());
            report.figure("retries", rig.retries(outage.namespace()));
            report.figure("Ready reasons", rig.readyReasons(outage.namespace()));
            report.figure("invariants", verdict);
        }
    }
}
