package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.api.NamespaceSelector;

class AliasClaimsTest {

    private final FakeCluster cluster = new FakeCluster();

    @Test
    void oldestClaimOwnsEvenAcrossNamespaces() {
        MilvusAlias old = claim("team-a", "old", "2026-01-01T00:00:00Z", "uid-2", "http://milvus:19530");
        MilvusAlias young = claim("team-b", "young", "2026-01-02T00:00:00Z", "uid-1", "http://MILVUS:19530/");

        assertThat(AliasClaims.ownerOtherThan(young, cluster)).contains(old);
        assertThat(AliasClaims.ownerOtherThan(old, cluster)).isEmpty();
    }

    @Test
    void sameSecondIsDecidedByUid() {
        MilvusAlias a = claim("ns", "a", "2026-01-01T00:00:00Z", "uid-1", "http://milvus:19530");
        MilvusAlias b = claim("ns", "b", "2026-01-01T00:00:00Z", "uid-2", "http://milvus:19530");

        assertThat(AliasClaims.ownerOtherThan(b, cluster)).contains(a);
        assertThat(AliasClaims.ownerOtherThan(a, cluster)).isEmpty();
    }

    @Test
    void otherMilvusOrOtherDatabaseIsNoConflict() {
        claim("ns", "a", "2026-01-01T00:00:00Z", "uid-1", "http://milvus-a:19530");
        MilvusAlias otherServer = claim("ns2", "b", "2026-01-02T00:00:00Z", "uid-2", "http://milvus-b:19530");
        MilvusAlias otherDb = claim("ns3", "c", "2026-01-03T00:00:00Z", "uid-3", "http://milvus-a:19530");
        otherDb.getSpec().setDatabase("analytics");

        assertThat(AliasClaims.ownerOtherThan(otherServer, cluster)).isEmpty();
        assertThat(AliasClaims.ownerOtherThan(otherDb, cluster)).isEmpty();
    }

    @Test
    void aMilvusConnectionAndAClusterMilvusConnectionToOneUriShareOneAliasSpace() {
        MilvusAlias viaNamespaced = claim("team-a", "old", "2026-01-01T00:00:00Z", "uid-1", "http://milvus:19530");
        cluster.add(TestResources.clusterConnection("shared", "http://Milvus:19530/", null, new NamespaceSelector()));
        MilvusAlias viaShared = claimVia("shared", "team-b", "young", "2026-01-02T00:00:00Z", "uid-2");

        assertThat(AliasClaims.ownerOtherThan(viaShared, cluster)).contains(viaNamespaced);
        assertThat(AliasClaims.ownerOtherThan(viaNamespaced, cluster)).isEmpty();
    }

    @Test
    void aNamespaceThatMayNotUseTheClusterConnectionClaimsNothing() {
        cluster.add(TestResources.namespace("tenant", Map.of()))
                .add(TestResources.namespace("search", Map.of("milvus.io/shared-milvus", "true")))
                .add(TestResources.clusterConnection("shared", "http://milvus:19530", null,
                        TestResources.matchLabels(Map.of("milvus.io/shared-milvus", "true"))));
        MilvusAlias squatter = claimVia("shared", "tenant", "early", "2026-01-01T00:00:00Z", "uid-1");
        MilvusAlias allowed = claimVia("shared", "search", "late", "2026-01-02T00:00:00Z", "uid-2");

        // The older claim comes from a namespace that is not allowed: it cannot stand in the way.
        assertThat(AliasClaims.ownerOtherThan(allowed, cluster)).isEmpty();
        assertThat(AliasClaims.identity(squatter, cluster)).isEmpty();
    }

    private MilvusAlias claimVia(String connection, String namespace, String name, String created, String uid) {
        return claimed(TestResources.aliasVia(connection, "products", "v1"), namespace, name, created, uid);
    }

    private MilvusAlias claim(String namespace, String name, String created, String uid, String uri) {
        MilvusConnection connection = TestResources.connection("milvus-" + name, uri, null);
        connection.getMetadata().setNamespace(namespace);
        cluster.add(connection);
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        alias.getSpec().getConnectionRef().setName("milvus-" + name);
        return claimed(alias, namespace, name, created, uid);
    }

    private MilvusAlias claimed(MilvusAlias alias, String namespace, String name, String created, String uid) {
        alias.getMetadata().setNamespace(namespace);
        alias.getMetadata().setName(name);
        alias.getMetadata().setCreationTimestamp(created);
        alias.getMetadata().setUid(uid);
        cluster.add(alias);
        return alias;
    }
}
