package dev.milvusalias.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Field;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.health.Leadership;
import dev.milvusalias.it.ElectionRig.Replica;
import io.javaoperatorsdk.operator.Operator;
import io.quarkiverse.operatorsdk.runtime.OperatorHealthCheck;

/**
 * Two operator replicas (plain java-operator-sdk, no Quarkus) against one API server (fabric8 mock, CRUD) and one
 * Milvus emulator, electing a leader through a Lease as the Deployment's two replicas do: only the leader calls
 * Milvus; both report ready (a standby must, or a rolling update stalls); when the leader stops, the standby
 * takes over within seconds and carries out the next spec change.
 */
class LeaderElectionIT {

    private static final String NS = "le-it";
    private static final String LEASE = ElectionRig.LEASE;
    private static final Duration LEASE_DURATION = ElectionRig.LEASE_DURATION;

    private static ElectionRig rig;
    private static MilvusEmulator milvus;

    @BeforeAll
    static void startServers() {
        rig = ElectionRig.start(NS);
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
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void onlyTheLeaderReconcilesAndTheStandbyTakesOverWhenItStops() throws Exception {
        Replica a = rig.replica("replica-a");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.leadership().role() == Leadership.Role.leader);
        Replica b = rig.replica("replica-b");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> "replica-a".equals(b.leadership().currentLeader()));
            assertThat(b.leadership().role()).isEqualTo(Leadership.Role.standby);
            // Both ready: the standby's informers run (warm caches); only its event processing waits.
            assertThat(readiness(a.operator()).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(readiness(b.operator()).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

            OperatorHarness k8s = new OperatorHarness(rig.admin(), NS);
            k8s.connection("milvus", milvus.uri(), null);
            k8s.alias("catalog", "milvus", "catalog", "catalog_v1");
            k8s.awaitReady("catalog", "True", "Bound");

            assertThat(milvus.aliasTarget("default", "catalog")).contains("catalog_v1");
            assertThat(a.calls("CreateAlias")).isEqualTo(1);
            assertThat(a.calls("GetVersion")).isPositive();
            assertThat(b.totalCalls()).as("the standby never calls Milvus").isZero();
            assertThat(rig.holder()).isEqualTo("replica-a");

            // The leader goes away (as on a rolling update); it does not release the Lease, so the standby waits
            // for it to expire (lease duration), then leads.
            long stoppedAt = System.nanoTime();
            a.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> b.leadership().role() == Leadership.Role.leader);
            Duration takeover = Duration.ofNanos(System.nanoTime() - stoppedAt);
            assertThat(takeover).isLessThan(LEASE_DURATION.multipliedBy(4));
            assertThat(rig.holder()).isEqualTo("replica-b");
            long aCallsWhenStopped = a.totalCalls();

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
            assertThat(readiness(b.operator()).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(a.exits()).as("a graceful stop does not exit").hasValue(0);

            // Someone else takes the Lease (B could not renew in time, say): B must stop reconciling, so it exits.
            // The edit races with B's own renewals (409 Conflict): try again on the latest version until it lands.
            await().atMost(Duration.ofSeconds(10))
                    .ignoreExceptionsInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
                    .until(() -> rig.admin().leases().inNamespace(NS).withName(LEASE).edit(lease -> {
                        lease.getSpec().setHolderIdentity("replica-c");
                        lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
                        return lease;
                    }) != null);
            await().atMost(Duration.ofSeconds(10)).untilAtomic(b.exits(), org.hamcrest.Matchers.is(1));
            assertThat(b.leadership().role()).isEqualTo(Leadership.Role.standby);
        } finally {
            b.stop();
            a.stop(); // no-op when already stopped
            a.close();
            b.close();
        }
    }

    /** The readiness check the Quarkus extension serves at /q/health/ready, run against a plain Operator. */
    private static HealthCheckResponse readiness(Operator operator) throws ReflectiveOperationException {
        OperatorHealthCheck check = new OperatorHealthCheck();
        Field field = OperatorHealthCheck.class.getDeclaredField("operator");
        field.setAccessible(true);
        field.set(check, operator);
        return check.call();
    }
}
