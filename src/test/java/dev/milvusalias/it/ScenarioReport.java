package dev.milvusalias.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.milvusalias.reliability.ReliabilityRecorder;

/**
 * One fault scenario's line for the reliability report: a test names it (the constructor), adds what it measured
 * ({@link #figure}), and once the test has run this extension writes
 * {@code target/reliability/<scenario>.json}: one JSON object {@code {"scenario","fault","invariant","figure","pass"}}
 * on one line, {@code figure} being the figures as "name: value; ..." in the order they were added.
 */
final class ScenarioReport implements AfterTestExecutionCallback {

    static final Path DIR = Path.of("target", "reliability");

    private final String scenario;
    private final String fault;
    private final String invariant;
    private final Map<String, String> figures = new LinkedHashMap<>();

    ScenarioReport(String scenario, String fault, String invariant) {
        this.scenario = scenario;
        this.fault = fault;
        this.invariant = invariant;
    }

    /** A measured figure, e.g. ("converged after the restart", Duration); durations print as the report's do. */
    ScenarioReport figure(String name, Object value) {
        figures.put(name, value instanceof Duration d ? ReliabilityRecorder.seconds(d) : String.valueOf(value));
        return this;
    }

    /** The figures as the report's cell shows them. */
    String figureText() {
        return figures.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("scenario", scenario);
        line.put("fault", fault);
        line.put("invariant", invariant);
        line.put("figure", figureText());
        line.put("pass", context.getExecutionException().isEmpty());
        Path file = DIR.resolve(scenario.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".json");
        try {
            Files.createDirectories(DIR);
            Files.writeString(file, new ObjectMapper().writeValueAsString(line) + "\n", StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(scenario + ": " + figureText());
    }
}
