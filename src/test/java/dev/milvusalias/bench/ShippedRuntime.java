package dev.milvusalias.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * How the shipped image runs the operator, read from the files that define it, so the benchmark follows them:
 * the Java release of the Dockerfile's runtime stage ({@code FROM eclipse-temurin:<release>-jre}), the JVM flags
 * of its {@code ENV JAVA_OPTS} and the AOT cache they name, and the container's environment and memory limit in
 * {@code deploy/base/deployment.yaml}.
 *
 * @param javaOpts      the image's {@code JAVA_OPTS}, split on blanks
 * @param memoryLimit   the container's memory limit in bytes
 * @param deploymentEnv the container's plain {@code env} values (those from a fieldRef are filled in by
 *                      {@link #environment})
 * @param javaRelease   the image's Java feature release (25), or 0 when the Dockerfile does not say
 */
record ShippedRuntime(List<String> javaOpts, long memoryLimit, Map<String, String> deploymentEnv, int javaRelease) {

    /** Pod name and namespace, as the Deployment's fieldRefs would give them. */
    static final String POD_NAME = "milvus-alias-operator-bench";
    static final String POD_NAMESPACE = "milvus-alias-system";

    /** Below this much memory a JDK 17 is not a "server class machine" and picks SerialGC instead of G1. */
    private static final long SERVER_CLASS_MEMORY = (2048L - 256L) * 1024 * 1024;
    private static final Pattern JAVA_OPTS = Pattern.compile("^ENV\\s+JAVA_OPTS=\"([^\"]*)\"", Pattern.MULTILINE);
    private static final Pattern RUNTIME_IMAGE = Pattern.compile("^FROM\\s+eclipse-temurin:(\\d+)", Pattern.MULTILINE);
    private static final Pattern RELEASE_VERSION = Pattern.compile("^JAVA_VERSION=\"([^\"]+)\"", Pattern.MULTILINE);
    private static final String AOT_CACHE = "-XX:AOTCache=";
    private static final List<String> NO_METHOD_PROFILES = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining");
    private static final Duration AOT_TRAINING_TIMEOUT = Duration.ofMinutes(10);

    static ShippedRuntime read(Path project) {
        try {
            String dockerfile = Files.readString(project.resolve("Dockerfile"));
            Matcher m = JAVA_OPTS.matcher(dockerfile);
            List<String> javaOpts = m.find() ? Arrays.asList(m.group(1).trim().split("\\s+")) : List.of();
            int javaRelease = 0;
            for (Matcher from = RUNTIME_IMAGE.matcher(dockerfile); from.find(); ) {
                javaRelease = Integer.parseInt(from.group(1)); // the last stage's is the runtime's
            }
            Container container = operatorContainer(project.resolve("deploy/base/deployment.yaml"));
            Quantity limit = container.getResources() == null || container.getResources().getLimits() == null ? null
                    : container.getResources().getLimits().get("memory");
            Map<String, String> env = new LinkedHashMap<>();
            for (EnvVar var : container.getEnv()) {
                if (var.getValueFrom() == null) {
                    env.put(var.getName(), var.getValue() == null ? "" : var.getValue());
                }
            }
            return new ShippedRuntime(List.copyOf(javaOpts), limit == null ? 0 : limit.getNumericalAmount().longValue(),
                    env, javaRelease);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Container operatorContainer(Path deploymentYaml) throws IOException {
        try (InputStream in = Files.newInputStream(deploymentYaml)) {
            Object loaded = new KubernetesSerialization().unmarshal(in);
            List<?> items = loaded instanceof List<?> list ? list : List.of(loaded);
            return items.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Deployment in " + deploymentYaml))
                    .getSpec().getTemplate().getSpec().getContainers().get(0);
        }
    }

    /**
     * The image's flags, plus what the JVM would conclude inside the container: it sizes its heap from the memory
     * limit ({@code -XX:MaxRAM}), and under 1792 MiB it chooses the Serial collector (unless the flags choose one).
     */
    List<String> jvmFlags() {
        List<String> flags = new ArrayList<>(javaOpts);
        if (memoryLimit > 0) {
            flags.add("-XX:MaxRAM=" + memoryLimit);
            if (memoryLimit < SERVER_CLASS_MEMORY && flags.stream().noneMatch(ShippedRuntime::choosesCollector)) {
                flags.add("-XX:+UseSerialGC");
            }
        }
        return flags;
    }

    private static boolean choosesCollector(String flag) {
        return flag.startsWith("-XX:+Use") && flag.endsWith("GC");
    }

    /**
     * {@code java <flags> -jar quarkus-run.jar}, with the image's Java release ({@link #javaHome}), to run in the
     * jar's directory ({@link #workingDirectory}) as the image runs it in {@code /deployments}: the AOT cache the
     * flags name records the class path as the training run saw it, relative to that directory.
     */
    List<String> command(Path jar) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmFlags());
        command.add("-jar");
        command.add(jar.getFileName().toString());
        return command;
    }

    /** The AOT cache file {@code -XX:AOTCache=} names, relative to the working directory; null when none. */
    String aotCache() {
        return javaOpts.stream().filter(f -> f.startsWith(AOT_CACHE)).map(f -> f.substring(AOT_CACHE.length()))
                .findFirst().orElse(null);
    }

    /**
     * The operator's command in the AOT cache's training run ({@link AotTraining}): the same JVM and flags, minus the
     * cache, writing it ({@code -XX:AOTCacheOutput}) when the JVM exits. The cache holds classes only, no method
     * profiles ({@code -XX:-AOTRecordTraining}): they feed C2, which the image's {@code -XX:TieredStopAtLevel=1} never
     * runs, and loading them cost about 0.5 s of CPU and 7 MB of RSS at each start (1,000 objects, five starts each).
     */
    List<String> aotTrainingCommand(Path jar) {
        List<String> command = new ArrayList<>();
        command.add(java());
        jvmFlags().stream().filter(f -> !f.startsWith(AOT_CACHE)).forEach(command::add);
        command.addAll(NO_METHOD_PROFILES);
        command.add("-XX:AOTCacheOutput=" + aotCache());
        command.add("-jar");
        command.add(jar.getFileName().toString());
        return command;
    }

    /** Writes the AOT cache as the image build does, unless one newer than every file of the package exists. */
    void prepareAotCache(Path jar) {
        if (aotCache() == null) {
            return;
        }
        Path dir = workingDirectory(jar);
        Path cache = dir.resolve(aotCache());
        try {
            if (Files.exists(cache) && Files.getLastModifiedTime(cache).toMillis() > newestFile(dir, cache)) {
                return;
            }
            // As the image build runs it: its own JVM (this one's JDK and class path), from the project directory.
            Path log = dir.resolve("aot-training.log");
            Process training = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                    "-cp", System.getProperty("java.class.path"), AotTraining.class.getName(), jar.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!training.waitFor(AOT_TRAINING_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                training.destroyForcibly();
                throw new IllegalStateException("the AOT cache training did not end within "
                        + AOT_TRAINING_TIMEOUT.toMinutes() + " min, see " + log);
            }
            if (training.exitValue() != 0 || !Files.exists(cache)) {
                throw new IllegalStateException("the AOT cache training failed, see " + log + " and "
                        + dir.resolve(aotCache() + ".log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the AOT cache", e);
        }
    }

    private static long newestFile(Path dir, Path except) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> !f.equals(except) && Files.isRegularFile(f) && !f.toString().endsWith(".log"))
                    .mapToLong(f -> f.toFile().lastModified()).max().orElse(0);
        }
    }

    private String java() {
        return javaHome().resolve("bin").resolve("java").toString();
    }

    /**
     * A JDK of the image's Java release: {@code OPERATOR_JAVA_HOME}; else this JVM's, when it is that release;
     * else one installed next to it (as in /usr/lib/jvm). Fails, saying so, when there is none: the figures of
     * another release would not be the image's.
     */
    Path javaHome() {
        String chosen = System.getenv("OPERATOR_JAVA_HOME");
        if (chosen != null && !chosen.isBlank()) {
            Path home = Path.of(chosen);
            if (javaRelease != 0 && release(home) != javaRelease) {
                throw new IllegalStateException("OPERATOR_JAVA_HOME=" + chosen + " is not a Java " + javaRelease);
            }
            return home;
        }
        Path current = Path.of(System.getProperty("java.home"));
        if (javaRelease == 0 || Runtime.version().feature() == javaRelease) {
            return current;
        }
        try (Stream<Path> installed = Files.list(current.toRealPath().getParent())) {
            return installed.filter(home -> release(home) == javaRelease).sorted().findFirst()
                    .orElseThrow(() -> new IllegalStateException("the image runs Java " + javaRelease + " and this is"
                            + " Java " + Runtime.version().feature() + ": set OPERATOR_JAVA_HOME to a JDK "
                            + javaRelease));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The feature release in a JDK's {@code release} file, 0 if it has none. */
    static int release(Path javaHome) {
        String version = version(javaHome);
        return version.matches("\\d+.*") ? Integer.parseInt(version.split("\\D", 2)[0]) : 0;
    }

    /** The {@code JAVA_VERSION} of a JDK's {@code release} file ("25.0.1"), "?" if it has none. */
    static String version(Path javaHome) {
        try {
            Matcher m = RELEASE_VERSION.matcher(Files.readString(javaHome.resolve("release")));
            return m.find() ? m.group(1) : "?";
        } catch (IOException e) {
            return "?";
        }
    }

    /** Where {@link #command} runs: the jar's directory (the image's {@code WORKDIR}). */
    static Path workingDirectory(Path jar) {
        return jar.toAbsolutePath().getParent();
    }

    /**
     * A pod-like environment: PATH and HOME only from this process (no KUBERNETES_*, no JAVA_TOOL_OPTIONS), the
     * Deployment's variables but leader election, the API through {@code KUBECONFIG}, the HTTP server on 127.0.0.1,
     * then the overrides.
     */
    Map<String, String> environment(Path kubeconfig, int httpPort, Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String inherited : List.of("PATH", "HOME", "LANG")) {
            String value = System.getenv(inherited);
            if (value != null) {
                env.put(inherited, value);
            }
        }
        env.putAll(deploymentEnv);
        env.put("POD_NAME", POD_NAME);
        env.put("POD_NAMESPACE", POD_NAMESPACE);
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.putAll(overrides);
        return env;
    }
}
