package dev.milvusalias.reconcile;

import java.util.Optional;

import dev.milvusalias.api.ClusterMilvusConnection;
import dev.milvusalias.api.ConnectionKind;
import dev.milvusalias.api.ConnectionReference;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.api.MilvusConnectionSpec;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * A MilvusConnection or a ClusterMilvusConnection, reduced to what resolving an endpoint and finding its
 * users need: both kinds share one spec and differ in scope and in where their Secrets live.
 *
 * @param namespace the MilvusConnection's namespace; null for a ClusterMilvusConnection
 */
public record Connection(ConnectionKind kind, String namespace, String name, MilvusConnectionSpec spec) {

    public static Connection of(MilvusConnection connection) {
        return new Connection(ConnectionKind.MilvusConnection, connection.getMetadata().getNamespace(),
                connection.getMetadata().getName(), connection.getSpec());
    }

    public static Connection of(ClusterMilvusConnection connection) {
        return new Connection(ConnectionKind.ClusterMilvusConnection, null, connection.getMetadata().getName(),
                connection.getSpec());
    }

    /**
     * Identity of a connection: "namespace/name" for a MilvusConnection, "ClusterMilvusConnection/name"
     * otherwise (namespace names are lower case, so the two never collide). Milvus clients are cached by it.
     */
    public static String key(ConnectionKind kind, String namespace, String name) {
        return kind == ConnectionKind.ClusterMilvusConnection ? kind.name() + "/" + name : namespace + "/" + name;
    }

    /** The key of the connection a MilvusAlias names, or empty when it names none. */
    public static Optional<String> keyUsedBy(MilvusAlias alias) {
        return referenceOf(alias).map(ref -> key(ref.kindOrDefault(), alias.getMetadata().getNamespace(), ref.getName()));
    }

    /** The connection a MilvusAlias names, as a ResourceID, when it is of {@code kind}. */
    public static Optional<ResourceID> idUsedBy(MilvusAlias alias, ConnectionKind kind) {
        return referenceOf(alias).filter(ref -> ref.kindOrDefault() == kind)
                .map(ref -> new ResourceID(ref.getName(),
                        kind == ConnectionKind.MilvusConnection ? alias.getMetadata().getNamespace() : null));
    }

    public String key() {
        return key(kind, namespace, name);
    }

    /** Where its Secrets live: its own namespace, or the operator's for a ClusterMilvusConnection. */
    public String secretNamespace(String operatorNamespace) {
        return kind == ConnectionKind.ClusterMilvusConnection ? operatorNamespace : namespace;
    }

    /** Whether {@code alias} names this connection. */
    public boolean usedBy(MilvusAlias alias) {
        return keyUsedBy(alias).filter(key()::equals).isPresent();
    }

    /** "MilvusConnection team-a/milvus" or "ClusterMilvusConnection shared", for messages. */
    public String describe() {
        return kind == ConnectionKind.ClusterMilvusConnection ? kind.name() + " " + name
                : kind.name() + " " + namespace + "/" + name;
    }

    private static Optional<ConnectionReference> referenceOf(MilvusAlias alias) {
        return Optional.ofNullable(alias.getSpec()).map(spec -> spec.getConnectionRef())
                .filter(ref -> ref.getName() != null);
    }
}
