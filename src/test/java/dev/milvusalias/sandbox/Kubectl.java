package dev.milvusalias.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs the real kubectl binary against a kubeconfig, isolated from the user's {@code ~/.kube}. */
final class Kubectl {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Kubectl() {
    }

    static final class Result {
        final List<String> args;
        final int exitCode;
        final String stdout;
        final String stderr;

        Result(List<String> args, int exitCode, String stdout, String stderr) {
            this.args = args;
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public String toString() {
            return "kubectl " + String.join(" ", args) + " -> exit " + exitCode + "\n--- stdout:\n" + stdout
                    + "\n--- stderr:\n" + stderr;
        }
    }

    /**
      * A process builder for {@code kubectl --kubeconfig <kubeconfig> <args>} whose environment only keeps PATH and the
      * locale, with HOME (and so kubectl's cache directory) and KUBECONFIG pointing at the given places.
      */
    static ProcessBuilder processBuilder(String kubectl, Path kubeconfig, Path home, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(kubectl);
        command.add("--kubeconfig=" + kubeconfig);
        command.add("--cache-dir=" + home.resolve(".kube").resolve("cache"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("HOME", home.toString());
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("LANG", "C.UTF-8");
        Path tmp = home.resolve("tmp"); // kubectl diff writes its LIVE/MERGED trees there
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.put("TMPDIR", tmp.toString());
        return pb;
    }

    /** Runs kubectl to completion (killing it after {@code timeout}); output is captured through files in workDir. */
    static Result run(String kubectl, Path kubeconfig, Path home, Path workDir, Duration timeout, List<String> args) {
        int n = COUNTER.incrementAndGet();
        Path out = workDir.resolve("kubectl-" + n + ".out");
        Path err = workDir.resolve("kubectl-" + n + ".err");
        try {
            Process p = processBuilder(kubectl, kubeconfig, home, args)
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                            Path.of("/dev/null").toFile()))
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish within " + timeout
                        + "\n--- stdout:\n" + Files.readString(out) + "\n--- stderr:\n" + Files.readString(err));
            }
            return new Result(args, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
