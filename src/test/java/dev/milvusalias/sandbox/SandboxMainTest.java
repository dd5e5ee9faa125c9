package dev.milvusalias.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SandboxMain without the packaged operator: how it would start it, and how it refuses to start. */
class SandboxMainTest {

    @Test
    void theOperatorIsTheProductionJarAndNothingFromTheTestClassPath() {
        Path jar = Path.of("/repo/target/quarkus-app/quarkus-run.jar");
        assertThat(SandboxMain.operatorCommand(jar)).containsExactly(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString());
        assertThat(SandboxMain.OPERATOR_JAR).isEqualTo(Path.of("target/quarkus-app/quarkus-run.jar"));
    }

    @Test
    void theOperatorEnvironmentPointsAtTheSandboxKeepsItsHttpServerOnLoopbackAndNamesItsParent() {
        Map<String, String> env = SandboxMain.operatorEnvironment(Map.of(
                "PATH", "/usr/bin",
                "HOME", "/home/me",
                "KUBECONFIG", "/home/me/.kube/prod",
                "KUBERNETES_SERVICE_HOST", "10.0.0.1",
                "KUBERNETES_SERVICE_PORT", "443",
                "QUARKUS_HTTP_HOST", "0.0.0.0"), Path.of("/repo/target/sandbox/kubeconfig"), 41000, 4242);

        assertThat(env)
                .containsEntry("PATH", "/usr/bin")
                .containsEntry("HOME", "/home/me")
                .containsEntry("KUBECONFIG", "/repo/target/sandbox/kubeconfig")
                .containsEntry("QUARKUS_HTTP_HOST", "127.0.0.1")
                .containsEntry("QUARKUS_HTTP_PORT", "41000")
                .containsEntry("MILVUS_ALIAS_RESYNC_INTERVAL", "10s")
                .containsEntry("MILVUS_ALIAS_PARENT_PID", "4242")
                .doesNotContainKeys("KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT");
    }

    @Test
    void portsComeFromTheEnvironment() {
        assertThat(SandboxMain.port(Map.of(), "SANDBOX_MILVUS_PORT", 19530)).isEqualTo(19530);
        assertThat(SandboxMain.port(Map.of("SANDBOX_MILVUS_PORT", " "), "SANDBOX_MILVUS_PORT", 19530)).isEqualTo(19530);
        assertThat(SandboxMain.port(Map.of("SANDBOX_MILVUS_PORT", "19531"), "SANDBOX_MILVUS_PORT", 19530))
                .isEqualTo(19531);
        assertThatThrownBy(() -> SandboxMain.port(Map.of("SANDBOX_MILVUS_PORT", "milvus"), "SANDBOX_MILVUS_PORT", 1))
                .hasMessage("SANDBOX_MILVUS_PORT=milvus is not a port number (0-65535)");
        assertThatThrownBy(() -> SandboxMain.port(Map.of("SANDBOX_MILVUS_PORT", "70000"), "SANDBOX_MILVUS_PORT", 1))
                .hasMessageContaining("not a port number");
    }

    @Test
    void withoutThePackagedOperatorItSaysToBuild(@TempDir Path project) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new SandboxMain(project, project.resolve("target/sandbox"), 0, 0, print(out)).run();

        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("target/quarkus-app/quarkus-run.jar is missing: run `make build` first (`make run` does).\n");
    }

    @Test
    void aBusyMilvusPortFailsFastNamingMilvusPort(@TempDir Path project) throws IOException {
        copyDir(Path.of("crds"), project.resolve("crds"));
        copyDir(Path.of("examples"), project.resolve("examples"));
        Files.createDirectories(project.resolve("target/quarkus-app"));
        Files.writeString(project.resolve("target/quarkus-app/quarkus-run.jar"), "not started in this test");

        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long started = System.nanoTime();

            int code = new SandboxMain(project, project.resolve("target/sandbox"), port, 0, print(out)).run();

            assertThat(code).isEqualTo(1);
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms, no retrying").isLessThan(3000);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                    "Cannot start the Milvus emulator: 127.0.0.1:" + port + " is already in use.\n"
                            + "Stop what listens there, or choose another port: make run MILVUS_PORT=" + (port + 1)
                            + "  (environment variable MILVUS_PORT).\n");
            assertThat(project.resolve("target/sandbox/kubeconfig")).as("nothing started").doesNotExist();
        }
    }

    private static PrintStream print(ByteArrayOutputStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    private static void copyDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
