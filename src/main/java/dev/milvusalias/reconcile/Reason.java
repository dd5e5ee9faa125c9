package dev.milvusalias.reconcile;

/** The reasons a Ready condition can carry. Each failure maps to exactly one. */
public enum Reason {
    /** The alias points at spec.collectionName. */
    Bound,
    /** MilvusConnection: the operator logged in. */
    Connected,
    /** The alias existed before and points at another collection; it was not created by this resource. */
    AliasOwnedElsewhere,
    /** An older MilvusAlias claims the same alias on the same Milvus and database; this one stands back. */
    AliasConflict,
    /** Annotation milvus.io/paused is "true": no Milvus call is made. */
    Paused,
    /** The target collection is not loaded yet (switchPolicy.requireLoaded). Looked at again with backoff. */
    WaitingForTargetLoaded,
    /** The target has fewer rows than switchPolicy.minRowCount (approximate count). Looked at again with backoff. */
    WaitingForRowCount,
    /** The target has fewer rows than the current collection by more than switchPolicy.maxRowCountDropPercent. Looked at again with backoff. */
    RowCountDropTooLarge,
    /** A vector index of the target is missing or not fully built (switchPolicy.requireIndexed). Looked at again with backoff. */
    WaitingForIndex,
    /** The target collection's primary key or vector fields differ from the current one (switchPolicy.requireCompatibleSchema). */
    IncompatibleSchema,
    /** The alias name is the name of an existing collection. */
    AliasNameTaken,
    /** spec.collectionName does not exist (yet). Looked at again with backoff. */
    CollectionNotFound,
    /** The database does not exist (yet). Looked at again with backoff. */
    DatabaseNotFound,
    /** The MilvusConnection or ClusterMilvusConnection named by spec.connectionRef does not exist. */
    ConnectionNotFound,
    /**
     * The ClusterMilvusConnection named by spec.connectionRef does not allow this namespace (spec.allowedNamespaces),
     * or the operator does not serve ClusterMilvusConnections. No Milvus call is made; the finalizer stays.
     */
    ConnectionNotAllowed,
    /** The Secret named by the connection does not exist or lacks the keys. */
    SecretNotFound,
    /** Milvus could not be reached or did not answer in time. Retried with backoff. */
    MilvusUnavailable,
    /** Milvus refused the credentials. */
    Unauthenticated,
    /** The Milvus user lacks a privilege. */
    PermissionDenied,
    /** The spec cannot work (the API server's validation was bypassed or Milvus rejected a name). */
    InvalidSpec,
    /** The resource is being deleted and the operator is releasing the alias. */
    Deleting,
    /** MilvusConnection or ClusterMilvusConnection being deleted while MilvusAlias resources still use it. */
    InUse,
    /** Milvus answered something the operator does not understand. Retried with backoff. */
    UnexpectedError
}
