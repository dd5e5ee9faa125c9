package dev.milvusalias.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * Fails when crds/ differs from what the Java API classes generate. `make manifests` runs this test
 * with -Dcrds.update=true to rewrite crds/ instead.
 */
class CrdDriftTest {

    private static final Path COMMITTED = Path.of("crds");

    @Test
    void committedCrdsMatchTheJavaClasses() throws IOException {
        Map<String, String> generated = CrdGeneration.generate(Path.of("target", "generated-crds"));
        assertThat(generated).containsOnlyKeys("milvusaliases.milvus.io.yaml", "milvusconnections.milvus.io.yaml",
                "clustermilvusconnections.milvus.io.yaml");

        if (Boolean.getBoolean("crds.update")) {
            Files.createDirectories(COMMITTED);
            for (var entry : generated.entrySet()) {
                Files.writeString(COMMITTED.resolve(entry.getKey()), entry.getValue());
            }
        }

        Map<String, String> committed = new TreeMap<>();
        try (var listing = Files.list(COMMITTED)) {
            for (Path file : listing.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                committed.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        assertThat(committed)
                .as("crds/ is out of date with the Java API classes; run `make manifests` and commit the result")
                .isEqualTo(generated);
    }

    @Test
    void everyFieldHasADescriptionForKubectlExplain() throws IOException {
        for (String text : CrdGeneration.generate(Path.of("target", "generated-crds")).values()) {
            var crd = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(text,
                    io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class);
            var root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
            java.util.List<String> missing = new java.util.ArrayList<>();
            undocumented(crd.getSpec().getNames().getKind(), root, missing);
            assertThat(missing).as("fields without a description").isEmpty();
        }
    }

    private static void undocumented(String path, io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps schema,
            java.util.List<String> missing) {
        if (schema.getDescription() == null || schema.getDescription().isBlank()) {
            missing.add(path);
        }
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((name, child) -> undocumented(path + "." + name, child, missing));
        }
        if (schema.getItems() != null && schema.getItems().getSchema() != null
                && schema.getItems().getSchema().getProperties() != null) {
            schema.getItems().getSchema().getProperties()
                    .forEach((name, child) -> undocumented(path + "[]." + name, child, missing));
        }
    }

    @Test
    void printerColumnsFollowTheDeclaredOrder() throws IOException {
        String alias = CrdGeneration.generate(Path.of("target", "generated-crds")).get("milvusaliases.milvus.io.yaml");
        assertThat(alias).containsSubsequence("name: \"ALIAS\"", "name: \"COLLECTION\"", "name: \"DATABASE\"",
                "name: \"READY\"", "name: \"REASON\"", "name: \"DESIRED\"", "name: \"AGE\"");
        assertThat(alias).contains("description: \"A Milvus collection alias managed as code");
    }
}
