package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.milvusalias.api.ClusterMilvusConnection;
import dev.milvusalias.api.DeletionPolicy;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.NamespaceSelector;
import dev.milvusalias.config.TestSettings;
import dev.milvusalias.milvus.InMemoryAliasStore;

/** A MilvusAlias through a ClusterMilvusConnection, apply and delete, against an in-memory Milvus. */
class ClusterConnectionAliasTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Map<String, String> SHARED = Map.of("milvus.io/shared-milvus", "true");

    private InMemoryAliasStore milvus;
    private RecordingEvents events;
    private MilvusAliasReconciler reconciler;
    private AliasDeletion deletion;
    private final FakeCluster cluster = new FakeCluster();
    private final RecordingStatusWriter writer = new RecordingStatusWriter();
    private ClusterMilvusConnection shared;

    @BeforeEach
    void setUp() {
        milvus = new InMemoryAliasStore().createCollection("default", "v1");
        events = new RecordingEvents();
        AliasStatusFactory statuses = TestSeals.statuses(CLOCK);
        var settings = TestSettings.withResync(Duration.ofMinutes(5));
        reconciler = new MilvusAliasReconciler(milvus, events, statuses, settings, CLOCK, AliasMetrics.NONE,
                TestResources.unusedSecretCache());
        deletion = new AliasDeletion(milvus, events, statuses, settings, CLOCK, AliasMetrics.NONE);
        shared = TestResources.clusterConnection("shared", "http://127.0.0.1:19530", null,
                TestResources.matchLabels(SHARED));
        cluster.add(shared);
    }

    @Test
    void anAllowedNamespaceBinds() {
        cluster.add(TestResources.namespace(TestResources.NAMESPACE, SHARED));
        MilvusAlias alias = TestResources.aliasVia("shared", "products", "v1");

        reconciler.reconcile(alias, cluster, writer);

        assertReady(alias, "True", "Bound");
        assertThat(milvus.aliasTarget("default", "products")).contains("v1");
    }

    @Test
    void anotherNamespaceIsNotAllowedAndMakesNoMilvusCall() {
        cluster.add(TestResources.namespace(TestResources.NAMESPACE, Map.of("milvus.io/shared-milvus", "false")));
        MilvusAlias alias = TestResources.aliasVia("shared", "products", "v1");

        reconciler.reconcile(alias, cluster, writer);

        assertReady(alias, "False", "ConnectionNotAllowed");
        assertThat(alias.getStatus().getConditions().get(0).getMessage())
                .contains("does not allow namespace " + TestResources.NAMESPACE);
        assertThat(milvus.calls()).isEmpty();
        assertThat(events.reasons()).containsExactly("ConnectionNotAllowed");
    }

    @Test
    void withoutAllowedNamespacesNoNamespaceMayUseIt() {
        cluster.add(TestResources.namespace(TestResources.NAMESPACE, SHARED));
        shared.getSpec().setAllowedNamespaces(null);
        MilvusAlias alias = TestResources.aliasVia("shared", "products", "v1");

        reconciler.reconcile(alias, cluster, writer);

        assertReady(alias, "False", "ConnectionNotAllowed");
        assertThat(milvus.calls()).isEmpty();

        shared.getSpec().setAllowedNamespaces(new NamespaceSelector());
        reconciler.reconcile(alias, cluster, writer);
        assertReady(alias, "True", "Bound");
    }

    @Test
    void excludedAfterBindingItStopsKeepsWhatItBoundAndKeepsTheFinalizerOnDelete() {
        var namespace = TestResources.namespace(TestResources.NAMESPACE, SHARED);
        cluster.add(namespace);
        MilvusAlias alias = TestResources.aliasVia("shared", "products", "v1");
        reconciler.reconcile(alias, cluster, writer);
        int calls = milvus.calls().size();

        namespace.getMetadata().setLabels(Map.of());
        reconciler.reconcile(alias, cluster, writer);

        assertReady(alias, "False", "ConnectionNotAllowed");
        assertThat(alias.getStatus().getCollectionName()).as("what it bound stays recorded").isEqualTo("v1");
        AliasDeletion.DeleteOutcome outcome = deletion.cleanup(alias, cluster, writer);
        assertThat(outcome.release()).isFalse();
        assertThat(outcome.reason()).isEqualTo(Reason.ConnectionNotAllowed);
        assertThat(outcome.status().getConditions().get(0).getMessage())
                .contains("cannot be dropped while", "deletionPolicy: Orphan");
        assertThat(milvus.calls()).hasSize(calls);
        assertThat(milvus.aliasTarget("default", "products")).contains("v1");

        alias.getSpec().setDeletionPolicy(DeletionPolicy.Orphan);
        assertThat(deletion.cleanup(alias, cluster, writer).release()).isTrue();
        assertThat(milvus.calls()).hasSize(calls);
        assertThat(milvus.aliasTarget("default", "products")).contains("v1");
    }

    private static void assertReady(MilvusAlias alias, String status, String reason) {
        assertThat(alias.getStatus().getConditions()).first().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo(status);
            assertThat(c.getReason()).isEqualTo(reason);
        });
    }
}
