package dev.milvusalias.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.it.OperatorHarness;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;

/**
 * The Kubernetes API misbehaving while the operator runs: bursts of 409 Conflict and 500 on status patches (recorded
 * expectations of the mock server, which take precedence over its CRUD mode, {@code times(n)}), its watches cut
 * ({@link TcpProxy#dropConnections()} between the operator and the API server) and the API server gone for 20 s
 * ({@link TcpProxy#stop()}: connection refused, then the same port again). The operator keeps running, catches up
 * without a restart, and writes to Milvus only what it recorded first.
 */
class KubernetesApiFaultsIT {

    @RegisterExtension
    static final ReliabilityRecorder report = new ReliabilityRecorder("6. Kubernetes API faults");

    private static final Duration API_OUTAGE = Duration.ofSeconds(20);
    private static final Duration LONG = Duration.ofSeconds(90);

    private static MilvusEmulator milvus;
    private static OperatorRig rig;

    @BeforeAll
    static void start() {
        milvus = MilvusEmulator.startWithLoaded("v1", "v2");
        rig = OperatorRig.start();
    }

    @AfterAll
    static void stop() {
        rig.close();
        milvus.close();
    }

    @Test
    void conflictsOnTheIntentWrite() {
        report.scenario("409 burst on the intent write", "the first 3 status patches of a new MilvusAlias answer 409"
                + " Conflict (expect().patch()...times(3))",
                "no Milvus write before its intent is recorded: one CreateAlias once the patches go through, then Bound");
        OperatorHarness k8s = rig.connected("api-409", milvus);
        Invariants invariants = Invariants.from(milvus).allow("conflicted", "v1");
        AtomicInteger refused = refuse("api-409", "conflicted", 409, 3);
        Instant start = Instant.now();

        k8s.alias("conflicted", "milvus", "conflicted", "v1");
        k8s.awaitReady("conflicted", "True", "Bound");

        assertThat(refused).hasValue(3);
        assertThat(invariants.count("CreateAlias")).isEqualTo(1);
        k8s.awaitEvent("conflicted", "Created");
        report.figure("Bound after", Duration.between(start, Instant.now()));
        report.figure("patches refused", refused.get());
        report.figure("retries", rig.retries("api-409"));
        report.figure("invariants", invariants.verify(rig.admin(), rig.logs()));
    }

    @Test
    void conflictsOnTheOutcomeWriteAfterMilvusWasWritten() {
        report.scenario("409 burst on the outcome write", "CreateAlias succeeds, then the status patch that records it"
                + " (and the error status after it) answer 409 Conflict, twice",
                "the recorded intent is resolved from Milvus: Bound with no second CreateAlias, one Created event");
        OperatorHarness k8s = rig.connected("api-409-after", milvus);
        Invariants invariants = Invariants.from(milvus).allow("after_conflict", "v1");
        milvus.setDelay("CreateAlias", Duration.ofMillis(1_500)); // time to arm the conflict once the intent is in
        AtomicInteger refused;
        Instant start = Instant.now();
        try {
            k8s.alias("late", "milvus", "after_conflict", "v1");
            await().atMost(OperatorHarness.TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
                MilvusAlias a = k8s.get(MilvusAlias.class, "late");
                return a.getStatus() != null && a.getStatus().getPendingChange() != null;
            });
            refused = refuse("api-409-after", "late", 409, 2);
        } finally {
            milvus.setDelay("CreateAlias", Duration.ZERO);
        }

        k8s.awaitReady("late", "True", "Bound");

        assertThat(refused).hasValue(2);
        assertThat(milvus.aliasTarget("default", "after_conflict")).contains("v1");
        assertThat(invariants.count("CreateAlias")).isEqualTo(1);
        assertThat(k8s.get(MilvusAlias.class, "late").getStatus().getPendingChange()).isNull();
        assertThat(k8s.eventReasons("late").stream().filter("Created"::equals)).hasSize(1);
        report.figure("Bound after", Duration.between(start, Instant.now()));
        report.figure("patches refused", refused.get());
        report.figure("retries", rig.retries("api-409-after"));
        report.figure("Ready reasons", rig.readyReasons("api-409-after", "late"));
        report.figure("invariants", invariants.verify(rig.admin(), rig.logs()));
    }

    @Test
    void serverErrorsOnStatusPatchesDuringASwitch() {
        report.scenario("500 burst on status patches", "the next 5 status patches of a MilvusAlias being switched"
                + " v1 -> v2 answer 500 Internal Server Error",
                "switched once the API answers again: one AlterAlias to v2, Bound");
        OperatorHarness k8s = rig.connected("api-500", milvus);
        k8s.alias("flaky", "milvus", "flaky", "v1");
        k8s.awaitReady("flaky", "True", "Bound");
        Invariants invariants = Invariants.from(milvus).allow("flaky", "v1", "v2");
        AtomicInteger refused = refuse("api-500", "flaky", 500, 5);
        Instant start = Instant.now();

        k8s.editAlias("flaky", spec -> spec.setCollectionName("v2"));
        MilvusAlias switched = k8s.awaitReady("flaky", "True", "Bound");

        assertThat(refused).hasValue(5);
        assertThat(switched.getStatus().getCollectionName()).isEqualTo("v2");
        assertThat(invariants.count("AlterAlias")).isEqualTo(1);
        report.figure("switched after", Duration.between(start, Instant.now()));
        report.figure("patches refused", refused.get());
        report.figure("retries", rig.retries("api-500"));
        report.figure("invariants", invariants.verify(rig.admin(), rig.logs()));
    }

    @Test
    void watchesDropAndComeBack() {
        report.scenario("watches dropped", "every connection between the operator and the API server is cut (watches"
                + " included) and a spec change is made at that moment",
                "the informers reconnect and the change is carried out, without a restart; a later change too");
        OperatorHarness k8s = rig.connected("api-watch", milvus);
        k8s.alias("watched", "milvus", "watched", "v1");
        k8s.awaitReady("watched", "True", "Bound");
        Invariants invariants = Invariants.from(milvus).allow("watched", "v1", "v2");
        int connectionsBefore = rig.apiProxy().connectionsAccepted();
        Instant start = Instant.now();

        rig.apiProxy().dropConnections();
        k8s.editAlias("watched", spec -> spec.setCollectionName("v2"));
        awaitCollection(k8s, "watched", "v2");
        Duration firstChange = Duration.between(start, Instant.now());
        Instant later = Instant.now();
        k8s.editAlias("watched", spec -> spec.setCollectionName("v1"));
        awaitCollection(k8s, "watched", "v1");

        assertThat(rig.apiProxy().connectionsAccepted()).as("the operator reconnected").isGreaterThan(connectionsBefore);
        assertThat(rig.informerStops()).isEmpty();
        assertThat(milvus.aliasTarget("default", "watched")).contains("v1");
        report.figure("change made during the drop carried out after", firstChange);
        report.figure("next change after", Duration.between(later, Instant.now()));
        report.figure("reconnections", rig.apiProxy().connectionsAccepted() - connectionsBefore);
        report.figure("informer stops", rig.informerStops().size());
        report.figure("invariants", invariants.verify(rig.admin(), rig.logs()));
    }

    @Test
    void apiServerGoneForTwentySeconds() throws InterruptedException {
        report.scenario("API server unavailable for " + API_OUTAGE.toSeconds() + " s", "the API server refuses"
                + " connections for " + API_OUTAGE.toSeconds() + " s; meanwhile a MilvusAlias is switched, one created,"
                + " one deleted, and another's alias re-pointed in Milvus behind its back",
                "no Milvus write while the intent cannot be recorded; afterwards all four caught up (switched, created,"
                        + " dropped and released, drift repaired) by the same operator, informers healthy");
        String ns = "api-down";
        OperatorHarness k8s = rig.connected(ns, milvus);
        k8s.alias("switching", "milvus", "down_switching", "v1");
        k8s.alias("leaving", "milvus", "down_leaving", "v1");
        k8s.alias("drifting", "milvus", "down_drifting", "v1");
        k8s.awaitReady("switching", "True", "Bound");
        k8s.awaitReady("leaving", "True", "Bound");
        k8s.awaitReady("drifting", "True", "Bound");
        Invariants invariants = Invariants.from(milvus).allow("down_switching", "v1", "v2").allow("down_arriving", "v2")
                .allow("down_drifting", "v1").allow("down_leaving", "v1").allowDrop("down_leaving");
        long failedBefore = rig.retries(ns);

        rig.apiProxy().stop();
        Instant down = Instant.now();
        int callsAtStop = milvus.calls().size();
        k8s.editAlias("switching", spec -> spec.setCollectionName("v2"));
        k8s.alias("arriving", "milvus", "down_arriving", "v2");
        k8s.delete(MilvusAlias.class, "leaving");
        milvus.putAlias("default", "down_drifting", "v2");
        int samples = 0;
        int healthySamples = 0;
        while (Duration.between(down, Instant.now()).compareTo(API_OUTAGE) < 0) {
            Thread.sleep(1_000);
            samples++;
            healthySamples += rig.healthy() ? 1 : 0; // what the readiness check reports
        }
        long writesWhileDown = milvus.calls().subList(callsAtStop, milvus.calls().size()).stream()
                .filter(c -> c.rpc().endsWith("Alias") && !c.rpc().startsWith("Describe")).count();
        rig.apiProxy().start();
        Instant back = Instant.now();

        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() ->
                milvus.aliasTarget("default", "down_switching").equals(java.util.Optional.of("v2"))
                        && milvus.aliasTarget("default", "down_arriving").isPresent()
                        && milvus.aliasTarget("default", "down_leaving").isEmpty()
                        && milvus.aliasTarget("default", "down_drifting").equals(java.util.Optional.of("v1"))
                        && k8s.get(MilvusAlias.class, "leaving") == null);
        k8s.awaitReady("switching", "True", "Bound");
        k8s.awaitReady("arriving", "True", "Bound");
        Duration caughtUp = Duration.between(back, Instant.now());
        await().atMost(OperatorHarness.TIMEOUT).until(rig::healthy);

        assertThat(writesWhileDown).as("Milvus writes while the API server was away").isZero();
        assertThat(rig.informerStops()).isEmpty();
        k8s.awaitEvent("drifting", "DriftCorrected");
        report.figure("all caught up after the API server was back", caughtUp);
        report.figure("Milvus writes while it was away", writesWhileDown);
        report.figure("readiness check UP while away", healthySamples + " of " + samples + " samples, 1 s apart");
        report.figure("retries", rig.retries(ns) - failedBefore);
        report.figure("informer stops (a restart in production)", rig.informerStops().size());
        report.figure("invariants", invariants.verify(rig.admin(), rig.logs()));
    }

    /** The next {@code times} status patches of a MilvusAlias answer {@code code}; counts those answered. */
    private static AtomicInteger refuse(String namespace, String name, int code, int times) {
        AtomicInteger refused = new AtomicInteger();
        Status status = new StatusBuilder().withStatus("Failure").withCode(code)
                .withReason(code == 409 ? "Conflict" : "InternalError")
                .withMessage(code == 409 ? "Operation cannot be fulfilled on milvusaliases.milvus.io \"" + name
                        + "\": the object has been modified; please apply your changes to the latest version and try again"
                        : "Internal error occurred: injected").build();
        rig.server().expect().patch().withPath(OperatorRig.statusPath(namespace, name)).andReply(code, request -> {
            refused.incrementAndGet();
            return status;
        }).times(times);
        return refused;
    }

    private static void awaitCollection(OperatorHarness k8s, String name, String collection) {
        await().atMost(OperatorHarness.TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            MilvusAlias a = k8s.get(MilvusAlias.class, name);
            return a.getStatus() != null && collection.equals(a.getStatus().getCollectionName())
                    && milvus.aliasTarget("default", a.getSpec().getAlias()).equals(java.util.Optional.of(collection));
        });
    }
}
