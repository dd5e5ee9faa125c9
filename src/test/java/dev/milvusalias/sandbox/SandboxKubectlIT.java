package dev.milvusalias.sandbox;

import dev.milvusalias.emulator.MilvusEmulator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
  * The sandbox of {@code make run} driven with the real {@code kubectl}: the {@link Sandbox} (embedded API with the CRDs
  * of {@code crds/}, emulator seeded with products_v1 and products_v2, examples applied) and the operator, here
  * in-process as a {@code @QuarkusTest} pointed at the sandbox API. Every step is checked in the emulator.
  * <p>
  * The steps build on each other (ordered): get, apply products-v2.yaml, patch back, delete.
  */
@QuarkusTest
@WithTestResource(SandboxTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxKubectlIT {

    private static final String KUBECTL = System.getProperty("kubectl", "kubectl");
    private static final Duration KUBECTL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration OPERATOR = Duration.ofSeconds(30);
    private static final String DB = "default";

    Sandbox sandbox;

    private static Path work;
    private static Path home;

    @BeforeAll
    static void isolatedKubectlHome() throws IOException {
        work = Files.createDirectories(Path.of("target", "sandbox-it", "kubectl").toAbsolutePath());
        home = Files.createDirectories(work.resolve("home"));
    }

    @Test
    @Order(1)
    void sandboxIsSeededAndListensOnLoopbackOnly() {
        MilvusEmulator milvus = sandbox.emulator();
        assertThat(milvus.port()).as("a free port in tests, not 19530").isNotEqualTo(Sandbox.DEFAULT_MILVUS_PORT);
        assertThat(milvus.collections(DB)).containsExactly("products_v1", "products_v2");
        assertThat(milvus.loadState(DB, "products_v1").name()).isEqualTo("LoadStateLoaded");
        assertThat(milvus.loadState(DB, "products_v2").name()).isEqualTo("LoadStateLoaded");
        assertThat(sandbox.kubeconfig()).isEqualTo(Path.of("target", "sandbox-it", "kubeconfig").toAbsolutePath());
        assertThat(sandbox.crdFiles()).extracting(p -> p.getFileName().toString())
                .containsExactly("clustermilvusconnections.milvus.io.yaml", "milvusaliases.milvus.io.yaml",
                        "milvusconnections.milvus.io.yaml");
        if (ListeningSockets.supported()) {
            assertThat(ListeningSockets.onPort(sandbox.apiPort())).extracting(ListeningSockets.Listener::address)
                    .containsExactly("127.0.0.1");
            assertThat(ListeningSockets.onPort(milvus.port())).extracting(ListeningSockets.Listener::address)
                    .containsExactly("127.0.0.1");
        }
    }

    @Test
    @Order(2)
    void getShowsTheExampleAliasBoundWithItsPrinterColumns() {
        AtomicReference<Kubectl.Result> last = new AtomicReference<>();
        await().atMost(OPERATOR).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Kubectl.Result get = kubectl("get", "malias");
            last.set(get);
            assertThat(get.exitCode).as(get.toString()).isZero();
            assertThat(get.stdout).containsPattern("(?m)^products\\s+products\\s+products_v1\\s+default\\s+True\\s+Bound\\s+\\S+$");
        });
        assertThat(last.get().stdout.lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly("NAME", "ALIAS", "COLLECTION", "DATABASE", "READY", "REASON", "AGE");
        assertThat(sandbox.emulator().aliasTarget(DB, "products")).contains("products_v1");

        Kubectl.Result connection = kubectl("get", "milvusconnections.milvus.io", "milvus", "-o",
                "jsonpath={.spec.uri} {.status.conditions[?(@.type==\"Ready\")].reason}");
        assertThat(connection.stdout).as("the example's uri rewritten to the emulator's port")
                .isEqualTo(sandbox.emulator().uri() + " Connected");
    }

    @Test
    @Order(3)
    void applyingProductsV2SwitchesTheAliasWithAlterAlias() {
        MilvusEmulator milvus = sandbox.emulator();
        milvus.clearCalls();

        Kubectl.Result applied = kubectl("apply", "-f", "examples/products-v2.yaml");

        assertThat(applied.exitCode).as(applied.toString()).isZero();
        assertThat(applied.stdout.trim()).isEqualTo("milvusalias.milvus.io/products configured");
        assertThat(applied.stderr).as("the sandbox applied the examples as kubectl apply does").isEmpty();
        await().atMost(OPERATOR).until(() -> milvus.aliasTarget(DB, "products").filter("products_v2"::equals).isPresent());
        assertThat(milvus.count("AlterAlias")).isEqualTo(1);
        assertThat(milvus.count("DropAlias")).isZero();
        assertThat(milvus.count("CreateAlias")).isZero();
        awaitGet("products\\s+products\\s+products_v2\\s+default\\s+True\\s+Bound");
    }

    @Test
    @Order(4)
    void patchingTheCollectionSwitchesBack() {
        MilvusEmulator milvus = sandbox.emulator();
        milvus.clearCalls();

        Kubectl.Result patched = kubectl("patch", "malias", "products", "--type=merge", "-p",
                "{\"spec\":{\"collectionName\":\"products_v1\"}}");

        assertThat(patched.exitCode).as(patched.toString()).isZero();
        assertThat(patched.stdout.trim()).isEqualTo("milvusalias.milvus.io/products patched");
        await().atMost(OPERATOR).until(() -> milvus.aliasTarget(DB, "products").filter("products_v1"::equals).isPresent());
        assertThat(milvus.count("AlterAlias")).isEqualTo(1);
        assertThat(milvus.count("DropAlias")).isZero();
        awaitGet("products\\s+products\\s+products_v1\\s+default\\s+True\\s+Bound");

        Kubectl.Result events = kubectl("get", "events", "--field-selector", "involvedObject.name=products");
        assertThat(events.stdout).contains("products_v1 -> products_v2").contains("products_v2 -> products_v1");
    }

    @Test
    @Order(5)
    void deletingDropsTheAliasAndTheObjectGoes() {
        MilvusEmulator milvus = sandbox.emulator();
        milvus.clearCalls();

        Kubectl.Result deleted = kubectl("delete", "malias", "products");

        assertThat(deleted.exitCode).as(deleted.toString()).isZero();
        assertThat(deleted.stdout.trim()).isEqualTo("milvusalias.milvus.io \"products\" deleted");
        await().atMost(OPERATOR).until(() -> milvus.aliasTarget(DB, "products").isEmpty());
        assertThat(milvus.count("DropAlias")).isEqualTo(1);
        assertThat(milvus.aliases(DB)).isEmpty();
        assertThat(milvus.collections(DB)).as("collections are never touched").containsExactly("products_v1",
                "products_v2");
        await().atMost(OPERATOR).untilAsserted(() -> {
            Kubectl.Result get = kubectl("get", "malias", "products");
            assertThat(get.exitCode).isEqualTo(1);
            assertThat(get.stderr).contains("milvusaliases.milvus.io \"products\" not found");
        });
        Kubectl.Result none = kubectl("get", "malias");
        assertThat(none.stderr.trim()).isEqualTo("No resources found in default namespace.");
    }

    private void awaitGet(String rowPattern) {
        await().atMost(OPERATOR).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Kubectl.Result get = kubectl("get", "malias", "products");
            assertThat(get.stdout).as(get.toString()).containsPattern(rowPattern);
        });
    }

    private Kubectl.Result kubectl(String... args) {
        return Kubectl.run(KUBECTL, sandbox.kubeconfig(), home, work, KUBECTL_TIMEOUT, List.of(args));
    }
}
