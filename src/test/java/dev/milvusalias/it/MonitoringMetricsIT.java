package dev.milvusalias.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.metrics.PrometheusText;
import dev.milvusalias.monitoring.MonitoringKit;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The monitoring kit against the running operator (mock API server in CRUD mode + Milvus emulator): after an alias
 * is created, switched, fails once, and is deleted while paused (a blocked deletion) and then released, every metric that an alert
 * or a dashboard panel selects is in /q/metrics, of a type its functions accept, with the labels the queries use.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = ProjectCrds.class)
class MonitoringMetricsIT {

    /** Labels Prometheus adds when it scrapes (ServiceMonitor target labels); the operator does not export them. */
    static final Set<String> TARGET_LABELS = Set.of("namespace", "job", "pod", "instance", "service", "endpoint",
            "container");
    /** Series names a family of each type adds to the family's name in the exposition. */
    static final List<String> SUFFIXES = List.of("_total", "_bucket", "_count", "_sum", "_max", "_created");

    private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$");
    private static final Pattern COUNTER_FUNCTIONS = Pattern.compile("\\b(rate|increase)\\(([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final String NS = "monitoring-it";
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
    void everyMetricOfTheAlertsAndTheDashboardIsExportedWithItsLabels() {
        PrometheusText scraped = driveAnAliasThroughItsLife();

        Set<String> names = sampleNames(scraped);
        Map<String, String> types = types(scraped);
        MonitoringKit.allExpressions().forEach((where, expr) -> {
            for (String metric : MonitoringKit.metricNames(expr)) {
                assertThat(names).as("%s selects %s, which /q/metrics does not export", where, metric).contains(metric);
            }
            MonitoringKit.labelsUsed(expr, TARGET_LABELS).forEach((metric, labels) -> {
                Set<String> exported = new HashSet<>();
                scraped.series(metric, Map.of()).forEach(s -> exported.addAll(s.labels().keySet()));
                assertThat(exported).as("%s: labels of %s", where, metric).containsAll(labels);
            });
            Matcher counterUse = COUNTER_FUNCTIONS.matcher(expr);
            while (counterUse.find()) {
                String metric = counterUse.group(2);
                assertThat(familyType(metric, types)).as("%s: %s(%s) needs a counter", where, counterUse.group(1), metric)
                        .isIn("counter", "histogram");
            }
        });
    }

    /** Creates, switches, fails and deletes an alias, the deletion blocked (paused) for a while; the scrape then. */
    private PrometheusText driveAnAliasThroughItsLife() {
        OperatorHarness k8s = new OperatorHarness(client, NS);
        k8s.connection("milvus", milvus.uri(), null);
        k8s.alias("orders", "milvus", "orders", "orders_v1");
        k8s.awaitReady("orders", "True", "Bound");
        k8s.editAlias("orders", spec -> spec.setCollectionName("orders_v2"));
        k8s.awaitEvent("orders", "Switched");
        // An outage: a failed Milvus call, a failed reconcile and a Warning event, then Bound again.
        milvus.failNextGrpc("DescribeAlias", Status.Code.UNAVAILABLE);
        k8s.awaitEvent("orders", "MilvusUnavailable");
        k8s.awaitReady("orders", "True", "Bound");
        double pendingBefore = OperabilityIT.scrape().sum("milvus_alias_deletions_pending",
                Map.of("controller_name", "milvusalias"));

        k8s.annotate("orders", "milvus.io/paused", "true");
        k8s.awaitReady("orders", "False", "Paused");
        k8s.delete(MilvusAlias.class, "orders");
        await().atMost(OperatorHarness.TIMEOUT).untilAsserted(() -> assertThat(OperabilityIT.scrape()
                .sum("milvus_alias_deletions_pending", Map.of("controller_name", "milvusalias")))
                .as("the paused alias keeps its finalizer").isEqualTo(pendingBefore + 1));
        PrometheusText scraped = OperabilityIT.scrape();

        k8s.annotate("orders", "milvus.io/paused", null);
        k8s.awaitGone(MilvusAlias.class, "orders");
        await().atMost(OperatorHarness.TIMEOUT).untilAsserted(() -> assertThat(OperabilityIT.scrape()
                .sum("milvus_alias_deletions_pending", Map.of("controller_name", "milvusalias")))
                .as("released once unpaused").isEqualTo(pendingBefore));
        return scraped;
    }

    private static Set<String> sampleNames(PrometheusText scraped) {
        Set<String> names = new HashSet<>();
        for (String line : scraped.text().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    /** Family name → type, from the exposition's TYPE lines. */
    private static Map<String, String> types(PrometheusText scraped) {
        Map<String, String> types = new TreeMap<>();
        Matcher m = TYPE.matcher(scraped.text());
        while (m.find()) {
            types.put(m.group(1), m.group(2));
        }
        return types;
    }

    /** The type of the family a series belongs to: its own name, or its name less a suffix its type adds. */
    static String familyType(String series, Map<String, String> types) {
        if (types.containsKey(series)) {
            return types.get(series);
        }
        return SUFFIXES.stream().filter(series::endsWith)
                .map(suffix -> types.get(series.substring(0, series.length() - suffix.length())))
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }
}
