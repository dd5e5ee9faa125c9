package dev.milvusalias.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.milvusalias.sandbox.SandboxMain;

/**
 * The packaged operator ({@code target/quarkus-app/quarkus-run.jar}) as a child process, started as {@code make
 * run}'s sandbox starts it: pointed at a kubeconfig, its HTTP server on a free port of 127.0.0.1, and this JVM as its
 * parent, so it ends with the test run even if nothing stops it.
 */
final class PackagedOperator implements AutoCloseable {

    static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final Process process;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private PackagedOperator(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    /** Starts the jar against {@code kubeconfig}; stdout and stderr go to {@code log}. */
    static PackagedOperator start(Path kubeconfig, Path log) throws IOException {
        int port = SandboxMain.freePort();
        ProcessBuilder pb = new ProcessBuilder(SandboxMain.operatorCommand(JAR))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().clear();
        pb.environment().putAll(SandboxMain.operatorEnvironment(System.getenv(), kubeconfig, port,
                ProcessHandle.current().pid()));
        return new PackagedOperator(pb.start(), port);
    }

    /** Waits until /q/health/ready answers 200; fails when the process exits first. */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited with code " + process.exitValue());
            }
            if (readyStatus() == 200) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("/q/health/ready not UP within " + timeout.toSeconds() + " s");
    }

    /** The HTTP status /q/health/ready answers now, or -1 while nothing listens. */
    int readyStatus() throws InterruptedException {
        try {
            return http.send(request("/q/health/ready"), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself; its exit code, or -1 (and SIGKILL) if it is still running then. */
    int awaitExit(Duration timeout) {
        return exitCode(timeout);
    }

    /** What /q/metrics says now. */
    String metrics() throws IOException, InterruptedException {
        return http.send(request("/q/metrics"), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** SIGKILL: no shutdown hook, no lease release, no last status write. Returns the exit code (137). */
    int kill() {
        process.destroyForcibly();
        return exitCode(Duration.ofSeconds(10));
    }

    /** SIGTERM, as Kubernetes stops a pod; SIGKILL if it is not gone within {@code grace}. Returns the exit code. */
    int stop(Duration grace) {
        process.destroy();
        return exitCode(grace);
    }

    private int exitCode(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(2)).build();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
