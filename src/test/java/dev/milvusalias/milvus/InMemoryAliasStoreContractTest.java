package dev.milvusalias.milvus;

/** Runs the {@link AliasStoreContract} against the in-memory fake. */
class InMemoryAliasStoreContractTest extends AliasStoreContract {

    private InMemoryAliasStore memory;

    @Override
    protected AliasStore storeWithCollections() {
        memory = new InMemoryAliasStore().createCollection("default", "c1")
                .createCollection("default", "c2").createCollection("default", "unloaded").createDatabase("other");
        memory.setLoaded("default", "unloaded", false);
        memory.dropIndex("default", "unloaded", "vector");
        return memory;
    }

    @Override
    protected MilvusEndpoint endpoint() {
        return MilvusEndpoint.plain("test/fake", "http://127.0.0.1:1");
    }

    @Override
    protected void givenLoadState(String database, String collection, LoadState state) {
        memory.setLoadState(database, collection, state);
    }

    @Override
    protected void givenRowCount(String database, String collection, long rows) {
        memory.setRowCount(database, collection, rows);
    }

    @Override
    protected void givenIndex(String database, String collection, VectorIndex index) {
        memory.setIndex(database, collection, index);
    }

    @Override
    protected void givenCollection(String database, String collection, CollectionSchema schema) {
        memory.createCollection(database, collection);
        memory.setSchema(database, collection, schema);
        memory.setLoaded(database, collection, false);
        memory.dropIndex(database, collection, "vector");
    }
}
