package dev.milvusalias.milvus;

/** Runs the {@link AliasStoreContract} against the in-memory fake. */
class InMemoryAliasStoreContractTest extends AliasStoreContract {

    @Override
    protected AliasStore storeWithCollections() {
        return new InMemoryAliasStore().createCollection("default", "c1").createCollection("default", "c2")
                .createDatabase("other");
    }

    @Override
    protected MilvusEndpoint endpoint() {
        return MilvusEndpoint.plain("test/fake", "http://127.0.0.1:1");
    }
}
