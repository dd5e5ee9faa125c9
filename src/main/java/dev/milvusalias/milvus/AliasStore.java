package dev.milvusalias.milvus;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The operator's only way to talk to Milvus, in domain terms. Implementations bound every call in
 * time and report failures as {@link MilvusException} with a {@link Failure}.
 */
public interface AliasStore {

    /**
     * Where the alias points now.
     *
     * @return the binding, or empty when the alias does not exist
     * @throws MilvusException DATABASE_NOT_FOUND, UNAVAILABLE, UNAUTHENTICATED, PERMISSION_DENIED, ...
     */
    Optional<AliasBinding> describe(MilvusEndpoint endpoint, AliasRef ref);

    /**
     * Whether the collection exists and is loaded, in one call (GetLoadState). An alias name reports
     * the state of its collection.
     *
     * @return {@link LoadState#NOT_FOUND} when there is no such collection or alias, also when the
     *         database is missing (Milvus does not tell the two apart here)
     * @throws MilvusException PERMISSION_DENIED (privilege GetLoadState), INVALID_ARGUMENT, UNAVAILABLE, ...
     */
    LoadState loadState(MilvusEndpoint endpoint, String database, String collection);

    /**
     * The collection's row count (GetCollectionStatistics); an alias name counts its collection.
     * Approximate: the sum of the persisted segments' counts, so rows still buffered in Milvus are
     * missing until a flush or seal, and deleted rows stay counted until compaction. Needs no load.
     *
     * @throws MilvusException COLLECTION_NOT_FOUND, DATABASE_NOT_FOUND, PERMISSION_DENIED (privilege
     *                         GetStatistics), UNAVAILABLE, ...
     */
    long rowCount(MilvusEndpoint endpoint, String database, String collection);

    /**
     * The index of each vector field of {@code schema} and how far its build is (one DescribeIndex
     * call). A field without an index, or a collection without any, is reported, not thrown.
     *
     * @param collection the collection, or an alias of it
     * @param schema     the collection's schema as {@link #schema} returned it; only its vector fields are looked up
     * @throws MilvusException COLLECTION_NOT_FOUND, DATABASE_NOT_FOUND, INVALID_ARGUMENT, PERMISSION_DENIED
     *                         (privilege IndexDetail), UNAVAILABLE, ...
     */
    IndexProgress indexProgress(MilvusEndpoint endpoint, String database, String collection, CollectionSchema schema);

    /**
     * The collection's primary key and vector fields.
     *
     * @throws MilvusException COLLECTION_NOT_FOUND, ...
     */
    CollectionSchema schema(MilvusEndpoint endpoint, String database, String collection);

    /**
     * Creates the alias. Succeeds without change when it already points at that collection.
     *
     * @throws MilvusException ALIAS_POINTS_ELSEWHERE, NAME_TAKEN_BY_COLLECTION, COLLECTION_NOT_FOUND, ...
     */
    void create(MilvusEndpoint endpoint, AliasBinding binding);

    /**
     * Atomically re-points an existing alias. Never creates one.
     *
     * @throws MilvusException ALIAS_NOT_FOUND, COLLECTION_NOT_FOUND, ...
     */
    void alter(MilvusEndpoint endpoint, AliasBinding binding);

    /** Drops the alias. Succeeds when it does not exist. */
    void drop(MilvusEndpoint endpoint, AliasRef ref);

    /** Logs in and returns the server's version. */
    String serverVersion(MilvusEndpoint endpoint);

    /** Forgets any session kept for this endpoint key (the connection was deleted). */
    void release(String endpointKey);

    /**
     * Asks to be told when a connection that was failing answers again, so that what waits on it can
     * be retried at once instead of at the end of its backoff. The listener gets the endpoint key.
     * Stores that do not track health never call it.
     */
    default void onRecovered(Consumer<String> listener) {
    }
}
