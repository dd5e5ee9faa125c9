package dev.milvusalias.it;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import dev.milvusalias.config.OperatorSettings;
import dev.milvusalias.config.OperatorStart;
import dev.milvusalias.config.StatusSealKey;
import dev.milvusalias.config.TestSettings;
import dev.milvusalias.health.Leadership;
import dev.milvusalias.metrics.MeteredAliasStore;
import dev.milvusalias.milvus.AliasStore;
import dev.milvusalias.milvus.grpc.GrpcAliasStore;
import dev.milvusalias.reconcile.AliasMetrics;
import dev.milvusalias.reconcile.AliasStatusFactory;
import dev.milvusalias.reconcile.KubernetesEventRecorder;
import dev.milvusalias.reconcile.MilvusAliasReconciler;
import dev.milvusalias.reconcile.MilvusConnectionReconciler;
import dev.milvusalias.reconcile.SecretCache;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Operator replicas (plain java-operator-sdk, no Quarkus) electing a leader through a Lease, as the Deployment's
 * replicas do, on one API server: the fabric8 mock (CRUD) on 127.0.0.1 with the project's CRDs, answering the
 * SelfSubjectRulesReview the SDK sends before it elects. Lease duration 4 s, renew deadline 3 s, retry 500 ms.
 */
final class ElectionRig implements AutoCloseable {

    static final String LEASE = "milvus-alias-operator";
    /** Short for a quick takeover, long enough that a busy 2-core machine (GC, load 6+) does not lose it by accident. */
    static final Duration LEASE_DURATION = Duration.ofSeconds(4);

    private final KubernetesMockServer server;
    private final KubernetesClient admin;
    private final String namespace;

    private ElectionRig(KubernetesMockServer server, KubernetesClient admin, String namespace) {
        this.server = server;
        this.admin = admin;
        this.namespace = namespace;
    }

    /** Starts the API server; the Lease lives in {@code namespace}. */
    static ElectionRig start(String namespace) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init(loopback(), 0);
        grantLeaseRights(server);
        KubernetesClient admin = server.createClient();
        ProjectCrds.install(admin);
        return new ElectionRig(server, admin, namespace);
    }

    /** java-operator-sdk checks its Lease rights with a SelfSubjectRulesReview before electing: they are granted. */
    static void grantLeaseRights(KubernetesMockServer server) {
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().withIncomplete(false)
                        .withResourceRules(new ResourceRuleBuilder().withApiGroups("coordination.k8s.io")
                                .withResources("leases").withVerbs("get", "create", "update").build())
                        .endStatus().build())
                .always();
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client for the test itself. */
    KubernetesClient admin() {
        return admin;
    }

    /** The Lease holder, or null before anyone took it. */
    String holder() {
        Lease lease = admin.leases().inNamespace(namespace).withName(LEASE).get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    /** Starts a replica whose Milvus calls go through its own (metered) clients. */
    Replica replica(String identity) {
        return replica(identity, UnaryOperator.identity());
    }

    /** As {@link #replica(String)}, the reconcilers' Milvus store wrapped by {@code wrap} (outermost). */
    Replica replica(String identity, UnaryOperator<AliasStore> wrap) {
        KubernetesClient client = server.createClient();
        Clock clock = Clock.systemUTC();
        OperatorSettings settings = TestSettings.withResync(Duration.ofSeconds(2));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        GrpcAliasStore grpc = new GrpcAliasStore(settings.connectTimeout(), settings.callTimeout());
        AliasStore store = wrap.apply(new MeteredAliasStore(grpc, meters));
        // Counts the exits a lost lease asks for (System.exit(1) in production).
        AtomicInteger exits = new AtomicInteger();
        SecretCache secrets = SecretCache.reading(client, settings.secretCacheTtl());
        Leadership leadership = new Leadership(true, identity, exits::incrementAndGet);
        Operator operator = new Operator(o -> o
                .withKubernetesClient(client)
                .withCloseClientOnStop(true)
                .withUseSSAToPatchPrimaryResource(false)
                .withReconciliationTerminationTimeout(Duration.ofSeconds(2))
                .withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
                        .aLeaderElectionConfiguration(LEASE)
                        .withLeaseNamespace(namespace)
                        .withIdentity(identity)
                        .withLeaseDuration(LEASE_DURATION)
                        .withRenewDeadline(Duration.ofSeconds(3))
                        .withRetryPeriod(Duration.ofMillis(500))
                        .withLeaderCallbacks(leadership.callbacks())
                        .build()));
        operator.register(new MilvusAliasReconciler(store, new KubernetesEventRecorder(client, clock),
                new AliasStatusFactory(clock, StatusSealKey.loadOrCreate(client, namespace)), settings, clock,
                AliasMetrics.NONE, secrets));
        operator.register(new MilvusConnectionReconciler(store, clock, settings, secrets));
        OperatorStart.startSecondaryInformers(operator); // as the packaged operator starts
        operator.start();
        return new Replica(identity, operator, client, leadership, meters, grpc, exits);
    }

    @Override
    public void close() {
        admin.close();
        server.destroy();
    }

    /** One replica: its own API client, Milvus clients and leadership. */
    static final class Replica implements AutoCloseable {

        private final String identity;
        private final Operator operator;
        private final KubernetesClient client;
        private final Leadership leadership;
        private final SimpleMeterRegistry meters;
        private final GrpcAliasStore grpc;
        private final AtomicInteger exits;

        private Replica(String identity, Operator operator, KubernetesClient client, Leadership leadership,
                SimpleMeterRegistry meters, GrpcAliasStore grpc, AtomicInteger exits) {
            this.identity = identity;
            this.operator = operator;
            this.client = client;
            this.leadership = leadership;
            this.meters = meters;
            this.grpc = grpc;
            this.exits = exits;
        }

        String identity() {
            return identity;
        }

        Operator operator() {
            return operator;
        }

        Leadership leadership() {
            return leadership;
        }

        /** How often a lost lease asked this replica to exit. */
        AtomicInteger exits() {
            return exits;
        }

        /** Milvus calls of this RPC that this replica made. */
        long calls(String rpc) {
            return meters.find(MeteredAliasStore.CALL_TIMER).tag("rpc", rpc).timers().stream()
                    .mapToLong(t -> t.count()).sum();
        }

        long totalCalls() {
            return meters.find(MeteredAliasStore.CALL_TIMER).timers().stream().mapToLong(t -> t.count()).sum();
        }

        /** Stops as the application's shutdown does: leadership ends, which is no lost lease. */
        void stop() {
            leadership.shuttingDown();
            operator.stop();
        }

        /**
         * Cuts the replica off the API server at once, as a killed process is: its client closes without stopping
         * the operator, so the Lease is neither renewed nor released and no status write or event gets through.
         * (Its Milvus calls are the caller's to refuse, in the store it wrapped.)
         */
        void cutOff() {
            client.close();
        }

        @Override
        public void close() {
            grpc.close();
        }
    }
}
