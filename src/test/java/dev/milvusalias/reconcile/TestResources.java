package dev.milvusalias.reconcile;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import dev.milvusalias.api.ClusterMilvusConnection;
import dev.milvusalias.api.ClusterMilvusConnectionSpec;
import dev.milvusalias.api.ConnectionKind;
import dev.milvusalias.api.ConnectionReference;
import dev.milvusalias.api.LocalObjectReference;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasSpec;
import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.api.MilvusConnectionSpec;
import dev.milvusalias.api.NamespaceSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

/** Builders for the Kubernetes objects unit tests need. */
public final class TestResources {

    public static final String NAMESPACE = "team-a";

    private TestResources() {
    }

    public static MilvusAlias alias(String alias, String collection, long generation) {
        MilvusAlias resource = new MilvusAlias();
        resource.setMetadata(new ObjectMetaBuilder().withName(alias.replace('_', '-')).withNamespace(NAMESPACE)
                .withGeneration(generation).withUid(UUID.randomUUID().toString()).build());
        MilvusAliasSpec spec = new MilvusAliasSpec();
        spec.setConnectionRef(new ConnectionReference("milvus"));
        spec.setAlias(alias);
        spec.setCollectionName(collection);
        resource.setSpec(spec);
        return resource;
    }

    public static MilvusConnection connection(String name, String uri, String secretName) {
        MilvusConnection connection = new MilvusConnection();
        connection.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).withGeneration(1L).build());
        MilvusConnectionSpec spec = new MilvusConnectionSpec();
        spec.setUri(uri);
        if (secretName != null) {
            spec.setCredentialsSecretRef(new LocalObjectReference(secretName));
        }
        connection.setSpec(spec);
        return connection;
    }

    /**
     * A Secret cache for reconcilers whose tests read Secrets from a {@link FakeCluster}: the cache is only used by
     * the informer-backed view of a running operator, so here it finds nothing.
     */
    public static SecretCache unusedSecretCache() {
        return new SecretCache((namespace, name) -> java.util.Optional.empty(), java.time.Duration.ofSeconds(1),
                com.github.benmanes.caffeine.cache.Ticker.systemTicker());
    }

    public static Secret secret(String name, Map<String, String> values) {
        return secret(NAMESPACE, name, values);
    }

    public static Secret secret(String namespace, String name, Map<String, String> values) {
        Map<String, String> data = new java.util.HashMap<>();
        values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withData(data).build();
    }

    /** A ClusterMilvusConnection; {@code allowed} null leaves spec.allowedNamespaces unset. */
    public static ClusterMilvusConnection clusterConnection(String name, String uri, String secretName,
            NamespaceSelector allowed) {
        ClusterMilvusConnection connection = new ClusterMilvusConnection();
        connection.setMetadata(new ObjectMetaBuilder().withName(name).withGeneration(1L).build());
        ClusterMilvusConnectionSpec spec = new ClusterMilvusConnectionSpec();
        spec.setUri(uri);
        if (secretName != null) {
            spec.setCredentialsSecretRef(new LocalObjectReference(secretName));
        }
        spec.setAllowedNamespaces(allowed);
        connection.setSpec(spec);
        return connection;
    }

    /** An alias in {@link #NAMESPACE} that uses the ClusterMilvusConnection {@code connection}. */
    public static MilvusAlias aliasVia(String connection, String alias, String collection) {
        MilvusAlias resource = alias(alias, collection, 1L);
        resource.getSpec().setConnectionRef(new ConnectionReference(ConnectionKind.ClusterMilvusConnection, connection));
        return resource;
    }

    public static Namespace namespace(String name, Map<String, String> labels) {
        return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
    }

    public static NamespaceSelector matchLabels(Map<String, String> labels) {
        return new NamespaceSelector(labels, null);
    }
}
