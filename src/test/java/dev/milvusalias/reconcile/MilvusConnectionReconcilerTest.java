package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.config.TestSettings;
import dev.milvusalias.milvus.Failure;
import dev.milvusalias.milvus.InMemoryAliasStore;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;

class MilvusConnectionReconcilerTest {

    private final InMemoryAliasStore milvus = new InMemoryAliasStore();
    private final MilvusConnectionReconciler reconciler = new MilvusConnectionReconciler(milvus, Clock.systemUTC(),
            TestSettings.withResync(Duration.ofMinutes(5)), TestResources.unusedSecretCache());

    @Test
    void connectedWithTheServerVersion() {
        MilvusConnection connection = TestResources.connection("milvus", "http://127.0.0.1:19530", "creds");

        reconciler.reconcile(connection, view(Map.of("creds", TestResources.secret("creds", Map.of("token", "t")))));

        assertThat(connection.getStatus().getServerVersion()).isEqualTo("v2.6.4");
        assertThat(connection.getStatus().getConditions().get(0).getReason()).isEqualTo("Connected");
        assertThat(connection.getStatus().getObservedGeneration()).isEqualTo(1L);
    }

    @Test
    void missingSecretOrKeysAreReported() {
        MilvusConnection connection = TestResources.connection("milvus", "http://127.0.0.1:19530", "creds");
        reconciler.reconcile(connection, view(Map.of()));
        assertThat(connection.getStatus().getConditions().get(0).getReason()).isEqualTo("SecretNotFound");

        reconciler.reconcile(connection, view(Map.of("creds", TestResources.secret("creds", Map.of("user", "x")))));
        assertThat(connection.getStatus().getConditions().get(0).getMessage()).contains("token").contains("username");
        assertThat(milvus.calls()).isEmpty();
    }

    @Test
    void unreachableMilvusIsRetried() {
        MilvusConnection connection = TestResources.connection("milvus", "http://127.0.0.1:19530", null);
        milvus.failEverything(Failure.UNAVAILABLE);
        assertThatThrownBy(() -> reconciler.reconcile(connection, view(Map.of())))
                .isInstanceOfSatisfying(RetryableReconcileException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MilvusUnavailable));
    }

    @Test
    void aConflictOnItsStatusWriteLeavesStatusAlone() {
        MilvusConnection connection = TestResources.connection("milvus", "http://127.0.0.1:19530", null);

        ErrorStatusUpdateControl<MilvusConnection> conflict = reconciler.updateErrorStatus(connection, null,
                new KubernetesClientException("the object has been modified", 409, null));
        assertThat(conflict.getResource()).isEmpty();
        assertThat(connection.getStatus()).isNull();

        ErrorStatusUpdateControl<MilvusConnection> other = reconciler.updateErrorStatus(connection, null,
                new KubernetesClientException("etcd unavailable", 503, null));
        assertThat(other.getResource()).isPresent();
        assertThat(connection.getStatus().getConditions().get(0).getReason()).isEqualTo("UnexpectedError");
    }

    @Test
    void badUriIsInvalidSpec() {
        MilvusConnection connection = TestResources.connection("milvus", "milvus:19530", null);
        reconciler.reconcile(connection, view(Map.of()));
        assertThat(connection.getStatus().getConditions().get(0).getReason()).isEqualTo("InvalidSpec");
    }

    private static ClusterView view(Map<String, Secret> secrets) {
        FakeCluster cluster = new FakeCluster();
        secrets.values().forEach(cluster::add);
        return cluster;
    }
}
