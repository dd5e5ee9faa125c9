package dev.milvusalias.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.milvusalias.api.AdoptionPolicy;
import dev.milvusalias.api.Annotations;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.SwitchPolicy;
import dev.milvusalias.emulator.CollectionSchema;
import dev.milvusalias.emulator.MilvusEmulator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.milvus.grpc.DataType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** The README's Safety rules: conflicts, adoption, pause, safe switch, deletion timeout, resync controls. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = ProjectCrds.class)
class SafetyIT {

    private static MilvusEmulator milvus;

    @Inject
    KubernetesClient client;

    private OperatorHarness teamA;
    private OperatorHarness teamB;

    @BeforeAll
    static void startMilvus() {
        milvus = MilvusEmulator.start();
        for (String c : new String[] {"v1", "v2", "v3"}) {
            milvus.createCollection("default", c);
            milvus.load("default", c);
        }
        milvus.createCollection("default", "cold");
        milvus.createCollection("default", "wide", CollectionSchema.of("id", DataType.Int64, "vector",
                DataType.FloatVector, 16));
        milvus.load("default", "wide");
    }

    @AfterAll
    static void stopMilvus() {
        milvus.close();
    }

    @BeforeEach
    void connections() {
        milvus.clearFaults();
        teamA = new OperatorHarness(client, "team-a");
        teamB = new OperatorHarness(client, "team-b");
        teamA.connection("milvus", milvus.uri(), null);
        teamB.connection("milvus", milvus.uri() + "/", null); // same Milvus, written differently
    }

    // ---- 1. conflicts between resources ----

    @Test
    void theOldestClaimOwnsTheAliasAcrossNamespacesAndTheOthersStandBack() {
        teamA.alias("owner", "milvus", "shared_a", "v1");
        teamA.awaitReady("owner", "True", "Bound");
        teamB.alias("late", "milvus", "shared_a", "v2");

        MilvusAlias loser = teamB.awaitReady("late", "False", "AliasConflict");

        assertThat(OperatorHarness.ready(loser.getStatus().getConditions()).orElseThrow().getMessage())
                .contains("team-a/owner");
        assertThat(milvus.aliasTarget("default", "shared_a")).contains("v1");
        assertNoWriteTo("shared_a", "v2");
        teamB.awaitEvent("late", "AliasConflict");
    }

    @Test
    void createdTogetherTheFirstOneWinsWhicheverReconcilesFirst() {
        teamB.alias("first", "milvus", "race_a", "v1");
        teamA.alias("second", "milvus", "race_a", "v2");

        teamB.awaitReady("first", "True", "Bound");
        teamA.awaitReady("second", "False", "AliasConflict");
        assertThat(milvus.aliasTarget("default", "race_a")).contains("v1");
        assertNoWriteTo("race_a", "v2");
    }

    @Test
    void deletingTheLoserNeverTouchesMilvus() {
        teamA.alias("keeper", "milvus", "keep_a", "v1");
        teamA.awaitReady("keeper", "True", "Bound");
        teamB.alias("extra", "milvus", "keep_a", "v1");
        teamB.awaitReady("extra", "False", "AliasConflict");
        long drops = milvus.count("DropAlias");

        teamB.delete(MilvusAlias.class, "extra");

        teamB.awaitGone(MilvusAlias.class, "extra");
        assertThat(milvus.count("DropAlias")).isEqualTo(drops);
        assertThat(milvus.aliasTarget("default", "keep_a")).contains("v1");
    }

    @Test
    void whenTheOwnerIsDeletedTheNextOldestTakesOverAtOnce() {
        teamA.alias("old", "milvus", "handover_a", "v1");
        teamA.awaitReady("old", "True", "Bound");
        // A long resync: taking over must come from the owner's deletion, not from a timer.
        teamB.alias("next", "milvus", "handover_a", "v2",
                a -> a.getMetadata().setAnnotations(Map.of(Annotations.RESYNC_INTERVAL, "1h")));
        teamB.awaitReady("next", "False", "AliasConflict");

        teamA.delete(MilvusAlias.class, "old");

        MilvusAlias next = teamB.awaitReady("next", "True", "Bound");
        assertThat(milvus.aliasTarget("default", "handover_a")).contains("v2");
        assertThat(next.getStatus().getCollectionName()).isEqualTo("v2");
    }

    // ---- 2. explicit adoption ----

    @Test
    void adoptionAlwaysTakesOverAndSwitches() {
        milvus.putAlias("default", "legacy_a", "v1");
        teamA.alias("takeover", "milvus", "legacy_a", "v2", a -> a.getSpec().setAdoption(AdoptionPolicy.Always));

        MilvusAlias adopted = teamA.awaitReady("takeover", "True", "Bound");

        assertThat(milvus.aliasTarget("default", "legacy_a")).contains("v2");
        assertThat(adopted.getStatus().getAdopted()).isTrue();
        assertThat(adopted.getStatus().getPreviousCollectionName()).isEqualTo("v1");
        teamA.awaitEvent("takeover", "Adopted");
    }

    @Test
    void adoptionNeverRefusesEvenAMatchingAlias() {
        milvus.putAlias("default", "other_team_a", "v1");
        teamA.alias("hands-off", "milvus", "other_team_a", "v1", a -> a.getSpec().setAdoption(AdoptionPolicy.Never));

        teamA.awaitReady("hands-off", "False", "AliasOwnedElsewhere");
        assertThat(teamA.get(MilvusAlias.class, "hands-off").getStatus().getAdopted()).isNull();
    }

    @Test
    void adoptionIfMatchingRecordsTheAdoption() {
        milvus.putAlias("default", "matching_a", "v3");
        teamA.alias("match", "milvus", "matching_a", "v3");

        assertThat(teamA.awaitReady("match", "True", "Bound").getStatus().getAdopted()).isTrue();
        teamA.awaitEvent("match", "Adopted");
    }

    // ---- 3. pause ----

    @Test
    void pauseStopsEveryMilvusCallUntilRemoved() throws InterruptedException {
        teamA.alias("paused", "milvus", "paused_a", "v1");
        teamA.awaitReady("paused", "True", "Bound");

        teamA.annotate("paused", Annotations.PAUSED, "true");
        teamA.awaitReady("paused", "False", "Paused");
        teamA.editAlias("paused", spec -> spec.setCollectionName("v2"));
        long calls = callsFor("paused_a");
        Thread.sleep(3_000); // longer than the test resync period

        assertThat(callsFor("paused_a")).isEqualTo(calls);
        assertThat(milvus.aliasTarget("default", "paused_a")).contains("v1");

        teamA.annotate("paused", Annotations.PAUSED, null);
        teamA.awaitReady("paused", "True", "Bound");
        assertThat(milvus.aliasTarget("default", "paused_a")).contains("v2");
    }

    @Test
    void pausedDeletionKeepsTheFinalizerAndTheAlias() throws InterruptedException {
        teamA.alias("paused-del", "milvus", "paused_del_a", "v1");
        teamA.awaitReady("paused-del", "True", "Bound");
        teamA.annotate("paused-del", Annotations.PAUSED, "true");
        teamA.awaitReady("paused-del", "False", "Paused");

        teamA.delete(MilvusAlias.class, "paused-del");
        Thread.sleep(3_000);

        assertThat(teamA.get(MilvusAlias.class, "paused-del")).isNotNull();
        assertThat(milvus.aliasTarget("default", "paused_del_a")).contains("v1");

        teamA.annotate("paused-del", Annotations.PAUSED, null);
        teamA.awaitGone(MilvusAlias.class, "paused-del");
        assertThat(milvus.aliasTarget("default", "paused_del_a")).isEmpty();
    }

    // ---- 4. safe switch ----

    @Test
    void switchWaitsUntilTheTargetIsLoaded() {
        milvus.release("default", "cold");
        teamA.alias("loadgate", "milvus", "loadgate_a", "v1");
        teamA.awaitReady("loadgate", "True", "Bound");

        teamA.editAlias("loadgate", spec -> spec.setCollectionName("cold"));
        MilvusAlias waiting = teamA.awaitReady("loadgate", "False", "WaitingForTargetLoaded");
        assertThat(milvus.aliasTarget("default", "loadgate_a")).contains("v1");
        assertThat(waiting.getStatus().getCollectionName()).isEqualTo("v1");

        milvus.load("default", "cold");

        teamA.awaitReady("loadgate", "True", "Bound");
        assertThat(milvus.aliasTarget("default", "loadgate_a")).contains("cold");
    }

    @Test
    void switchRefusesAnIncompatibleSchema() {
        teamA.alias("schema", "milvus", "schema_a", "v1");
        teamA.awaitReady("schema", "True", "Bound");

        teamA.editAlias("schema", spec -> spec.setCollectionName("wide"));

        MilvusAlias refused = teamA.awaitReady("schema", "False", "IncompatibleSchema");
        assertThat(OperatorHarness.ready(refused.getStatus().getConditions()).orElseThrow().getMessage())
                .contains("vector").contains("dim=8").contains("dim=16");
        assertThat(milvus.aliasTarget("default", "schema_a")).contains("v1");

        teamA.editAlias("schema", spec -> {
            SwitchPolicy policy = new SwitchPolicy();
            policy.setRequireCompatibleSchema(false);
            spec.setSwitchPolicy(policy);
        });
        teamA.awaitReady("schema", "True", "Bound");
        assertThat(milvus.aliasTarget("default", "schema_a")).contains("wide");
    }

    // ---- 5. time-bounded deletion ----

    @Test
    void deletionGivesUpAfterItsTimeoutWithoutDroppingTheAlias() {
        teamA.alias("bounded", "milvus", "bounded_a", "v1",
                a -> a.getMetadata().setAnnotations(Map.of(Annotations.DELETION_TIMEOUT, "3s")));
        teamA.awaitReady("bounded", "True", "Bound");
        milvus.setUnavailable(true);
        try {
            Instant start = Instant.now();
            teamA.delete(MilvusAlias.class, "bounded");
            teamA.awaitReady("bounded", "False", "MilvusUnavailable");

            teamA.awaitGone(MilvusAlias.class, "bounded");
            assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        } finally {
            milvus.setUnavailable(false);
        }
        assertThat(milvus.aliasTarget("default", "bounded_a")).contains("v1");
        teamA.awaitEvent("bounded", "DeletionTimedOut");
    }

    // ---- 6. resync controls ----

    @Test
    void resyncIntervalAnnotationAndReconcileRequest() throws InterruptedException {
        teamA.alias("slow", "milvus", "slow_a", "v1",
                a -> a.getMetadata().setAnnotations(Map.of(Annotations.RESYNC_INTERVAL, "1h")));
        teamA.awaitReady("slow", "True", "Bound");

        milvus.putAlias("default", "slow_a", "v3");
        Thread.sleep(4_000); // two default (test) resync periods
        assertThat(milvus.aliasTarget("default", "slow_a")).contains("v3");

        teamA.annotate("slow", Annotations.RECONCILE_REQUESTED_AT, Instant.now().toString());

        await().atMost(OperatorHarness.TIMEOUT).until(() -> milvus.aliasTarget("default", "slow_a")
                .filter("v1"::equals).isPresent());
    }

    @Test
    void anInvalidAnnotationIsReported() {
        teamA.alias("badnote", "milvus", "badnote_a", "v1",
                a -> a.getMetadata().setAnnotations(Map.of(Annotations.RESYNC_INTERVAL, "soon")));

        MilvusAlias invalid = teamA.awaitReady("badnote", "False", "InvalidSpec");
        assertThat(OperatorHarness.ready(invalid.getStatus().getConditions()).orElseThrow().getMessage())
                .contains(Annotations.RESYNC_INTERVAL).contains("soon");
    }

    private static long callsFor(String alias) {
        return milvus.calls().stream().filter(c -> alias.equals(c.fields().get("alias"))).count();
    }

    private static void assertNoWriteTo(String alias, String collection) {
        assertThat(milvus.calls()).noneMatch(c -> (c.rpc().equals("CreateAlias") || c.rpc().equals("AlterAlias"))
                && alias.equals(c.fields().get("alias")) && collection.equals(c.fields().get("collection")));
    }
}
