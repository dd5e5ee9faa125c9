package dev.milvusalias.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Grafana dashboard: it shows what it promises (aliases by Ready reason, switches, Milvus latency quantiles by
 * RPC, reconcile rate and errors), every query parses and selects only documented metrics, and the layout is sound.
 * MonitoringMetricsIT checks the same queries against a real scrape of the running operator.
 */
class DashboardTest {

    private final JsonNode dashboard = MonitoringKit.dashboard();

    @Test
    void panelsShowReadinessSwitchesMilvusLatencyAndReconciles() {
        String queries = String.join("\n", MonitoringKit.dashboardExpressions().values());
        assertThat(queries).contains("sum by (reason) (milvus_alias_aliases",
                "increase(milvus_alias_switches_total",
                "histogram_quantile(0.99, sum by (le, rpc) (rate(milvus_alias_milvus_call_seconds_bucket",
                "rate(reconciliations_started_total", "rate(reconciliations_failure_total");
    }

    @Test
    void everyQuerySelectsOnlyDocumentedMetrics() throws IOException {
        Set<String> documented = ReadmeMetrics.documented(Files.readString(AlertRulesTest.README));
        MonitoringKit.dashboardExpressions().forEach((panel, expr) -> assertThat(MonitoringKit.metricNames(expr))
                .as(panel).isNotEmpty()
                .allSatisfy(name -> assertThat(ReadmeMetrics.isDocumented(name, documented))
                        .as("%s uses %s, which README > Operate > Metrics does not list", panel, name).isTrue()));
    }

    @Test
    void everyQueryFiltersByTheNamespaceVariableAndUsesTheDatasourceVariable() {
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as(panel.path("title").asText())
                        .contains("namespace=~\"$namespace\"");
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            }
        }
        List<String> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
        assertThat(variables).containsExactly("datasource", "namespace");
    }

    @Test
    void panelsHaveUniqueIdsAndDoNotOverlap() {
        Set<Integer> ids = new HashSet<>();
        Set<String> cells = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("id of %s", panel.path("title")).isTrue();
            JsonNode pos = panel.path("gridPos");
            assertThat(pos.path("x").asInt() + pos.path("w").asInt()).as("width of %s", panel.path("title"))
                    .isLessThanOrEqualTo(24);
            for (int x = pos.path("x").asInt(); x < pos.path("x").asInt() + pos.path("w").asInt(); x++) {
                for (int y = pos.path("y").asInt(); y < pos.path("y").asInt() + pos.path("h").asInt(); y++) {
                    assertThat(cells.add(x + "," + y)).as("%s overlaps another panel", panel.path("title")).isTrue();
                }
            }
        }
        assertThat(dashboard.path("uid").asText()).isEqualTo("milvus-alias-operator");
    }
}
