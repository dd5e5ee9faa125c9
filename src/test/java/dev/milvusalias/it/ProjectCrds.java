package dev.milvusalias.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
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
        install(server.getClient());
    }

    /** Creates the committed CRDs through this client. */
    public static void install(KubernetesClient client) {
        try {
            for (Path file : files()) {
                try (InputStream in = Files.newInputStream(file)) {
                    client.apiextensions().v1().customResourceDefinitions()
                            .resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
                            .create();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The committed CRD files, crds/*.yaml. */
    public static List<Path> files() throws IOException {
        try (var files = Files.list(Path.of("crds"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
