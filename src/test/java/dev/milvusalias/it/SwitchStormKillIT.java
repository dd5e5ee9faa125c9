package dev.milvusalias.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.metrics.PrometheusText;
import dev.milvusalias.sandbox.SandboxKubeApi;

/**
 * The packaged operator, killed with SIGKILL in the middle of a switch storm of {@value #SIZE} aliases, then started
 * again: the new process finishes the storm with one AlterAlias per alias in all (the writes the dead one made but
 * never recorded are confirmed from status.pendingChange, not repeated), no other write, and each alias with one
 * Switched event, previousCollectionName and a lastSwitchTime of when it switched.
 * <p>
 * A child process against the embedded API server ({@link SandboxKubeApi}, through a kubeconfig) and the emulator,
 * because only a real process dies at once, with everything it was doing: SIGKILL runs no shutdown hook, so no
 * status write, event or lease release gets out after it. Needs {@code target/quarkus-app/quarkus-run.jar}: the
 * {@code packaged-operator} test execution of {@code mvn verify} runs it after packaging.
 */
class SwitchStormKillIT {

    private static final int SIZE = 200;
    private static final int KILL_AT = SIZE / 2;
    /** Long enough that the calls held at the kill cannot have answered before it, even on a loaded machine. */
    private static final Duration HOLD = Duration.ofSeconds(2);
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration STEP = Duration.ofSeconds(90);
    private static final Path WORK = Path.of("target", "switch-storm-kill-it");

    @RegisterExtension
    final ScenarioReport report = new ScenarioReport("operator killed mid-storm",
            "the operator process killed with SIGKILL after " + KILL_AT + " of " + SIZE + " AlterAlias calls of a "
                    + "switch storm (the last ones still in flight in Milvus), then started again",
            "the restarted operator finishes: every alias at its collection, one AlterAlias per alias in all, no "
                    + "DropAlias or CreateAlias, one Switched event and previousCollectionName/lastSwitchTime each, "
                    + "no pendingChange");

    @Test
    void theRestartedOperatorFinishesTheStormWithOneAlterAliasPerAlias() throws Exception {
        assertThat(PackagedOperator.JAR).as("the packaged operator (mvn verify runs this after packaging)")
                .isRegularFile();
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        try (SandboxKubeApi api = SandboxKubeApi.start(ProjectCrds.files());
                MilvusEmulator milvus = MilvusEmulator.start()) {
            Path kubeconfig = api.writeKubeconfig(WORK.resolve("kubeconfig").toAbsolutePath());
            SwitchStorm storm = new SwitchStorm(api.client(), SandboxKubeApi.DEFAULT_NAMESPACE, milvus, SIZE);
            storm.declare();

            SwitchStorm.AtKill kill;
            long started = System.nanoTime();
            Duration firstReady;
            Duration created;
            try (PackagedOperator first = PackagedOperator.start(kubeconfig, WORK.resolve("operator-1.log"))) {
                first.awaitReady(START);
                firstReady = Duration.ofNanos(System.nanoTime() - started);
                storm.awaitBound(SwitchStorm.FROM, STEP);
                created = Duration.ofNanos(System.nanoTime() - started).minus(firstReady);
                storm.start();
                int[] exit = new int[1];
                kill = storm.killMidway(KILL_AT, HOLD, () -> exit[0] = first.kill(), STEP);
                assertThat(exit[0]).as("killed by signal 9").isEqualTo(128 + 9);
            }
            assertThat(kill.pendingTook()).as("writes that took but were not recorded when it died").isPositive();
            storm.awaitEditsSent(STEP);
            List<MilvusEmulator.Call> beforeRestart = milvus.calls();

            long restarted = System.nanoTime();
            try (PackagedOperator second = PackagedOperator.start(kubeconfig, WORK.resolve("operator-2.log"))) {
                second.awaitReady(START);
                Duration ready = Duration.ofNanos(System.nanoTime() - restarted);
                storm.awaitConverged(STEP);
                Duration converged = Duration.ofNanos(System.nanoTime() - restarted);
                Instant end = Instant.now();

                storm.assertConverged(kill, end);
                PrometheusText metrics = PrometheusText.parse(second.metrics());
                Map<String, String> aliases = Map.of("controller_name", "milvusalias");
                List<MilvusEmulator.Call> all = milvus.calls();
                report.figure("operator ready", firstReady).figure(SIZE + " aliases created and Bound", created);
                kill.addTo(report).figure("restarted operator ready", ready)
                        .figure("converged after the restart", converged)
                        .figure("storm total, downtime included", Duration.between(storm.started(), end))
                        .figure("Milvus calls before the restart", SwitchStorm.counts(
                                SwitchStorm.countBy(beforeRestart, MilvusEmulator.Call::rpc)))
                        .figure("Milvus calls after it", SwitchStorm.counts(SwitchStorm.countBy(
                                all.subList(beforeRestart.size(), all.size()), MilvusEmulator.Call::rpc)))
                        .figure("AlterAlias re-sent", milvus.count("AlterAlias") - SIZE)
                        .figure("failed Milvus calls after it", (long) (metrics.sum(
                                "milvus_alias_milvus_call_seconds_count") - metrics.sum(
                                "milvus_alias_milvus_call_seconds_count", Map.of("outcome", "ok"))))
                        .figure("retries after it (failed reconciliations)",
                                (long) metrics.sum("reconciliations_failure_total", aliases));
                assertThat(second.stop(Duration.ofSeconds(20))).as("ended by SIGTERM, not killed").isEqualTo(128 + 15);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
