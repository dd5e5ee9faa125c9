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
import dev.milvusalias.emulator.IndexBuild;
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
        client.resource(connection).inNamespace(NS).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
        apply("examples/products-alias.yaml");

        OperatorHarness k8s = new OperatorHarness(client, NS);
        k8s.awaitReady("products", "True", "Bound");
        assertThat(milvus.aliasTarget("default", "products")).contains("products_v1");

        apply("examples/products-v2.yaml");

        org.awaitility.Awaitility.await().atMost(OperatorHarness.TIMEOUT)
                .until(() -> milvus.aliasTarget("default", "products").filter("products_v2"::equals).isPresent());
        assertThat(callsFor("products", "AlterAlias")).isEqualTo(1);
        assertThat(callsFor("products", "DropAlias")).isZero();
    }

    @Test
    void theGatedExampleHoldsAHalfBuiltSwitchUntilTheRowsAreThere() throws IOException {
        MilvusConnection connection = load(MilvusConnection.class, "examples/milvus-connection.yaml");
        connection.getSpec().setUri(milvus.uri());
        client.resource(connection).inNamespace(NS).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
        milvus.setRowCount("default", "products_v1", 98_113);
        milvus.setRowCount("default", "products_v2", 1_204); // an ingest job that died at about 1 %
        MilvusAlias serving = load(MilvusAlias.class, "examples/alias-with-gates.yaml");
        serving.getMetadata().setNamespace(NS);
        serving.getSpec().setCollectionName("products_v1");
        client.resource(serving).create();
        OperatorHarness k8s = new OperatorHarness(client, NS);
        k8s.awaitReady("search", "True", "Bound");

        apply("examples/alias-with-gates.yaml");

        MilvusAlias held = k8s.awaitReady("search", "False", "RowCountDropTooLarge");
        assertThat(held.getStatus().getConditions().get(0).getMessage())
                .contains("products_v2 has about 1,204 rows; products_v1 has about 98,113; the drop 98.8 %");
        assertThat(held.getStatus().getTargetRowCount()).isEqualTo(1_204L);
        assertThat(held.getStatus().getCurrentRowCount()).isEqualTo(98_113L);
        assertThat(milvus.aliasTarget("default", "search")).contains("products_v1");
        k8s.awaitEvent("search", "RowCountDropTooLarge");

        milvus.setRowCount("default", "products_v2", 98_500); // the rebuild finished
        k8s.awaitReady("search", "True", "Bound");
        assertThat(milvus.aliasTarget("default", "search")).contains("products_v2");
        assertThat(k8s.get(MilvusAlias.class, "search").getStatus().getPreviousCollectionName()).isEqualTo("products_v1");
    }

    @Test
    void theGatedExampleCreatesOnlyOnceTheRowsAndTheIndexAreThere() throws IOException {
        MilvusConnection connection = load(MilvusConnection.class, "examples/milvus-connection.yaml");
        connection.getSpec().setUri(milvus.uri());
        client.resource(connection).inNamespace(NS).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
        String index = milvus.indexNames("default", "products_v2").get(0);
        milvus.setRowCount("default", "products_v2", 500);
        MilvusAlias fresh = load(MilvusAlias.class, "examples/alias-with-gates.yaml");
        fresh.getMetadata().setNamespace(NS);
        fresh.getMetadata().setName("search-new");
        fresh.getSpec().setAlias("search_new");
        client.resource(fresh).create();
        OperatorHarness k8s = new OperatorHarness(client, NS);

        MilvusAlias tooSmall = k8s.awaitReady("search-new", "False", "WaitingForRowCount");
        assertThat(tooSmall.getStatus().getConditions().get(0).getMessage())
                .contains("products_v2 has about 500 rows, fewer than switchPolicy.minRowCount 1,000");
        assertThat(tooSmall.getStatus().getTargetRowCount()).isEqualTo(500L);

        milvus.setRowCount("default", "products_v2", 98_500);
        milvus.setIndexBuild("default", "products_v2", index, IndexBuild.inProgress(90_000, 98_500));
        MilvusAlias indexing = k8s.awaitReady("search-new", "False", "WaitingForIndex");
        assertThat(indexing.getStatus().getConditions().get(0).getMessage()).contains("8500 pending");
        assertThat(milvus.aliasTarget("default", "search_new")).isEmpty();
        assertThat(callsFor("search_new", "CreateAlias")).isZero();

        milvus.setIndexBuild("default", "products_v2", index, IndexBuild.finished(98_500));
        k8s.awaitReady("search-new", "True", "Bound");
        assertThat(milvus.aliasTarget("default", "search_new")).contains("products_v2");
    }

    private long callsFor(String alias, String rpc) {
        return milvus.calls().stream().filter(c -> c.rpc().equals(rpc) && alias.equals(c.fields().get("alias"))).count();
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
