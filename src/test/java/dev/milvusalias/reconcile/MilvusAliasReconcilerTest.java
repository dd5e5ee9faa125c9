package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.config.TestSettings;
import dev.milvusalias.milvus.Failure;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/** The reconciler's flow against an in-memory Milvus: no servers, no framework. */
class MilvusAliasReconcilerTest extends InMemoryReconcilerTest {

    @Test
    void createsAMissingAliasAndRecordsIt() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);

        UpdateControl<MilvusAlias> control = reconciler.reconcile(alias, lookup, writer);

        assertThat(milvus.aliasTarget("default", "products")).contains("v1");
        // Intent before the Milvus write, outcome after it; nothing left for the framework to patch.
        assertThat(writer.written()).extracting(s -> s.getPendingChange() != null).containsExactly(true, false);
        assertThat(control.isPatchStatus()).isFalse();
        assertThat(control.getScheduleDelay()).contains(Duration.ofMinutes(5).toMillis());
        assertReady(alias, "True", "Bound");
        assertThat(alias.getStatus().getCollectionName()).isEqualTo("v1");
        assertThat(events.reasons()).containsExactly("Created");
    }

    @Test
    void secondReconcileWritesNothingAndCallsOnlyDescribe() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        reconciler.reconcile(alias, lookup, writer);
        int callsBefore = milvus.calls().size();

        UpdateControl<MilvusAlias> control = reconciler.reconcile(alias, lookup, writer);

        assertThat(control.isNoUpdate()).isTrue();
        assertThat(milvus.calls().subList(callsBefore, milvus.calls().size())).containsExactly("describe");
        assertThat(events.reasons()).containsExactly("Created");
    }

    @Test
    void specChangeSwitchesWithAlterNotDropAndCreate() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        reconciler.reconcile(alias, lookup, writer);
        alias.getSpec().setCollectionName("v2");
        alias.getMetadata().setGeneration(2L);

        reconciler.reconcile(alias, lookup, writer);

        assertThat(milvus.aliasTarget("default", "products")).contains("v2");
        assertThat(milvus.count("alter")).isEqualTo(1);
        assertThat(milvus.count("drop")).isZero();
        assertThat(alias.getStatus().getPreviousCollectionName()).isEqualTo("v1");
        assertThat(alias.getStatus().getLastSwitchTime()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(alias.getStatus().getObservedGeneration()).isEqualTo(2L);
        assertThat(events.all()).contains(new RecordingEvents.Recorded("Normal", "Switched", "v1 -> v2"));
    }

    @Test
    void adoptsAnExistingAliasThatAlreadyPointsRight() {
        milvus.putAlias("default", "products", "v1");
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);

        reconciler.reconcile(alias, lookup, writer);

        assertThat(milvus.count("create")).isZero();
        assertReady(alias, "True", "Bound");
        assertThat(events.reasons()).containsExactly("Adopted");
    }

    @Test
    void refusesAnAliasItDidNotCreate() {
        milvus.putAlias("default", "products", "v2");
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);

        reconciler.reconcile(alias, lookup, writer);

        assertThat(milvus.aliasTarget("default", "products")).contains("v2");
        assertThat(milvus.count("alter") + milvus.count("create") + milvus.count("drop")).isZero();
        assertReady(alias, "False", "AliasOwnedElsewhere");
        assertThat(alias.getStatus().getConditions().get(0).getMessage()).contains("v2");
        assertThat(events.all()).extracting(RecordingEvents.Recorded::type).containsExactly("Warning");
    }

    @Test
    void anEditRacingTheIntentWriteIsNeitherAFailureNorAWarning() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        KubernetesClientException conflict = new KubernetesClientException("the object has been modified", 409, null);
        StatusWriter conflicting = (resource, status) -> {
            throw conflict;
        };

        assertThatThrownBy(() -> reconciler.reconcile(alias, lookup, conflicting)).isSameAs(conflict);
        ErrorStatusUpdateControl<MilvusAlias> control = reconciler.updateErrorStatus(alias, null, conflict);

        // The intent was refused, so Milvus was not written; the newer version is reconciled next, as if new.
        assertThat(milvus.aliasTarget("default", "products")).isEmpty();
        assertThat(control.getResource()).isEmpty();
        assertThat(control.isNoRetry()).isFalse();
        assertThat(alias.getStatus()).isNull();
        assertThat(events.all()).isEmpty();
    }

    @Test
    void anotherApiErrorIsReportedAsUnexpected() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        KubernetesClientException unavailable = new KubernetesClientException("etcd unavailable", 503, null);

        ErrorStatusUpdateControl<MilvusAlias> control = reconciler.updateErrorStatus(alias, null, unavailable);

        assertThat(control.getResource()).isPresent();
        assertReady(alias, "False", "UnexpectedError");
        assertThat(events.all()).extracting(RecordingEvents.Recorded::type).containsExactly("Warning");
    }

    @Test
    void missingCollectionIsRetriedWithBackoff() {
        MilvusAlias alias = TestResources.alias("products", "v9", 1L);

        assertThatThrownBy(() -> reconciler.reconcile(alias, lookup, writer))
                .isInstanceOfSatisfying(RetryableReconcileException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CollectionNotFound));
        assertThat(milvus.aliasTarget("default", "products")).isEmpty();
    }

    @Test
    void aliasNameThatIsACollectionIsRefused() {
        MilvusAlias alias = TestResources.alias("v2", "v1", 1L);

        reconciler.reconcile(alias, lookup, writer);

        // CreateAlias itself says the name is a collection (no HasCollection before it); nothing changed,
        // and the intent recorded before the call is cleared with the refusal.
        assertReady(alias, "False", "AliasNameTaken");
        assertThat(milvus.count("create")).isEqualTo(1);
        assertThat(milvus.aliasTarget("default", "v2")).isEmpty();
        assertThat(alias.getStatus().getPendingChange()).isNull();

        // Looked at again (resync): the name is still a collection, so no second CreateAlias and no status write.
        int statusWrites = writer.written().size();
        reconciler.reconcile(alias, lookup, writer);
        assertThat(milvus.count("create")).isEqualTo(1);
        assertThat(writer.written()).hasSize(statusWrites);
        assertReady(alias, "False", "AliasNameTaken");
    }

    @Test
    void missingDatabaseIsRetried() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        alias.getSpec().setDatabase("nodb");

        assertThatThrownBy(() -> reconciler.reconcile(alias, lookup, writer))
                .isInstanceOfSatisfying(RetryableReconcileException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.DatabaseNotFound));
    }

    @Test
    void missingConnectionAndSecretAreReportedWithoutCallingMilvus() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        lookup.removeConnections();
        reconciler.reconcile(alias, lookup, writer);
        assertReady(alias, "False", "ConnectionNotFound");

        lookup.add(TestResources.connection("milvus", "http://127.0.0.1:19530", "creds"));
        reconciler.reconcile(alias, lookup, writer);
        assertReady(alias, "False", "SecretNotFound");
        assertThat(milvus.calls()).isEmpty();

        lookup.add(TestResources.secret("creds", Map.of("token", "root:Milvus")));
        reconciler.reconcile(alias, lookup, writer);
        assertReady(alias, "True", "Bound");
    }

    @Test
    void unavailableMilvusIsRetriedAndAuthFailuresAreReported() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        milvus.failNext("describe", Failure.UNAVAILABLE);
        assertThatThrownBy(() -> reconciler.reconcile(alias, lookup, writer))
                .isInstanceOfSatisfying(RetryableReconcileException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MilvusUnavailable));

        milvus.failNext("describe", Failure.UNAUTHENTICATED);
        reconciler.reconcile(alias, lookup, writer);
        assertReady(alias, "False", "Unauthenticated");

        milvus.failNext("describe", Failure.PERMISSION_DENIED);
        reconciler.reconcile(alias, lookup, writer);
        assertReady(alias, "False", "PermissionDenied");
    }

    @Test
    void whatASecretMayClearIsLookedAtAgainAfterTheSecretCacheTtlNotTheResync() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        lookup.add(TestResources.connection("milvus", "http://127.0.0.1:19530", "creds"));
        assertThat(reconciler.reconcile(alias, lookup, writer).getScheduleDelay())
                .contains(TestSettings.SECRET_CACHE_TTL.toMillis());
        assertReady(alias, "False", "SecretNotFound");

        lookup.add(TestResources.secret("creds", Map.of("token", "root:Milvus")));
        milvus.failNext("describe", Failure.UNAUTHENTICATED);
        assertThat(reconciler.reconcile(alias, lookup, writer).getScheduleDelay())
                .contains(TestSettings.SECRET_CACHE_TTL.toMillis());
        assertReady(alias, "False", "Unauthenticated");

        assertThat(reconciler.reconcile(alias, lookup, writer).getScheduleDelay()).contains(Duration.ofMinutes(5).toMillis());
        assertReady(alias, "True", "Bound");

        // A refused write (the Milvus user lacks the privilege) too.
        MilvusAlias other = TestResources.alias("orders", "v1", 1L);
        milvus.failNext("create", Failure.PERMISSION_DENIED);
        assertThat(reconciler.reconcile(other, lookup, writer).getScheduleDelay())
                .contains(TestSettings.SECRET_CACHE_TTL.toMillis());
        assertReady(other, "False", "PermissionDenied");
    }

    @Test
    void aRefusalWithACachedSecretThatWasRotatedReadsItAgainAndPlansAgainAtOnce() {
        CachingCluster cluster = new CachingCluster();
        cluster.add(TestResources.connection("milvus", "http://127.0.0.1:19530", "creds"));
        cluster.add(TestResources.secret("creds", Map.of("token", "svc_old:pass")));
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        reconciler.reconcile(alias, cluster, writer);
        assertReady(alias, "True", "Bound");

        cluster.add(TestResources.secret("creds", Map.of("token", "svc_new:pass"))); // rotated; the cache holds the old
        milvus.failNext("describe", Failure.UNAUTHENTICATED);
        UpdateControl<MilvusAlias> control = reconciler.reconcile(alias, cluster, writer);

        assertThat(control.getScheduleDelay()).contains(0L);
        assertThat(control.isPatchStatus()).isFalse();
        assertReady(alias, "True", "Bound"); // no Unauthenticated for a rotation the operator caught up with
        assertThat(cluster.gets).hasValue(2);
        assertThat(EndpointResolver.decode(cluster.secret(TestResources.NAMESPACE, "creds").orElseThrow()))
                .containsEntry("token", "svc_new:pass");

        // Refused again with the Secret unchanged: read once more, found the same, and reported.
        milvus.failNext("describe", Failure.UNAUTHENTICATED);
        reconciler.reconcile(alias, cluster, writer);
        assertReady(alias, "False", "Unauthenticated");
        assertThat(cluster.gets).hasValue(3);
    }

    /** Secrets served through a {@link SecretCache} whose clock never moves: only a refusal makes it read again. */
    private static final class CachingCluster extends FakeCluster {
        private final AtomicInteger gets = new AtomicInteger();
        private final SecretCache cache = new SecretCache((namespace, name) -> {
            gets.incrementAndGet();
            return super.secret(namespace, name).map(s -> new SecretBuilder(s).build());
        }, Duration.ofMinutes(1), () -> 0L);

        @Override
        public Optional<Secret> secret(String namespace, String name) {
            return cache.get(namespace, name);
        }

        @Override
        public void forgetSecret(String namespace, String name, Secret stale) {
            cache.forget(namespace, name, stale);
        }
    }

    @Test
    void driftIsRepaired() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        reconciler.reconcile(alias, lookup, writer);

        milvus.putAlias("default", "products", "v2");
        reconciler.reconcile(alias, lookup, writer);
        assertThat(milvus.aliasTarget("default", "products")).contains("v1");

        milvus.removeAlias("default", "products");
        reconciler.reconcile(alias, lookup, writer);
        assertThat(milvus.aliasTarget("default", "products")).contains("v1");
        assertThat(events.reasons()).containsExactly("Created", "DriftCorrected", "DriftCorrected");
    }

    @Test
    void invalidSpecIsReportedWithoutCallingMilvus() {
        MilvusAlias alias = TestResources.alias("products", "products", 1L);
        reconciler.reconcile(alias, lookup, writer);
        assertReady(alias, "False", "InvalidSpec");
        alias.getSpec().setCollectionName("bad-name");
        reconciler.reconcile(alias, lookup, writer);
        assertReady(alias, "False", "InvalidSpec");
        alias.getSpec().setCollectionName("v1");
        alias.getSpec().setDatabase(""); // the CRD's pattern rejects it; it is not "unset"
        reconciler.reconcile(alias, lookup, writer);
        assertReady(alias, "False", "InvalidSpec");
        assertThat(milvus.calls()).isEmpty();
    }

    @Test
    void switchWaitsForLoadAndRefusesIncompatibleSchema() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        reconciler.reconcile(alias, lookup, writer);
        milvus.setLoaded("default", "v2", false);
        alias.getSpec().setCollectionName("v2");

        assertThatThrownBy(() -> reconciler.reconcile(alias, lookup, writer))
                .isInstanceOfSatisfying(RetryableReconcileException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WaitingForTargetLoaded));
        assertThat(milvus.aliasTarget("default", "products")).contains("v1");

        milvus.setLoaded("default", "v2", true);
        milvus.setSchema("default", "v2", new dev.milvusalias.milvus.CollectionSchema(
                new dev.milvusalias.milvus.CollectionSchema.Field("pk", "VarChar", 0), java.util.List.of()));
        reconciler.reconcile(alias, lookup, writer);
        assertReady(alias, "False", "IncompatibleSchema");
        assertThat(milvus.aliasTarget("default", "products")).contains("v1");
        assertThat(milvus.count("alter")).isZero();
    }

    private static void assertReady(MilvusAlias alias, String status, String reason) {
        assertThat(alias.getStatus().getConditions()).first().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo(status);
            assertThat(c.getReason()).isEqualTo(reason);
        });
    }
}
