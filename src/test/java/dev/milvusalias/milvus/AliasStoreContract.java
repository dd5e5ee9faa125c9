package dev.milvusalias.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

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
     * id Int64 primary key, vector FloatVector dim 8; a finished index named {@code vector} on the vector
     * field, no rows), an unloaded collection {@code unloaded} with the same schema and no index, and
     * database {@code other}.
     */
    protected abstract AliasStore storeWithCollections();

    protected abstract MilvusEndpoint endpoint();

    /** Makes Milvus report this load state for an existing collection. */
    protected abstract void givenLoadState(String database, String collection, LoadState state);

    /** Makes Milvus report this row count for an existing collection. */
    protected abstract void givenRowCount(String database, String collection, long rows);

    /** Creates the index {@code index.indexName()} on {@code index.field()}, or updates it, with that progress. */
    protected abstract void givenIndex(String database, String collection, VectorIndex index);

    /** Creates a collection, not loaded and without indexes. */
    protected abstract void givenCollection(String database, String collection, CollectionSchema schema);

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
        assertThat(store.loadState(endpoint, "default", "c1")).isNotEqualTo(LoadState.NOT_FOUND);
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
    void loadStateTellsLoadedFromNotLoadedAndLoading() {
        givenLoadState("default", "c2", LoadState.LOADING);

        assertThat(store.loadState(endpoint, "default", "c1")).isEqualTo(LoadState.LOADED);
        assertThat(store.loadState(endpoint, "default", "c2")).isEqualTo(LoadState.LOADING);
        assertThat(store.loadState(endpoint, "default", "unloaded")).isEqualTo(LoadState.NOT_LOADED);
    }

    @Test
    void loadStateAlsoTellsThatTheCollectionDoesNotExist() {
        assertThat(store.loadState(endpoint, "default", "missing")).isEqualTo(LoadState.NOT_FOUND);
        assertThat(store.loadState(endpoint, "nodb", "c1")).isEqualTo(LoadState.NOT_FOUND);
    }

    @Test
    void loadStateOfAnAliasIsThatOfItsCollection() {
        store.create(endpoint, new AliasBinding("default", "a", "unloaded"));

        assertThat(store.loadState(endpoint, "default", "a")).isEqualTo(LoadState.NOT_LOADED);
    }

    @Test
    void rowCountIsReported() {
        givenRowCount("default", "c1", 1_000_000);

        assertThat(store.rowCount(endpoint, "default", "c1")).isEqualTo(1_000_000);
        assertThat(store.rowCount(endpoint, "default", "c2")).isZero();
    }

    @Test
    void rowCountOfAnAliasCountsItsCollection() {
        givenRowCount("default", "c2", 42);
        store.create(endpoint, new AliasBinding("default", "a", "c2"));

        assertThat(store.rowCount(endpoint, "default", "a")).isEqualTo(42);
    }

    @Test
    void rowCountNeedsCollectionAndDatabase() {
        assertFailure(() -> store.rowCount(endpoint, "default", "missing"), Failure.COLLECTION_NOT_FOUND);
        assertFailure(() -> store.rowCount(endpoint, "nodb", "c1"), Failure.DATABASE_NOT_FOUND);
    }

    @Test
    void aFinishedIndexWithNothingPendingIsFullyBuilt() {
        IndexProgress progress = store.indexProgress(endpoint, "default", "c1", store.schema(endpoint, "default", "c1"));

        assertThat(progress.vectorFields()).containsExactly(
                new VectorIndex("vector", "vector", IndexBuildState.FINISHED, 0, 0, 0, ""));
        assertThat(progress.fullyBuilt()).isTrue();
        assertThat(progress.notBuilt()).isEmpty();
    }

    @Test
    void aFieldWithoutIndexIsReportedNotThrown() {
        IndexProgress progress = store.indexProgress(endpoint, "default", "unloaded",
                store.schema(endpoint, "default", "unloaded"));

        assertThat(progress.vectorFields()).containsExactly(VectorIndex.missing("vector"));
        assertThat(progress.vectorFields().get(0).exists()).isFalse();
        assertThat(progress.fullyBuilt()).isFalse();
        assertThat(progress.summary()).isEqualTo("vector: no index");
    }

    @Test
    void aBuildInProgressCarriesItsNumbers() {
        VectorIndex building = new VectorIndex("vector", "vector", IndexBuildState.IN_PROGRESS, 400, 1000, 600, "");
        givenIndex("default", "c2", building);

        IndexProgress progress = store.indexProgress(endpoint, "default", "c2", store.schema(endpoint, "default", "c2"));

        assertThat(progress.vectorFields()).containsExactly(building);
        assertThat(progress.notBuilt()).containsExactly(building);
        assertThat(progress.summary()).isEqualTo("vector: index vector IN_PROGRESS, 400/1000 rows indexed, 600 pending");
    }

    @Test
    void finishedWithPendingRowsIsNotFullyBuilt() {
        // Milvus' state looks only at segments older than the index; later flushes show as pending.
        givenIndex("default", "c1", new VectorIndex("vector", "vector", IndexBuildState.FINISHED, 1000, 1500, 500, ""));

        IndexProgress progress = store.indexProgress(endpoint, "default", "c1", store.schema(endpoint, "default", "c1"));

        assertThat(progress.fullyBuilt()).isFalse();
        assertThat(progress.vectorFields().get(0).pendingRows()).isEqualTo(500);
    }

    @Test
    void aFailedBuildCarriesItsReason() {
        givenIndex("default", "c1", new VectorIndex("vector", "vector", IndexBuildState.FAILED, 0, 1000, 1000,
                "462000000000000005: out of memory;"));

        VectorIndex failed = store.indexProgress(endpoint, "default", "c1", store.schema(endpoint, "default", "c1"))
                .vectorFields().get(0);

        assertThat(failed.state()).isEqualTo(IndexBuildState.FAILED);
        assertThat(failed.failReason()).isEqualTo("462000000000000005: out of memory;");
        assertThat(failed.fullyBuilt()).isFalse();
    }

    @Test
    void everyVectorFieldIsReportedInSchemaOrder() {
        CollectionSchema schema = new CollectionSchema(new CollectionSchema.Field("pk", "Int64", 0), List.of(
                new CollectionSchema.Field("dense", "FloatVector", 4),
                new CollectionSchema.Field("sparse", "SparseFloatVector", 0)));
        givenCollection("default", "hybrid", schema);
        givenIndex("default", "hybrid", new VectorIndex("dense", "dense_idx", IndexBuildState.FINISHED, 10, 10, 0, ""));

        IndexProgress progress = store.indexProgress(endpoint, "default", "hybrid", store.schema(endpoint, "default", "hybrid"));

        assertThat(progress.vectorFields()).containsExactly(
                new VectorIndex("dense", "dense_idx", IndexBuildState.FINISHED, 10, 10, 0, ""),
                VectorIndex.missing("sparse"));
        assertThat(progress.fullyBuilt()).isFalse();
        assertThat(progress.notBuilt()).extracting(VectorIndex::field).containsExactly("sparse");
    }

    @Test
    void indexProgressOfAnAliasIsThatOfItsCollection() {
        VectorIndex building = new VectorIndex("vector", "vector", IndexBuildState.IN_PROGRESS, 1, 2, 1, "");
        givenIndex("default", "c2", building);
        store.create(endpoint, new AliasBinding("default", "a", "c2"));

        assertThat(store.indexProgress(endpoint, "default", "a", store.schema(endpoint, "default", "c2")).vectorFields())
                .containsExactly(building);
    }

    @Test
    void indexProgressNeedsCollectionAndDatabase() {
        CollectionSchema schema = store.schema(endpoint, "default", "c1");
        assertFailure(() -> store.indexProgress(endpoint, "default", "missing", schema), Failure.COLLECTION_NOT_FOUND);
        assertFailure(() -> store.indexProgress(endpoint, "nodb", "c1", schema), Failure.DATABASE_NOT_FOUND);
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
