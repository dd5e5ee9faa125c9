package dev.milvusalias.it;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.milvusalias.reliability.ReliabilityRecorder;

/**
 * One fault scenario's line for the reliability report: a test names it (the constructor), adds what it measured
 * ({@link #figure}), and once the test has run this extension writes its row under {@code target/reliability/} as the
 * fault suite's {@link ReliabilityRecorder} does, so that {@code make reliability} puts it in docs/reliability.md.
 * Unlike that recorder it takes the scenario up front, for tests whose figures are added in one chain at the end.
 */
final class ScenarioReport implements AfterTestExecutionCallback {

    /** The report's group of the kill scenarios. */
    static final String AREA = "7. The operator killed mid-change";

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
        // A row of docs/reliability.md, written as the fault suite writes its own.
        ReliabilityRecorder rows = new ReliabilityRecorder(AREA);
        rows.scenario(scenario, fault, invariant);
        figures.forEach(rows::figure);
        rows.afterTestExecution(context);
        System.out.println(scenario + ": " + figureText());
    }
}
