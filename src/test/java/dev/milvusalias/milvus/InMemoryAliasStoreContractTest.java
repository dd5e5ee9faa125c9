package dev.milvusalias.milvus;

/** Runs the {@link AliasStoreContract} against the in-memory fake. */
class InMemoryAliasStoreContractTest extends AliasStoreContract {

    @Override
    protected AliasStore storeWithCollections() {
        InMemoryAliasStore store = new InMemoryAliasStore().createCollection("default", "c1")
                .createCollection("default", "c2").createCollection("default", "unloaded").createDatabase("other");
        store.setLoaded("default", "unloaded", false);
        return store;
    }

    @Override
    protected MilvusEndpoint endpoint() {
        return MilvusEndpoint.plain("test/fake", "http://127.0.0.1:1");
    }
}
