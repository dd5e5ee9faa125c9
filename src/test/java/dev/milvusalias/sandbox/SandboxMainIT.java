package dev.milvusalias.sandbox;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
  * {@link SandboxMain} end to end, as {@code make run} starts it: its own JVM, the packaged operator as a child
  * process, the live view on stdout, kubectl against the kubeconfig it wrote, and SIGINT (Ctrl-C) to stop.
  * <p>
  * Needs {@code target/quarkus-app/quarkus-run.jar}, so {@code make test} ({@code mvn verify}) runs it after
  * packaging; without the jar it fails rather than skipping. {@link SandboxKubectlIT} covers the same kubectl steps with
  * the operator in-process. And SIGKILL, which SandboxMain cannot handle: its operator child ends by itself.
  */
class SandboxMainIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final String KUBECTL = System.getProperty("kubectl", "kubectl");
    private static final Duration START = Duration.ofSeconds(150);
    private static final Duration STEP = Duration.ofSeconds(30);
    /** The operator looks for its parent every second, then shuts down. */
    private static final Duration CHILD_GONE = Duration.ofSeconds(10);

    @Test
    void runsTheJarAgainstTheSandboxListensOnLoopbackOnlyAndStopsCleanlyOnCtrlC() throws Exception {
        assertThat(JAR).as("the packaged operator (make test runs this after packaging; alone: make build first)").isRegularFile();
        assertThat(ListeningSockets.supported()).as("/proc/net/tcp, to see which addresses are listened on").isTrue();

        Path work = Path.of("target", "sandbox-main-it").toAbsolutePath();
        deleteRecursively(work);
        Path home = Files.createDirectories(work.resolve("home"));
        Path stdout = work.resolve("stdout.txt");
        int milvusPort = SandboxMain.freePort();

        Process sandbox = startSandbox(work, milvusPort, stdout);
        List<ProcessHandle> tree = new ArrayList<>();
        try {
            await().atMost(START).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(sandbox.isAlive()).as(() -> "exited early:\n" + read(stdout)).isTrue();
                assertThat(read(stdout)).contains("products -> products_v1   Ready=True (Bound)   milvus: products -> products_v1");
            });
            String out = read(stdout);
            assertThat(out).contains("Milvus emulator  127.0.0.1:" + milvusPort)
                    .contains("kubectl --kubeconfig target/sandbox-main-it/kubeconfig apply -f examples/products-v2.yaml")
                    .contains("log: target/sandbox-main-it/operator.log");
            int apiPort = group(out, "Kubernetes API   http://127\\.0\\.0\\.1:(\\d+)");
            int httpPort = group(out, "operator +\\S+, pid \\d+, http://127\\.0\\.0\\.1:(\\d+)");

            tree.add(sandbox.toHandle());
            sandbox.descendants().forEach(tree::add);
            assertThat(tree).as("SandboxMain and the operator").hasSizeGreaterThanOrEqualTo(2);
            List<ListeningSockets.Listener> listeners = ListeningSockets.ownedBy(
                    tree.stream().map(ProcessHandle::pid).collect(Collectors.toSet()));
            assertThat(listeners).as("every listening socket of the sandbox processes").isNotEmpty()
                    .allSatisfy(l -> assertThat(l.address()).as(l.toString()).isEqualTo("127.0.0.1"));
            assertThat(listeners).extracting(ListeningSockets.Listener::port).contains(apiPort, milvusPort, httpPort);

            Path kubeconfig = work.resolve("kubeconfig");
            Kubectl.Result applied = Kubectl.run(KUBECTL, kubeconfig, home, work, STEP,
                    List.of("apply", "-f", "examples/products-v2.yaml"));
            assertThat(applied.exitCode).as(applied.toString()).isZero();
            await().atMost(STEP).untilAsserted(() -> assertThat(read(stdout))
                    .contains("products -> products_v2   Ready=True (Bound)   milvus: products -> products_v2"));

            Kubectl.Result deleted = Kubectl.run(KUBECTL, kubeconfig, home, work, STEP,
                    List.of("delete", "malias", "products"));
            assertThat(deleted.exitCode).as(deleted.toString()).isZero();
            await().atMost(STEP).untilAsserted(() -> assertThat(read(stdout)).containsPattern(
                    "products +\\(deleted\\) +milvus: products \\(dropped\\)"));

            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(sandbox.pid())).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sandbox.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
            assertThat(sandbox.exitValue()).as(read(stdout)).isZero();
            assertThat(tree).noneMatch(ProcessHandle::isAlive);
            assertThat(read(stdout)).contains("SIGINT: stopping the sandbox.", "operator (pid ",
                    "Milvus emulator and Kubernetes API stopped");
            assertThat(ListeningSockets.onPort(milvusPort)).isEmpty();
            assertThat(ListeningSockets.onPort(apiPort)).isEmpty();
            assertThat(ListeningSockets.onPort(httpPort)).isEmpty();
        } finally {
            tree.forEach(ProcessHandle::destroyForcibly);
            sandbox.descendants().forEach(ProcessHandle::destroyForcibly);
            sandbox.destroyForcibly();
        }
    }

    @Test
    void theOperatorEndsWithTheSandboxWhenTheSandboxIsKilledWithSigkill() throws Exception {
        assertThat(JAR).as("the packaged operator (make test runs this after packaging; alone: make build first)")
                .isRegularFile();

        Path work = Path.of("target", "sandbox-main-kill-it").toAbsolutePath();
        deleteRecursively(work);
        Files.createDirectories(work);
        Path stdout = work.resolve("stdout.txt");
        Process sandbox = startSandbox(work, SandboxMain.freePort(), stdout);
        ProcessHandle operator = null;
        try {
            await().atMost(START).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(sandbox.isAlive()).as(() -> "exited early:\n" + read(stdout)).isTrue();
                assertThat(read(stdout)).contains("operator ready in");
            });
            String out = read(stdout);
            long operatorPid = group(out, "operator +\\S+, pid (\\d+),");
            int httpPort = group(out, "operator +\\S+, pid \\d+, http://127\\.0\\.0\\.1:(\\d+)");
            operator = ProcessHandle.of(operatorPid).orElseThrow();
            assertThat(sandbox.children().map(ProcessHandle::pid)).as("the operator is the sandbox's child")
                    .contains(operatorPid);

            // SIGKILL: neither the sandbox's signal handler nor its shutdown hook runs, so it cannot stop its child.
            long killed = System.nanoTime();
            sandbox.destroyForcibly();
            assertThat(sandbox.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sandbox.exitValue()).as("killed by signal 9").isEqualTo(128 + 9);

            ProcessHandle child = operator;
            await().atMost(CHILD_GONE).pollInterval(Duration.ofMillis(100)).until(() -> !child.isAlive());
            System.out.printf("SandboxMainIT: the operator (pid %d) ended %.1f s after the sandbox got SIGKILL%n",
                    operatorPid, (System.nanoTime() - killed) / 1e9);
            assertThat(read(work.resolve("operator.log"))).contains("milvus-alias.parent-pid", "has ended: exiting");
            assertThat(ListeningSockets.onPort(httpPort)).isEmpty();
        } finally {
            if (operator != null) {
                operator.destroyForcibly();
            }
            sandbox.descendants().forEach(ProcessHandle::destroyForcibly);
            sandbox.destroyForcibly();
        }
    }

    /** SandboxMain in its own JVM, as {@code make run} starts it, with stdout and stderr in {@code stdout}. */
    private static Process startSandbox(Path work, int milvusPort, Path stdout) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path"), SandboxMain.class.getName())
                .redirectErrorStream(true).redirectOutput(stdout.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("SANDBOX_MILVUS_PORT", Integer.toString(milvusPort));
        pb.environment().put("SANDBOX_DIR", work.toString());
        return pb.start();
    }

    private static int group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex + " in\n" + text).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }


    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }
}
