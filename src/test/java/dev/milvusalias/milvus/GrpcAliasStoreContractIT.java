package dev.milvusalias.milvus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.milvusalias.emulator.IndexBuild;
import dev.milvusalias.emulator.MilvusEmulator;
import io.milvus.grpc.DataType;
import io.milvus.grpc.IndexState;
import dev.milvusalias.milvus.grpc.GrpcAliasStore;

/**
 * Runs the {@link AliasStoreContract} against the real adapter (Milvus gRPC) and the
 * emulator, plus what only a network can show: deadlines, outages, authentication.
 */
class GrpcAliasStoreContractIT extends AliasStoreContract {

    private MilvusEmulator milvus;
    private GrpcAliasStore grpc;

    @AfterEach
    void stop() {
        grpc.close();
        milvus.close();
    }

    @Override
    protected AliasStore storeWithCollections() {
        milvus = MilvusEmulator.start(); // a fresh Milvus per test
        milvus.createCollection("default", "c1");
        milvus.createCollection("default", "c2");
        milvus.createCollection("default", "unloaded");
        milvus.load("default", "c1");
        milvus.load("default", "c2"); // also indexes them
        milvus.createDatabase("other");
        grpc = new GrpcAliasStore(Duration.ofSeconds(2), Duration.ofSeconds(2));
        return grpc;
    }

    @Override
    protected MilvusEndpoint endpoint() {
        return MilvusEndpoint.plain("test/emulator", milvus.uri());
    }

    @Override
    protected void givenLoadState(String database, String collection, LoadState state) {
        milvus.setLoadState(database, collection, switch (state) {
            case NOT_FOUND -> throw new IllegalArgumentException("a collection that exists cannot be NOT_FOUND");
            case NOT_LOADED -> io.milvus.grpc.LoadState.LoadStateNotLoad;
            case LOADING -> io.milvus.grpc.LoadState.LoadStateLoading;
            case LOADED -> io.milvus.grpc.LoadState.LoadStateLoaded;
        });
    }

    @Override
    protected void givenRowCount(String database, String collection, long rows) {
        milvus.setRowCount(database, collection, rows);
    }

    @Override
    protected void givenIndex(String database, String collection, VectorIndex index) {
        if (!milvus.indexNames(database, collection).contains(index.indexName())) {
            milvus.createIndex(database, collection, index.field(), index.indexName(), MilvusEmulator.AUTOINDEX);
        }
        IndexState state = switch (index.state()) {
            case NO_INDEX -> throw new IllegalArgumentException("givenIndex creates an index");
            case NONE -> IndexState.IndexStateNone;
            case UNISSUED -> IndexState.Unissued;
            case IN_PROGRESS -> IndexState.InProgress;
            case FINISHED -> IndexState.Finished;
            case FAILED -> IndexState.Failed;
            case RETRY -> IndexState.Retry;
        };
        milvus.setIndexBuild(database, collection, index.indexName(), new IndexBuild(index.indexedRows(),
                index.totalRows(), index.pendingRows(), state, index.failReason()));
    }

    @Override
    protected void givenCollection(String database, String collection, CollectionSchema schema) {
        List<dev.milvusalias.emulator.CollectionSchema.Field> fields = new ArrayList<>();
        fields.add(dev.milvusalias.emulator.CollectionSchema.Field.primaryKey(schema.primaryKey().name(),
                DataType.valueOf(schema.primaryKey().type())));
        for (CollectionSchema.Field vector : schema.vectors()) {
            fields.add(dev.milvusalias.emulator.CollectionSchema.Field.vector(vector.name(),
                    DataType.valueOf(vector.type()), vector.dimension()));
        }
        milvus.createCollection(database, collection, new dev.milvusalias.emulator.CollectionSchema(fields));
    }

    @Test
    void aCreateNeedsNoHasCollection() {
        store.serverVersion(endpoint); // connect first
        milvus.clearCalls();

        assertThat(store.describe(endpoint, new AliasRef("default", "a"))).isEmpty();
        assertThat(store.loadState(endpoint, "default", "c1")).isEqualTo(LoadState.LOADED);
        store.create(endpoint, new AliasBinding("default", "a", "c1"));

        assertThat(milvus.calls()).extracting(MilvusEmulator.Call::rpc)
                .containsExactly("DescribeAlias", "GetLoadState", "CreateAlias");
    }

    @Test
    void indexProgressIsOneDescribeIndexAndIgnoresScalarIndexes() {
        milvus.createCollection("default", "tagged", new dev.milvusalias.emulator.CollectionSchema(List.of(
                dev.milvusalias.emulator.CollectionSchema.Field.primaryKey("id", DataType.Int64),
                dev.milvusalias.emulator.CollectionSchema.Field.scalar("tag", DataType.VarChar),
                dev.milvusalias.emulator.CollectionSchema.Field.vector("a", DataType.FloatVector, 4),
                dev.milvusalias.emulator.CollectionSchema.Field.vector("b", DataType.BinaryVector, 16))));
        milvus.createIndex("default", "tagged", "tag");
        milvus.createIndex("default", "tagged", "b", "b_idx", Map.of("index_type", "BIN_IVF_FLAT", "metric_type",
                "HAMMING", "params", "{\"nlist\":\"128\"}"));
        milvus.createIndex("default", "tagged", "a");
        milvus.setIndexBuild("default", "tagged", "a", IndexBuild.inProgress(300, 1000));
        CollectionSchema schema = store.schema(endpoint, "default", "tagged");
        milvus.clearCalls();

        IndexProgress progress = store.indexProgress(endpoint, "default", "tagged", schema);

        assertThat(progress.vectorFields()).containsExactly(
                new VectorIndex("a", "a", IndexBuildState.IN_PROGRESS, 300, 1000, 700, ""),
                new VectorIndex("b", "b_idx", IndexBuildState.FINISHED, 0, 0, 0, ""));
        assertThat(milvus.calls()).extracting(MilvusEmulator.Call::rpc).containsExactly("DescribeIndex");
    }

    @Test
    void readsNeedTheirPrivileges() {
        try (MilvusEmulator secured = MilvusEmulator.builder().user("reader", "pw")
                .denyPrivileges("reader", "PrivilegeGetLoadState", "PrivilegeGetStatistics", "PrivilegeIndexDetail")
                .build()) {
            secured.createCollection("default", "c1");
            MilvusEndpoint reader = new MilvusEndpoint("test/secured", secured.uri(),
                    new Credentials.UserPassword("reader", "pw"), null, null);
            CollectionSchema schema = store.schema(endpoint, "default", "c1");

            assertFailure(() -> store.loadState(reader, "default", "c1"), Failure.PERMISSION_DENIED);
            assertFailure(() -> store.rowCount(reader, "default", "c1"), Failure.PERMISSION_DENIED);
            assertFailure(() -> store.indexProgress(reader, "default", "c1", schema), Failure.PERMISSION_DENIED);
            assertThat(secured.count("GetLoadState") + secured.count("GetCollectionStatistics")
                    + secured.count("DescribeIndex")).isEqualTo(3);
        }
    }

    @Test
    void callsOnTheRawStubHaveTheDeadlineToo() {
        CollectionSchema schema = store.schema(endpoint, "default", "c1"); // connect first
        milvus.setDelay("GetLoadState", Duration.ofSeconds(10));
        milvus.setDelay("DescribeIndex", Duration.ofSeconds(10));

        long start = System.nanoTime();
        assertFailure(() -> store.loadState(endpoint, "default", "c1"), Failure.UNAVAILABLE);
        assertFailure(() -> store.indexProgress(endpoint, "default", "c1", schema), Failure.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aStatusFailureIsClassifiedByItsCode() {
        milvus.failNext("GetLoadState", 65535, "injected");
        milvus.failNext("DescribeIndex", 1100, "invalid parameter");

        assertFailure(() -> store.loadState(endpoint, "default", "c1"), Failure.UNEXPECTED);
        assertFailure(() -> store.indexProgress(endpoint, "default", "c1", InMemoryAliasStore.DEFAULT_SCHEMA),
                Failure.INVALID_ARGUMENT);
        assertThat(store.loadState(endpoint, "default", "c1")).isEqualTo(LoadState.LOADED);
    }

    @Test
    void oneClientPerConnectionIsReused() {
        store.describe(endpoint, new AliasRef("default", "a"));
        store.describe(endpoint, new AliasRef("default", "b"));
        assertThat(milvus.count("Connect")).isEqualTo(1);
        assertThat(grpc.openClients()).isEqualTo(1);
        store.release(endpoint.key());
        assertThat(grpc.openClients()).isZero();
    }

    @Test
    void changedCredentialsRebuildTheClient() {
        store.describe(endpoint, new AliasRef("default", "a"));
        MilvusEndpoint rotated = new MilvusEndpoint(endpoint.key(), endpoint.uri(), new Credentials.Token("new-token"),
                null, null);
        store.describe(rotated, new AliasRef("default", "a"));
        assertThat(milvus.count("Connect")).isEqualTo(2);
        assertThat(grpc.openClients()).isEqualTo(1);
    }

    @Test
    void credentialsNeverAppearInEndpointText() {
        MilvusEndpoint secret = new MilvusEndpoint("ns/c", "http://h:1", new Credentials.UserPassword("u", "hunter2"),
                null, null);
        assertThat(secret.toString()).doesNotContain("hunter2");
        assertThat(new Credentials.Token("tok3n").toString()).doesNotContain("tok3n");
    }

    @Test
    void slowMilvusFailsWithinTheDeadline() {
        store.describe(endpoint, new AliasRef("default", "a")); // connect first
        milvus.setDelay(Duration.ofSeconds(10));
        long start = System.nanoTime();
        assertFailure(() -> store.describe(endpoint, new AliasRef("default", "a")), Failure.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void unavailableMilvusIsTransient() {
        store.describe(endpoint, new AliasRef("default", "a"));
        milvus.setUnavailable(true);
        assertFailure(() -> store.describe(endpoint, new AliasRef("default", "a")), Failure.UNAVAILABLE);
        assertThat(Failure.UNAVAILABLE.isTransient()).isTrue();
    }

    @Test
    void stoppedMilvusFailsFastAndIsReachableAgainAfterRestart() {
        store.describe(endpoint, new AliasRef("default", "a"));
        milvus.stop();
        try {
            long start = System.nanoTime();
            assertFailure(() -> store.describe(endpoint, new AliasRef("default", "a")), Failure.UNAVAILABLE);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        } finally {
            milvus.restart();
        }
        assertThat(store.describe(endpoint, new AliasRef("default", "a"))).isEmpty();
    }

    @Test
    void aNewEndpointToADeadServerFailsWithinTheConnectTimeout() {
        MilvusEndpoint nowhere = MilvusEndpoint.plain("test/nowhere", "http://127.0.0.1:1");
        long start = System.nanoTime();
        assertFailure(() -> store.describe(nowhere, new AliasRef("default", "a")), Failure.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }
}
