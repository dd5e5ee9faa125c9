package dev.milvusalias.api;

/** The two kinds a MilvusAlias can name in spec.connectionRef. */
public enum ConnectionKind {
    /** A MilvusConnection in the alias' own namespace. */
    MilvusConnection,
    /** A cluster-scoped ClusterMilvusConnection whose spec.allowedNamespaces admits the alias' namespace. */
    ClusterMilvusConnection
}
