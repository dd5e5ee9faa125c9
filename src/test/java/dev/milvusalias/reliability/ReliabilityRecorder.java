package dev.milvusalias.reliability;

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
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Writes one row of {@code docs/reliability.md} per scenario: a test names its scenario, fault and invariant with
 * {@link #scenario}, adds what it measured with {@link #figure}, and this extension records the row with pass or fail
 * once the test has run, as a file under {@code target/reliability/} (the system property {@code reliability.dir}
 * overrides). {@link ReliabilityReport} renders those files.
 */
public final class ReliabilityRecorder implements BeforeTestExecutionCallback, AfterTestExecutionCallback {

    /** Where rows go unless {@code reliability.dir} says otherwise. */
    public static final Path DEFAULT_DIR = Path.of("target", "reliability");

    private final String area;
    private Pending current;

    /** @param area the group the rows belong to, e.g. "1. Milvus down"; groups are sorted by this name */
    public ReliabilityRecorder(String area) {
        this.area = area;
    }

    /** Declares the running test's row. */
    public void scenario(String name, String fault, String invariant) {
        current = new Pending(area, name, fault, invariant, new LinkedHashMap<>());
    }

    /** A measured figure of the running scenario, e.g. ("converged after Milvus was back", "1.4 s"). */
    public void figure(String name, Object value) {
        if (current == null) {
            throw new IllegalStateException("call scenario(...) first");
        }
        current.figures().put(name, value instanceof Duration d ? seconds(d) : String.valueOf(value));
    }

    /** A duration as the report prints it: seconds with one decimal. */
    public static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        current = null;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (current == null) {
            return;
        }
        String result = context.getExecutionException()
                .map(e -> "FAIL: " + firstLine(e))
                .orElse("pass");
        Path dir = Path.of(System.getProperty("reliability.dir", DEFAULT_DIR.toString()));
        String file = (area + "-" + current.name()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".tsv";
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(file), current.finish(result).toTsv(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        current = null;
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** The running test's row until its result is known. */
    private record Pending(String area, String name, String fault, String invariant, Map<String, String> figures) {

        ReliabilityReport.Row finish(String result) {
            String observed = figures.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining("; "));
            return new ReliabilityReport.Row(area, name, fault, invariant, observed, result);
        }
    }
}
