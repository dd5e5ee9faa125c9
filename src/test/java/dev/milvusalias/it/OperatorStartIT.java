package dev.milvusalias.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.milvusalias.sandbox.SandboxKubeApi;

/**
 * The packaged operator starts the operator on a thread of its own after Quarkus has started (OperatorStart). A start
 * that fails must still end the process with exit code 1, as when the start was part of Quarkus' own, and never leave
 * a process that runs but is never ready. Here the CRDs are not installed: the informers' first list gets a 404.
 */
class OperatorStartIT {

    private static final Path WORK = Path.of("target", "operator-start-it");

    @Test
    void withoutItsCrdsTheOperatorExitsWithCode1AndIsNeverReady() throws Exception {
        assertThat(PackagedOperator.JAR).as("the packaged operator (mvn verify runs this after packaging)")
                .isRegularFile();
        Files.createDirectories(WORK);
        Path log = WORK.resolve("operator.log");
        try (SandboxKubeApi api = SandboxKubeApi.start(List.of());
                PackagedOperator operator = PackagedOperator.start(
                        api.writeKubeconfig(WORK.resolve("kubeconfig").toAbsolutePath()), log)) {
            List<Integer> readiness = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (operator.isAlive() && System.nanoTime() < deadline) {
                int status = operator.readyStatus();
                if (status != -1) {
                    readiness.add(status);
                }
                Thread.sleep(20);
            }
            assertThat(operator.awaitExit(Duration.ofSeconds(10))).as("exit code; see " + log).isEqualTo(1);
            assertThat(readiness).as("/q/health/ready while it ran").doesNotContain(200);
            assertThat(Files.readString(log)).contains("The operator could not start; exiting")
                    .contains("milvusaliases");
        }
    }
}
