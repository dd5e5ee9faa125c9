package dev.milvusalias.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.milvusalias.monitoring.PromQl.Selector;
import dev.milvusalias.monitoring.PromQlEngine.Sample;
import dev.milvusalias.monitoring.PromQlEngine.Series;

/**
 * Runs a rule test file in promtool's format ({@code promtool test rules}: {@code input_series} in its expanding
 * notation, {@code alert_rule_test} with the firing alerts' labels and annotations, {@code promql_expr_test}) against
 * alert rules, with {@link PromQlEngine}. The same file runs unchanged under promtool, which is how the engine's
 * answers were compared with Prometheus' own. Rules are evaluated every {@code evaluation_interval} from time 0, and an
 * alert fires once its expression has returned its label set at every evaluation for {@code for}.
 */
final class PromtoolTests {

    /** One alerting rule of a PrometheusRule's spec.groups. */
    record AlertRule(String name, String expr, long forSeconds, Map<String, String> labels,
            Map<String, String> annotations) {
    }

    /** A firing alert as promtool compares them: all labels (with alertname) and expanded annotations. */
    record FiringAlert(Map<String, String> labels, Map<String, String> annotations) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");
    private static final Pattern EXPANDING = Pattern.compile("(-?[0-9.]+)([+-])([0-9.]+)x(\\d+)");

    private PromtoolTests() {
    }

    /** The alerting rules of every group in {@code spec} (a PrometheusRule's spec, or a plain rule file). */
    static List<AlertRule> alertRules(JsonNode spec) {
        List<AlertRule> rules = new ArrayList<>();
        for (JsonNode group : spec.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    rules.add(new AlertRule(rule.get("alert").asText(), rule.path("expr").asText(),
                            rule.has("for") ? seconds(rule.get("for").asText()) : 0, strings(rule.path("labels")),
                            strings(rule.path("annotations"))));
                }
            }
        }
        return rules;
    }

    /** Runs every test of {@code testFile}; the failures, one line each (empty when all pass). */
    static List<String> run(Path testFile, List<AlertRule> rules) throws IOException {
        JsonNode file = YAML.readTree(Files.readString(testFile));
        long evaluationInterval = seconds(file.path("evaluation_interval").asText("1m"));
        List<String> failures = new ArrayList<>();
        for (JsonNode test : file.path("tests")) {
            String name = test.path("name").asText("unnamed");
            PromQlEngine engine = new PromQlEngine(inputSeries(test));
            for (JsonNode check : test.path("alert_rule_test")) {
                String alertname = check.path("alertname").asText();
                long evalTime = seconds(check.path("eval_time").asText());
                AlertRule rule = rules.stream().filter(r -> r.name().equals(alertname)).findFirst().orElse(null);
                if (rule == null) {
                    failures.add(name + ": no alert named " + alertname);
                    continue;
                }
                Set<FiringAlert> got = new java.util.HashSet<>(firing(engine, rule, evalTime, evaluationInterval));
                Set<FiringAlert> expected = new java.util.HashSet<>();
                for (JsonNode alert : check.path("exp_alerts")) {
                    Map<String, String> labels = new TreeMap<>(strings(alert.path("exp_labels")));
                    labels.put("alertname", alertname);
                    expected.add(new FiringAlert(labels, strings(alert.path("exp_annotations"))));
                }
                if (!got.equals(expected)) {
                    failures.add(name + ": " + alertname + " at " + check.path("eval_time").asText() + "\n  expected "
                            + expected + "\n  got      " + got);
                }
            }
            for (JsonNode check : test.path("promql_expr_test")) {
                String expr = check.path("expr").asText();
                long evalTime = seconds(check.path("eval_time").asText());
                Map<Map<String, String>, Double> got = new LinkedHashMap<>();
                engine.instantVector(PromQl.parse(expr), evalTime).forEach(s -> got.put(s.labels(), s.value()));
                Map<Map<String, String>, Double> expected = new LinkedHashMap<>();
                for (JsonNode sample : check.path("exp_samples")) {
                    expected.put(labels(sample.path("labels").asText("{}")), sample.path("value").asDouble());
                }
                if (!sameSamples(got, expected)) {
                    failures.add(name + ": " + expr + " at " + check.path("eval_time").asText() + "\n  expected "
                            + expected + "\n  got      " + got);
                }
            }
        }
        return failures;
    }

    /** The alerts of {@code rule} firing after the evaluation at or just before {@code evalTime}. */
    static List<FiringAlert> firing(PromQlEngine engine, AlertRule rule, long evalTime, long interval) {
        PromQl.Expr expr = PromQl.parse(rule.expr());
        Map<Map<String, String>, Long> activeSince = new LinkedHashMap<>();
        List<Sample> last = List.of();
        for (long t = 0; t <= evalTime; t += interval) {
            last = engine.instantVector(expr, t);
            Map<Map<String, String>, Long> still = new LinkedHashMap<>();
            for (Sample sample : last) {
                still.put(sample.labels(), activeSince.getOrDefault(sample.labels(), t));
            }
            activeSince.clear();
            activeSince.putAll(still);
        }
        long lastEvaluation = evalTime - evalTime % interval;
        List<FiringAlert> firing = new ArrayList<>();
        for (Sample sample : last) {
            if (lastEvaluation - activeSince.get(sample.labels()) >= rule.forSeconds()) {
                Map<String, String> labels = new TreeMap<>(sample.labels());
                labels.putAll(rule.labels());
                labels.put("alertname", rule.name());
                Map<String, String> annotations = new TreeMap<>();
                rule.annotations().forEach((k, v) -> annotations.put(k,
                        AlertTemplate.expand(v, sample.labels(), sample.value())));
                firing.add(new FiringAlert(labels, annotations));
            }
        }
        return firing;
    }

    private static List<Series> inputSeries(JsonNode test) {
        long interval = seconds(test.path("interval").asText("1m"));
        List<Series> series = new ArrayList<>();
        for (JsonNode input : test.path("input_series")) {
            Map<String, String> labels = labels(input.path("series").asText());
            TreeMap<Long, Double> samples = new TreeMap<>();
            List<Double> values = expand(input.path("values").asText());
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) != null) {
                    samples.put(i * interval, values.get(i));
                }
            }
            series.add(new Series(labels, samples));
        }
        return series;
    }

    /** promtool's expanding notation: {@code 1 2 _ 0+5x3 10-1x2 _x4}; null stands for a missing sample. */
    static List<Double> expand(String values) {
        List<Double> out = new ArrayList<>();
        for (String item : values.trim().split("\\s+")) {
            Matcher m = EXPANDING.matcher(item);
            if (item.equals("_")) {
                out.add(null);
            } else if (item.matches("_x\\d+")) {
                for (int i = 0; i < Integer.parseInt(item.substring(2)); i++) {
                    out.add(null);
                }
            } else if (m.matches()) {
                double start = Double.parseDouble(m.group(1));
                double step = Double.parseDouble(m.group(3)) * (m.group(2).equals("-") ? -1 : 1);
                for (int i = 0; i <= Integer.parseInt(m.group(4)); i++) {
                    out.add(start + i * step);
                }
            } else {
                out.add(Double.parseDouble(item));
            }
        }
        return out;
    }

    /** Labels of a series written as a selector: {@code metric{a="b"}} or {@code {a="b"}}. */
    static Map<String, String> labels(String series) {
        Selector selector = (Selector) PromQl.parse(series);
        Map<String, String> labels = new TreeMap<>();
        selector.matchers().forEach(m -> {
            if (!m.op().equals("=")) {
                throw new IllegalArgumentException("a series has only = labels: " + series);
            }
            labels.put(m.label(), m.value());
        });
        return labels;
    }

    /** Go-style durations as promtool reads them: 90s, 10m, 1h30m. */
    static long seconds(String duration) {
        Matcher m = DURATION_PART.matcher(duration);
        long total = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            String unit = m.group(2);
            long amount = Long.parseLong(m.group(1));
            total += unit.equals("ms") ? amount / 1000 : PromQl.durationSeconds(amount + unit);
            end = m.end();
        }
        if (end != duration.length() || duration.isEmpty()) {
            throw new IllegalArgumentException("not a duration: " + duration);
        }
        return total;
    }

    private static boolean sameSamples(Map<Map<String, String>, Double> got, Map<Map<String, String>, Double> expected) {
        if (!got.keySet().equals(expected.keySet())) {
            return false;
        }
        for (var entry : expected.entrySet()) {
            double g = got.get(entry.getKey());
            double e = entry.getValue();
            if (Math.abs(g - e) > 1e-6 * Math.max(1, Math.abs(e))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new TreeMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
