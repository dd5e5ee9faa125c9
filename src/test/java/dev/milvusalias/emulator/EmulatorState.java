package dev.milvusalias.emulator;

import io.milvus.grpc.ConsistencyLevel;
import io.milvus.grpc.LoadState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The in-memory catalogue of the emulated server: databases, their collections and aliases.
 * Every method takes the same lock, so each RPC sees and changes the state atomically (an
 * AlterAlias is a single switch, never a drop-then-create).
 *
 * <p>RPC-facing methods throw {@link ServerError} with the code and reason a Milvus 2.6 server
 * would put in the response Status; test-facing methods throw ordinary Java exceptions.
 */
final class EmulatorState {

    static final String DEFAULT_DB = "default";

    /** A read-only copy of one collection, safe to use outside the lock. */
    record CollectionView(String db, long dbId, String name, long id, CollectionSchema schema, long createdMs,
                          ConsistencyLevel consistencyLevel, int shardsNum, LoadState loadState,
                          List<String> aliases) {
    }

    /** A read-only copy of one index. */
    record IndexView(String name, long id, String field, Map<String, String> params, IndexBuild build) {
    }

    /** A read-only copy of one database. */
    record DatabaseView(String name, long id, long createdMs) {
    }

    private static final class Database {
        final String name;
        final long id;
        final long createdMs = System.currentTimeMillis();
        final Map<String, Collection> collections = new LinkedHashMap<>();
        final Map<String, String> aliases = new TreeMap<>();

        Database(String name, long id) {
            this.name = name;
            this.id = id;
        }

        List<String> aliasesOf(String collection) {
            List<String> result = new ArrayList<>();
            aliases.forEach((alias, target) -> {
                if (target.equals(collection)) {
                    result.add(alias);
                }
            });
            return result;
        }
    }

    private static final class Collection {
        final String name;
        final long id;
        final CollectionSchema schema;
        final ConsistencyLevel consistencyLevel;
        final int shardsNum;
        final long createdMs = System.currentTimeMillis();
        LoadState loadState = LoadState.LoadStateNotLoad;
        long rowCount;
        /** By index name, in creation order. */
        final Map<String, Index> indexes = new LinkedHashMap<>();

        Collection(String name, long id, CollectionSchema schema, ConsistencyLevel consistencyLevel, int shardsNum) {
            this.name = name;
            this.id = id;
            this.schema = schema;
            this.consistencyLevel = consistencyLevel;
            this.shardsNum = shardsNum;
        }
    }

    private static final class Index {
        final String name;
        final long id;
        final String field;
        final Map<String, String> params;
        IndexBuild build;

        Index(String name, long id, String field, Map<String, String> params, IndexBuild build) {
            this.name = name;
            this.id = id;
            this.field = field;
            this.params = params;
            this.build = build;
        }

        IndexView view() {
            return new IndexView(name, id, field, params, build);
        }
    }

    private final MilvusVersion version;
    private final Map<String, Database> databases = new LinkedHashMap<>();
    private long nextDbId = 1;
    // Looks like a real collection id (a TSO-derived int64); only uniqueness matters.
    private long nextCollectionId = 462_000_000_000_000_001L;
    private long nextIndexId = 462_000_000_000_100_001L;

    EmulatorState(MilvusVersion version) {
        this.version = version;
        databases.put(DEFAULT_DB, new Database(DEFAULT_DB, nextDbId++));
    }

    MilvusVersion version() {
        return version;
    }

    // ---------------------------------------------------------------- RPC-facing

    synchronized void requireDatabase(String db) {
        database(db);
    }

    synchronized List<DatabaseView> listDatabases() {
        return databases.values().stream().map(d -> new DatabaseView(d.name, d.id, d.createdMs)).toList();
    }

    synchronized void createDatabaseRpc(String db) {
        MilvusNames.validateDatabaseName(db);
        if (databases.containsKey(db)) {
            throw ServerError.unexpected("database already exist: " + db);
        }
        databases.put(db, new Database(db, nextDbId++));
    }

    /** HasCollection: true for a collection or an alias; a missing database is simply false. */
    synchronized boolean hasCollection(String db, String name) {
        MilvusNames.validateCollectionName(name);
        Database d = databases.get(db);
        return d != null && resolve(d, name) != null;
    }

    /** DescribeCollection resolves aliases; not found uses the proxy's "can't find collection" text. */
    synchronized CollectionView describeCollection(String db, String name) {
        MilvusNames.validateCollectionName(name);
        Database d = database(db);
        Collection c = resolve(d, name);
        if (c == null) {
            throw new ServerError(100, "can't find collection[database=" + db + "][collection=" + name + "]");
        }
        return view(d, c);
    }

    synchronized List<CollectionView> showCollections(String db) {
        Database d = database(db);
        return d.collections.values().stream().map(c -> view(d, c)).toList();
    }

    synchronized void createCollectionRpc(String db, String name, CollectionSchema schema,
                                          ConsistencyLevel consistencyLevel, int shardsNum) {
        MilvusNames.validateCollectionName(name);
        Database d = database(db);
        if (d.aliases.containsKey(name)) {
            throw ServerError.unexpected("collection name [" + name
                    + "] conflicts with an existing alias, please choose a unique name");
        }
        Collection existing = d.collections.get(name);
        if (existing != null) {
            if (existing.schema.equals(schema)) {
                return; // same parameters: Milvus treats the repeat as success
            }
            throw ServerError.unexpected("create duplicate collection with different parameters, collection: " + name);
        }
        d.collections.put(name, new Collection(name, nextCollectionId++, schema, consistencyLevel, shardsNum));
    }

    /** DropCollection: missing collection or database is success; aliases block it (2.4.23+/2.5.5+/2.6). */
    synchronized void dropCollection(String db, String name) {
        MilvusNames.validateCollectionName(name);
        Database d = databases.get(db);
        if (d == null) {
            return;
        }
        if (d.aliases.containsKey(name)) {
            throw ServerError.unexpected("cannot drop the collection via alias = " + name);
        }
        Collection c = d.collections.get(name);
        if (c == null) {
            return;
        }
        List<String> aliases = d.aliasesOf(name);
        if (!aliases.isEmpty()) {
            if (version.dropCollectionRefusesAliased()) {
                // Go's %v of a []string: "[a b]"
                throw ServerError.unexpected("unable to drop the collection [" + name
                        + "] because it has associated aliases [" + String.join(" ", aliases)
                        + "], please remove all aliases before dropping the collection");
            }
            aliases.forEach(d.aliases::remove);
        }
        d.collections.remove(name);
    }

    /**
     * LoadCollection: each vector field being loaded ({@code loadFields}, or all when empty) needs an
     * index; a collection without any index is 700, one missing some is 65535 naming them.
     */
    synchronized void loadCollection(String db, String name, List<String> loadFields) {
        Collection c = existing(db, name);
        if (c.indexes.isEmpty()) {
            throw new ServerError(700, "index not found[collection=" + name + "]");
        }
        List<String> unindexed = c.schema.fields().stream()
                .filter(f -> f.isVector() && (loadFields.isEmpty() || loadFields.contains(f.name())))
                .map(CollectionSchema.Field::name)
                .filter(f -> c.indexes.values().stream().noneMatch(i -> i.field.equals(f)))
                .toList();
        if (!unindexed.isEmpty()) {
            // Go's %v of a []string: "[f1 f2]"
            throw ServerError.unexpected("there is no vector index on field: [" + String.join(" ", unindexed)
                    + "], please create index firstly");
        }
        c.loadState = LoadState.LoadStateLoaded;
    }

    synchronized void releaseCollection(String db, String name) {
        existing(db, name).loadState = LoadState.LoadStateNotLoad;
    }

    /** GetLoadState: a missing collection or database is success with LoadStateNotExist. */
    synchronized LoadState getLoadState(String db, String name) {
        MilvusNames.validateCollectionName(name);
        Database d = databases.get(db);
        Collection c = d == null ? null : resolve(d, name);
        return c == null ? LoadState.LoadStateNotExist : c.loadState;
    }

    /**
     * GetCollectionStatistics: no name validation; an alias counts its collection; an empty name
     * is looked up as collection id 0.
     */
    synchronized long rowCount(String db, String name) {
        Database d = database(db);
        if (name == null || name.isEmpty()) {
            throw new ServerError(100, "collection not found[collection=0]");
        }
        Collection c = resolve(d, name);
        if (c == null) {
            throw ServerError.collectionNotFound(db, name);
        }
        return c.rowCount;
    }

    /**
     * DescribeIndex: every index of the collection (an alias is accepted), or the one named
     * {@code indexName}. The field name of the request is ignored, as Milvus does.
     */
    synchronized List<IndexView> describeIndex(String db, String name, String indexName) {
        MilvusNames.validateCollectionName(name);
        Database d = database(db);
        Collection c = resolve(d, name);
        if (c == null) {
            throw ServerError.collectionNotFound(db, name);
        }
        if (indexName == null || indexName.isEmpty()) {
            if (c.indexes.isEmpty()) {
                throw new ServerError(700, "index not found[collection=" + name + "]");
            }
            return c.indexes.values().stream().map(Index::view).toList();
        }
        Index index = c.indexes.get(indexName);
        if (index == null) {
            throw new ServerError(700, "index not found[indexName=" + indexName + "]");
        }
        return List.of(index.view());
    }

    synchronized void createAlias(String db, String collection, String alias) {
        MilvusNames.validateAlias(alias);
        MilvusNames.validateCollectionName(collection);
        Database d = database(db);
        if (d.collections.containsKey(alias)) {
            throw ServerError.aliasCollectionNameConflict(db, alias);
        }
        // Only real collections count: an alias given as the target is "not found" (before 2.6.12).
        if (!d.collections.containsKey(collection)) {
            throw ServerError.collectionNotFound(db, collection);
        }
        String current = d.aliases.get(alias);
        if (current != null && !current.equals(collection)) {
            throw ServerError.aliasAlreadyExists(db, alias, current);
        }
        d.aliases.put(alias, collection);
    }

    synchronized void alterAlias(String db, String collection, String alias) {
        MilvusNames.validateAlias(alias);
        MilvusNames.validateCollectionName(collection);
        Database d = database(db);
        if (d.collections.containsKey(alias)) {
            throw ServerError.aliasCollectionNameConflict(db, alias);
        }
        if (!d.collections.containsKey(collection)) {
            throw ServerError.collectionNotFound(collection);
        }
        if (!d.aliases.containsKey(alias)) {
            throw ServerError.aliasNotFound(db, alias);
        }
        d.aliases.put(alias, collection);
    }

    synchronized void dropAlias(String db, String alias) {
        if (!MilvusNames.isValidCollectionNameOrAlias(alias)) {
            if (version.dropAliasIgnoresInvalidName()) {
                return;
            }
            MilvusNames.validateAlias(alias);
        }
        Database d = database(db);
        d.aliases.remove(alias); // a missing alias, or a collection name, is a silent no-op
    }

    synchronized String describeAlias(String db, String alias) {
        MilvusNames.validateAlias(alias);
        requireAliasListing();
        Database d = database(db);
        String target = d.aliases.get(alias);
        if (target == null) {
            throw ServerError.aliasNotFound(db, alias);
        }
        return target;
    }

    /** ListAliases: the whole database for an empty collection name, else that collection's aliases. */
    synchronized List<String> listAliases(String db, String collection) {
        boolean all = collection == null || collection.isEmpty();
        if (!all) {
            MilvusNames.validateCollectionName(collection);
        }
        requireAliasListing();
        Database d = database(db);
        if (all) {
            return List.copyOf(d.aliases.keySet());
        }
        if (!d.collections.containsKey(collection)) {
            throw ServerError.collectionNotFound(collection);
        }
        return d.aliasesOf(collection);
    }

    // ---------------------------------------------------------------- test-facing

    synchronized void createDatabase(String db) {
        requireValid(() -> MilvusNames.validateDatabaseName(db));
        databases.computeIfAbsent(db, n -> new Database(n, nextDbId++));
    }

    synchronized void dropDatabase(String db) {
        if (DEFAULT_DB.equals(db)) {
            throw new IllegalArgumentException("the default database cannot be dropped");
        }
        databases.remove(db);
    }

    synchronized boolean databaseExists(String db) {
        return databases.containsKey(db);
    }

    synchronized void createCollection(String db, String name, CollectionSchema schema) {
        requireValid(() -> MilvusNames.validateCollectionName(name));
        Database d = testDatabase(db);
        if (d.collections.containsKey(name) || d.aliases.containsKey(name)) {
            throw new IllegalStateException("name already used in database " + db + ": " + name);
        }
        d.collections.put(name, new Collection(name, nextCollectionId++, schema, ConsistencyLevel.Bounded, 1));
    }

    synchronized void setLoadState(String db, String collection, LoadState state) {
        testCollection(db, collection).loadState = state;
    }

    synchronized void setRowCount(String db, String collection, long rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("a row count cannot be negative");
        }
        testCollection(db, collection).rowCount = rows;
    }

    synchronized void createIndex(String db, String collection, String field, String indexName,
                                  Map<String, String> params) {
        Collection c = testCollection(db, collection);
        if (c.schema.fields().stream().noneMatch(f -> f.name().equals(field))) {
            throw new IllegalArgumentException("no field " + field + " in collection " + collection);
        }
        if (c.indexes.containsKey(indexName)) {
            throw new IllegalStateException("collection " + collection + " already has an index named " + indexName);
        }
        if (c.indexes.values().stream().anyMatch(i -> i.field.equals(field))) {
            throw new IllegalStateException("field " + field + " of " + collection + " already has an index");
        }
        c.indexes.put(indexName, new Index(indexName, nextIndexId++, field, Map.copyOf(params),
                IndexBuild.finished(c.rowCount)));
    }

    /** Gives every vector field without an index one named after it, built over the current rows. */
    synchronized void indexVectorFields(String db, String collection, Map<String, String> params) {
        Collection c = testCollection(db, collection);
        for (CollectionSchema.Field f : c.schema.fields()) {
            boolean indexed = c.indexes.values().stream().anyMatch(i -> i.field.equals(f.name()));
            if (f.isVector() && !indexed) {
                createIndex(db, collection, f.name(), f.name(), params);
            }
        }
    }

    synchronized void setIndexBuild(String db, String collection, String indexName, IndexBuild build) {
        Index index = testCollection(db, collection).indexes.get(indexName);
        if (index == null) {
            throw new IllegalStateException("no index " + indexName + " on collection " + collection);
        }
        index.build = build;
    }

    synchronized List<String> indexNames(String db, String collection) {
        return List.copyOf(testCollection(db, collection).indexes.keySet());
    }

    synchronized LoadState loadStateOf(String db, String collection) {
        Database d = databases.get(db);
        Collection c = d == null ? null : d.collections.get(collection);
        return c == null ? LoadState.LoadStateNotExist : c.loadState;
    }

    synchronized List<String> collectionNames(String db) {
        return List.copyOf(testDatabase(db).collections.keySet());
    }

    synchronized Optional<CollectionView> collection(String db, String name) {
        Database d = databases.get(db);
        Collection c = d == null ? null : d.collections.get(name);
        return c == null ? Optional.empty() : Optional.of(view(d, c));
    }

    synchronized Optional<String> aliasTarget(String db, String alias) {
        Database d = databases.get(db);
        return d == null ? Optional.empty() : Optional.ofNullable(d.aliases.get(alias));
    }

    synchronized Map<String, String> aliases(String db) {
        return Map.copyOf(testDatabase(db).aliases);
    }

    synchronized void putAlias(String db, String alias, String collection) {
        Database d = testDatabase(db);
        if (!d.collections.containsKey(collection)) {
            throw new IllegalStateException("no collection " + collection + " in database " + db);
        }
        if (d.collections.containsKey(alias)) {
            throw new IllegalStateException("alias name is a collection in database " + db + ": " + alias);
        }
        requireValid(() -> MilvusNames.validateAlias(alias));
        d.aliases.put(alias, collection);
    }

    synchronized void removeAlias(String db, String alias) {
        Database d = databases.get(db);
        if (d != null) {
            d.aliases.remove(alias);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void requireValid(Runnable validation) {
        try {
            validation.run();
        } catch (ServerError e) {
            throw new IllegalArgumentException(e.reason(), e);
        }
    }

    private void requireAliasListing() {
        if (!version.hasDescribeAndListAliases()) {
            throw new ServerError(2, "unimplemented");
        }
    }

    private Database database(String db) {
        Database d = databases.get(db);
        if (d == null) {
            throw ServerError.databaseNotFound(db);
        }
        return d;
    }

    private Database testDatabase(String db) {
        Database d = databases.get(db);
        if (d == null) {
            throw new IllegalStateException("no database " + db);
        }
        return d;
    }

    private Collection testCollection(String db, String collection) {
        Collection c = testDatabase(db).collections.get(collection);
        if (c == null) {
            throw new IllegalStateException("no collection " + collection + " in database " + db);
        }
        return c;
    }

    /** Load/Release: validated name, existing database, collection or alias of one. */
    private Collection existing(String db, String name) {
        MilvusNames.validateCollectionName(name);
        Database d = database(db);
        Collection c = resolve(d, name);
        if (c == null) {
            throw ServerError.collectionNotFound(db, name);
        }
        return c;
    }

    private static Collection resolve(Database d, String nameOrAlias) {
        Collection c = d.collections.get(nameOrAlias);
        if (c != null) {
            return c;
        }
        String target = d.aliases.get(nameOrAlias);
        return target == null ? null : d.collections.get(target);
    }

    private static CollectionView view(Database d, Collection c) {
        return new CollectionView(d.name, d.id, c.name, c.id, c.schema, c.createdMs, c.consistencyLevel,
                c.shardsNum, c.loadState, d.aliasesOf(c.name));
    }
}
