package dev.milvusalias.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.milvusalias.api.Annotations;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.it.OperatorHarness;

/**
 * A namespace going away: its 100 MilvusAlias objects deleted in one request. With Milvus up each drops its own
 * alias and is released; with Milvus down and a deletion timeout, each is released when the timeout has passed,
 * without dropping anything.
 */
class MassDeletionIT {

    @RegisterExtension
    static final ReliabilityRecorder report = new ReliabilityRecorder("4. A namespace deleted at once");

    private static final int COUNT = 100;
    private static final Duration DELETION_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration LONG = Duration.ofSeconds(90);

    private static MilvusEmulator milvus;
    private static OperatorRig rig;

    @BeforeAll
    static void start() {
        milvus = MilvusEmulator.startWithLoaded("v1", "v2");
        milvus.putAlias(MilvusEmulator.DEFAULT_DATABASE, "foreign_mass", "v1");
        rig = OperatorRig.start();
    }

    @AfterAll
    static void stop() {
        rig.close();
        milvus.close();
    }

    @Test
    void allReleasedAndDroppedWhenMilvusIsUp() {
        report.scenario(COUNT + " aliases deleted at once, Milvus up", "one delete request for all " + COUNT
                + " MilvusAlias objects (deletionPolicy Delete) of a namespace",
                "all released, each after one DropAlias of its own alias; a foreign alias on the same collection"
                        + " untouched");
        String ns = "mass-up";
        Invariants invariants = fleet(ns, "up_", Map.of());
        Instant start = Instant.now();

        rig.admin().resources(MilvusAlias.class).inNamespace(ns).delete();
        awaitNoneLeft(ns);

        Duration released = Duration.between(start, Instant.now());
        assertThat(milvus.aliases("default")).doesNotContainKeys(aliasNames("up_").toArray(String[]::new))
                .containsEntry("foreign_mass", "v1");
        assertThat(invariants.count("DropAlias")).isEqualTo(COUNT);
        Invariants.Verdict verdict = invariants.verify(rig.admin(), rig.logs());
        report.figure("all released after", released);
        report.figure("Milvus calls", verdict.calls() + " (" + perAlias(verdict.calls()) + " per alias)");
        report.figure("DropAlias", verdict.drops());
        report.figure("retries", rig.retries(ns));
        report.figure("invariants", verdict);
    }

    @Test
    void allReleasedWithinTheTimeoutWhenMilvusIsDown() {
        // Within one backoff of the deadline each deletion is looked at again at the deadline itself, and past it
        // no Milvus call is made: released within the timeout plus one resync, as the README says.
        Duration bound = DELETION_TIMEOUT.plus(OperatorRig.RESYNC);
        report.scenario(COUNT + " aliases deleted at once, Milvus down", "Milvus stopped, then one delete request for all "
                + COUNT + " MilvusAlias objects, each annotated " + Annotations.DELETION_TIMEOUT + ": "
                + DELETION_TIMEOUT.toSeconds() + "s",
                "all released (Warning DeletionTimedOut) within the timeout + one resync (" + bound.toSeconds()
                        + " s); no DropAlias; every alias"
                        + " still in Milvus once it is back");
        String ns = "mass-down";
        Invariants invariants = fleet(ns, "down_", Map.of(Annotations.DELETION_TIMEOUT, DELETION_TIMEOUT.toSeconds() + "s"));
        long failedBefore = rig.failedMilvusCalls();

        milvus.stop();
        Instant start = Instant.now();
        try {
            rig.admin().resources(MilvusAlias.class).inNamespace(ns).delete();
            awaitNoneLeft(ns);
        } finally {
            milvus.restart();
        }

        Duration released = Duration.between(start, Instant.now());
        report.figure("all released after", released);
        report.figure("bound", bound);
        report.figure("failed Milvus calls", rig.failedMilvusCalls() - failedBefore);
        report.figure("retries", rig.retries(ns));
        assertThat(aliasNames("down_")).allMatch(a -> milvus.aliasTarget("default", a).isPresent());
        // At least one each: a cleanup retried after its finalizer removal failed warns again.
        // Events are sent from a background queue: the last ones may land just after the finalizers go.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                rig.admin().v1().events().inNamespace(ns).list().getItems().stream()
                        .filter(e -> "DeletionTimedOut".equals(e.getReason())).map(e -> e.getInvolvedObject().getName())
                        .distinct()).hasSize(COUNT));
        Invariants.Verdict verdict = invariants.verify(rig.admin(), rig.logs());
        assertThat(verdict.drops()).isZero();
        report.figure("DropAlias", verdict.drops());
        report.figure("invariants", verdict);
        assertThat(released).as("released within the bound").isLessThanOrEqualTo(bound);
    }

    /** COUNT bound MilvusAlias objects in the namespace, alternating between v1 and v2; an invariant checker for them. */
    private static Invariants fleet(String namespace, String prefix, Map<String, String> annotations) {
        OperatorHarness k8s = rig.connected(namespace, milvus);
        Invariants invariants = Invariants.from(milvus);
        for (int i = 0; i < COUNT; i++) {
            String collection = i % 2 == 0 ? "v1" : "v2";
            k8s.alias("a-" + i, "milvus", prefix + i, collection, a -> a.getMetadata().setAnnotations(annotations));
        }
        await().atMost(LONG).pollInterval(Duration.ofMillis(250)).until(() -> count(namespace, a -> a.getStatus() != null
                && OperatorHarness.ready(a.getStatus().getConditions()).filter(c -> "Bound".equals(c.getReason()))
                        .isPresent()) == COUNT);
        Invariants afterCreate = Invariants.from(milvus);
        for (int i = 0; i < COUNT; i++) {
            afterCreate.allow(prefix + i, i % 2 == 0 ? "v1" : "v2").allowDrop(prefix + i);
        }
        assertThat(invariants.count("CreateAlias")).isEqualTo(COUNT);
        return afterCreate;
    }

    private static void awaitNoneLeft(String namespace) {
        await().atMost(LONG).pollInterval(Duration.ofMillis(100)).until(() -> count(namespace, a -> true) == 0);
    }

    private static long count(String namespace, Predicate<MilvusAlias> which) {
        return rig.admin().resources(MilvusAlias.class).inNamespace(namespace).list().getItems().stream().filter(which)
                .count();
    }

    private static List<String> aliasNames(String prefix) {
        return java.util.stream.IntStream.range(0, COUNT).mapToObj(i -> prefix + i).toList();
    }

    private static String perAlias(int calls) {
        return String.format(java.util.Locale.ROOT, "%.1f", (double) calls / COUNT);
    }
}
