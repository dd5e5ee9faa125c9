package dev.milvusalias.api;

/** Annotations the operator reads on MilvusAlias resources. */
public final class Annotations {

    /** "true" stops every Milvus call for the resource, on delete too (the finalizer is kept). */
    public static final String PAUSED = "milvus.io/paused";
    /** A duration such as 10m: give up waiting for Milvus on delete after this long and release the finalizer. */
    public static final String DELETION_TIMEOUT = "milvus.io/deletion-timeout";
    /** A duration such as 30s: how often this resource re-reads Milvus (overrides the operator setting). */
    public static final String RESYNC_INTERVAL = "milvus.io/resync-interval";
    /** Any new value forces an immediate reconcile. */
    public static final String RECONCILE_REQUESTED_AT = "milvus.io/reconcile-requested-at";

    private Annotations() {
    }
}
