package dev.milvusalias.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.milvusalias.api.ClusterMilvusConnection;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.emulator.MilvusEmulator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** The files under examples/ (shown in the README) work as described. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = ProjectCrds.class)
class ExamplesIT {

    private static final String NS = "examples-it";
    private static MilvusEmulator milvus;

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void startMilvus() {
        milvus = MilvusEmulator.startWithLoaded("products_v1", "products_v2");
    }

    @AfterAll
    static void stopMilvus() {
        milvus.close();
    }

    @Test
    void applyingTheExamplesCreatesThenSwitchesTheAlias() throws IOException {
        MilvusConnection connection = load(MilvusConnection.class, "examples/milvus-connection.yaml");
        connection.getSpec().setUri(milvus.uri()); // the example names 19530; the test uses a free port
        client.resource(connection).inNamespace(NS).create();
        apply("examples/products-alias.yaml");

        OperatorHarness k8s = new OperatorHarness(client, NS);
        k8s.awaitReady("products", "True", "Bound");
        assertThat(milvus.aliasTarget("default", "products")).contains("products_v1");

        apply("examples/products-v2.yaml");

        org.awaitility.Awaitility.await().atMost(OperatorHarness.TIMEOUT)
                .until(() -> milvus.aliasTarget("default", "products").filter("products_v2"::equals).isPresent());
        assertThat(milvus.count("AlterAlias")).isEqualTo(1);
        assertThat(milvus.count("DropAlias")).isZero();
    }

    @Test
    void theClusterConnectionExampleServesTheLabelledNamespaceWithTheOperatorNamespaceSecret() throws IOException {
        client.resource(new NamespaceBuilder().withNewMetadata().withName("milvus-alias-system").endMetadata().build())
                .createOr(NonDeletingOperation::update);
        try (InputStream in = Files.newInputStream(Path.of("examples/cluster-connection.yaml"))) {
            for (HasMetadata object : client.load(in).items()) {
                if ("ClusterMilvusConnection".equals(object.getKind())) {
                    ClusterMilvusConnection shared = client.getKubernetesSerialization()
                            .convertValue(object, ClusterMilvusConnection.class);
                    shared.getSpec().setUri(milvus.uri()); // the example names 19530; the test uses a free port
                    object = shared;
                }
                client.resource(object).create();
            }
        }

        new OperatorHarness(client, "search").awaitReady("catalog", "True", "Bound");
        assertThat(milvus.aliasTarget("default", "catalog")).contains("products_v1");
    }

    private void apply(String file) throws IOException {
        MilvusAlias desired = load(MilvusAlias.class, file);
        desired.getMetadata().setNamespace(NS);
        MilvusAlias current = client.resources(MilvusAlias.class).inNamespace(NS)
                .withName(desired.getMetadata().getName()).get();
        if (current == null) {
            client.resource(desired).create();
        } else {
            client.resources(MilvusAlias.class).inNamespace(NS).withName(desired.getMetadata().getName())
                    .edit(a -> {
                        a.setSpec(desired.getSpec());
                        return a;
                    });
        }
    }

    private <T> T load(Class<T> type, String file) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            return client.getKubernetesSerialization().unmarshal(in, type);
        }
    }

}
