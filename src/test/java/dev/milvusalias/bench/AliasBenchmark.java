package dev.milvusalias.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;

import dev.milvusalias.api.ConnectionReference;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasSpec;
import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.api.MilvusConnectionSpec;
import dev.milvusalias.config.OperatorSettings;
import dev.milvusalias.config.TestSettings;
import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.it.ProjectCrds;
import dev.milvusalias.milvus.sdk.SdkAliasStore;
import dev.milvusalias.reconcile.AliasMetrics;
import dev.milvusalias.reconcile.AliasStatusFactory;
import dev.milvusalias.reconcile.KubernetesEventRecorder;
import dev.milvusalias.reconcile.MilvusAliasReconciler;
import dev.milvusalias.reconcile.MilvusConnectionReconciler;
import dev.milvusalias.sandbox.SandboxKubeApi;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;

/**
 * How fast the operator converges, and what a healthy alias costs: N MilvusAlias objects are created,
 * then all switched to a second collection, then left alone for two resync periods. Prints figures;
 * asserts nothing (`make bench`). Everything runs on 127.0.0.1 and stops by itself.
 */
public final class AliasBenchmark {

    private static final String NS = "bench";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Duration resync = Duration.ofSeconds(10);
        try (SandboxKubeApi api = SandboxKubeApi.start(ProjectCrds.files());
                MilvusEmulator milvus = MilvusEmulator.start();
                SdkAliasStore store = new SdkAliasStore(Duration.ofSeconds(5), Duration.ofSeconds(10))) {
            for (int i = 0; i < n; i++) {
                for (String v : new String[] {"a", "b"}) {
                    milvus.createCollection("default", "c" + i + "_" + v);
                    milvus.load("default", "c" + i + "_" + v);
                }
            }
            KubernetesClient client = api.client();
            Clock clock = Clock.systemUTC();
            OperatorSettings settings = TestSettings.withResync(resync);
            Operator operator = new Operator(o -> o.withKubernetesClient(client).withUseSSAToPatchPrimaryResource(false)
                    .withCloseClientOnStop(false));
            operator.register(new MilvusAliasReconciler(store, new KubernetesEventRecorder(client, clock),
                    new AliasStatusFactory(clock), settings, clock, AliasMetrics.NONE));
            operator.register(new MilvusConnectionReconciler(store, clock, settings));
            operator.start();

            MilvusConnection connection = new MilvusConnection();
            connection.setMetadata(new ObjectMetaBuilder().withName("milvus").withNamespace(NS).build());
            MilvusConnectionSpec connectionSpec = new MilvusConnectionSpec();
            connectionSpec.setUri(milvus.uri());
            connection.setSpec(connectionSpec);
            client.resource(connection).create();

            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                MilvusAlias alias = new MilvusAlias();
                alias.setMetadata(new ObjectMetaBuilder().withName("a" + i).withNamespace(NS).build());
                MilvusAliasSpec spec = new MilvusAliasSpec();
                spec.setConnectionRef(new ConnectionReference("milvus"));
                spec.setAlias("alias_" + i);
                spec.setCollectionName("c" + i + "_a");
                alias.setSpec(spec);
                client.resource(alias).create();
            }
            Duration created = waitUntil(client, n, a -> ("c" + a.getMetadata().getName().substring(1) + "_a")
                    .equals(a.getStatus() == null ? null : a.getStatus().getCollectionName()), start);
            long createCalls = milvus.calls().size();

            milvus.clearCalls();
            start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                client.resources(MilvusAlias.class).inNamespace(NS).withName("a" + i).edit(a -> {
                    a.getSpec().setCollectionName(a.getSpec().getCollectionName().replace("_a", "_b"));
                    return a;
                });
            }
            Duration switched = waitUntil(client, n, a -> a.getStatus() != null && a.getStatus().getCollectionName() != null
                    && a.getStatus().getCollectionName().endsWith("_b"), start);
            long switchCalls = milvus.calls().size();
            long alters = milvus.count("AlterAlias");

            // Let in-flight work settle, then watch two resync periods of a healthy fleet.
            Thread.sleep(resync.toMillis());
            milvus.clearCalls();
            String before = client.resources(MilvusAlias.class).inNamespace(NS).list().getMetadata().getResourceVersion();
            Thread.sleep(resync.multipliedBy(2).toMillis());
            long idleCalls = milvus.calls().size();
            String after = client.resources(MilvusAlias.class).inNamespace(NS).list().getMetadata().getResourceVersion();
            operator.stop();

            System.out.printf("%n== milvus-alias-operator benchmark: %d aliases, resync %ss, 2 cores ==%n", n, resync.toSeconds());
            System.out.printf("create  all Bound in %6d ms  (%.1f aliases/s), Milvus calls: %d (%.1f per alias)%n",
                    created.toMillis(), n * 1000.0 / created.toMillis(), createCalls, (double) createCalls / n);
            System.out.printf("switch  all switched in %4d ms  (%.1f aliases/s), Milvus calls: %d (%.1f per alias), AlterAlias: %d%n",
                    switched.toMillis(), n * 1000.0 / switched.toMillis(), switchCalls, (double) switchCalls / n, alters);
            System.out.printf("idle    %d Milvus calls in %ds (%.2f per alias per resync), API writes: %s%n",
                    idleCalls, resync.multipliedBy(2).toSeconds(), idleCalls / 2.0 / n,
                    before.equals(after) ? "none" : "list resourceVersion moved " + before + " -> " + after);
        }
        System.exit(0);
    }

    private static Duration waitUntil(KubernetesClient client, int n, Predicate<MilvusAlias> done, long startNanos)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            long count = client.resources(MilvusAlias.class).inNamespace(NS).list().getItems().stream().filter(done).count();
            if (count == n) {
                return Duration.ofNanos(System.nanoTime() - startNanos);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("not converged within 5 minutes");
    }
}
