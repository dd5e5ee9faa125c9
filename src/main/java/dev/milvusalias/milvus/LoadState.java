package dev.milvusalias.milvus;

/**
 * Whether a collection can serve searches, as Milvus' GetLoadState reports it. The same call tells
 * whether the collection exists, so no separate existence check is needed.
 */
public enum LoadState {
    /** No collection (nor alias) of that name; Milvus answers the same when the database is missing. */
    NOT_FOUND,
    /** The collection exists and is released: searches fail. */
    NOT_LOADED,
    /** A load is under way: searches fail until it completes. */
    LOADING,
    /** Loaded: searches are served. */
    LOADED
}
