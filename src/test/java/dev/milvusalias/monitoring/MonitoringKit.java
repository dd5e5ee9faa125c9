package dev.milvusalias.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The monitoring kit as shipped: the alerts (deploy/components/prometheus/prometheusrule.yaml) and the Grafana
 * dashboard (deploy/components/grafana-dashboard/milvus-alias-operator.json), with every PromQL expression they use.
 */
public final class MonitoringKit {

    public static final Path RULES = Path.of("deploy/components/prometheus/prometheusrule.yaml");
    public static final Path DASHBOARD = Path.of("deploy/components/grafana-dashboard/milvus-alias-operator.json");
    /** Their copies in the Helm chart, which DeployManifestsTest keeps identical. */
    public static final Path CHART_RULES = Path.of("deploy/helm/milvus-alias-operator/files/prometheusrule.yaml");
    public static final Path CHART_DASHBOARD = Path.of("deploy/helm/milvus-alias-operator/files/grafana-dashboard.json");

    /** Grafana's variables, replaced by values a query could have, so that the PromQL parses. */
    private static final Map<String, String> GRAFANA_VARIABLES = Map.of(
            "$__rate_interval", "2m", "$__range", "6h", "$namespace", ".*");

    private MonitoringKit() {
    }

    /** The PrometheusRule object as a tree. */
    static JsonNode prometheusRule() {
        return read(RULES, new ObjectMapper(new YAMLFactory()));
    }

    /** The dashboard JSON as a tree. */
    static JsonNode dashboard() {
        return read(DASHBOARD, new ObjectMapper());
    }

    /** Alert name → its expression. */
    public static Map<String, String> alertExpressions() {
        Map<String, String> exprs = new LinkedHashMap<>();
        PromtoolTests.alertRules(prometheusRule().path("spec")).forEach(r -> exprs.put(r.name(), r.expr()));
        return exprs;
    }

    /** "panel title: legend" → the query, Grafana's variables replaced. */
    public static Map<String, String> dashboardExpressions() {
        Map<String, String> exprs = new LinkedHashMap<>();
        for (JsonNode panel : dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                for (var variable : GRAFANA_VARIABLES.entrySet()) {
                    expr = expr.replace(variable.getKey(), variable.getValue());
                }
                exprs.put(panel.path("title").asText() + ": " + target.path("legendFormat").asText(), expr);
            }
        }
        return exprs;
    }

    /** Every expression of the kit, alerts first, by where it is used. */
    public static Map<String, String> allExpressions() {
        Map<String, String> all = new LinkedHashMap<>();
        alertExpressions().forEach((name, expr) -> all.put("alert " + name, expr));
        dashboardExpressions().forEach((name, expr) -> all.put("panel " + name, expr));
        return all;
    }

    /** The metric names that {@code expr} selects. */
    public static Set<String> metricNames(String expr) {
        return PromQl.metricNames(PromQl.parse(expr));
    }

    /**
     * For each metric that {@code expr} selects, the labels it must carry: those of its matchers and of the
     * {@code by (...)} of the aggregations around it, except {@code except} (labels Prometheus adds when scraping).
     */
    public static Map<String, Set<String>> labelsUsed(String expr, Set<String> except) {
        Map<String, Set<String>> used = new LinkedHashMap<>();
        collectLabels(PromQl.parse(expr), new ArrayList<>(), used);
        used.values().forEach(labels -> labels.removeAll(except));
        return used;
    }

    private static void collectLabels(PromQl.Expr expr, List<String> grouping, Map<String, Set<String>> used) {
        if (expr instanceof PromQl.Aggregation a) {
            List<String> inner = new ArrayList<>(grouping);
            if (!a.without()) {
                inner.addAll(a.grouping());
            }
            collectLabels(a.arg(), inner, used);
        } else if (expr instanceof PromQl.Call c) {
            c.args().forEach(arg -> collectLabels(arg, grouping, used));
        } else if (expr instanceof PromQl.Binary b) {
            collectLabels(b.left(), grouping, used);
            collectLabels(b.right(), grouping, used);
        } else if (expr instanceof PromQl.Negation n) {
            collectLabels(n.arg(), grouping, used);
        } else if (expr instanceof PromQl.RangeSelector r) {
            collectLabels(r.selector(), grouping, used);
        } else if (expr instanceof PromQl.Selector s && s.metricName() != null) {
            Set<String> labels = used.computeIfAbsent(s.metricName(), name -> new TreeSet<>());
            s.matchers().forEach(m -> labels.add(m.label()));
            labels.remove("__name__");
            labels.addAll(grouping);
        }
    }

    private static JsonNode read(Path file, ObjectMapper mapper) {
        try {
            return mapper.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
