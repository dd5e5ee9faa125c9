package dev.milvusalias.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.it.ProjectCrds;
import dev.milvusalias.sandbox.SandboxKubeApi;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The training run of the image's AOT cache (JEP 483): the packaged operator, with the image's JVM and flags minus
 * the cache ({@link ShippedRuntime#aotTrainingCommand}), does its everyday work against the embedded API server and
 * the Milvus emulator on 127.0.0.1: it starts, creates {@value #SIZE} aliases, switches them, drops them and stops
 * on SIGTERM, when its JVM writes the cache. The cache then holds every class that work loads, already parsed and
 * linked, not only those Quarkus loads before the application starts, and a start maps them instead.
 * <p>
 * The image build runs {@link #main} in a stage of its own, with the test classes, from a directory holding the
 * Dockerfile, {@code deploy/base/deployment.yaml} and {@code crds/}, and copies only the cache into the image;
 * {@code make bench} runs it the same way ({@link ShippedRuntime#prepareAotCache}), in a JVM of its own, from the
 * repository root, and the operator on a JDK of the image's release. Every wait has a
 * deadline; a run that misses one fails, and so does the build.
 */
public final class AotTraining {

    static final int SIZE = 50;
    private static final String NAMESPACE = "aot-training";
    private static final Duration STEP = Duration.ofSeconds(90);
    private static final Duration STOP = Duration.ofSeconds(30);

    private AotTraining() {
    }

    /** {@code AotTraining <operator jar>}: writes the cache next to the jar; exit code 0 when it is written. */
    public static void main(String[] args) {
        try {
            Path jar = Path.of(args[0]).toAbsolutePath();
            ShippedRuntime runtime = ShippedRuntime.read(Path.of("").toAbsolutePath());
            train(runtime, jar, ShippedRuntime.workingDirectory(jar).resolve(runtime.aotCache() + ".log"));
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1); // whatever went wrong: the servers keep non-daemon threads
        }
    }

    /** Runs the training; the operator's output goes to {@code log}. Fails unless the cache was written. */
    private static void train(ShippedRuntime runtime, Path jar, Path log) throws IOException, InterruptedException {
        Path cache = ShippedRuntime.workingDirectory(jar).resolve(runtime.aotCache());
        Files.deleteIfExists(cache);
        try (SandboxKubeApi api = SandboxKubeApi.start(ProjectCrds.files());
                MilvusEmulator milvus = MilvusEmulator.start()) {
            KubernetesClient client = api.client();
            for (String ns : List.of(ShippedRuntime.POD_NAMESPACE, NAMESPACE)) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
                        .build()).create();
            }
            Fleet fleet = new Fleet(client, NAMESPACE, "train", SIZE);
            fleet.seed(milvus);
            Fleet.createConnection(client, NAMESPACE, milvus.uri());
            Path kubeconfig = api.writeKubeconfig(Files.createTempFile("aot-training", ".kubeconfig"));
            try (OperatorProcess operator = OperatorProcess.spawn(runtime.aotTrainingCommand(jar), runtime, jar,
                    kubeconfig, Map.of(), log);
                    AliasWatch watch = new AliasWatch(client, NAMESPACE)) {
                operator.awaitReady(STEP);
                fleet.createAll(STEP);
                await(watch.awaitAll(fleet.keys(1), true, STEP), "created and Ready", log);
                fleet.switchAll(2, STEP);
                await(watch.awaitAll(fleet.keys(2), true, STEP), "switched and Ready", log);
                client.resources(MilvusAlias.class).inNamespace(NAMESPACE).delete();
                await(deleted(client, STEP), "dropped and gone", log);
                operator.stop(STOP);
            } finally {
                Files.deleteIfExists(kubeconfig);
            }
        }
        if (!Files.exists(cache)) {
            throw new IllegalStateException("the training run wrote no AOT cache " + cache + ", see " + log);
        }
    }

    private static boolean deleted(KubernetesClient client, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (client.resources(MilvusAlias.class).inNamespace(NAMESPACE).list().getItems().isEmpty()) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static void await(boolean done, String what, Path log) {
        if (!done) {
            throw new IllegalStateException("AOT training: " + SIZE + " aliases not " + what + " within "
                    + STEP.toSeconds() + " s, see " + log);
        }
    }
}
