package dev.milvusalias.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.milvusalias.monitoring.PromtoolTests.AlertRule;

/**
 * The shipped alerts: each is complete (for, severity, summary, description, a runbook_url that names a README
 * section), uses only documented metrics, and behaves as the promtool-format cases in
 * src/test/resources/monitoring/alert-rules-test.yaml say, evaluated by {@link PromQlEngine}. The same cases pass
 * under promtool, Prometheus' own rule tester.
 */
class AlertRulesTest {

    static final Path CASES = Path.of("src/test/resources/monitoring/alert-rules-test.yaml");
    static final Path README = Path.of("README.md");

    private final List<AlertRule> rules = PromtoolTests.alertRules(MonitoringKit.prometheusRule().path("spec"));

    @Test
    void theRuleIsAPrometheusRuleWithTheOperatorsAlerts() {
        JsonNode rule = MonitoringKit.prometheusRule();
        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(rules).extracting(AlertRule::name).containsExactly("MilvusAliasNotReady",
                "MilvusAliasDeletionStuck", "MilvusAliasDeletionTimedOut", "MilvusAliasMilvusErrors",
                "MilvusAliasDriftFight", "MilvusAliasOperatorNoLeader");
    }

    @Test
    void everyAlertHasForSeveritySummaryDescriptionAndARunbookSection() throws IOException {
        Set<String> anchors = readmeAnchors();
        for (JsonNode group : MonitoringKit.prometheusRule().path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.path("alert").asText();
                assertThat(rule.has("for")).as("%s: for", name).isTrue();
                assertThat(rule.path("labels").path("severity").asText()).as("%s: severity", name)
                        .isIn("warning", "critical");
                assertThat(rule.path("annotations").path("summary").asText()).as("%s: summary", name).isNotBlank();
                assertThat(rule.path("annotations").path("description").asText()).as("%s: description", name)
                        .isNotBlank();
                assertThat(rule.path("annotations").path("runbook_url").asText()).as("%s: runbook_url", name)
                        .isEqualTo("README.md#" + name.toLowerCase());
                assertThat(anchors).as("README has a section %s", name).contains(name.toLowerCase());
            }
        }
    }

    @Test
    void theReadmeRunbookHasOneSubsectionPerAlertAndNoOther() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("\n### Runbook\n");
        assertThat(start).as("README section ### Runbook").isPositive();
        int end = readme.indexOf("\n## ", start);
        Matcher headings = Pattern.compile("(?m)^#### (\\S+)$").matcher(readme.substring(start, end < 0 ? readme.length() : end));
        List<String> subsections = new java.util.ArrayList<>();
        while (headings.find()) {
            subsections.add(headings.group(1));
        }
        assertThat(subsections).containsExactlyElementsOf(rules.stream().map(AlertRule::name).toList());
    }

    @Test
    void alertsSelectOnlyMetricsTheReadmeDocuments() throws IOException {
        Set<String> documented = ReadmeMetrics.documented(Files.readString(README));
        for (AlertRule rule : rules) {
            assertThat(MonitoringKit.metricNames(rule.expr())).as(rule.name()).isNotEmpty()
                    .allSatisfy(name -> assertThat(ReadmeMetrics.isDocumented(name, documented))
                            .as("%s uses %s, which README > Operate > Metrics does not list", rule.name(), name)
                            .isTrue());
        }
    }

    @Test
    void theCasesPassOnTheShippedRules() throws IOException {
        assertThat(PromtoolTests.run(CASES, rules)).isEmpty();
    }

    @Test
    void everyAlertHasACaseWhereItFiresAndOneWhereItDoesNot() throws IOException {
        JsonNode cases = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(CASES));
        Set<String> fires = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode test : cases.path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                (check.path("exp_alerts").isEmpty() ? quiet : fires).add(check.path("alertname").asText());
            }
        }
        Set<String> names = new TreeSet<>(rules.stream().map(AlertRule::name).toList());
        assertThat(fires).isEqualTo(names);
        assertThat(quiet).isEqualTo(names);
    }

    @Test
    void theCasesPinEachAlertsTiming() throws IOException {
        // Five more minutes of `for` on any one alert must break a case: the cases say when each alert fires.
        for (AlertRule rule : rules) {
            List<AlertRule> slower = rules.stream().map(r -> r != rule ? r
                    : new AlertRule(r.name(), r.expr(), r.forSeconds() + 300, r.labels(), r.annotations())).toList();
            assertThat(PromtoolTests.run(CASES, slower)).as("cases with %s 5 minutes slower", rule.name())
                    .isNotEmpty();
        }
    }

    @Test
    void theExpressionsStayWithinWhatTheEvaluatorKnows() {
        MonitoringKit.allExpressions().forEach((where, expr) -> assertThat(PromQl.parse(expr)).as(where).isNotNull());
        // And the evaluator refuses what it does not implement instead of guessing.
        assertThatThrownBy(() -> PromQl.parse("sum(a) / on (job) sum(b)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PromQl.parse("label_replace(a, \"x\", \"$1\", \"y\", \"(.*)\")"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PromQl.parse("rate(a[5m:1m])")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void templatesPrintValuesAsGoDoes() {
        assertThat(AlertTemplate.goG(25, 4)).isEqualTo("25");
        assertThat(AlertTemplate.goG(12.3456, 4)).isEqualTo("12.35");
        assertThat(AlertTemplate.goG(100, 4)).isEqualTo("100");
        assertThat(AlertTemplate.goG(12345, 4)).isEqualTo("1.234e+04");
        assertThat(AlertTemplate.goG(0.00001234, 4)).isEqualTo("1.234e-05");
        assertThat(AlertTemplate.expand("{{ $labels.reason }} at {{ $value | humanizePercentage }}",
                java.util.Map.of("reason", "Bound"), 0.5)).isEqualTo("Bound at 50%");
        assertThatThrownBy(() -> AlertTemplate.expand("{{ $value | humanize }}", java.util.Map.of(), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** GitHub's anchors of the README's headings: lower case, punctuation dropped, spaces as hyphens. */
    static Set<String> readmeAnchors() throws IOException {
        Set<String> anchors = new TreeSet<>();
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("#")) {
                String title = line.replaceFirst("^#+\\s*", "").toLowerCase();
                anchors.add(title.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
