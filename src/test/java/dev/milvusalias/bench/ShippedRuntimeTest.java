package dev.milvusalias.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippedRuntimeTest {

    private static final String DEPLOYMENT = String.join("\n",
            "apiVersion: apps/v1",
            "kind: Deployment",
            "metadata:",
            "  name: op",
            "spec:",
            "  template:",
            "    spec:",
            "      containers:",
            "        - name: operator",
            "          image: op",
            "          env:",
            "            - name: POD_NAME",
            "              valueFrom:",
            "                fieldRef:",
            "                  fieldPath: metadata.name",
            "            - name: MILVUS_ALIAS_RESYNC_INTERVAL",
            "              value: 5m",
            "            - name: MILVUS_ALIAS_DELETION_TIMEOUT",
            "              value: \"\"",
            "          resources:",
            "            limits:",
            "              memory: 512Mi",
            "---",
            "apiVersion: v1",
            "kind: Service",
            "metadata:",
            "  name: op",
            "");

    @Test
    void readsTheImageFlagsAndTheContainerSettings(@TempDir Path project) throws IOException {
        Files.writeString(project.resolve("Dockerfile"), "FROM maven:3-eclipse-temurin-17 AS build\n"
                + "FROM eclipse-temurin:25-jre\nENV JAVA_OPTS=\"-XX:MaxRAMPercentage=75  -Da=b\"\nENTRYPOINT [\"sh\"]\n");
        Files.createDirectories(project.resolve("deploy/base"));
        Files.writeString(project.resolve("deploy/base/deployment.yaml"), DEPLOYMENT);

        ShippedRuntime runtime = ShippedRuntime.read(project);

        assertThat(runtime.javaOpts()).containsExactly("-XX:MaxRAMPercentage=75", "-Da=b");
        assertThat(runtime.javaRelease()).isEqualTo(25); // the runtime stage's, not the build's
        assertThat(runtime.aotCache()).isNull();
        assertThat(runtime.memoryLimit()).isEqualTo(512L * 1024 * 1024);
        assertThat(runtime.deploymentEnv()).containsExactly(Map.entry("MILVUS_ALIAS_RESYNC_INTERVAL", "5m"),
                Map.entry("MILVUS_ALIAS_DELETION_TIMEOUT", ""));
        // what the JVM concludes inside a 512 MiB container: heap from the limit, and not a server-class machine
        assertThat(runtime.jvmFlags()).containsExactly("-XX:MaxRAMPercentage=75", "-Da=b", "-XX:MaxRAM=536870912",
                "-XX:+UseSerialGC");
    }

    @Test
    void environmentIsThePodsWithTheSandboxApiAndOverridesLast() {
        ShippedRuntime runtime = new ShippedRuntime(java.util.List.of(), 4L << 30,
                Map.of("MILVUS_ALIAS_RESYNC_INTERVAL", "5m", "MILVUS_ALIAS_LEADER_ELECTION_ENABLED", "true"), 0);

        Map<String, String> env = runtime.environment(Path.of("/tmp/kc"), 8081,
                Map.of("MILVUS_ALIAS_RESYNC_INTERVAL", "10s"));

        assertThat(env).containsEntry("KUBECONFIG", "/tmp/kc").containsEntry("QUARKUS_HTTP_HOST", "127.0.0.1")
                .containsEntry("QUARKUS_HTTP_PORT", "8081").containsEntry("MILVUS_ALIAS_RESYNC_INTERVAL", "10s")
                .containsEntry("POD_NAME", ShippedRuntime.POD_NAME)
                .containsEntry("MILVUS_ALIAS_LEADER_ELECTION_ENABLED", "true") // as the Deployment sets it
                .doesNotContainKeys("JAVA_TOOL_OPTIONS", "KUBERNETES_SERVICE_HOST");
        assertThat(runtime.jvmFlags()).containsExactly("-XX:MaxRAM=4294967296");
    }

    @Test
    void aCollectorTheImageChoosesIsKeptAndTheJarRunsByNameInItsDirectory() {
        ShippedRuntime runtime = new ShippedRuntime(java.util.List.of("-XX:+UseParallelGC"), 512L << 20, Map.of(),
                0);
        Path jar = Path.of("/repo/target/quarkus-app/quarkus-run.jar");

        assertThat(runtime.jvmFlags()).containsExactly("-XX:+UseParallelGC", "-XX:MaxRAM=536870912");
        // as the image runs it from /deployments: the AOT cache records the class path as quarkus-run.jar
        assertThat(runtime.command(jar)).endsWith("-XX:+UseParallelGC", "-XX:MaxRAM=536870912", "-jar",
                "quarkus-run.jar");
        assertThat(ShippedRuntime.workingDirectory(jar)).isEqualTo(Path.of("/repo/target/quarkus-app"));
    }

    @Test
    void theAotCacheIsTrainedWithTheRunsFlagsButTheCache() {
        ShippedRuntime runtime = new ShippedRuntime(java.util.List.of("-XX:AOTCache=app.aot", "-XX:+UseSerialGC"),
                512L << 20, Map.of(), 0);
        Path jar = Path.of("/repo/target/quarkus-app/quarkus-run.jar");

        assertThat(runtime.aotCache()).isEqualTo("app.aot");
        assertThat(runtime.command(jar)).contains("-XX:AOTCache=app.aot");
        assertThat(runtime.aotTrainingCommand(jar)).doesNotContain("-XX:AOTCache=app.aot")
                .endsWith("-XX:+UseSerialGC", "-XX:MaxRAM=536870912", "-XX:+UnlockDiagnosticVMOptions",
                        "-XX:-AOTRecordTraining", "-XX:AOTCacheOutput=app.aot", "-jar", "quarkus-run.jar");
        assertThat(runtime.command(jar)).doesNotContain("-XX:-AOTRecordTraining"); // the image runs no diagnostic flag
    }

    @Test
    void aJdksReleaseComesFromItsReleaseFile(@TempDir Path jdk) throws IOException {
        assertThat(ShippedRuntime.release(jdk)).isZero();
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.1\"\n");
        assertThat(ShippedRuntime.release(jdk)).isEqualTo(25);
        assertThat(ShippedRuntime.release(Path.of(System.getProperty("java.home"))))
                .isEqualTo(Runtime.version().feature());
    }
}
