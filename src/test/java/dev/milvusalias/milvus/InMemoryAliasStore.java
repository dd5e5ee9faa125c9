package dev.milvusalias.milvus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An {@link AliasStore} in memory, with Milvus' alias semantics and failure injection. Kept honest
 * by {@link AliasStoreContract}, which runs against it and against the SDK adapter with the emulator.
 * One per test; never shared.
 */
public class InMemoryAliasStore implements AliasStore {

    private final Map<String, Set<String>> collections = new HashMap<>();
    private final Map<String, Map<String, String>> aliases = new HashMap<>();
    private final Map<String, Failure> failNext = new HashMap<>();
    private final Map<String, LoadState> loadStates = new HashMap<>();
    private final Map<String, CollectionSchema> schemas = new HashMap<>();
    private final Map<String, Long> rowCounts = new HashMap<>();
    private final Map<String, Map<String, VectorIndex>> indexes = new HashMap<>();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private Failure failEverything;

    public InMemoryAliasStore() {
        createDatabase("default");
    }

    public synchronized InMemoryAliasStore createDatabase(String db) {
        collections.putIfAbsent(db, new HashSet<>());
        aliases.putIfAbsent(db, new HashMap<>());
        return this;
    }

    /**
     * Creates a loaded, empty collection with the default schema (id Int64, vector FloatVector dim 8)
     * and a finished index named {@code vector} on its vector field, as Milvus needs for a load.
     */
    public synchronized InMemoryAliasStore createCollection(String db, String collection) {
        createDatabase(db);
        collections.get(db).add(collection);
        loadStates.put(db + "/" + collection, LoadState.LOADED);
        schemas.put(db + "/" + collection, DEFAULT_SCHEMA);
        setIndex(db, collection, new VectorIndex("vector", "vector", IndexBuildState.FINISHED, 0, 0, 0, ""));
        return this;
    }

    public static final CollectionSchema DEFAULT_SCHEMA = new CollectionSchema(
            new CollectionSchema.Field("id", "Int64", 0), List.of(new CollectionSchema.Field("vector", "FloatVector", 8)));

    public synchronized void setLoaded(String db, String collection, boolean isLoaded) {
        setLoadState(db, collection, isLoaded ? LoadState.LOADED : LoadState.NOT_LOADED);
    }

    public synchronized void setLoadState(String db, String collection, LoadState state) {
        loadStates.put(db + "/" + collection, state);
    }

    public synchronized void setRowCount(String db, String collection, long rows) {
        rowCounts.put(db + "/" + collection, rows);
    }

    /** Creates or replaces the index on {@code index.field()} with that build progress. */
    public synchronized void setIndex(String db, String collection, VectorIndex index) {
        indexes.computeIfAbsent(db + "/" + collection, k -> new HashMap<>()).put(index.field(), index);
    }

    public synchronized void dropIndex(String db, String collection, String field) {
        Map<String, VectorIndex> byField = indexes.get(db + "/" + collection);
        if (byField != null) {
            byField.remove(field);
        }
    }

    public synchronized void setSchema(String db, String collection, CollectionSchema schema) {
        schemas.put(db + "/" + collection, schema);
    }

    public synchronized void putAlias(String db, String alias, String collection) {
        aliases.get(db).put(alias, collection);
    }

    public synchronized void removeAlias(String db, String alias) {
        aliases.get(db).remove(alias);
    }

    public synchronized Optional<String> aliasTarget(String db, String alias) {
        return Optional.ofNullable(aliases.getOrDefault(db, Map.of()).get(alias));
    }

    /** The next call of {@code operation} ("describe", "create", ...) fails with {@code failure}. */
    public synchronized void failNext(String operation, Failure failure) {
        failNext.put(operation, failure);
    }

    /** Every call fails with {@code failure} until set to null. */
    public synchronized void failEverything(Failure failure) {
        failEverything = failure;
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    public long count(String operation) {
        return calls.stream().filter(operation::equals).count();
    }

    @Override
    public synchronized Optional<AliasBinding> describe(MilvusEndpoint endpoint, AliasRef ref) {
        enter("describe");
        requireDatabase(ref.database());
        return aliasTarget(ref.database(), ref.alias()).map(c -> new AliasBinding(ref.database(), ref.alias(), c));
    }

    @Override
    public synchronized LoadState loadState(MilvusEndpoint endpoint, String database, String collection) {
        enter("loadState");
        String real = collections.containsKey(database) ? resolve(database, collection) : null;
        return real == null ? LoadState.NOT_FOUND
                : loadStates.getOrDefault(database + "/" + real, LoadState.NOT_LOADED);
    }

    @Override
    public synchronized long rowCount(MilvusEndpoint endpoint, String database, String collection) {
        enter("rowCount");
        return rowCounts.getOrDefault(database + "/" + existing(database, collection), 0L);
    }

    @Override
    public synchronized IndexProgress indexProgress(MilvusEndpoint endpoint, String database, String collection,
            CollectionSchema schema) {
        enter("indexProgress");
        Map<String, VectorIndex> byField = indexes.getOrDefault(database + "/" + existing(database, collection),
                Map.of());
        return new IndexProgress(schema.vectors().stream()
                .map(v -> byField.getOrDefault(v.name(), VectorIndex.missing(v.name()))).toList());
    }

    @Override
    public synchronized CollectionSchema schema(MilvusEndpoint endpoint, String database, String collection) {
        enter("schema");
        requireDatabase(database);
        requireCollection(new AliasBinding(database, "-", collection));
        return schemas.get(database + "/" + collection);
    }

    @Override
    public synchronized void create(MilvusEndpoint endpoint, AliasBinding binding) {
        enter("create");
        requireDatabase(binding.database());
        Optional<String> current = aliasTarget(binding.database(), binding.alias());
        if (current.isPresent() && current.get().equals(binding.collection())) {
            return;
        }
        if (current.isPresent()) {
            throw new MilvusException(Failure.ALIAS_POINTS_ELSEWHERE, "alias already exists");
        }
        if (collections.get(binding.database()).contains(binding.alias())) {
            throw new MilvusException(Failure.NAME_TAKEN_BY_COLLECTION, "alias and collection name conflict");
        }
        requireCollection(binding);
        aliases.get(binding.database()).put(binding.alias(), binding.collection());
    }

    @Override
    public synchronized void alter(MilvusEndpoint endpoint, AliasBinding binding) {
        enter("alter");
        requireDatabase(binding.database());
        requireCollection(binding);
        if (aliasTarget(binding.database(), binding.alias()).isEmpty()) {
            throw new MilvusException(Failure.ALIAS_NOT_FOUND, "alias not found");
        }
        aliases.get(binding.database()).put(binding.alias(), binding.collection());
    }

    @Override
    public synchronized void drop(MilvusEndpoint endpoint, AliasRef ref) {
        enter("drop");
        requireDatabase(ref.database());
        aliases.get(ref.database()).remove(ref.alias());
    }

    @Override
    public synchronized String serverVersion(MilvusEndpoint endpoint) {
        enter("serverVersion");
        return "v2.6.4";
    }

    @Override
    public void release(String endpointKey) {
        calls.add("release");
    }

    private void enter(String operation) {
        calls.add(operation);
        if (failEverything != null) {
            throw new MilvusException(failEverything, operation + ": injected " + failEverything);
        }
        Failure failure = failNext.remove(operation);
        if (failure != null) {
            throw new MilvusException(failure, operation + ": injected " + failure);
        }
    }

    private void requireDatabase(String db) {
        if (!collections.containsKey(db)) {
            throw new MilvusException(Failure.DATABASE_NOT_FOUND, "database not found[database=" + db + "]");
        }
    }

    /** A collection name, or the collection an alias points at; null when neither exists. */
    private String resolve(String db, String name) {
        return collections.get(db).contains(name) ? name : aliases.get(db).get(name);
    }

    /** Like Milvus' collection lookups: the database must exist, an alias stands for its collection. */
    private String existing(String db, String name) {
        requireDatabase(db);
        String real = resolve(db, name);
        if (real == null) {
            throw new MilvusException(Failure.COLLECTION_NOT_FOUND, "collection not found[database=" + db
                    + "][collection=" + name + "]");
        }
        return real;
    }

    private void requireCollection(AliasBinding binding) {
        if (!collections.get(binding.database()).contains(binding.collection())) {
            throw new MilvusException(Failure.COLLECTION_NOT_FOUND, "collection not found[collection="
                    + binding.collection() + "]");
        }
    }
}
