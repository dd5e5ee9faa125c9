package dev.milvusalias.reconcile;

import java.util.Optional;

import dev.milvusalias.api.ClusterMilvusConnection;
import dev.milvusalias.api.ConnectionKind;
import dev.milvusalias.api.ConnectionReference;
import dev.milvusalias.api.MilvusAlias;

/**
 * Finds the connection a MilvusAlias names, of either kind, and says whether the alias may use it: a
 * MilvusConnection in its own namespace always, a ClusterMilvusConnection only from a namespace its
 * spec.allowedNamespaces selects ({@link NamespaceAccess}). Reads only the informer caches.
 */
final class ConnectionLookup {

    private ConnectionLookup() {
    }

    /** Either a usable connection, or a reason (ConnectionNotFound, ConnectionNotAllowed) with a message. */
    record Lookup(Connection connection, Reason reason, String message) {

        boolean usable() {
            return connection != null;
        }
    }

    static Lookup find(MilvusAlias alias, ClusterView cluster) {
        ConnectionReference ref = alias.getSpec().getConnectionRef();
        String namespace = alias.getMetadata().getNamespace();
        if (ref.kindOrDefault() == ConnectionKind.MilvusConnection) {
            return cluster.connection(namespace, ref.getName())
                    .map(c -> new Lookup(Connection.of(c), null, null))
                    .orElseGet(() -> new Lookup(null, Reason.ConnectionNotFound,
                            "MilvusConnection " + ref.getName() + " not found in namespace " + namespace));
        }
        Optional<ClusterMilvusConnection> shared = cluster.clusterConnection(ref.getName());
        if (shared.isEmpty()) {
            return new Lookup(null, Reason.ConnectionNotFound, "ClusterMilvusConnection " + ref.getName() + " not found");
        }
        return NamespaceAccess.denial(shared.get(), namespace, cluster)
                .map(denial -> new Lookup(null, Reason.ConnectionNotAllowed,
                        denial + "; this MilvusAlias makes no Milvus call until it is allowed"))
                .orElseGet(() -> new Lookup(Connection.of(shared.get()), null, null));
    }
}
