package dev.milvusalias.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AliasStore} must do, written once and run against the in-memory fake and the
 * SDK adapter over the emulator, so the fake the unit tests rely on behaves like Milvus.
 */
public abstract class AliasStoreContract {

    protected AliasStore store;
    protected MilvusEndpoint endpoint;

    /**
     * A store over a Milvus that has database {@code default} with loaded collections c1 and c2 (schema:
     * id Int64 primary key, vector FloatVector dim 8), an unloaded collection {@code unloaded}, and
     * database {@code other}.
     */
    protected abstract AliasStore storeWithCollections();

    protected abstract MilvusEndpoint endpoint();

    @BeforeEach
    void setUpStore() {
        store = storeWithCollections();
        endpoint = endpoint();
    }

    @Test
    void describeOfAMissingAliasIsEmpty() {
        assertThat(store.describe(endpoint, new AliasRef("default", "nope"))).isEmpty();
    }

    @Test
    void createThenDescribe() {
        store.create(endpoint, new AliasBinding("default", "a", "c1"));
        assertThat(store.describe(endpoint, new AliasRef("default", "a")))
                .contains(new AliasBinding("default", "a", "c1"));
    }

    @Test
    void createIsIdempotentForTheSameTarget() {
        store.create(endpoint, new AliasBinding("default", "a", "c1"));
        store.create(endpoint, new AliasBinding("default", "a", "c1"));
        assertThat(store.describe(endpoint, new AliasRef("default", "a")).map(AliasBinding::collection)).contains("c1");
    }

    @Test
    void createRefusesAnAliasPointingElsewhere() {
        store.create(endpoint, new AliasBinding("default", "a", "c1"));
        assertFailure(() -> store.create(endpoint, new AliasBinding("default", "a", "c2")), Failure.ALIAS_POINTS_ELSEWHERE);
        assertThat(store.describe(endpoint, new AliasRef("default", "a")).map(AliasBinding::collection)).contains("c1");
    }

    @Test
    void createRefusesTheNameOfACollection() {
        assertFailure(() -> store.create(endpoint, new AliasBinding("default", "c2", "c1")), Failure.NAME_TAKEN_BY_COLLECTION);
    }

    @Test
    void createNeedsTheCollection() {
        assertFailure(() -> store.create(endpoint, new AliasBinding("default", "a", "missing")), Failure.COLLECTION_NOT_FOUND);
    }

    @Test
    void createNeedsTheDatabase() {
        assertFailure(() -> store.create(endpoint, new AliasBinding("nodb", "a", "c1")), Failure.DATABASE_NOT_FOUND);
    }

    @Test
    void alterSwitchesAtomically() {
        store.create(endpoint, new AliasBinding("default", "a", "c1"));
        store.alter(endpoint, new AliasBinding("default", "a", "c2"));
        assertThat(store.describe(endpoint, new AliasRef("default", "a")).map(AliasBinding::collection)).contains("c2");
    }

    @Test
    void alterNeverCreates() {
        assertFailure(() -> store.alter(endpoint, new AliasBinding("default", "a", "c1")), Failure.ALIAS_NOT_FOUND);
        assertThat(store.describe(endpoint, new AliasRef("default", "a"))).isEmpty();
    }

    @Test
    void alterChecksTheCollectionFirst() {
        assertFailure(() -> store.alter(endpoint, new AliasBinding("default", "a", "missing")), Failure.COLLECTION_NOT_FOUND);
    }

    @Test
    void dropIsIdempotent() {
        store.create(endpoint, new AliasBinding("default", "a", "c1"));
        store.drop(endpoint, new AliasRef("default", "a"));
        store.drop(endpoint, new AliasRef("default", "a"));
        assertThat(store.describe(endpoint, new AliasRef("default", "a"))).isEmpty();
    }

    @Test
    void dropOfACollectionNameIsANoOp() {
        store.drop(endpoint, new AliasRef("default", "c1"));
        assertThat(store.collectionExists(endpoint, "default", "c1")).isTrue();
    }

    @Test
    void dropNeedsTheDatabase() {
        assertFailure(() -> store.drop(endpoint, new AliasRef("nodb", "a")), Failure.DATABASE_NOT_FOUND);
    }

    @Test
    void describeNeedsTheDatabase() {
        assertFailure(() -> store.describe(endpoint, new AliasRef("nodb", "a")), Failure.DATABASE_NOT_FOUND);
    }

    @Test
    void sameAliasNameInTwoDatabasesIsIndependent() {
        store.create(endpoint, new AliasBinding("default", "a", "c1"));
        assertThat(store.describe(endpoint, new AliasRef("other", "a"))).isEmpty();
    }

    @Test
    void collectionExists() {
        assertThat(store.collectionExists(endpoint, "default", "c1")).isTrue();
        assertThat(store.collectionExists(endpoint, "default", "missing")).isFalse();
    }

    @Test
    void loadStateIsReported() {
        assertThat(store.isLoaded(endpoint, "default", "c1")).isTrue();
        assertThat(store.isLoaded(endpoint, "default", "unloaded")).isFalse();
    }

    @Test
    void schemaShowsPrimaryKeyAndVectors() {
        CollectionSchema schema = store.schema(endpoint, "default", "c1");
        assertThat(schema.primaryKey()).isEqualTo(new CollectionSchema.Field("id", "Int64", 0));
        assertThat(schema.vectors()).containsExactly(new CollectionSchema.Field("vector", "FloatVector", 8));
    }

    @Test
    void schemaOfAMissingCollectionFails() {
        assertFailure(() -> store.schema(endpoint, "default", "missing"), Failure.COLLECTION_NOT_FOUND);
    }

    @Test
    void serverVersionIsReported() {
        assertThat(store.serverVersion(endpoint)).isNotBlank();
    }

    protected static void assertFailure(Runnable call, Failure failure) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(MilvusException.class,
                e -> assertThat(e.failure()).isEqualTo(failure));
    }

}
