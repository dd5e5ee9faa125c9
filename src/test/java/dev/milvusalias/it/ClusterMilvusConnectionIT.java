package dev.milvusalias.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.milvusalias.api.ClusterMilvusConnection;
import dev.milvusalias.api.ClusterMilvusConnectionSpec;
import dev.milvusalias.api.ConnectionKind;
import dev.milvusalias.api.ConnectionReference;
import dev.milvusalias.api.DeletionPolicy;
import dev.milvusalias.api.LocalObjectReference;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.NamespaceSelector;
import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.reconcile.MilvusAliasReconciler;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * ClusterMilvusConnection against the mock API server (CRUD) and the emulator: one Milvus and one Secret (in the
 * operator's namespace) for many namespaces, but only for those spec.allowedNamespaces selects.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = ProjectCrds.class)
class ClusterMilvusConnectionIT {

    /** The operator's namespace in the test profile (milvus-alias.operator-namespace's fallback). */
    private static final String OPERATOR_NAMESPACE = "milvus-alias-system";
    private static final Map<String, String> SHARED = Map.of("milvus.io/shared-milvus", "true");
    /** The RPCs a connection's own login check makes; anything else comes from a MilvusAlias. */
    private static final Set<String> CONNECTION_CHECK = Set.of("Connect", "GetVersion");

    private static MilvusEmulator milvus;

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void startMilvus() {
        milvus = MilvusEmulator.startWithLoaded("products_v1", "products_v2");
    }

    @AfterAll
    static void stopMilvus() {
        milvus.close();
    }

    @Test
    void anAllowedNamespaceBindsWithTheSecretFromTheOperatorNamespace() {
        namespace(OPERATOR_NAMESPACE, Map.of());
        client.resource(new SecretBuilder().withNewMetadata().withName("shared-credentials")
                .withNamespace(OPERATOR_NAMESPACE).endMetadata()
                .withStringData(Map.of("token", MilvusEmulator.ROOT_USER + ":" + MilvusEmulator.DEFAULT_ROOT_PASSWORD))
                .build()).create();
        clusterConnection("shared-bind", milvus.uri(), matchLabels(SHARED), "shared-credentials");
        OperatorHarness search = inNamespace("bind-search", SHARED);

        aliasVia(search, "catalog", "shared-bind", "bind_catalog", "products_v1");

        search.awaitReady("catalog", "True", "Bound");
        assertThat(milvus.aliasTarget("default", "bind_catalog")).contains("products_v1");
        ClusterMilvusConnection connected = awaitClusterConnection("shared-bind", "True", "Connected");
        assertThat(connected.getStatus().getServerVersion()).isEqualTo(MilvusEmulator.DEFAULT_VERSION);
    }

    @Test
    void anotherNamespaceGetsConnectionNotAllowedAndMakesNoMilvusCall() throws InterruptedException {
        try (MilvusEmulator isolated = MilvusEmulator.startWithLoaded("products_v1")) {
            clusterConnection("shared-isolated", isolated.uri(), matchLabels(SHARED));
            awaitClusterConnection("shared-isolated", "True", "Connected");
            OperatorHarness tenant = inNamespace("isolated-tenant", Map.of("team", "tenant"));
            isolated.clearCalls();

            aliasVia(tenant, "squatter", "shared-isolated", "isolated_a", "products_v1");

            MilvusAlias refused = tenant.awaitReady("squatter", "False", "ConnectionNotAllowed");
            assertThat(OperatorHarness.ready(refused.getStatus().getConditions()).orElseThrow().getMessage())
                    .contains("does not allow namespace isolated-tenant", "milvus.io/shared-milvus=true");
            tenant.awaitEvent("squatter", "ConnectionNotAllowed");
            Thread.sleep(3_000); // more than one resync period of the test profile
            assertThat(isolated.calls()).extracting(MilvusEmulator.Call::rpc).isSubsetOf(CONNECTION_CHECK);
            assertThat(isolated.aliases("default")).isEmpty();
        }
    }

    @Test
    void excludingANamespaceStopsItsAliasesWhichKeepTheirFinalizerAndSayWhy() {
        OperatorHarness search = boundVia("shared-narrow", matchLabels(SHARED), "narrow-search", SHARED, "narrow_catalog");

        client.resources(ClusterMilvusConnection.class).withName("shared-narrow").edit(c -> {
            c.getSpec().setAllowedNamespaces(matchLabels(Map.of("milvus.io/shared-milvus", "platform-only")));
            return c;
        });

        MilvusAlias stopped = search.awaitReady("catalog", "False", "ConnectionNotAllowed");
        assertThat(OperatorHarness.ready(stopped.getStatus().getConditions()).orElseThrow().getMessage())
                .contains("does not allow namespace narrow-search", "makes no Milvus call");
        assertThat(stopped.getMetadata().getFinalizers()).contains(MilvusAliasReconciler.FINALIZER);
        assertThat(stopped.getStatus().getCollectionName()).as("what it bound stays recorded").isEqualTo("products_v1");

        // Deleting it keeps the finalizer too: dropping the alias would need the connection it may not use.
        long dropsBefore = milvus.count("DropAlias");
        search.delete(MilvusAlias.class, "catalog");
        await().atMost(OperatorHarness.TIMEOUT).until(() -> search.get(MilvusAlias.class, "catalog"),
                a -> a.getMetadata().getDeletionTimestamp() != null && OperatorHarness.ready(a.getStatus().getConditions())
                        .filter(c -> c.getMessage().contains("cannot be dropped while")).isPresent());
        assertThat(search.get(MilvusAlias.class, "catalog").getMetadata().getFinalizers())
                .contains(MilvusAliasReconciler.FINALIZER);
        assertThat(milvus.count("DropAlias")).isEqualTo(dropsBefore);

        // The escape hatch: Orphan releases it without a Milvus call, and the alias stays in Milvus.
        search.editAlias("catalog", spec -> spec.setDeletionPolicy(DeletionPolicy.Orphan));
        search.awaitGone(MilvusAlias.class, "catalog");
        assertThat(milvus.aliasTarget("default", "narrow_catalog")).contains("products_v1");
        assertThat(milvus.count("DropAlias")).isEqualTo(dropsBefore);
    }

    @Test
    void relabellingTheNamespaceExcludesAndReadmitsItsAliases() {
        OperatorHarness search = boundVia("shared-labels", matchLabels(SHARED), "labels-search", SHARED, "labels_catalog");

        relabel("labels-search", Map.of());
        search.awaitReady("catalog", "False", "ConnectionNotAllowed");

        relabel("labels-search", SHARED);
        search.awaitReady("catalog", "True", "Bound");
    }

    @Test
    void aMilvusConnectionAndAClusterMilvusConnectionToOneMilvusShareOneAliasSpace() {
        OperatorHarness teamA = inNamespace("conflict-team-a", Map.of());
        teamA.connection("direct", milvus.uri(), null);
        teamA.alias("first", "direct", "conflict_a", "products_v1");
        teamA.awaitReady("first", "True", "Bound");
        clusterConnection("shared-conflict", milvus.uri() + "/", new NamespaceSelector()); // same Milvus, written differently
        OperatorHarness teamB = inNamespace("conflict-team-b", Map.of());

        aliasVia(teamB, "second", "shared-conflict", "conflict_a", "products_v2");

        MilvusAlias loser = teamB.awaitReady("second", "False", "AliasConflict");
        assertThat(OperatorHarness.ready(loser.getStatus().getConditions()).orElseThrow().getMessage())
                .contains("conflict-team-a/first");
        assertThat(milvus.aliasTarget("default", "conflict_a")).contains("products_v1");
    }

    @Test
    void deletingAClusterMilvusConnectionWaitsInUseUntilItsAliasesAreGone() {
        OperatorHarness search = boundVia("shared-inuse", new NamespaceSelector(), "inuse-search", Map.of(), "inuse_catalog");

        client.resources(ClusterMilvusConnection.class).withName("shared-inuse").delete();

        ClusterMilvusConnection waiting = awaitClusterConnection("shared-inuse", "False", "InUse");
        assertThat(waiting.getStatus().getConditions().get(0).getMessage()).contains("inuse-search/catalog");
        // Still there, so the alias can drop what it bound on its way out.
        search.delete(MilvusAlias.class, "catalog");
        search.awaitGone(MilvusAlias.class, "catalog");
        assertThat(milvus.aliasTarget("default", "inuse_catalog")).isEmpty();
        await().atMost(OperatorHarness.TIMEOUT)
                .until(() -> client.resources(ClusterMilvusConnection.class).withName("shared-inuse").get() == null);
    }

    // ---- helpers ----

    /** A ClusterMilvusConnection, a namespace, and in it the MilvusAlias "catalog" bound through that connection. */
    private OperatorHarness boundVia(String connection, NamespaceSelector allowed, String namespace,
            Map<String, String> labels, String alias) {
        clusterConnection(connection, milvus.uri(), allowed);
        OperatorHarness k8s = inNamespace(namespace, labels);
        aliasVia(k8s, "catalog", connection, alias, "products_v1");
        k8s.awaitReady("catalog", "True", "Bound");
        return k8s;
    }

    private ClusterMilvusConnection clusterConnection(String name, String uri, NamespaceSelector allowed) {
        return clusterConnection(name, uri, allowed, null);
    }

    private ClusterMilvusConnection clusterConnection(String name, String uri, NamespaceSelector allowed,
            String credentialsSecret) {
        ClusterMilvusConnection connection = new ClusterMilvusConnection();
        connection.setMetadata(new ObjectMetaBuilder().withName(name).build());
        ClusterMilvusConnectionSpec spec = new ClusterMilvusConnectionSpec();
        spec.setUri(uri);
        spec.setAllowedNamespaces(allowed);
        if (credentialsSecret != null) {
            spec.setCredentialsSecretRef(new LocalObjectReference(credentialsSecret));
        }
        connection.setSpec(spec);
        return client.resource(connection).create();
    }

    private ClusterMilvusConnection awaitClusterConnection(String name, String status, String reason) {
        return await().atMost(OperatorHarness.TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> client.resources(ClusterMilvusConnection.class).withName(name).get(),
                        c -> c != null && c.getStatus() != null && OperatorHarness.ready(c.getStatus().getConditions())
                                .filter(r -> status.equals(r.getStatus()) && reason.equals(r.getReason())).isPresent());
    }

    private OperatorHarness inNamespace(String name, Map<String, String> labels) {
        namespace(name, labels);
        return new OperatorHarness(client, name);
    }

    private void namespace(String name, Map<String, String> labels) {
        client.resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build())
                .createOr(existing -> existing.update());
    }

    private void relabel(String name, Map<String, String> labels) {
        client.namespaces().withName(name).edit(ns -> {
            ns.getMetadata().setLabels(labels);
            return ns;
        });
    }

    private static void aliasVia(OperatorHarness k8s, String name, String connection, String alias, String collection) {
        k8s.alias(name, connection, alias, collection, resource -> resource.getSpec()
                .setConnectionRef(new ConnectionReference(ConnectionKind.ClusterMilvusConnection, connection)));
    }

    private static NamespaceSelector matchLabels(Map<String, String> labels) {
        return new NamespaceSelector(labels, null);
    }
}
