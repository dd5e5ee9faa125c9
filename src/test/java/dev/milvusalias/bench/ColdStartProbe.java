package dev.milvusalias.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.it.ProjectCrds;
import dev.milvusalias.sandbox.SandboxKubeApi;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Starts the packaged operator a few times against the embedded API server, exactly as the benchmark does (the
 * shipped JVM flags and environment), and prints spawn → {@code /q/health/ready} and Quarkus' own "started in" for
 * each start: the quick loop for startup work, without a whole {@code make bench}. The API server is empty, or holds
 * PROBE_OBJECTS MilvusAlias objects on an emulated Milvus (the first start binds them, later ones find them bound).
 * <p>
 * {@code java -cp <test classpath> dev.milvusalias.bench.ColdStartProbe [starts [extra JVM flags...]]} (default 5
 * starts), from the repository root, after {@code mvn package}; extra flags come after the image's, to try some.
 */
public final class ColdStartProbe {

    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** MilvusAlias objects on the API server before the first start: PROBE_OBJECTS. */
    private static final int OBJECTS = Integer.parseInt(System.getenv().getOrDefault("PROBE_OBJECTS", "0"));
    /** How long each started operator is kept running after ready, to look at it (jcmd): PROBE_HOLD_SECONDS. */
    private static final Duration HOLD = Duration.ofSeconds(Long.parseLong(
            System.getenv().getOrDefault("PROBE_HOLD_SECONDS", "0")));

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        int starts = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path project = Path.of("").toAbsolutePath();
        Path work = Files.createDirectories(project.resolve("target/bench"));
        ShippedRuntime shipped = ShippedRuntime.read(project);
        List<String> flags = new ArrayList<>(shipped.javaOpts());
        flags.addAll(List.of(args).subList(Math.min(1, args.length), args.length)); // experiments, after the image's
        ShippedRuntime runtime = new ShippedRuntime(flags, shipped.memoryLimit(), shipped.deploymentEnv(),
                shipped.javaRelease());
        System.out.println("java " + String.join(" ", runtime.jvmFlags()) + " -jar target/quarkus-app/quarkus-run.jar");
        List<Double> readyMs = new ArrayList<>();
        try (SandboxKubeApi api = SandboxKubeApi.start(ProjectCrds.files());
                MilvusEmulator milvus = MilvusEmulator.start()) {
            for (String ns : List.of(ShippedRuntime.POD_NAMESPACE, AliasBenchmark.NAMESPACE)) {
                api.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
                        .build()).create();
            }
            if (OBJECTS > 0) {
                seed(api.client(), milvus);
            }
            Path kubeconfig = api.writeKubeconfig(work.resolve("probe-kubeconfig"));
            for (int i = 1; i <= starts; i++) {
                Path log = work.resolve("probe-" + i + ".log");
                try (OperatorProcess operator = OperatorProcess.start(runtime,
                        project.resolve("target/quarkus-app/quarkus-run.jar"), kubeconfig, Map.of(), log)) {
                    double ms = (operator.awaitReady(START_TIMEOUT) - operator.startedNanos()) / 1e6;
                    double cpu = operator.cpuSeconds();
                    readyMs.add(ms);
                    Matcher started = STARTED_IN.matcher(Files.readString(log));
                    System.out.printf("start %d: spawn → ready %,.0f ms, CPU %.2f s; Quarkus \"started in\" %s s;"
                            + " RSS %.0f MB%n", i, ms, cpu, started.find() ? started.group(1) : "?",
                            operator.rssBytes() / 1048576.0);
                    if (!HOLD.isZero()) {
                        Thread.sleep(HOLD.toMillis());
                        System.out.printf("  after %d s: RSS %.0f MB, CPU %.2f s%n", HOLD.toSeconds(),
                                operator.rssBytes() / 1048576.0, operator.cpuSeconds());
                    }
                    operator.stop(Duration.ofSeconds(10));
                }
            }
        }
        readyMs.sort(null);
        System.out.printf("median spawn → ready: %,.0f ms over %d starts%n", readyMs.get(readyMs.size() / 2), starts);
        System.exit(0); // the mock server's Vert.x threads would keep the JVM alive
    }

    private static void seed(KubernetesClient client, MilvusEmulator milvus) throws InterruptedException {
        Fleet fleet = new Fleet(client, AliasBenchmark.NAMESPACE, "c", OBJECTS);
        fleet.seed(milvus);
        Fleet.createConnection(client, AliasBenchmark.NAMESPACE, milvus.uri());
        System.out.printf("created %d of %d objects%n", fleet.createAll(Duration.ofMinutes(10)).size(), OBJECTS);
    }
}
