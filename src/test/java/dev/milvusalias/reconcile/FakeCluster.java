package dev.milvusalias.reconcile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.milvusalias.api.ClusterMilvusConnection;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusConnection;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;

/** A {@link ClusterView} over plain collections, one per test. */
public class FakeCluster implements ClusterView {

    private final Map<String, MilvusConnection> connections = new HashMap<>();
    private final Map<String, ClusterMilvusConnection> clusterConnections = new HashMap<>();
    private final Map<String, Namespace> namespaces = new HashMap<>();
    private final Map<String, Secret> secrets = new HashMap<>();
    private final List<MilvusAlias> aliases = new ArrayList<>();

    public FakeCluster add(MilvusConnection connection) {
        connections.put(key(connection.getMetadata().getNamespace(), connection.getMetadata().getName()), connection);
        return this;
    }

    public FakeCluster add(ClusterMilvusConnection connection) {
        clusterConnections.put(connection.getMetadata().getName(), connection);
        return this;
    }

    public FakeCluster add(Namespace namespace) {
        namespaces.put(namespace.getMetadata().getName(), namespace);
        return this;
    }

    public FakeCluster add(Secret secret) {
        secrets.put(key(secret.getMetadata().getNamespace(), secret.getMetadata().getName()), secret);
        return this;
    }

    public FakeCluster add(MilvusAlias alias) {
        aliases.add(alias);
        return this;
    }

    public void removeConnections() {
        connections.clear();
    }

    @Override
    public Optional<MilvusConnection> connection(String namespace, String name) {
        return Optional.ofNullable(connections.get(key(namespace, name)));
    }

    @Override
    public Optional<ClusterMilvusConnection> clusterConnection(String name) {
        return Optional.ofNullable(clusterConnections.get(name));
    }

    @Override
    public Optional<Namespace> namespace(String name) {
        return Optional.ofNullable(namespaces.get(name));
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return Optional.ofNullable(secrets.get(key(namespace, name)));
    }

    @Override
    public List<MilvusAlias> aliasesNamed(String alias) {
        return aliases.stream().filter(a -> alias.equals(a.getSpec().getAlias())).toList();
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
