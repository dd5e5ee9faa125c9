package dev.milvusalias.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.quarkus.test.kubernetes.client.KubernetesServer;

/**
 * Installs the committed CRDs from {@code crds/} on the mock API server before the operator starts, as
 * {@code make install} does on a cluster, so the tests run against exactly what users install.
 */
public class ProjectCrds implements Consumer<KubernetesServer> {

    @Override
    public void accept(KubernetesServer server) {
        install(server);
    }

    public static void install(KubernetesServer server) {
        try (var files = Files.list(Path.of("crds"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    CustomResourceDefinition crd = server.getClient().getKubernetesSerialization()
                            .unmarshal(in, CustomResourceDefinition.class);
                    server.getClient().apiextensions().v1().customResourceDefinitions().resource(crd).create();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
