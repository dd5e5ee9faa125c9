package dev.milvusalias.crd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonClassDescription;

import dev.milvusalias.api.ClusterMilvusConnection;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusConnection;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * Generates the CRD YAML from the Java API classes: fabric8's generator, plus two touches it does not
 * do itself — printer columns in the order they are declared, and the kind's description at the root.
 */
public final class CrdGeneration {

    public static final List<Class<? extends CustomResource<?, ?>>> KINDS = List.of(MilvusAlias.class,
            MilvusConnection.class, ClusterMilvusConnection.class);

    private CrdGeneration() {
    }

    /** Generates every CRD; returns file name -> YAML text. */
    public static Map<String, String> generate(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        new CRDGenerator()
                .customResourceClasses(new ArrayList<>(KINDS))
                .forCRDVersions("v1")
                .withPostProcessor(new DeclaredOrder())
                .inOutputDir(workDir.toFile())
                .generate();
        Map<String, String> files = new TreeMap<>();
        try (var listing = Files.list(workDir)) {
            for (Path file : listing.toList()) {
                String name = file.getFileName().toString().replace("-v1.yml", ".yaml");
                files.put(name, Files.readString(file));
            }
        }
        return files;
    }

    /** Reorders printer columns as declared on the class, and sets the root description. */
    static final class DeclaredOrder implements CRDPostProcessor {
        @Override
        public HasMetadata process(HasMetadata resource, String crdSpecVersion) {
            CustomResourceDefinition crd = (CustomResourceDefinition) resource;
            Class<?> kind = KINDS.stream()
                    .filter(k -> k.getSimpleName().equals(crd.getSpec().getNames().getKind()))
                    .findFirst().orElseThrow();
            List<String> declared = java.util.Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
                    .map(AdditionalPrinterColumn::name).toList();
            for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
                List<CustomResourceColumnDefinition> columns = new ArrayList<>(version.getAdditionalPrinterColumns());
                columns.sort(Comparator.comparingInt(c -> declared.indexOf(c.getName())));
                version.setAdditionalPrinterColumns(columns);
                JsonClassDescription description = kind.getAnnotation(JsonClassDescription.class);
                if (description != null) {
                    version.getSchema().getOpenAPIV3Schema().setDescription(description.value());
                }
            }
            return crd;
        }
    }
}
