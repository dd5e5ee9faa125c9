package dev.milvusalias.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.milvusalias.api.ClusterMilvusConnection;
import dev.milvusalias.api.ClusterMilvusConnectionSpec;
import dev.milvusalias.api.ConnectionKind;
import dev.milvusalias.api.ConnectionReference;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.NamespaceSelector;
import dev.milvusalias.emulator.MilvusEmulator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;

/**
 * The application as namespaced mode runs it (milvus-alias.cluster-connections.enabled=false): no
 * ClusterMilvusConnection controller and no namespace informer, so no cluster-wide read is needed, and an alias
 * naming a ClusterMilvusConnection says so instead of calling Milvus.
 */
@QuarkusTest
@TestProfile(NamespacedModeIT.ClusterConnectionsOff.class)
@WithKubernetesTestServer(crud = true, setup = ProjectCrds.class)
class NamespacedModeIT {

    private static final String NS = "namespaced-mode-it";

    /** What deploy/overlays/namespaced and the chart's watchNamespaces set. */
    public static class ClusterConnectionsOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("milvus-alias.cluster-connections.enabled", "false");
        }
    }

    private static MilvusEmulator milvus;

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void startMilvus() {
        milvus = MilvusEmulator.startWithLoaded("products_v1");
    }

    @AfterAll
    static void stopMilvus() {
        milvus.close();
    }

    @Test
    void onlyTheNamespacedControllersRun() {
        JsonPath ready = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();

        assertThat(ready.getMap("checks[0].data")).containsExactlyInAnyOrderEntriesOf(
                Map.of("milvusalias", "OK", "milvusconnection", "OK"));
    }

    @Test
    void anAliasNamingAClusterMilvusConnectionIsNotAllowedAndCallsNoMilvus() {
        ClusterMilvusConnection shared = new ClusterMilvusConnection();
        shared.setMetadata(new ObjectMetaBuilder().withName("shared").build());
        shared.setSpec(new ClusterMilvusConnectionSpec());
        shared.getSpec().setUri(milvus.uri());
        shared.getSpec().setAllowedNamespaces(new NamespaceSelector());
        client.resource(shared).create();
        OperatorHarness k8s = new OperatorHarness(client, NS);
        milvus.clearCalls();

        k8s.alias("catalog", "shared", "catalog", "products_v1", alias -> alias.getSpec()
                .setConnectionRef(new ConnectionReference(ConnectionKind.ClusterMilvusConnection, "shared")));

        MilvusAlias refused = k8s.awaitReady("catalog", "False", "ConnectionNotAllowed");
        assertThat(OperatorHarness.ready(refused.getStatus().getConditions()).orElseThrow().getMessage())
                .contains("does not serve ClusterMilvusConnection", "namespaced mode");
        assertThat(milvus.calls()).isEmpty();
        assertThat(client.resources(ClusterMilvusConnection.class).withName("shared").get().getStatus())
                .as("nobody reconciles the kind").isNull();
    }
}
