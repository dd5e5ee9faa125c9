package dev.milvusalias.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.milvusalias.api.DeletionPolicy;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.emulator.MilvusEmulator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The operator running against the fabric8 mock API server (CRUD) and the Milvus emulator over
 * real gRPC: every row of the README's reconcile and delete tables.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = ProjectCrds.class)
class MilvusAliasOperatorIT {

    private static final String NS = "alias-it";
    private static MilvusEmulator milvus;

    @Inject
    KubernetesClient client;

    private OperatorHarness k8s;

    @BeforeAll
    static void startMilvus() {
        milvus = MilvusEmulator.startWithLoaded("products_v1", "products_v2", "products_v3");
    }

    @AfterAll
    static void stopMilvus() {
        milvus.close();
    }

    @BeforeEach
    void connection() {
        k8s = new OperatorHarness(client, NS);
        milvus.clearFaults();
        k8s.connection("milvus", milvus.uri(), null);
    }

    @Test
    void createsAMissingAlias() {
        k8s.alias("create", "milvus", "create_a", "products_v1");

        MilvusAlias ready = k8s.awaitReady("create", "True", "Bound");

        assertThat(milvus.aliasTarget("default", "create_a")).contains("products_v1");
        assertThat(ready.getStatus().getAlias()).isEqualTo("create_a");
        assertThat(ready.getStatus().getDatabase()).isEqualTo("default");
        assertThat(ready.getStatus().getCollectionName()).isEqualTo("products_v1");
        k8s.awaitEvent("create", "Created");
    }

    @Test
    void aCreateReadsTheAliasOnceAndWritesItOnce() throws InterruptedException {
        k8s.awaitConnectionReady("milvus", "True", "Connected");
        Thread.sleep(500); // let the connection's own status update settle: it would wake its aliases
        k8s.alias("cost", "milvus", "cost_a", "products_v1");
        k8s.awaitReady("cost", "True", "Bound");
        Thread.sleep(500); // a second reconcile (the finalizer's own update event) would show by now; resync is 2 s

        assertThat(rpcsFor("cost_a", "DescribeAlias")).isEqualTo(1);
        assertThat(rpcsFor("cost_a", "CreateAlias")).isEqualTo(1);
    }

    private long rpcsFor(String alias, String rpc) {
        return milvus.calls().stream().filter(c -> c.rpc().equals(rpc) && alias.equals(c.fields().get("alias"))).count();
    }

    @Test
    void adoptsAnAliasThatAlreadyPointsAtTheDesiredCollection() {
        milvus.putAlias("default", "adopt_a", "products_v1");
        k8s.alias("adopt", "milvus", "adopt_a", "products_v1");

        k8s.awaitReady("adopt", "True", "Bound");
        k8s.awaitEvent("adopt", "Adopted");
        assertThat(milvus.calls()).noneMatch(c -> c.rpc().equals("CreateAlias") && "adopt_a".equals(c.fields().get("alias")));
    }

    @Test
    void specChangeSwitchesAtomicallyWithAlterAlias() {
        k8s.alias("switch", "milvus", "switch_a", "products_v1");
        k8s.awaitReady("switch", "True", "Bound");
        milvus.clearCalls();

        k8s.editAlias("switch", spec -> spec.setCollectionName("products_v2"));

        MilvusAlias switched = await().atMost(OperatorHarness.TIMEOUT).until(
                () -> k8s.get(MilvusAlias.class, "switch"),
                a -> "products_v2".equals(a.getStatus().getCollectionName()));
        assertThat(milvus.aliasTarget("default", "switch_a")).contains("products_v2");
        assertThat(rpcsFor("switch_a", "AlterAlias")).isEqualTo(1);
        assertThat(rpcsFor("switch_a", "DropAlias")).isZero();
        assertThat(rpcsFor("switch_a", "CreateAlias")).isZero();
        assertThat(switched.getStatus().getPreviousCollectionName()).isEqualTo("products_v1");
        assertThat(switched.getStatus().getLastSwitchTime()).isNotBlank();
        assertThat(switched.getStatus().getObservedGeneration()).isEqualTo(2L);
        k8s.awaitEvent("switch", "Switched");
        assertThat(k8s.events("switch")).anyMatch(e -> "Switched".equals(e.getReason())
                && "products_v1 -> products_v2".equals(e.getMessage()));
    }

    @Test
    void refusesAnAliasThatPointsElsewhereAndWasNotCreatedHere() {
        milvus.putAlias("default", "foreign_a", "products_v3");
        k8s.alias("foreign", "milvus", "foreign_a", "products_v1");

        MilvusAlias refused = k8s.awaitReady("foreign", "False", "AliasOwnedElsewhere");

        assertThat(OperatorHarness.ready(refused.getStatus().getConditions()).orElseThrow().getMessage())
                .contains("products_v3");
        assertThat(milvus.aliasTarget("default", "foreign_a")).contains("products_v3");
        k8s.awaitEvent("foreign", "AliasOwnedElsewhere");
        assertThat(k8s.events("foreign")).allMatch(e -> "Warning".equals(e.getType()));

        // Deleting it must not touch the foreign alias either.
        k8s.delete(MilvusAlias.class, "foreign");
        k8s.awaitGone(MilvusAlias.class, "foreign");
        assertThat(milvus.aliasTarget("default", "foreign_a")).contains("products_v3");
    }

    @Test
    void waitsForAMissingCollectionAndBindsOnceItExists() {
        k8s.alias("later", "milvus", "later_a", "products_later");
        k8s.awaitReady("later", "False", "CollectionNotFound");
        k8s.awaitEvent("later", "CollectionNotFound");
        assertThat(milvus.aliasTarget("default", "later_a")).isEmpty();

        milvus.createCollection("default", "products_later");

        milvus.load("default", "products_later");

        k8s.awaitReady("later", "True", "Bound");
        assertThat(milvus.aliasTarget("default", "later_a")).contains("products_later");
    }

    @Test
    void refusesAnAliasNameThatIsACollection() {
        k8s.alias("taken", "milvus", "products_v3", "products_v1");

        k8s.awaitReady("taken", "False", "AliasNameTaken");
        k8s.awaitEvent("taken", "AliasNameTaken");
        assertThat(milvus.aliases("default")).doesNotContainKey("products_v3");
    }

    @Test
    void waitsForAMissingDatabase() {
        k8s.alias("db", "milvus", "db_a", "c1", "analytics", DeletionPolicy.Delete);
        k8s.awaitReady("db", "False", "DatabaseNotFound");

        milvus.createDatabase("analytics");
        milvus.createCollection("analytics", "c1");
        milvus.load("analytics", "c1");

        MilvusAlias ready = k8s.awaitReady("db", "True", "Bound");
        assertThat(ready.getStatus().getDatabase()).isEqualTo("analytics");
        assertThat(milvus.aliasTarget("analytics", "db_a")).contains("c1");
        assertThat(milvus.aliasTarget("default", "db_a")).isEmpty();
    }

    @Test
    void reconcilesAsSoonAsTheConnectionAppears() {
        k8s.alias("noconn", "late-connection", "noconn_a", "products_v1");
        k8s.awaitReady("noconn", "False", "ConnectionNotFound");

        k8s.connection("late-connection", milvus.uri(), null);

        k8s.awaitReady("noconn", "True", "Bound");
    }

    @Test
    void reportsMilvusDownAndRecoversWhenItIsBack() {
        milvus.setUnavailable(true);
        try {
            k8s.alias("down", "milvus", "down_a", "products_v1");
            k8s.awaitReady("down", "False", "MilvusUnavailable");
        } finally {
            milvus.setUnavailable(false);
        }
        k8s.awaitReady("down", "True", "Bound");
        assertThat(milvus.aliasTarget("default", "down_a")).contains("products_v1");
    }

    @Test
    void repairsDriftOnResync() {
        k8s.alias("drift", "milvus", "drift_a", "products_v1");
        k8s.awaitReady("drift", "True", "Bound");

        milvus.putAlias("default", "drift_a", "products_v3");
        await().atMost(OperatorHarness.TIMEOUT).until(() -> milvus.aliasTarget("default", "drift_a")
                .filter("products_v1"::equals).isPresent());

        milvus.removeAlias("default", "drift_a");
        await().atMost(OperatorHarness.TIMEOUT).until(() -> milvus.aliasTarget("default", "drift_a")
                .filter("products_v1"::equals).isPresent());
        k8s.awaitEvent("drift", "DriftCorrected");
        assertThat(k8s.eventReasons("drift").stream().filter("DriftCorrected"::equals)).hasSize(2);
    }

    @Test
    void statusIsNotRewrittenWhenNothingChanged() throws InterruptedException {
        k8s.alias("quiet", "milvus", "quiet_a", "products_v1");
        MilvusAlias ready = k8s.awaitReady("quiet", "True", "Bound");
        String version = ready.getMetadata().getResourceVersion();

        Thread.sleep(5_000); // two resync periods in the test profile

        assertThat(k8s.get(MilvusAlias.class, "quiet").getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(milvus.aliasTarget("default", "quiet_a")).contains("products_v1");
    }

    // ---- delete paths ----

    @Test
    void deleteDropsTheAlias() {
        k8s.alias("del", "milvus", "del_a", "products_v1");
        k8s.awaitReady("del", "True", "Bound");

        k8s.delete(MilvusAlias.class, "del");

        k8s.awaitGone(MilvusAlias.class, "del");
        assertThat(milvus.aliasTarget("default", "del_a")).isEmpty();
    }

    @Test
    void orphanDeleteLeavesTheAlias() {
        k8s.alias("orphan", "milvus", "orphan_a", "products_v1", null, DeletionPolicy.Orphan);
        k8s.awaitReady("orphan", "True", "Bound");
        milvus.clearCalls();

        k8s.delete(MilvusAlias.class, "orphan");

        k8s.awaitGone(MilvusAlias.class, "orphan");
        assertThat(milvus.aliasTarget("default", "orphan_a")).contains("products_v1");
        assertThat(milvus.count("DropAlias")).isZero();
    }

    @Test
    void deleteLeavesAnAliasSomeoneElseRepointed() {
        k8s.alias("cad", "milvus", "cad_a", "products_v1", null, DeletionPolicy.Delete);
        k8s.awaitReady("cad", "True", "Bound");
        // Make resync slow to matter: re-point and delete at once.
        milvus.putAlias("default", "cad_a", "products_v3");

        k8s.delete(MilvusAlias.class, "cad");

        k8s.awaitGone(MilvusAlias.class, "cad");
        assertThat(milvus.aliasTarget("default", "cad_a")).contains("products_v3");
        assertThat(milvus.count("DropAlias")).isZero();
    }

    @Test
    void deleteOfAnAliasAlreadyGoneCompletes() {
        k8s.alias("gone", "milvus", "gone_a", "products_v1");
        k8s.awaitReady("gone", "True", "Bound");
        // Block drift repair so the alias stays gone until the delete.
        milvus.failNext("CreateAlias", 65535, "injected");
        milvus.removeAlias("default", "gone_a");

        k8s.delete(MilvusAlias.class, "gone");

        k8s.awaitGone(MilvusAlias.class, "gone");
    }

    @Test
    void deleteWaitsForMilvusAndFinishesWhenItIsBack() {
        k8s.alias("waitdel", "milvus", "waitdel_a", "products_v1");
        k8s.awaitReady("waitdel", "True", "Bound");
        milvus.setUnavailable(true);
        try {
            k8s.delete(MilvusAlias.class, "waitdel");
            k8s.awaitReady("waitdel", "False", "MilvusUnavailable");
            assertThat(k8s.get(MilvusAlias.class, "waitdel").getMetadata().getDeletionTimestamp()).isNotNull();
        } finally {
            milvus.setUnavailable(false);
        }
        k8s.awaitGone(MilvusAlias.class, "waitdel");
        assertThat(milvus.aliasTarget("default", "waitdel_a")).isEmpty();
    }

    @Test
    void orphanIsTheEscapeHatchForADeletionStuckOnMilvus() {
        k8s.alias("hatch", "milvus", "hatch_a", "products_v1");
        k8s.awaitReady("hatch", "True", "Bound");
        milvus.setUnavailable(true);
        try {
            k8s.delete(MilvusAlias.class, "hatch");
            k8s.awaitReady("hatch", "False", "MilvusUnavailable");

            k8s.editAlias("hatch", spec -> spec.setDeletionPolicy(DeletionPolicy.Orphan));

            k8s.awaitGone(MilvusAlias.class, "hatch");
        } finally {
            milvus.setUnavailable(false);
        }
        assertThat(milvus.aliasTarget("default", "hatch_a")).contains("products_v1");
    }

    @Test
    void connectionStatusReportsTheServerVersion() {
        MilvusConnection connection = k8s.awaitConnectionReady("milvus", "True", "Connected");
        assertThat(connection.getStatus().getServerVersion()).isEqualTo(milvus.version());
    }

    @Test
    void eventsAndStatusNeverShowCredentials() {
        k8s.secret("leaky-creds", Map.of("token", "s3cr3t-token-value"));
        k8s.connection("leaky", milvus.uri().replace("127.0.0.1", "127.0.0.1"), "leaky-creds");
        k8s.alias("leaky", "leaky", "leaky_a", "products_v1");
        k8s.awaitReady("leaky", "True", "Bound");

        assertThat(client.resources(MilvusAlias.class).inNamespace(NS).withName("leaky").get().toString())
                .doesNotContain("s3cr3t");
        assertThat(k8s.events("leaky")).noneMatch(e -> e.getMessage().contains("s3cr3t"));
        assertThat(client.resources(Secret.class).inNamespace(NS).withName("leaky-creds").get()).isNotNull();
    }
}
