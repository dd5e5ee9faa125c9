package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.milvusalias.api.ClusterMilvusConnection;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.api.MilvusConnectionStatus;
import dev.milvusalias.api.NamespaceSelector;
import dev.milvusalias.config.TestSettings;
import dev.milvusalias.milvus.InMemoryAliasStore;

/** The ClusterMilvusConnection reconciler, and the delete rule both connection kinds share (InUse). */
class ClusterMilvusConnectionReconcilerTest {

    private static final String OPERATOR_NAMESPACE = "milvus-alias-system";

    private final InMemoryAliasStore milvus = new InMemoryAliasStore();
    private final ClusterMilvusConnectionReconciler reconciler = new ClusterMilvusConnectionReconciler(milvus,
            Clock.systemUTC(), TestSettings.withResync(Duration.ofMinutes(5)), TestResources.unusedSecretCache());

    @Test
    void connectedWithTheServerVersionUsingTheOperatorNamespaceSecret() {
        ClusterMilvusConnection connection = TestResources.clusterConnection("shared", "http://127.0.0.1:19530",
                "creds", null);
        FakeCluster cluster = new FakeCluster();

        reconciler.reconcile(connection, cluster);
        assertThat(connection.getStatus().getConditions().get(0).getReason()).isEqualTo("SecretNotFound");
        assertThat(connection.getStatus().getConditions().get(0).getMessage()).contains(OPERATOR_NAMESPACE);
        assertThat(milvus.calls()).isEmpty();

        cluster.add(TestResources.secret(OPERATOR_NAMESPACE, "creds", Map.of("token", "t")));
        reconciler.reconcile(connection, cluster);

        assertThat(connection.getStatus().getConditions().get(0).getReason()).isEqualTo("Connected");
        assertThat(connection.getStatus().getServerVersion()).isEqualTo("v2.6.4");
        assertThat(connection.getStatus().getObservedGeneration()).isEqualTo(1L);
    }

    @Test
    void theConnectionItselfNeedsNoAllowedNamespace() {
        // allowedNamespaces governs who may use it, not whether the operator checks the login.
        ClusterMilvusConnection connection = TestResources.clusterConnection("shared", "http://127.0.0.1:19530",
                null, null);

        reconciler.reconcile(connection, new FakeCluster());

        assertThat(connection.getStatus().getConditions().get(0).getReason()).isEqualTo("Connected");
    }

    @Test
    void deleteWaitsInUseWhileAliasesUseItAndNamesThem() {
        ClusterMilvusConnection connection = TestResources.clusterConnection("shared", "http://127.0.0.1:19530",
                null, new NamespaceSelector());
        List<MilvusAlias> users = IntStream.range(0, 7)
                .mapToObj(i -> TestResources.aliasVia("shared", "alias_" + i, "v1")).toList();

        Optional<MilvusConnectionStatus> kept = reconciler.release(connection, users);

        assertThat(kept).hasValueSatisfying(status -> {
            assertThat(status.getConditions().get(0).getReason()).isEqualTo("InUse");
            assertThat(status.getConditions().get(0).getStatus()).isEqualTo("False");
            assertThat(status.getConditions().get(0).getMessage())
                    .contains("ClusterMilvusConnection shared", "still used by 7", "team-a/alias-0", "and 2 more");
        });
        assertThat(milvus.calls()).doesNotContain("release");
    }

    @Test
    void deleteWithoutUsersClosesTheClient() {
        ClusterMilvusConnection connection = TestResources.clusterConnection("shared", "http://127.0.0.1:19530",
                null, new NamespaceSelector());

        assertThat(reconciler.release(connection, List.of())).isEmpty();
        assertThat(milvus.calls()).containsExactly("release");
    }

    @Test
    void usersAreTheAliasesThatNameThisConnectionOfThisKind() {
        ClusterMilvusConnection shared = TestResources.clusterConnection("milvus", "http://127.0.0.1:19530", null, null);
        MilvusConnection namespaced = TestResources.connection("milvus", "http://127.0.0.1:19530", null);
        MilvusAlias viaShared = TestResources.aliasVia("milvus", "a", "v1");
        MilvusAlias viaNamespaced = TestResources.alias("b", "v1", 1L);
        MilvusAlias viaNamespacedElsewhere = TestResources.alias("c", "v1", 1L);
        viaNamespacedElsewhere.getMetadata().setNamespace("team-b");

        assertThat(Connection.of(shared).usedBy(viaShared)).isTrue();
        assertThat(Connection.of(shared).usedBy(viaNamespaced)).isFalse();
        assertThat(Connection.of(namespaced).usedBy(viaNamespaced)).isTrue();
        assertThat(Connection.of(namespaced).usedBy(viaShared)).isFalse();
        assertThat(Connection.of(namespaced).usedBy(viaNamespacedElsewhere)).isFalse();
    }
}
