package dev.milvusalias.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.emulator.MilvusEmulator;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;

/**
 * The real application with leader election on, started while another replica holds the Lease: it is a standby.
 * A standby must report ready (both replicas of the Deployment must, or a rolling update stalls) and live, and must
 * not touch Milvus or the resources. When the Lease expires (the other replica died) it takes over and reconciles.
 */
@QuarkusTest
@TestProfile(StandbyReplicaIT.LeaderElectionOn.class)
@WithKubernetesTestServer(crud = true, setup = StandbyReplicaIT.LeaseHeldElsewhere.class)
class StandbyReplicaIT {

    static final String NS = "standby-it";
    static final String LEASE = "milvus-alias-operator";
    static final String OTHER = "other-replica";

    /** Leader election on, as in the Deployment; a long lease so that the other replica's lease does not expire. */
    public static class LeaderElectionOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "milvus-alias.leader-election.enabled", "true",
                    "milvus-alias.leader-election.lease-namespace", NS,
                    "milvus-alias.leader-election.identity", "this-replica",
                    "milvus-alias.leader-election.lease-duration", "10m",
                    "milvus-alias.leader-election.renew-deadline", "5m",
                    "milvus-alias.leader-election.retry-period", "500ms");
        }
    }

    /** Before the application starts: another replica holds the Lease, and the API server answers the SDK's check. */
    public static class LeaseHeldElsewhere implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            ProjectCrds.install(server);
            ElectionRig.grantLeaseRights(server.getKubernetesMockServer());
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            server.getClient().leases().inNamespace(NS).resource(new LeaseBuilder()
                    .withNewMetadata().withName(LEASE).withNamespace(NS).endMetadata()
                    .withNewSpec().withHolderIdentity(OTHER).withLeaseDurationSeconds(600)
                    .withAcquireTime(now).withRenewTime(now).withLeaseTransitions(0).endSpec()
                    .build()).create();
        }
    }

    private static MilvusEmulator milvus;

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void startMilvus() {
        milvus = MilvusEmulator.startWithLoaded("stock_v1");
    }

    @AfterAll
    static void stopMilvus() {
        milvus.close();
    }

    @Test
    void aStandbyIsReadyAndIdleThenTakesOverWhenTheLeaseExpires() {
        await().atMost(OperatorHarness.TIMEOUT).until(() -> OTHER.equals(liveness().getString("checks[0].data.leader")));
        JsonPath live = liveness();
        assertThat(live.getString("status")).isEqualTo("UP");
        assertThat(live.getString("checks[0].data.role")).isEqualTo("standby");
        assertThat(live.getString("checks[0].data.identity")).isEqualTo("this-replica");

        JsonPath ready = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertThat(ready.getString("status")).isEqualTo("UP");
        assertThat(ready.getList("checks.name")).containsExactly(OperabilityIT.READINESS_CHECK);
        assertThat(ready.getMap("checks[0].data")).containsEntry("milvusalias", "OK").containsEntry("milvusconnection", "OK");
        assertThat(OperabilityIT.scrape().sum("milvus_alias_leader")).isZero();

        OperatorHarness k8s = new OperatorHarness(client, NS);
        k8s.connection("milvus", milvus.uri(), null);
        k8s.alias("stock", "milvus", "stock", "stock_v1");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> {
            MilvusAlias alias = k8s.get(MilvusAlias.class, "stock");
            return alias.getStatus() == null && alias.getMetadata().getFinalizers().isEmpty() && milvus.calls().isEmpty();
        });
        assertThat(holder()).isEqualTo(OTHER);

        // The other replica stopped renewing an hour ago: its Lease has expired.
        client.leases().inNamespace(NS).withName(LEASE).edit(lease -> {
            lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC).minusHours(1));
            return lease;
        });

        k8s.awaitReady("stock", "True", "Bound");
        assertThat(milvus.aliasTarget("default", "stock")).contains("stock_v1");
        assertThat(holder()).isEqualTo("this-replica");
        assertThat(liveness().getString("checks[0].data.role")).isEqualTo("leader");
        assertThat(OperabilityIT.scrape().sum("milvus_alias_leader")).isEqualTo(1.0);
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static JsonPath liveness() {
        return given().get("/q/health/live").then().statusCode(200).extract().jsonPath();
    }

    private String holder() {
        Lease lease = client.leases().inNamespace(NS).withName(LEASE).get();
        return lease.getSpec().getHolderIdentity();
    }
}
