package dev.milvusalias.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.metrics.PrometheusText;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;

/**
 * The running operator's health and metrics endpoints (mock API server in CRUD mode + Milvus emulator): both probes
 * answer UP with their checks, and /q/metrics moves when a MilvusAlias is created, switched and hits an error.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = ProjectCrds.class)
class OperabilityIT {

    static final String READINESS_CHECK = "Quarkus Operator SDK health check";
    private static final String NS = "ops-it";
    private static MilvusEmulator milvus;

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void startMilvus() {
        milvus = MilvusEmulator.startWithLoaded("orders_v1", "orders_v2");
    }

    @AfterAll
    static void stopMilvus() {
        milvus.close();
    }

    @Test
    void readinessIsTheOperatorSdkCheckOverEveryController() {
        JsonPath ready = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();

        assertThat(ready.getString("status")).isEqualTo("UP");
        assertThat(ready.getList("checks.name")).containsExactly(READINESS_CHECK);
        assertThat(ready.getMap("checks[0].data")).containsExactlyInAnyOrderEntriesOf(
                Map.of("milvusalias", "OK", "milvusconnection", "OK", "clustermilvusconnection", "OK"));
    }

    @Test
    void startupEndpointOfTheStartupProbeAnswers() {
        JsonPath started = given().get("/q/health/started").then().statusCode(200).extract().jsonPath();
        assertThat(started.getString("status")).isEqualTo("UP");
    }

    @Test
    void livenessSaysWhoReconciles() {
        JsonPath live = given().get("/q/health/live").then().statusCode(200).extract().jsonPath();

        assertThat(live.getString("status")).isEqualTo("UP");
        assertThat(live.getList("checks.name")).containsExactly("milvus-alias-operator");
        assertThat(live.getString("checks[0].status")).isEqualTo("UP");
        // Leader election is off in tests: this single replica reconciles.
        assertThat(live.getString("checks[0].data.role")).isEqualTo("single");
        assertThat(live.getString("checks[0].data.operator")).isEqualTo("started");
        assertThat(live.getString("checks[0].data.identity")).isNotBlank();
    }

    @Test
    void metricsMoveWhenAnAliasIsCreatedSwitchedAndFails() {
        OperatorHarness k8s = new OperatorHarness(client, NS);
        PrometheusText before = scrape();
        assertThat(before.sum("milvus_alias_leader")).isEqualTo(1.0);
        assertThat(before.series("milvus_alias_aliases", Map.of("reason", "Bound"))).hasSize(1);
        assertThat(before.has("milvus_alias_switches_total")).isTrue();
        assertThat(before.has("milvus_alias_drift_corrections_total")).isTrue();
        assertThat(before.has("milvus_alias_deletion_timeouts_total")).isTrue();
        assertThat(before.series("reconciliations_execution_duration_seconds_count",
                Map.of("controller_name", "milvusalias"))).hasSize(1);

        k8s.connection("milvus", milvus.uri(), null);
        k8s.alias("orders", "milvus", "orders", "orders_v1");
        k8s.awaitReady("orders", "True", "Bound");

        await().atMost(OperatorHarness.TIMEOUT).untilAsserted(() -> {
            PrometheusText now = scrape();
            assertThat(moved(before, now, "reconciliations_started_total", Map.of("controller_name", "milvusalias")))
                    .isPositive();
            assertThat(moved(before, now, "reconciliations_success_total", Map.of("controller_name", "milvusalias")))
                    .isPositive();
            assertThat(moved(before, now, "reconciliations_success_total", Map.of("controller_name", "milvusconnection")))
                    .isPositive();
            assertThat(moved(before, now, "reconciliations_execution_duration_seconds_count",
                    Map.of("controller_name", "milvusalias"))).isPositive();
            assertThat(moved(before, now, "milvus_alias_milvus_call_seconds_count",
                    Map.of("rpc", "DescribeAlias", "outcome", "ok"))).isPositive();
            assertThat(moved(before, now, "milvus_alias_milvus_call_seconds_count",
                    Map.of("rpc", "CreateAlias", "outcome", "ok"))).isEqualTo(1.0);
            assertThat(moved(before, now, "milvus_alias_milvus_call_seconds_count",
                    Map.of("rpc", "GetVersion", "outcome", "ok"))).isPositive();
            assertThat(moved(before, now, "milvus_alias_events_total",
                    Map.of("type", "Normal", "reason", "Created"))).isEqualTo(1.0);
            assertThat(now.sum("milvus_alias_milvus_clients")).isEqualTo(1.0);
            assertThat(moved(before, now, "milvus_alias_aliases", Map.of("reason", "Bound"))).isEqualTo(1.0);
            assertThat(now.series("events_received_total", Map.of("controller_name", "milvusalias"))).isNotEmpty();
        });
        PrometheusText created = scrape();
        assertThat(created.series("milvus_alias_milvus_call_seconds_bucket",
                Map.of("rpc", "CreateAlias", "outcome", "ok"))).as("latency histogram buckets").hasSizeGreaterThan(5);

        // A switch: AlterAlias, the Switched event and its dedicated counter.
        k8s.editAlias("orders", spec -> spec.setCollectionName("orders_v2"));
        await().atMost(OperatorHarness.TIMEOUT).untilAsserted(() -> {
            PrometheusText now = scrape();
            assertThat(moved(created, now, "milvus_alias_milvus_call_seconds_count",
                    Map.of("rpc", "AlterAlias", "outcome", "ok"))).isEqualTo(1.0);
            assertThat(moved(created, now, "milvus_alias_switches_total", Map.of())).isEqualTo(1.0);
            assertThat(moved(created, now, "milvus_alias_events_total",
                    Map.of("type", "Normal", "reason", "Switched"))).isEqualTo(1.0);
        });

        // Milvus refuses a call: the outcome is the failure class, and java-operator-sdk counts a failed
        // reconciliation and a retry.
        PrometheusText switched = scrape();
        milvus.failNextGrpc("DescribeAlias", Status.Code.UNAVAILABLE);
        await().atMost(OperatorHarness.TIMEOUT).untilAsserted(() -> {
            PrometheusText now = scrape();
            assertThat(moved(switched, now, "milvus_alias_milvus_call_seconds_count",
                    Map.of("rpc", "DescribeAlias", "outcome", "UNAVAILABLE"))).isEqualTo(1.0);
            assertThat(moved(switched, now, "reconciliations_failure_total", Map.of("controller_name", "milvusalias")))
                    .isPositive();
            assertThat(moved(switched, now, "reconciliations_retries_total", Map.of("controller_name", "milvusalias")))
                    .isPositive();
        });
        // The reconciler's own exception reached it (not the SDK metrics' wrapper): the reason is MilvusUnavailable.
        k8s.awaitEvent("orders", "MilvusUnavailable");
        assertThat(k8s.eventReasons("orders")).doesNotContain("UnexpectedError");
        k8s.awaitReady("orders", "True", "Bound");

        // Dashboards divide by these: no controller may count more outcomes than reconciliations started.
        PrometheusText end = scrape();
        for (String controller : new String[] {"milvusalias", "milvusconnection"}) {
            Map<String, String> labels = Map.of("controller_name", controller);
            assertThat(end.sum("reconciliations_success_total", labels) + end.sum("reconciliations_failure_total", labels))
                    .as(controller).isLessThanOrEqualTo(end.sum("reconciliations_started_total", labels));
        }
    }

    static PrometheusText scrape() {
        return PrometheusText.parse(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private static double moved(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
