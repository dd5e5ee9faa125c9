package dev.milvusalias.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The benchmark's JSON: {@code {"runs": [ <one BenchResult per N>, ... ]}}, sorted by N. A new run replaces the
 * earlier run with the same N, so running {@code make bench} for a few N builds the file up.
 */
final class ResultsFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsFile() {
    }

    /** Writes this run alone. */
    static void write(Path file, BenchResult result) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        ObjectNode root = JSON.createObjectNode();
        root.putArray("runs").add(JSON.valueToTree(result));
        JSON.writeValue(file.toFile(), root);
    }

    /** Puts this run into the file (replacing one with the same N); returns the file. */
    static Path merge(Path file, BenchResult result) throws IOException {
        List<JsonNode> runs = new ArrayList<>();
        for (JsonNode run : runs(file)) {
            if (run.path("n").asInt() != result.n()) {
                runs.add(run);
            }
        }
        runs.add(JSON.valueToTree(result));
        runs.sort(Comparator.comparingInt(r -> r.path("n").asInt()));
        ObjectNode root = JSON.createObjectNode();
        ArrayNode array = root.putArray("runs");
        runs.forEach(array::add);
        JSON.writeValue(file.toFile(), root);
        return file;
    }

    /** The runs in the file, sorted by N; none if there is no file. */
    static List<JsonNode> runs(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<JsonNode> runs = new ArrayList<>();
        JSON.readTree(file.toFile()).path("runs").forEach(runs::add);
        return runs;
    }
}
