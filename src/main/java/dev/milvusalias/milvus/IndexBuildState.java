package dev.milvusalias.milvus;

/** The build state of an index (Milvus' {@code common.IndexState}), plus {@link #NO_INDEX} for a field without one. */
public enum IndexBuildState {
    /** The field has no index. Not a Milvus state. */
    NO_INDEX,
    /** Milvus' IndexStateNone: the state is unknown. */
    NONE,
    /** Build tasks exist but have not been given to a worker yet. */
    UNISSUED,
    /** Building. */
    IN_PROGRESS,
    /** Every segment the state looks at is indexed (later flushes may still be pending). */
    FINISHED,
    /** A segment's build failed; see the fail reason. */
    FAILED,
    /** A failed build is being retried. */
    RETRY
}
