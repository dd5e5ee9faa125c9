package dev.milvusalias.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.config.OperatorSettings;
import dev.milvusalias.config.OperatorStart;
import dev.milvusalias.config.StatusSealKey;
import dev.milvusalias.config.TestSettings;
import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.it.OperatorHarness;
import dev.milvusalias.it.ProjectCrds;
import dev.milvusalias.metrics.AliasReadinessMetrics;
import dev.milvusalias.metrics.MeteredAliasStore;
import dev.milvusalias.metrics.MeteredEventRecorder;
import dev.milvusalias.metrics.MicrometerAliasMetrics;
import dev.milvusalias.metrics.OperatorMetrics;
import dev.milvusalias.metrics.OperatorSdkMetrics;
import dev.milvusalias.milvus.guard.GuardedAliasStore;
import dev.milvusalias.milvus.grpc.GrpcAliasStore;
import dev.milvusalias.reconcile.AliasStatusFactory;
import dev.milvusalias.reconcile.KubernetesEventRecorder;
import dev.milvusalias.reconcile.MilvusAliasReconciler;
import dev.milvusalias.reconcile.MilvusConnectionReconciler;
import dev.milvusalias.reconcile.SecretCache;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The operator as the fault suite runs it: the production reconcilers, Milvus adapter, event recorder and metrics,
 * wired as {@code Wiring} does, with the test profile's settings (resync 2 s, connect and call timeouts 2 s, Secret
 * cache TTL 1 s unless a scenario picks another, retry backoff 1 s doubling to 2 s, no attempt limit), against a fabric8 mock API server on 127.0.0.1 in CRUD mode whose
 * expectations ({@link #server()}{@code .expect()}) take precedence over CRUD ({@link MockApiDispatcher}). The
 * operator reaches the API server through a {@link TcpProxy} that a test can cut ({@link #apiProxy()}); the test's
 * own client ({@link #admin()}) goes straight to it, as kubectl would. Everything is per rig: meters, logs, Milvus
 * clients.
 */
public final class OperatorRig implements AutoCloseable {

    public static final Duration RESYNC = Duration.ofSeconds(2);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
    /** The test profile's retry: 1 s, doubling, at most 2 s, for as long as it takes. */
    public static final Duration RETRY_MAX = Duration.ofSeconds(2);
    /** The reconcile threads the operator ships with. */
    public static final int RECONCILE_THREADS = 16;

    private final KubernetesMockServer server;
    private final MockApiDispatcher dispatcher;
    private final TcpProxy apiProxy;
    private final KubernetesClient admin;
    private final KubernetesClient operatorClient;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MeteredAliasStore store;
    private final Operator operator;
    private final LogCapture logs;
    private final List<String> informerStops = new CopyOnWriteArrayList<>();
    private final Map<String, List<Transition>> readyHistory = new ConcurrentHashMap<>();
    private final Watch historyWatch;

    private OperatorRig(boolean guarded, Duration secretCacheTtl) {
        logs = LogCapture.install();
        Map<ServerRequest, Queue<ServerResponse>> responses = new ConcurrentHashMap<>();
        dispatcher = new MockApiDispatcher(responses);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        try {
            server.init(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        admin = server.createClient();
        ProjectCrds.install(admin);
        apiProxy = TcpProxy.to(server.getPort());
        operatorClient = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(admin.getConfiguration()).withMasterUrl(apiProxy.url()).build()).build();
        historyWatch = admin.resources(MilvusAlias.class).inAnyNamespace().watch(new ReadyHistory());

        Clock clock = Clock.systemUTC();
        OperatorSettings settings = TestSettings.withResync(RESYNC, secretCacheTtl);
        GrpcAliasStore grpc = new GrpcAliasStore(settings.connectTimeout(), settings.callTimeout());
        // As Wiring builds it: a bulkhead and a circuit per connection between the reconciler and the SDK.
        store = new MeteredAliasStore(guarded ? new GuardedAliasStore(grpc, settings.connectionMaxInFlight(),
                settings.connectionQueueWait(), settings.callTimeout()) : grpc, meters);
        operator = new Operator(o -> o
                .withKubernetesClient(operatorClient)
                .withCloseClientOnStop(false)
                // As application.properties ships it (quarkus.operator-sdk.concurrent-reconciliation-threads).
                .withConcurrentReconciliationThreads(RECONCILE_THREADS)
                .withUseSSAToPatchPrimaryResource(false)
                .withReconciliationTerminationTimeout(Duration.ofSeconds(2))
                // Retries counted per namespace, so that each scenario (its own namespace) reads its own.
                .withMetrics(new OperatorSdkMetrics(MicrometerMetricsV2.newBuilder(meters).withNamespaceAsTag().build(),
                        new dev.milvusalias.metrics.PendingDeletions(meters)))
                // Production exits on a fatal informer error (the pod restarts); here it is recorded, and a
                // scenario that claims "no restart needed" checks that none happened.
                .withInformerStoppedHandler((informer, error) -> {
                    if (error != null) {
                        informerStops.add(informer + ": " + error);
                    }
                }));
        SecretCache secrets = SecretCache.reading(operatorClient, settings.secretCacheTtl());
        MilvusAliasReconciler aliases = new MilvusAliasReconciler(store,
                new MeteredEventRecorder(new KubernetesEventRecorder(operatorClient, clock), meters),
                new AliasStatusFactory(clock, StatusSealKey.loadOrCreate(operatorClient, "milvus-alias-system")), settings, clock,
                new MicrometerAliasMetrics(new AliasReadinessMetrics(meters), new OperatorMetrics(meters)), secrets);
        operator.register(aliases, c -> c.withRetry(retry()));
        operator.register(new MilvusConnectionReconciler(store, clock, settings, secrets), c -> c.withRetry(retry()));
        OperatorStart.startSecondaryInformers(operator); // as the packaged operator starts
        operator.start();
    }

    /** Starts the API server, the proxy and the operator. */
    public static OperatorRig start() {
        return new OperatorRig(true, TestSettings.SECRET_CACHE_TTL);
    }

    /** As {@link #start()}, with the SDK adapter called directly: no bulkhead, no circuit (for a figure before them). */
    public static OperatorRig startUnguarded() {
        return new OperatorRig(false, TestSettings.SECRET_CACHE_TTL);
    }

    /** As {@link #start()}, with Secrets kept this long by the operator (milvus-alias.secret-cache-ttl). */
    public static OperatorRig start(Duration secretCacheTtl) {
        return new OperatorRig(true, secretCacheTtl);
    }

    /** Every request the API server received so far (the operator's and {@link #admin()}'s), as "METHOD path?query". */
    public List<String> apiRequests() {
        return dispatcher.requests();
    }

    private static GenericRetry retry() {
        return new GenericRetry().setInitialInterval(1_000).setIntervalMultiplier(2).setMaxInterval(RETRY_MAX.toMillis())
                .withoutMaxAttempts();
    }

    /** The mock API server; {@code expect()} on it injects API faults. */
    public KubernetesMockServer server() {
        return server;
    }

    /** The proxy between the operator and the API server. */
    public TcpProxy apiProxy() {
        return apiProxy;
    }

    /** A client straight to the API server, for the test's own reads and writes. */
    public KubernetesClient admin() {
        return admin;
    }

    public OperatorHarness harness(String namespace) {
        return new OperatorHarness(admin, namespace);
    }

    /**
     * A namespace with a MilvusConnection "milvus" to this emulator, once the operator has logged in through it (so it
     * holds a Milvus client for it, as in steady state).
     */
    public OperatorHarness connected(String namespace, MilvusEmulator milvus) {
        OperatorHarness k8s = harness(namespace);
        k8s.connection("milvus", milvus.uri(), null);
        k8s.awaitConnectionReady("milvus", "True", "Connected");
        return k8s;
    }

    public LogCapture logs() {
        return logs;
    }

    /** The path of a MilvusAlias' status subresource, as the operator patches it. */
    public static String statusPath(String namespace, String name) {
        return "/apis/milvus.io/v1alpha1/namespaces/" + namespace + "/milvusaliases/" + name + "/status";
    }

    /** Milvus calls the operator made with this outcome ({@code ok}, {@code UNAVAILABLE}, ...), all RPCs. */
    public long milvusCalls(String outcome) {
        return meters.find(MeteredAliasStore.CALL_TIMER).tag("outcome", outcome).timers().stream()
                .mapToLong(Timer::count).sum();
    }

    /** The longest Milvus call the operator made lately (Micrometer's decaying max, over every RPC and outcome). */
    public Duration longestMilvusCall() {
        return Duration.ofMillis((long) meters.find(MeteredAliasStore.CALL_TIMER).timers().stream()
                .mapToDouble(t -> t.max(java.util.concurrent.TimeUnit.MILLISECONDS)).max().orElse(0));
    }

    /** Milvus calls that failed, whatever the failure. */
    public long failedMilvusCalls() {
        return meters.find(MeteredAliasStore.CALL_TIMER).timers().stream()
                .filter(t -> !MeteredAliasStore.OK.equals(t.getId().getTag("outcome")))
                .mapToLong(Timer::count).sum();
    }

    /**
     * Reconciliations (MilvusAlias and MilvusConnection, cleanups included) that failed in a namespace: each is retried
     * with backoff. java-operator-sdk's own retry counter misses the retries a newer event supersedes.
     */
    public long retries(String namespace) {
        return (long) meters.find(MicrometerMetricsV2.RECONCILIATIONS_FAILED).tag("namespace", namespace)
                .counters().stream().mapToDouble(Counter::count).sum();
    }

    /** A change of Ready reason, when the API server sent it out. */
    public record Transition(String reason, Instant at) {
        @Override
        public String toString() {
            return reason;
        }
    }

    /** The Ready reasons a MilvusAlias went through, in order, without repeats (e.g. [MilvusUnavailable, Bound]). */
    public List<String> readyReasons(String namespace, String name) {
        return readyTransitions(namespace, name).stream().map(Transition::reason).toList();
    }

    /** The same, with the time of each change, once the watch has delivered the object's current Ready reason. */
    public List<Transition> readyTransitions(String namespace, String name) {
        MilvusAlias current = admin.resources(MilvusAlias.class).inNamespace(namespace).withName(name).get();
        String reason = current == null || current.getStatus() == null ? null
                : OperatorHarness.ready(current.getStatus().getConditions()).map(c -> c.getReason()).orElse(null);
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (reason != null && System.nanoTime() < deadline && !reason.equals(lastReason(namespace + "/" + name))) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.copyOf(readyHistory.getOrDefault(namespace + "/" + name, List.of()));
    }

    private String lastReason(String key) {
        List<Transition> transitions = readyHistory.getOrDefault(key, List.of());
        return transitions.isEmpty() ? null : transitions.get(transitions.size() - 1).reason();
    }

    /** How long since {@code since} the MilvusAlias was Ready for a reason other than Bound. */
    public Duration timeNotBound(String namespace, String name, Instant since) {
        Duration total = Duration.ZERO;
        String reason = null;
        Instant from = since;
        for (Transition t : readyTransitions(namespace, name)) {
            if (t.at().isAfter(since)) {
                if (reason != null && !"Bound".equals(reason)) {
                    total = total.plus(Duration.between(from, t.at()));
                }
                from = t.at();
            }
            reason = t.reason();
        }
        return reason != null && !"Bound".equals(reason) ? total.plus(Duration.between(from, Instant.now())) : total;
    }

    /** The Ready reasons of every MilvusAlias of a namespace seen so far, deleted ones included: "name [A, B]". */
    public String readyReasons(String namespace) {
        return readyHistory.keySet().stream().filter(key -> key.startsWith(namespace + "/")).sorted()
                .map(key -> key.substring(namespace.length() + 1))
                .map(name -> name + " " + readyReasons(namespace, name))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Informers that stopped on an error (production would exit and restart); empty while the operator copes. */
    public List<String> informerStops() {
        return List.copyOf(informerStops);
    }

    /** What /q/health/ready reports (the Quarkus extension's check): no controller has an unhealthy event source. */
    public boolean healthy() {
        return operator.getRuntimeInfo().isStarted() && operator.getRegisteredControllers().stream()
                .allMatch(c -> c.getControllerHealthInfo().unhealthyEventSources().isEmpty());
    }

    @Override
    public void close() {
        try {
            operator.stop();
        } finally {
            historyWatch.close();
            try {
                store.close();
            } catch (Exception e) {
                // closing Milvus clients; nothing left to do
            }
            operatorClient.close();
            admin.close();
            apiProxy.close();
            server.destroy();
            logs.close();
        }
    }

    /** Records each change of Ready reason that the API server sends out. */
    private final class ReadyHistory implements Watcher<MilvusAlias> {
        @Override
        public void eventReceived(Action action, MilvusAlias alias) {
            if (alias.getStatus() == null) {
                return;
            }
            OperatorHarness.ready(alias.getStatus().getConditions()).ifPresent(ready -> {
                List<Transition> reasons = readyHistory.computeIfAbsent(
                        alias.getMetadata().getNamespace() + "/" + alias.getMetadata().getName(),
                        k -> new CopyOnWriteArrayList<>());
                synchronized (reasons) {
                    if (reasons.isEmpty() || !reasons.get(reasons.size() - 1).reason().equals(ready.getReason())) {
                        reasons.add(new Transition(ready.getReason(), Instant.now()));
                    }
                }
            });
        }

        @Override
        public void onClose(WatcherException cause) {
            // the rig is closing, or the mock server went away
        }
    }

}
