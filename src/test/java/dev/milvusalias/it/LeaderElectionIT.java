package dev.milvusalias.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.config.OperatorSettings;
import dev.milvusalias.config.TestSettings;
import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.health.Leadership;
import dev.milvusalias.metrics.MeteredAliasStore;
import dev.milvusalias.milvus.sdk.SdkAliasStore;
import dev.milvusalias.reconcile.AliasMetrics;
import dev.milvusalias.reconcile.AliasStatusFactory;
import dev.milvusalias.reconcile.KubernetesEventRecorder;
import dev.milvusalias.reconcile.MilvusAliasReconciler;
import dev.milvusalias.reconcile.MilvusConnectionReconciler;
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
import io.quarkiverse.operatorsdk.runtime.OperatorHealthCheck;

/**
 * Two operator replicas (plain java-operator-sdk, no Quarkus) against one API server (fabric8 mock, CRUD) and one
 * Milvus emulator, electing a leader through a Lease as the Deployment's two replicas do: only the leader calls
 * Milvus; both report ready (a standby must, or a rolling update stalls); when the leader stops, the standby
 * takes over within seconds and carries out the next spec change.
 */
class LeaderElectionIT {

    private static final String NS = "le-it";
    private static final String LEASE = "milvus-alias-operator";
    private static final Duration LEASE_DURATION = Duration.ofSeconds(2);

    private static KubernetesMockServer server;
    private static KubernetesClient admin;
    private static MilvusEmulator milvus;

    @BeforeAll
    static void startServers() throws IOException {
        Map<ServerRequest, java.util.Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), 0);
        // java-operator-sdk checks its Lease rights with a SelfSubjectRulesReview before electing.
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().withIncomplete(false)
                        .withResourceRules(new ResourceRuleBuilder().withApiGroups("coordination.k8s.io")
                                .withResources("leases").withVerbs("get", "create", "update").build())
                        .endStatus().build())
                .always();
        admin = server.createClient();
        ProjectCrds.install(admin);
        milvus = MilvusEmulator.start();
        milvus.createCollection("default", "catalog_v1");
        milvus.load("default", "catalog_v1");
        milvus.createCollection("default", "catalog_v2");
        milvus.load("default", "catalog_v2");
    }

    @AfterAll
    static void stopServers() {
        if (milvus != null) {
            milvus.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    void onlyTheLeaderReconcilesAndTheStandbyTakesOverWhenItStops() throws Exception {
        Replica a = Replica.start("replica-a");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.leadership.role() == Leadership.Role.leader);
        Replica b = Replica.start("replica-b");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> "replica-a".equals(b.leadership.currentLeader()));
            assertThat(b.leadership.role()).isEqualTo(Leadership.Role.standby);
            // Both ready: the standby's informers run (warm caches); only its event processing waits.
            assertThat(readiness(a.operator).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(readiness(b.operator).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

            OperatorHarness k8s = new OperatorHarness(admin, NS);
            k8s.connection("milvus", milvus.uri(), null);
            k8s.alias("catalog", "milvus", "catalog", "catalog_v1");
            k8s.awaitReady("catalog", "True", "Bound");

            assertThat(milvus.aliasTarget("default", "catalog")).contains("catalog_v1");
            assertThat(a.calls("CreateAlias")).isEqualTo(1);
            assertThat(a.calls("GetVersion")).isPositive();
            assertThat(b.totalCalls()).as("the standby never calls Milvus").isZero();
            assertThat(holder()).isEqualTo("replica-a");

            // The leader goes away (as on a rolling update); it does not release the Lease, so the standby waits
            // for it to expire (lease duration), then leads.
            long stoppedAt = System.nanoTime();
            a.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> b.leadership.role() == Leadership.Role.leader);
            Duration takeover = Duration.ofNanos(System.nanoTime() - stoppedAt);
            assertThat(takeover).isLessThan(LEASE_DURATION.multipliedBy(4));
            assertThat(holder()).isEqualTo("replica-b");
            double aCallsWhenStopped = a.totalCalls();

            k8s.editAlias("catalog", spec -> spec.setCollectionName("catalog_v2"));
            MilvusAlias switched = await().atMost(OperatorHarness.TIMEOUT).until(
                    () -> k8s.get(MilvusAlias.class, "catalog"),
                    r -> r.getStatus() != null && "catalog_v2".equals(r.getStatus().getCollectionName()));

            assertThat(milvus.aliasTarget("default", "catalog")).contains("catalog_v2");
            assertThat(switched.getStatus().getPreviousCollectionName()).isEqualTo("catalog_v1");
            assertThat(b.calls("AlterAlias")).isEqualTo(1);
            assertThat(a.calls("AlterAlias")).isZero();
            assertThat(a.totalCalls()).as("the stopped replica made no more calls").isEqualTo(aCallsWhenStopped);
            assertThat(milvus.count("AlterAlias")).isEqualTo(1);
            assertThat(milvus.count("CreateAlias")).isEqualTo(1);
            k8s.awaitEvent("catalog", "Switched");
            assertThat(readiness(b.operator).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(a.exits).as("a graceful stop does not exit").hasValue(0);

            // Someone else takes the Lease (B could not renew in time, say): B must stop reconciling, so it exits.
            // The edit races with B's own renewals (409 Conflict): try again on the latest version until it lands.
            await().atMost(Duration.ofSeconds(10))
                    .ignoreExceptionsInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
                    .until(() -> admin.leases().inNamespace(NS).withName(LEASE).edit(lease -> {
                        lease.getSpec().setHolderIdentity("replica-c");
                        lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
                        return lease;
                    }) != null);
            await().atMost(Duration.ofSeconds(10)).untilAtomic(b.exits, org.hamcrest.Matchers.is(1));
            assertThat(b.leadership.role()).isEqualTo(Leadership.Role.standby);
        } finally {
            b.stop();
            a.stop(); // no-op when already stopped
            a.close();
            b.close();
        }
    }

    private static String holder() {
        Lease lease = admin.leases().inNamespace(NS).withName(LEASE).get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    /** The readiness check the Quarkus extension serves at /q/health/ready, run against a plain Operator. */
    private static HealthCheckResponse readiness(Operator operator) throws ReflectiveOperationException {
        OperatorHealthCheck check = new OperatorHealthCheck();
        Field field = OperatorHealthCheck.class.getDeclaredField("operator");
        field.setAccessible(true);
        field.set(check, operator);
        return check.call();
    }

    static OperatorSettings settings() {
        return TestSettings.withResync(Duration.ofSeconds(2));
    }

    /** One operator replica: its own API client, Milvus clients (metered, to tell who called) and leadership. */
    private record Replica(String identity, Operator operator, Leadership leadership, SimpleMeterRegistry meters,
            MeteredAliasStore store, AtomicInteger exits) implements AutoCloseable {

        static Replica start(String identity) {
            KubernetesClient client = server.createClient();
            Clock clock = Clock.systemUTC();
            OperatorSettings settings = settings();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            MeteredAliasStore store = new MeteredAliasStore(
                    new SdkAliasStore(settings.connectTimeout(), settings.callTimeout()), meters);
            // Counts the exits a lost lease asks for (System.exit(1) in production).
            AtomicInteger exits = new AtomicInteger();
            Leadership leadership = new Leadership(true, identity, exits::incrementAndGet);
            Operator operator = new Operator(o -> o
                    .withKubernetesClient(client)
                    .withCloseClientOnStop(true)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(2))
                    .withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
                            .aLeaderElectionConfiguration(LEASE)
                            .withLeaseNamespace(NS)
                            .withIdentity(identity)
                            .withLeaseDuration(LEASE_DURATION)
                            .withRenewDeadline(Duration.ofMillis(1500))
                            .withRetryPeriod(Duration.ofMillis(300))
                            .withLeaderCallbacks(leadership.callbacks())
                            .build()));
            operator.register(new MilvusAliasReconciler(store, new KubernetesEventRecorder(client, clock),
                    new AliasStatusFactory(clock), settings, clock, AliasMetrics.NONE));
            operator.register(new MilvusConnectionReconciler(store, clock, settings));
            operator.start();
            return new Replica(identity, operator, leadership, meters, store, exits);
        }

        long calls(String rpc) {
            return meters.find(MeteredAliasStore.CALL_TIMER).tag("rpc", rpc).timers().stream()
                    .mapToLong(t -> t.count()).sum();
        }

        double totalCalls() {
            return meters.find(MeteredAliasStore.CALL_TIMER).timers().stream().mapToLong(t -> t.count()).sum();
        }

        /** Stops as the application's shutdown does: leadership ends, which is no lost lease. */
        void stop() {
            leadership.shuttingDown();
            operator.stop();
        }

        @Override
        public void close() throws Exception {
            store.close();
        }
    }
}
