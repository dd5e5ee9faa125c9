package dev.milvusalias.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.milvusalias.sandbox.SandboxMain;

/**
 * The packaged operator ({@code target/quarkus-app/quarkus-run.jar}) as a child process, started the way the image
 * starts it, with its HTTP server on a free port of 127.0.0.1; what it costs is read from {@code /proc}.
 */
final class OperatorProcess implements AutoCloseable {

    private final Process process;
    private final long startedNanos;
    private final int httpPort;
    private final Path javaHome;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    private OperatorProcess(Process process, long startedNanos, int httpPort, Path javaHome) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.httpPort = httpPort;
        this.javaHome = javaHome;
    }

    /** Starts the jar (after writing the image's AOT cache, if it is missing); stdout and stderr go to {@code log}. */
    static OperatorProcess start(ShippedRuntime runtime, Path jar, Path kubeconfig, Map<String, String> overrides,
            Path log) {
        runtime.prepareAotCache(jar);
        return spawn(runtime.command(jar), runtime, jar, kubeconfig, overrides, log);
    }

    /** Runs {@code command} (a java command line for the jar) in the jar's directory, in the pod-like environment. */
    static OperatorProcess spawn(List<String> command, ShippedRuntime runtime, Path jar, Path kubeconfig,
            Map<String, String> overrides, Path log) {
        int port = SandboxMain.freePort();
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(ShippedRuntime.workingDirectory(jar).toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().clear();
        pb.environment().putAll(runtime.environment(kubeconfig, port, overrides));
        long started = System.nanoTime();
        try {
            return new OperatorProcess(pb.start(), started, port, runtime.javaHome());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + jar, e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** System.nanoTime() just before the process was spawned. */
    long startedNanos() {
        return startedNanos;
    }

    /** Polls /q/health/ready every 10 ms; returns the System.nanoTime() of the first UP (HTTP 200). */
    long awaitReady(Duration timeout) throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited with code " + process.exitValue());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return System.nanoTime();
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("/q/health/ready not UP within " + timeout.toSeconds() + " s");
    }

    double cpuSeconds() {
        return ProcStats.cpuSeconds(pid());
    }

    long rssBytes() {
        return ProcStats.rssBytes(pid());
    }

    long peakRssBytes() {
        return ProcStats.peakRssBytes(pid());
    }

    /** {@code jcmd <pid> Thread.print}: where every thread is, right now. */
    String threadDump() throws IOException, InterruptedException {
        return jcmd("Thread.print");
    }

    /** {@code jcmd <pid> GC.heap_info} and {@code VM.metaspace}: heap and metaspace, committed and used. */
    HeapInfo heapInfo() throws IOException, InterruptedException {
        return HeapInfo.parse(jcmd("GC.heap_info") + "\n" + jcmd("VM.metaspace"));
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(javaHome.resolve("bin").resolve("jcmd").toString(), // the operator's JDK's
                Long.toString(pid()), command).redirectErrorStream(true).start();
        byte[] out = jcmd.getInputStream().readAllBytes();
        if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** SIGTERM, as Kubernetes stops a pod; SIGKILL after the grace period. Returns how long it took. */
    Duration stop(Duration grace) throws InterruptedException {
        long t0 = System.nanoTime();
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
