package dev.milvusalias.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * How the shipped image runs the operator, read from the files that define it, so the benchmark follows them:
 * the JVM flags of {@code ENV JAVA_OPTS} in the Dockerfile, and the container's environment and memory limit in
 * {@code deploy/base/deployment.yaml}.
 *
 * @param javaOpts      the image's {@code JAVA_OPTS}, split on blanks
 * @param memoryLimit   the container's memory limit in bytes
 * @param deploymentEnv the container's plain {@code env} values (those from a fieldRef are filled in by
 *                      {@link #environment})
 */
record ShippedRuntime(List<String> javaOpts, long memoryLimit, Map<String, String> deploymentEnv) {

    /** Pod name and namespace, as the Deployment's fieldRefs would give them. */
    static final String POD_NAME = "milvus-alias-operator-bench";
    static final String POD_NAMESPACE = "milvus-alias-system";

    /** Below this much memory a JDK 17 is not a "server class machine" and picks SerialGC instead of G1. */
    private static final long SERVER_CLASS_MEMORY = (2048L - 256L) * 1024 * 1024;
    private static final Pattern JAVA_OPTS = Pattern.compile("^ENV\\s+JAVA_OPTS=\"([^\"]*)\"", Pattern.MULTILINE);

    static ShippedRuntime read(Path project) {
        try {
            Matcher m = JAVA_OPTS.matcher(Files.readString(project.resolve("Dockerfile")));
            List<String> javaOpts = m.find() ? Arrays.asList(m.group(1).trim().split("\\s+")) : List.of();
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
                    env);
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
     * {@code java <flags> -jar quarkus-run.jar}, with this JDK's java, to run in the jar's directory
     * ({@link #workingDirectory}) as the image runs it in {@code /deployments}: the AppCDS archive the flags name
     * records the class path as the archive's build saw it, relative to that directory.
     */
    List<String> command(Path jar) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags());
        command.add("-jar");
        command.add(jar.getFileName().toString());
        return command;
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
        // The embedded API cannot answer the SelfSubjectRulesReview java-operator-sdk sends before electing a leader;
        // one replica without election reconciles the same way, minus a Lease renewal every retry period (2 s).
        env.put("MILVUS_ALIAS_LEADER_ELECTION_ENABLED", "false");
        env.put("POD_NAME", POD_NAME);
        env.put("POD_NAMESPACE", POD_NAMESPACE);
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.putAll(overrides);
        return env;
    }
}
