package dev.milvusalias.emulator;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.milvus.grpc.ConnectRequest;
import io.milvus.grpc.ConnectResponse;
import io.milvus.grpc.CreateAliasRequest;
import io.milvus.grpc.DescribeAliasRequest;
import io.milvus.grpc.DescribeAliasResponse;
import io.milvus.grpc.DescribeCollectionRequest;
import io.milvus.grpc.DescribeCollectionResponse;
import io.milvus.grpc.DescribeIndexRequest;
import io.milvus.grpc.DescribeIndexResponse;
import io.milvus.grpc.DropAliasRequest;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.FlushRequest;
import io.milvus.grpc.GetCollectionStatisticsRequest;
import io.milvus.grpc.GetCollectionStatisticsResponse;
import io.milvus.grpc.GetLoadStateRequest;
import io.milvus.grpc.GetLoadStateResponse;
import io.milvus.grpc.GetVersionRequest;
import io.milvus.grpc.IndexDescription;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.ListAliasesRequest;
import io.milvus.grpc.ListAliasesResponse;
import io.milvus.grpc.LoadState;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.Status;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexBuildState;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.GetCollectionStatsReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.request.ReleaseCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.database.request.CreateDatabaseReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.request.ListIndexesReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvus.v2.service.database.request.DescribeDatabaseReq;
import io.milvus.v2.service.utility.request.AlterAliasReq;
import io.milvus.v2.service.utility.request.CreateAliasReq;
import io.milvus.v2.service.utility.request.DescribeAliasReq;
import io.milvus.v2.service.utility.request.DropAliasReq;
import io.milvus.v2.service.utility.request.ListAliasesReq;
import io.milvus.v2.service.utility.response.DescribeAliasResp;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Drives {@link MilvusEmulator} through the real {@code MilvusClientV2} (milvus-sdk-java 2.6.7) and
 * checks each row of the behaviour table in {@code shared/milvus-facts.md}, plus headers,
 * authentication, fault injection and the call log.
 */
class MilvusEmulatorContractIT {

    private static final String DB = "default";
    private static final int RPC_DEADLINE_MS = 1000;
    // generous: the first connection of the JVM loads Netty and can take close to a second
    private static final long CONNECT_TIMEOUT_MS = 5000;

    private MilvusEmulator emu;
    private final List<MilvusClientV2> clients = new ArrayList<>();

    @BeforeEach
    void startEmulator() {
        emu = MilvusEmulator.start();
        emu.createCollection(DB, "c1");
        emu.createCollection(DB, "c2");
    }

    @AfterEach
    void stopEmulator() throws InterruptedException {
        for (MilvusClientV2 c : clients) {
            c.close(1);
        }
        emu.close();
    }

    // ------------------------------------------------------------------ helpers

    /** A client that fails fast: short connect timeout, a deadline on every RPC, few retries. */
    private MilvusClientV2 client(ConnectConfig.ConnectConfigBuilder config) {
        return client(emu, config);
    }

    private MilvusClientV2 client(MilvusEmulator target, ConnectConfig.ConnectConfigBuilder config) {
        return client(target, config, CONNECT_TIMEOUT_MS);
    }

    private MilvusClientV2 client(MilvusEmulator target, ConnectConfig.ConnectConfigBuilder config, long connectTimeoutMs) {
        MilvusClientV2 c = new MilvusClientV2(config.uri(target.uri())
                .connectTimeoutMs(connectTimeoutMs)
                .rpcDeadlineMs(RPC_DEADLINE_MS)
                .build());
        c.retryConfig(RetryConfig.builder().maxRetryTimes(3).initialBackOffMs(10).maxBackOffMs(50).build());
        clients.add(c);
        return c;
    }

    private MilvusClientV2 client() {
        return client(ConnectConfig.builder());
    }

    private static MilvusClientException failure(ThrowingCallable call) {
        MilvusClientException e = catchThrowableOfType(MilvusClientException.class, call);
        assertThat(e).as("expected a MilvusClientException").isNotNull();
        return e;
    }

    private static void assertServerError(ThrowingCallable call, int code, String message) {
        MilvusClientException e = failure(call);
        assertThat(e.getErrorCode()).isEqualTo(ErrorCode.SERVER_ERROR);
        assertThat(e.getServerErrCode()).as("server code").isEqualTo(code);
        assertThat(e.getLegacyServerCode()).as("legacy error_code").isEqualTo(MilvusEmulator.legacyErrorCode(code));
        assertThat(e.getMessage()).isEqualTo(message);
    }

    private static boolean canConnect(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static CreateAliasReq createAlias(String collection, String alias) {
        return CreateAliasReq.builder().collectionName(collection).alias(alias).build();
    }

    private static AlterAliasReq alterAlias(String collection, String alias) {
        return AlterAliasReq.builder().collectionName(collection).alias(alias).build();
    }

    private static DropAliasReq dropAlias(String alias) {
        return DropAliasReq.builder().alias(alias).build();
    }

    private static DescribeAliasReq describeAlias(String alias) {
        return DescribeAliasReq.builder().alias(alias).build();
    }

    // ------------------------------------------------------------------ CreateAlias

    @Nested
    class CreateAlias {

        @Test
        void createsAndIsIdempotentForTheSameTarget() {
            MilvusClientV2 c = client();
            c.createAlias(createAlias("c1", "prod"));
            c.createAlias(createAlias("c1", "prod"));

            assertThat(emu.aliasTarget(DB, "prod")).contains("c1");
            assertThat(emu.count("CreateAlias")).isEqualTo(2);
        }

        @Test
        void aliasOfAnotherCollectionIs1602() {
            emu.putAlias(DB, "prod", "c1");

            assertServerError(() -> client().createAlias(createAlias("c2", "prod")), 1602,
                    "prod is alias to another collection: c1: alias already exist[database=default][alias=prod]");
            assertThat(emu.aliasTarget(DB, "prod")).contains("c1");
        }

        @Test
        void aliasNamedLikeACollectionIs1601() {
            assertServerError(() -> client().createAlias(createAlias("c1", "c2")), 1601,
                    "alias and collection name conflict[database=default][alias=c2]");
            assertThat(emu.aliases(DB)).isEmpty();
        }

        @Test
        void missingCollectionIs100() {
            assertServerError(() -> client().createAlias(createAlias("nope", "prod")), 100,
                    "collection not found[database=default][collection=nope]");
        }

        @Test
        void targetThatIsItselfAnAliasIs100() {
            emu.putAlias(DB, "prod", "c1");

            assertServerError(() -> client().createAlias(createAlias("prod", "other")), 100,
                    "collection not found[database=default][collection=prod]");
        }

        @Test
        void missingDatabaseIs800() {
            assertServerError(() -> client().createAlias(
                            CreateAliasReq.builder().databaseName("nodb").collectionName("c1").alias("prod").build()),
                    800, "database not found[database=nodb]");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "c1|my-alias|Invalid collection alias: my-alias.  collection alias can only contain numbers, letters and underscores: invalid parameter",
            "c1|1st|Invalid collection alias: 1st.  the first character of a collection alias must be an underscore or letter: invalid parameter",
            "c1|prod.v2|Invalid collection alias: prod.v2.  collection alias can only contain numbers, letters and underscores: invalid parameter",
            "c1|''|collection alias should not be empty: invalid parameter",
            "my-coll|prod|Invalid collection name: my-coll.  collection name can only contain numbers, letters and underscores: invalid parameter",
        })
        void invalidNamesAre1100(String collection, String alias, String message) {
            assertServerError(() -> client().createAlias(createAlias(collection, alias)), 1100, message);
            assertThat(emu.aliases(DB)).isEmpty();
        }

        @Test
        void nameLimitIs255Bytes() {
            MilvusClientV2 c = client();
            c.createAlias(createAlias("c1", "a".repeat(255)));

            String tooLong = "a".repeat(256);
            assertServerError(() -> c.createAlias(createAlias("c1", tooLong)), 1100, "Invalid collection alias: "
                    + tooLong + ".  the length of a collection alias must be less than 255 characters: invalid parameter");
        }

        @Test
        void sameAliasNameMayExistInTwoDatabases() {
            emu.createDatabase("db2");
            emu.createCollection("db2", "c1");
            MilvusClientV2 c = client();
            c.createAlias(createAlias("c1", "prod"));
            c.createAlias(CreateAliasReq.builder().databaseName("db2").collectionName("c1").alias("prod").build());

            assertThat(emu.aliasTarget(DB, "prod")).contains("c1");
            assertThat(emu.aliasTarget("db2", "prod")).contains("c1");
        }
    }

    // ------------------------------------------------------------------ AlterAlias

    @Nested
    class AlterAlias {

        @Test
        void missingAliasIs1600AndIsNeverCreated() {
            assertServerError(() -> client().alterAlias(alterAlias("c1", "ghost")), 1600,
                    "alias not found[database=default][alias=ghost]");
            assertThat(emu.aliasTarget(DB, "ghost")).isEmpty();
        }

        @Test
        void missingCollectionIs100AndCheckedBeforeTheAlias() {
            assertServerError(() -> client().alterAlias(alterAlias("nope", "ghost")), 100,
                    "collection not found[collection=nope]");
        }

        @Test
        void switchesAtomicallyAndIsIdempotent() {
            emu.putAlias(DB, "prod", "c1");
            MilvusClientV2 c = client();

            c.alterAlias(alterAlias("c2", "prod"));
            assertThat(c.describeAlias(describeAlias("prod")).getCollectionName()).isEqualTo("c2");

            c.alterAlias(alterAlias("c2", "prod"));
            assertThat(emu.aliasTarget(DB, "prod")).contains("c2");
            assertThat(emu.aliases(DB)).containsExactly(Map.entry("prod", "c2"));
        }

        @Test
        void aliasNamedLikeACollectionIs1601() {
            assertServerError(() -> client().alterAlias(alterAlias("c2", "c1")), 1601,
                    "alias and collection name conflict[database=default][alias=c1]");
        }

        @Test
        void missingDatabaseIs800() {
            assertServerError(() -> client().alterAlias(
                            AlterAliasReq.builder().databaseName("nodb").collectionName("c1").alias("prod").build()),
                    800, "database not found[database=nodb]");
        }

        @Test
        void concurrentSwitchesNeverLoseTheAlias() throws Exception {
            emu.putAlias(DB, "prod", "c1");
            MilvusClientV2 c = client();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> results = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String target = i % 2 == 0 ? "c1" : "c2";
                    results.add(pool.submit(() -> c.alterAlias(alterAlias(target, "prod"))));
                    results.add(pool.submit(() -> assertThat(c.describeAlias(describeAlias("prod")).getCollectionName())
                            .isIn("c1", "c2")));
                }
                for (Future<?> f : results) {
                    f.get(10, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(emu.aliasTarget(DB, "prod")).get().isIn("c1", "c2");
        }
    }

    // ------------------------------------------------------------------ DropAlias

    @Nested
    class DropAlias {

        @Test
        void dropsAnExistingAlias() {
            emu.putAlias(DB, "prod", "c1");
            client().dropAlias(dropAlias("prod"));
            assertThat(emu.aliasTarget(DB, "prod")).isEmpty();
        }

        @Test
        void missingAliasIsSuccess() {
            client().dropAlias(dropAlias("ghost"));
            assertThat(emu.count("DropAlias")).isEqualTo(1);
        }

        @Test
        void collectionNameIsASuccessfulNoOp() {
            emu.putAlias(DB, "prod", "c1");
            client().dropAlias(dropAlias("c1"));
            assertThat(emu.collections(DB)).containsExactly("c1", "c2");
            assertThat(emu.aliasTarget(DB, "prod")).contains("c1");
        }

        @Test
        void missingDatabaseIs800() {
            assertServerError(() -> client().dropAlias(DropAliasReq.builder().databaseName("nodb").alias("prod").build()),
                    800, "database not found[database=nodb]");
        }

        @Test
        void invalidNameIsASuccessfulNoOpIn26() {
            client().dropAlias(dropAlias("my-alias"));
            client().dropAlias(dropAlias(""));
        }

        @Test
        void invalidNameIs1100Before2515() {
            try (MilvusEmulator old = MilvusEmulator.builder().version("v2.5.14").build()) {
                assertServerError(() -> client(old, ConnectConfig.builder()).dropAlias(dropAlias("my-alias")), 1100,
                        "Invalid collection alias: my-alias.  collection alias can only contain numbers, letters and underscores: invalid parameter");
            }
        }
    }

    // ------------------------------------------------------------------ DescribeAlias / ListAliases

    @Nested
    class DescribeAlias {

        @Test
        void missingAliasIs1600() {
            assertServerError(() -> client().describeAlias(describeAlias("ghost")), 1600,
                    "alias not found[database=default][alias=ghost]");
        }

        @Test
        void returnsDatabaseAliasAndRealCollection() {
            emu.putAlias(DB, "prod", "c2");
            DescribeAliasResp r = client().describeAlias(describeAlias("prod"));
            assertThat(r.getDatabaseName()).isEqualTo("default");
            assertThat(r.getAlias()).isEqualTo("prod");
            assertThat(r.getCollectionName()).isEqualTo("c2");
        }

        @Test
        void aCollectionNameIsNotAnAlias() {
            assertServerError(() -> client().describeAlias(describeAlias("c1")), 1600,
                    "alias not found[database=default][alias=c1]");
        }

        @Test
        void missingDatabaseIs800() {
            assertServerError(() -> client().describeAlias(
                    DescribeAliasReq.builder().databaseName("nodb").alias("prod").build()), 800,
                    "database not found[database=nodb]");
        }

        @Test
        void unimplementedBefore235() {
            try (MilvusEmulator old = MilvusEmulator.builder().version("v2.3.4").build()) {
                assertServerError(() -> client(old, ConnectConfig.builder()).describeAlias(describeAlias("prod")), 2,
                        "unimplemented");
            }
        }
    }

    @Nested
    class ListAliases {

        @Test
        void emptyCollectionNameListsTheWholeDatabase() {
            emu.putAlias(DB, "a1", "c1");
            emu.putAlias(DB, "a2", "c1");
            emu.putAlias(DB, "b1", "c2");

            assertThat(client().listAliases(ListAliasesReq.builder().collectionName("").build()).getAlias())
                    .containsExactlyInAnyOrder("a1", "a2", "b1");
        }

        @Test
        void collectionNameListsItsAliases() {
            emu.putAlias(DB, "a1", "c1");
            emu.putAlias(DB, "a2", "c1");
            emu.putAlias(DB, "b1", "c2");

            var r = client().listAliases(ListAliasesReq.builder().collectionName("c1").build());
            assertThat(r.getAlias()).containsExactlyInAnyOrder("a1", "a2");
            assertThat(r.getCollectionName()).isEqualTo("c1");
        }

        @Test
        void missingCollectionIs100() {
            assertServerError(() -> client().listAliases(ListAliasesReq.builder().collectionName("nope").build()), 100,
                    "collection not found[collection=nope]");
        }

        @Test
        void nullCollectionNameIsAClientSideError() {
            MilvusClientException e = failure(() -> client().listAliases(ListAliasesReq.builder().build()));
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.CLIENT_ERROR);
            assertThat(e.getCause()).isInstanceOf(NullPointerException.class);
            assertThat(emu.count("ListAliases")).isZero();
        }
    }

    // ------------------------------------------------------------------ collections

    @Nested
    class Collections {

        @Test
        void dropCollectionIsRefusedWhileAliasesExist() {
            emu.putAlias(DB, "a1", "c1");
            emu.putAlias(DB, "a2", "c1");
            MilvusClientV2 c = client();

            assertServerError(() -> c.dropCollection(DropCollectionReq.builder().collectionName("c1").build()), 65535,
                    "unable to drop the collection [c1] because it has associated aliases [a1 a2], "
                            + "please remove all aliases before dropping the collection");
            assertThat(emu.collections(DB)).contains("c1");

            c.dropAlias(dropAlias("a1"));
            c.dropAlias(dropAlias("a2"));
            c.dropCollection(DropCollectionReq.builder().collectionName("c1").build());
            assertThat(emu.collections(DB)).containsExactly("c2");
        }

        @Test
        void dropCollectionViaAliasIsRefusedAndMissingIsSuccess() {
            emu.putAlias(DB, "prod", "c1");
            MilvusClientV2 c = client();
            assertServerError(() -> c.dropCollection(DropCollectionReq.builder().collectionName("prod").build()), 65535,
                    "cannot drop the collection via alias = prod");
            c.dropCollection(DropCollectionReq.builder().collectionName("nope").build());
        }

        @Test
        void before255DropCollectionTakesItsAliasesAlong() {
            try (MilvusEmulator old = MilvusEmulator.builder().version("v2.5.4").build()) {
                old.createCollection(DB, "c1");
                old.putAlias(DB, "prod", "c1");
                client(old, ConnectConfig.builder()).dropCollection(DropCollectionReq.builder().collectionName("c1").build());
                assertThat(old.aliasTarget(DB, "prod")).isEmpty();
            }
        }

        @Test
        void describeCollectionSatisfiesTheSdkConverter() {
            DescribeCollectionResp r = client().describeCollection(
                    DescribeCollectionReq.builder().collectionName("c1").build());
            assertThat(r.getCollectionName()).isEqualTo("c1");
            assertThat(r.getDatabaseName()).isEqualTo("default");
            assertThat(r.getCollectionID()).isPositive();
            assertThat(r.getPrimaryFieldName()).isEqualTo("id");
            assertThat(r.getVectorFieldNames()).containsExactly("vector");
            assertThat(r.getConsistencyLevel()).isEqualTo(ConsistencyLevel.BOUNDED);
            var vector = r.getCollectionSchema().getField("vector");
            assertThat(vector.getDataType()).isEqualTo(DataType.FloatVector);
            assertThat(vector.getDimension()).isEqualTo(8);
        }

        @Test
        void describeCollectionThroughAnAliasEchoesTheAliasButDescribesTheTarget() {
            emu.putAlias(DB, "prod", "c2");
            MilvusClientV2 c = client();
            DescribeCollectionResp viaAlias = c.describeCollection(DescribeCollectionReq.builder().collectionName("prod").build());
            DescribeCollectionResp direct = c.describeCollection(DescribeCollectionReq.builder().collectionName("c2").build());
            assertThat(viaAlias.getCollectionName()).isEqualTo("prod");
            assertThat(viaAlias.getCollectionID()).isEqualTo(direct.getCollectionID());
        }

        @Test
        void describeMissingCollectionIs100WithTheProxyText() {
            assertServerError(() -> client().describeCollection(DescribeCollectionReq.builder().collectionName("nope").build()),
                    100, "can't find collection[database=default][collection=nope]");
        }

        @Test
        void hasCollectionSeesCollectionsAndAliases() {
            emu.putAlias(DB, "prod", "c1");
            MilvusClientV2 c = client();
            assertThat(c.hasCollection(HasCollectionReq.builder().collectionName("c1").build())).isTrue();
            assertThat(c.hasCollection(HasCollectionReq.builder().collectionName("prod").build())).isTrue();
            assertThat(c.hasCollection(HasCollectionReq.builder().collectionName("nope").build())).isFalse();
        }

        @Test
        void createListLoadReleaseThroughTheSdk() {
            MilvusClientV2 c = client();
            CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder()
                    .fieldSchemaList(List.of(
                            CreateCollectionReq.FieldSchema.builder().name("pk").dataType(DataType.VarChar)
                                    .maxLength(64).isPrimaryKey(true).build(),
                            CreateCollectionReq.FieldSchema.builder().name("emb").dataType(DataType.FloatVector)
                                    .dimension(4).build()))
                    .build();
            c.createCollection(CreateCollectionReq.builder().collectionName("c3").collectionSchema(schema).build());

            assertThat(c.listCollections().getCollectionNames()).containsExactly("c1", "c2", "c3");
            assertThat(emu.schema(DB, "c3")).get().extracting(s -> s.primaryField().name()).isEqualTo("pk");
            assertThat(emu.loadState(DB, "c3")).isEqualTo(LoadState.LoadStateNotLoad);
            assertThat(c.getLoadState(GetLoadStateReq.builder().collectionName("c3").build())).isFalse();

            emu.createIndex(DB, "c3", "emb");
            c.loadCollection(LoadCollectionReq.builder().collectionName("c3").build());
            assertThat(c.getLoadState(GetLoadStateReq.builder().collectionName("c3").build())).isTrue();
            c.releaseCollection(ReleaseCollectionReq.builder().collectionName("c3").build());
            assertThat(emu.loadState(DB, "c3")).isEqualTo(LoadState.LoadStateNotLoad);
        }

        @Test
        void loadStateOfMissingCollectionIsAClientSideErrorWithoutServerCode() {
            MilvusClientException e = failure(() -> client().getLoadState(GetLoadStateReq.builder().collectionName("nope").build()));
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.SERVER_ERROR);
            assertThat(e.getServerErrCode()).isZero();
            assertThat(e.getMessage()).isEqualTo("collection: 'nope' doesn't exist in database: 'null'");
        }

        @Test
        void loadNeedsAnIndexOnEveryVectorFieldItLoads() {
            emu.createCollection(DB, "two", new CollectionSchema(List.of(
                    CollectionSchema.Field.primaryKey("id", io.milvus.grpc.DataType.Int64),
                    CollectionSchema.Field.scalar("tag", io.milvus.grpc.DataType.VarChar),
                    CollectionSchema.Field.vector("a", io.milvus.grpc.DataType.FloatVector, 4),
                    CollectionSchema.Field.vector("b", io.milvus.grpc.DataType.FloatVector, 4))));
            MilvusClientV2 c = client();
            LoadCollectionReq loadAll = LoadCollectionReq.builder().collectionName("two").build();

            assertServerError(() -> c.loadCollection(loadAll), 700, "index not found[collection=two]");
            emu.createIndex(DB, "two", "tag");
            assertServerError(() -> c.loadCollection(loadAll), 65535,
                    "there is no vector index on field: [a b], please create index firstly");
            emu.createIndex(DB, "two", "a");
            assertServerError(() -> c.loadCollection(loadAll), 65535,
                    "there is no vector index on field: [b], please create index firstly");
            assertThat(emu.loadState(DB, "two")).isEqualTo(LoadState.LoadStateNotLoad);

            // fields left out by load_fields are not checked
            c.loadCollection(LoadCollectionReq.builder().collectionName("two").loadFields(List.of("id", "tag", "a")).build());
            assertThat(emu.loadState(DB, "two")).isEqualTo(LoadState.LoadStateLoaded);
        }

        @Test
        void loadingStateIsReportedAsNotLoaded() {
            emu.setLoadState(DB, "c1", LoadState.LoadStateLoading);
            assertThat(client().getLoadState(GetLoadStateReq.builder().collectionName("c1").build())).isFalse();
        }
    }

    // ------------------------------------------------------------------ GetCollectionStatistics

    @Nested
    class CollectionStatistics {

        private GetCollectionStatsReq stats(String collection) {
            return GetCollectionStatsReq.builder().collectionName(collection).build();
        }

        @Test
        void reportsTheRowCountSetByTheTest() {
            emu.setRowCount(DB, "c1", 1_234_567);
            MilvusClientV2 c = client();

            assertThat(c.getCollectionStats(stats("c1")).getNumOfEntities()).isEqualTo(1_234_567L);
            assertThat(c.getCollectionStats(stats("c2")).getNumOfEntities()).isZero();
            assertThat(emu.count("GetCollectionStatistics")).isEqualTo(2);
        }

        @Test
        void anAliasCountsItsCollection() {
            emu.setRowCount(DB, "c2", 77);
            emu.putAlias(DB, "prod", "c2");

            assertThat(client().getCollectionStats(stats("prod")).getNumOfEntities()).isEqualTo(77L);
        }

        @Test
        void missingCollectionIs100AndNamesAreNotValidated() {
            assertServerError(() -> client().getCollectionStats(stats("nope")), 100,
                    "collection not found[database=default][collection=nope]");
            assertServerError(() -> client().getCollectionStats(stats("my-coll")), 100,
                    "collection not found[database=default][collection=my-coll]");
        }

        @Test
        void emptyNameIsLookedUpAsCollectionZero() {
            assertServerError(() -> client().getCollectionStats(stats("")), 100, "collection not found[collection=0]");
        }

        @Test
        void missingDatabaseIs800() {
            assertServerError(() -> client().getCollectionStats(
                    GetCollectionStatsReq.builder().databaseName("nodb").collectionName("c1").build()), 800,
                    "database not found[database=nodb]");
        }

        @Test
        void needsTheGetStatisticsPrivilege() {
            try (MilvusEmulator secured = MilvusEmulator.builder().user("alice", "secret")
                    .denyPrivileges("alice", "PrivilegeGetStatistics").build()) {
                secured.createCollection(DB, "c1");
                MilvusClientV2 c = client(secured, ConnectConfig.builder().username("alice").password("secret"));

                assertPermissionDenied(() -> c.getCollectionStats(stats("c1")),
                        "PrivilegeGetStatistics: permission deny to alice in the `default` database");
                assertThat(secured.count("GetCollectionStatistics")).isEqualTo(1);
            }
        }
    }

    // ------------------------------------------------------------------ DescribeIndex

    @Nested
    class Indexes {

        private DescribeIndexReq byField(String collection, String field) {
            return DescribeIndexReq.builder().collectionName(collection).fieldName(field).build();
        }

        @Test
        void describesTheIndexOfAFieldWithItsBuildProgress() {
            emu.createIndex(DB, "c1", "vector");
            emu.setIndexBuild(DB, "c1", "vector", new IndexBuild(600, 1000, 400, io.milvus.grpc.IndexState.InProgress, ""));

            DescribeIndexResp.IndexDesc index = client().describeIndex(byField("c1", "vector"))
                    .getIndexDescByFieldName("vector");

            assertThat(index.getIndexName()).isEqualTo("vector");
            assertThat(index.getId()).isPositive();
            assertThat(index.getIndexType()).isEqualTo(IndexParam.IndexType.AUTOINDEX);
            assertThat(index.getMetricType()).isEqualTo(IndexParam.MetricType.COSINE);
            assertThat(index.getIndexedRows()).isEqualTo(600);
            assertThat(index.getTotalRows()).isEqualTo(1000);
            assertThat(index.getPendingIndexRows()).isEqualTo(400);
            assertThat(index.getIndexState()).isEqualTo(IndexBuildState.InProgress);
            assertThat(index.getIndexFailedReason()).isEmpty();
        }

        @Test
        void aNewIndexIsFinishedOverTheCurrentRows() {
            emu.setRowCount(DB, "c1", 5000);
            emu.createIndex(DB, "c1", "vector");

            DescribeIndexResp.IndexDesc index = client().describeIndex(byField("c1", "vector")).getIndexDescriptions().get(0);
            assertThat(index.getIndexState()).isEqualTo(IndexBuildState.Finished);
            assertThat(List.of(index.getIndexedRows(), index.getTotalRows(), index.getPendingIndexRows()))
                    .containsExactly(5000L, 5000L, 0L);
        }

        @Test
        void theTestApisLoadIndexesVectorFieldsThatHaveNone() {
            emu.createCollection(DB, "tagged", taggedSchema());
            emu.createIndex(DB, "tagged", "tag");
            emu.load(DB, "tagged");
            emu.load(DB, "tagged"); // again: nothing more to index

            assertThat(emu.indexNames(DB, "tagged")).containsExactly("tag", "vector");
            assertThat(client().describeIndex(byField("tagged", "vector")).getIndexDescriptions())
                    .extracting(DescribeIndexResp.IndexDesc::getIndexState).containsExactly(IndexBuildState.Finished);
        }

        @Test
        void aFailedBuildCarriesItsReason() {
            emu.createIndex(DB, "c1", "vector");
            emu.setIndexBuild(DB, "c1", "vector",
                    new IndexBuild(0, 1000, 1000, io.milvus.grpc.IndexState.Failed, "462000000000000005: out of memory;"));

            DescribeIndexResp.IndexDesc index = client().describeIndex(byField("c1", "vector")).getIndexDescriptions().get(0);
            assertThat(index.getIndexState()).isEqualTo(IndexBuildState.Failed);
            assertThat(index.getIndexFailedReason()).isEqualTo("462000000000000005: out of memory;");
        }

        @Test
        void sdkTrapNeitherFieldNorIndexNameGivesAnEmptyList() {
            emu.createIndex(DB, "c1", "vector");

            assertThat(client().describeIndex(DescribeIndexReq.builder().collectionName("c1").build())
                    .getIndexDescriptions()).isEmpty();
            assertThat(emu.count("DescribeIndex")).as("the server answered; the SDK dropped it").isEqualTo(1);
        }

        @Test
        void sdkTrapAFieldWithoutIndexWhileOthersHaveOneGivesAnEmptyList() {
            emu.createCollection(DB, "tagged", taggedSchema());
            emu.createIndex(DB, "tagged", "tag");

            assertThat(client().describeIndex(byField("tagged", "vector")).getIndexDescriptions()).isEmpty();
        }

        @Test
        void aCollectionWithoutAnyIndexIs700() {
            assertServerError(() -> client().describeIndex(byField("c1", "vector")), 700,
                    "index not found[collection=c1]");
            assertThat(client().listIndexes(ListIndexesReq.builder().collectionName("c1").build()))
                    .as("listIndexes turns 700 into an empty list").isEmpty();
        }

        @Test
        void anAliasIsAcceptedAndNamedAsSent() {
            emu.putAlias(DB, "prod", "c1");
            assertServerError(() -> client().describeIndex(byField("prod", "vector")), 700,
                    "index not found[collection=prod]");

            emu.createIndex(DB, "c1", "vector");
            assertThat(client().describeIndex(byField("prod", "vector")).getIndexDescriptions())
                    .extracting(DescribeIndexResp.IndexDesc::getIndexName).containsExactly("vector");
        }

        @Test
        void byIndexName() {
            emu.createCollection(DB, "tagged", taggedSchema());
            emu.createIndex(DB, "tagged", "tag", "tag_idx", MilvusEmulator.INVERTED);
            emu.createIndex(DB, "tagged", "vector", "vec_idx", MilvusEmulator.AUTOINDEX);
            MilvusClientV2 c = client();

            DescribeIndexResp r = c.describeIndex(DescribeIndexReq.builder().collectionName("tagged").indexName("vec_idx").build());
            assertThat(r.getIndexDescriptions()).extracting(DescribeIndexResp.IndexDesc::getFieldName).containsExactly("vector");
            assertServerError(() -> c.describeIndex(DescribeIndexReq.builder().collectionName("tagged").indexName("nope").build()),
                    700, "index not found[indexName=nope]");
            assertThat(c.listIndexes(ListIndexesReq.builder().collectionName("tagged").build()))
                    .containsExactlyInAnyOrder("tag_idx", "vec_idx");
        }

        @Test
        void invalidNameMissingDatabaseAndMissingCollection() {
            MilvusClientV2 c = client();
            assertServerError(() -> c.describeIndex(byField("my-coll", "vector")), 1100,
                    "Invalid collection name: my-coll.  collection name can only contain numbers, letters and underscores: invalid parameter");
            assertServerError(() -> c.describeIndex(DescribeIndexReq.builder().databaseName("nodb").collectionName("c1")
                    .fieldName("vector").build()), 800, "database not found[database=nodb]");
            assertServerError(() -> c.describeIndex(byField("nope", "vector")), 100,
                    "collection not found[database=default][collection=nope]");
        }

        @Test
        void needsTheIndexDetailPrivilege() {
            try (MilvusEmulator secured = MilvusEmulator.builder().user("alice", "secret")
                    .denyPrivileges("alice", "PrivilegeIndexDetail").build()) {
                secured.createCollection(DB, "c1");
                secured.createIndex(DB, "c1", "vector");
                MilvusClientV2 c = client(secured, ConnectConfig.builder().username("alice").password("secret"));

                assertPermissionDenied(() -> c.describeIndex(byField("c1", "vector")),
                        "PrivilegeIndexDetail: permission deny to alice in the `default` database");
            }
        }
    }

    private static CollectionSchema taggedSchema() {
        return new CollectionSchema(List.of(
                CollectionSchema.Field.primaryKey("id", io.milvus.grpc.DataType.Int64),
                CollectionSchema.Field.scalar("tag", io.milvus.grpc.DataType.VarChar),
                CollectionSchema.Field.vector("vector", io.milvus.grpc.DataType.FloatVector, 8)));
    }

    private static void assertPermissionDenied(ThrowingCallable call, String description) {
        MilvusClientException e = failure(call);
        assertThat(e.getErrorCode()).isEqualTo(ErrorCode.RPC_ERROR);
        assertThat(e.getMessage()).contains("PERMISSION_DENIED").contains(description);
    }

    // ------------------------------------------------------------------ connection, databases, headers

    @Nested
    class Connection {

        @Test
        void versionAndDatabases() {
            emu.createDatabase("db1");
            MilvusClientV2 c = client();
            assertThat(c.getServerVersion()).isEqualTo("v2.6.4");
            assertThat(c.listDatabases().getDatabaseNames()).containsExactly("default", "db1");
            c.createDatabase(CreateDatabaseReq.builder().databaseName("db2").build());
            assertThat(emu.databaseExists("db2")).isTrue();
            assertServerError(() -> c.createDatabase(CreateDatabaseReq.builder().databaseName("db2").build()), 65535,
                    "database already exist: db2");
        }

        @Test
        void connectWithAMissingDatabaseFailsInTheConstructor() {
            RuntimeException e = catchThrowableOfType(RuntimeException.class,
                    () -> client(ConnectConfig.builder().dbName("nodb")));
            assertThat(e).isNotNull().isNotInstanceOf(MilvusClientException.class);
            assertThat(e.getMessage()).isEqualTo("Failed to initialize connection. Error: database not found[database=nodb]");
            assertThat(emu.calls()).first().isEqualTo(new MilvusEmulator.Call("Connect", "nodb",
                    Map.of("sdk", "Java", "user", "")));
        }

        @Test
        void dbnameHeaderSelectsTheDatabaseAndRequestDbNameWins() {
            emu.createDatabase("db1");
            emu.createCollection("db1", "c1");
            emu.createDatabase("db2");
            emu.createCollection("db2", "c9");
            MilvusClientV2 c = client(ConnectConfig.builder().dbName("db1"));

            c.createAlias(createAlias("c1", "prod"));
            assertThat(emu.aliasTarget("db1", "prod")).contains("c1");
            assertThat(emu.aliasTarget(DB, "prod")).isEmpty();
            assertThat(c.describeAlias(describeAlias("prod")).getDatabaseName()).isEqualTo("db1");

            c.createAlias(CreateAliasReq.builder().databaseName("db2").collectionName("c9").alias("prod").build());
            assertThat(emu.aliasTarget("db2", "prod")).contains("c9");
            assertThat(emu.calls()).filteredOn(call -> call.rpc().equals("CreateAlias"))
                    .extracting(MilvusEmulator.Call::database).containsExactly("db1", "db2");
        }

        @Test
        void otherRpcsAreUnimplemented() {
            MilvusClientException e = failure(() -> client().describeDatabase(
                    DescribeDatabaseReq.builder().databaseName("default").build()));
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.RPC_ERROR);
            assertThat(e.getMessage()).contains("UNIMPLEMENTED");
        }

        @Test
        void listensOnLoopbackAndAFixedPortCanBeChosen() throws Exception {
            int port = emu.port();
            emu.close();
            try (MilvusEmulator fixed = MilvusEmulator.builder().port(port).build()) {
                assertThat(fixed.uri()).isEqualTo("http://127.0.0.1:" + port);
                assertThat(canConnect(port)).isTrue();
            }
        }
    }

    // ------------------------------------------------------------------ authentication

    @Nested
    class Auth {

        private MilvusEmulator secured;

        @BeforeEach
        void startSecured() {
            secured = MilvusEmulator.builder()
                    .user("alice", "secret")
                    .user("reader", "pw")
                    .denyPrivileges("reader")
                    .build();
            secured.createCollection(DB, "c1");
        }

        @AfterEach
        void stopSecured() {
            secured.close();
        }

        @Test
        void rootTokenAndUserPasswordAuthenticate() {
            client(secured, ConnectConfig.builder().token("root:Milvus")).createAlias(createAlias("c1", "a1"));
            client(secured, ConnectConfig.builder().username("alice").password("secret")).createAlias(createAlias("c1", "a2"));
            assertThat(secured.aliases(DB)).containsOnlyKeys("a1", "a2");
        }

        @Test
        void plainTokenAuthenticates() {
            try (MilvusEmulator tokenOnly = MilvusEmulator.builder().token("abc123").build()) {
                tokenOnly.createCollection(DB, "c1");
                client(tokenOnly, ConnectConfig.builder().token("abc123")).createAlias(createAlias("c1", "a1"));
                assertThat(tokenOnly.aliasTarget(DB, "a1")).contains("c1");

                StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                        () -> client(tokenOnly, ConnectConfig.builder().token("wrong")));
                assertThat(e.getStatus().getDescription()).isEqualTo("auth check failure, please check api key is correct");
            }
        }

        @Test
        void missingCredentialsFailTheConstructorWithRawUnauthenticated() {
            StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                    () -> client(secured, ConnectConfig.builder()));
            assertThat(e).isNotNull();
            assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAUTHENTICATED);
            assertThat(e.getStatus().getDescription()).isEqualTo("missing authorization in header");
            assertThat(secured.calls()).isEmpty();
        }

        @Test
        void wrongPasswordFailsTheConstructorWithRawUnauthenticated() {
            StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                    () -> client(secured, ConnectConfig.builder().username("alice").password("nope")));
            assertThat(e).isNotNull();
            assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAUTHENTICATED);
            assertThat(e.getStatus().getDescription())
                    .isEqualTo("auth check failure, please check username and password are correct");
        }

        @Test
        void deniedPrivilegeIsGrpcPermissionDeniedNotAServerCode() {
            secured.putAlias(DB, "prod", "c1");
            MilvusClientV2 reader = client(secured, ConnectConfig.builder().username("reader").password("pw"));

            MilvusClientException e = failure(() -> reader.alterAlias(alterAlias("c1", "prod")));
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.RPC_ERROR);
            assertThat(e.getServerErrCode()).isZero();
            assertThat(e.getMessage()).endsWith(
                    "PERMISSION_DENIED: PrivilegeCreateAlias: permission deny to reader in the `default` database");
            assertThat(failure(() -> reader.dropAlias(dropAlias("prod"))).getMessage())
                    .endsWith("PrivilegeDropAlias: permission deny to reader in the `default` database");
            assertThat(secured.count("AlterAlias")).as("denied calls are logged, once: not retried").isEqualTo(1);

            // reads stay allowed
            assertThat(reader.describeAlias(describeAlias("prod")).getCollectionName()).isEqualTo("c1");
            assertThat(secured.aliasTarget(DB, "prod")).contains("c1");
        }
    }

    // ------------------------------------------------------------------ faults

    @Nested
    class Faults {

        @Test
        void failNextAnswersAStatusOnceWithoutChangingState() {
            emu.failNext("CreateAlias", 65535, "boom");
            MilvusClientV2 c = client();

            assertServerError(() -> c.createAlias(createAlias("c1", "prod")), 65535, "boom");
            assertThat(emu.aliasTarget(DB, "prod")).isEmpty();

            c.createAlias(createAlias("c1", "prod"));
            assertThat(emu.aliasTarget(DB, "prod")).contains("c1");
        }

        @Test
        void failNextMapsTheLegacyCode() {
            emu.failNext("DescribeAlias", 100, "collection not found[database=default][collection=x]");
            MilvusClientException e = failure(() -> client().describeAlias(describeAlias("prod")));
            assertThat(e.getServerErrCode()).isEqualTo(100);
            assertThat(e.getLegacyServerCode()).isEqualTo(4);
        }

        @Test
        void retriableGrpcFailureIsRetriedBySdk() {
            emu.failNextGrpc("AlterAlias", io.grpc.Status.Code.UNAVAILABLE);
            emu.putAlias(DB, "prod", "c1");

            client().alterAlias(alterAlias("c2", "prod"));
            assertThat(emu.count("AlterAlias")).isEqualTo(2);
            assertThat(emu.aliasTarget(DB, "prod")).contains("c2");
        }

        @Test
        void nonRetriableGrpcFailureSurfacesAsRpcError() {
            emu.failNextGrpc("DropAlias", io.grpc.Status.Code.PERMISSION_DENIED, "nope");
            MilvusClientException e = failure(() -> client().dropAlias(dropAlias("prod")));
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.RPC_ERROR);
            assertThat(e.getMessage()).contains("PERMISSION_DENIED: nope");
        }

        @Test
        void unavailableWithRetriesIsSwallowedBySdkAndReturnsNull() {
            MilvusClientV2 c = client();
            emu.setUnavailable(true);

            // SDK trap: after maxRetryTimes UNAVAILABLE attempts RpcUtils.retry returns null instead of throwing.
            c.createAlias(createAlias("c1", "prod"));
            assertThat(c.describeAlias(describeAlias("prod"))).isNull();
            assertThat(emu.aliasTarget(DB, "prod")).isEmpty();
            assertThat(emu.count("CreateAlias")).as("rejected before the service").isZero();

            emu.setUnavailable(false);
            c.createAlias(createAlias("c1", "prod"));
            assertThat(emu.aliasTarget(DB, "prod")).contains("c1");
        }

        @Test
        void unavailableWithoutRetriesIsAnRpcError() {
            MilvusClientV2 c = client();
            c.retryConfig(RetryConfig.builder().maxRetryTimes(1).build());
            emu.setUnavailable(true);

            MilvusClientException e = failure(() -> c.createAlias(createAlias("c1", "prod")));
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.RPC_ERROR);
            assertThat(e.getCause()).isInstanceOf(StatusRuntimeException.class);
            assertThat(((StatusRuntimeException) e.getCause()).getStatus().getCode())
                    .isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
        }

        @Test
        void delayBeyondTheDeadlineTimesOutButTheChangeStillHappens() {
            MilvusClientV2 c = client();
            emu.setDelay(Duration.ofMillis(RPC_DEADLINE_MS + 300));

            long start = System.nanoTime();
            MilvusClientException e = failure(() -> c.createAlias(createAlias("c1", "prod")));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.RPC_ERROR);
            assertThat(e.getMessage()).contains("DEADLINE_EXCEEDED");
            assertThat(tookMs).isBetween((long) RPC_DEADLINE_MS - 50, (long) RPC_DEADLINE_MS + 1000);
            assertThat(emu.count("CreateAlias")).as("DEADLINE_EXCEEDED is not retried").isEqualTo(1);
            await().atMost(Duration.ofSeconds(3)).until(() -> emu.aliasTarget(DB, "prod").isPresent());
        }

        @Test
        void stopClosesThePortAndRestartKeepsPortAndState() throws Exception {
            emu.putAlias(DB, "prod", "c1");
            MilvusClientV2 c = client();
            int port = emu.port();

            emu.stop();
            assertThat(emu.isRunning()).isFalse();
            assertThat(canConnect(port)).isFalse();
            // wait-for-ready: the call waits for the server until the deadline, then DEADLINE_EXCEEDED
            MilvusClientException e = failure(() -> c.describeAlias(describeAlias("prod")));
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.RPC_ERROR);
            assertThat(e.getMessage()).contains("DEADLINE_EXCEEDED");
            // the constructor fails with a raw gRPC exception after connectTimeoutMs
            long start = System.nanoTime();
            StatusRuntimeException ctor = catchThrowableOfType(StatusRuntimeException.class,
                    () -> client(emu, ConnectConfig.builder(), 500));
            assertThat(ctor.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.DEADLINE_EXCEEDED);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(450L, 1500L);

            emu.restart();
            assertThat(emu.port()).isEqualTo(port);
            assertThat(canConnect(port)).isTrue();
            assertThat(client().describeAlias(describeAlias("prod")).getCollectionName()).isEqualTo("c1");
            // the old client reconnects by itself after the channel's backoff
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> "c1".equals(c.describeAlias(describeAlias("prod")).getCollectionName()));
        }

        @Test
        void constructorWithDbNameWaitsForListDatabasesWithoutAnyDeadline() {
            emu.setDelay("ListDatabases", Duration.ofMillis(1500));
            long start = System.nanoTime();
            // connectTimeoutMs only bounds Connect; the ListDatabases check that follows has no deadline
            client(emu, ConnectConfig.builder().dbName("default"), 500);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(1500);
        }

        @Test
        void unknownRpcNamesAreRejected() {
            assertThat(catchThrowableOfType(IllegalArgumentException.class,
                    () -> emu.failNext("CreateAliass", 1, "typo"))).isNotNull();
        }
    }

    // ------------------------------------------------------------------ call log

    @Nested
    class CallLog {

        @Test
        void recordsRpcDatabaseAndFieldsInOrder() {
            MilvusClientV2 c = client();
            emu.clearCalls();
            c.createAlias(createAlias("c1", "prod"));
            c.alterAlias(alterAlias("c2", "prod"));
            c.listAliases(ListAliasesReq.builder().collectionName("").build());

            assertThat(emu.calls()).containsExactly(
                    new MilvusEmulator.Call("CreateAlias", "default", Map.of("alias", "prod", "collection", "c1")),
                    new MilvusEmulator.Call("AlterAlias", "default", Map.of("alias", "prod", "collection", "c2")),
                    new MilvusEmulator.Call("ListAliases", "default", Map.of("collection", "")));
            assertThat(emu.count("AlterAlias")).isEqualTo(1);

            emu.clearCalls();
            assertThat(emu.calls()).isEmpty();
        }

        @Test
        void recordsStatisticsAndIndexCallsWithTheirFields() {
            emu.createIndex(DB, "c1", "vector");
            MilvusClientV2 c = client();
            emu.clearCalls();
            c.getCollectionStats(GetCollectionStatsReq.builder().collectionName("c1").build());
            c.describeIndex(DescribeIndexReq.builder().collectionName("c1").fieldName("vector").build());

            assertThat(emu.calls()).containsExactly(
                    new MilvusEmulator.Call("GetCollectionStatistics", "default", Map.of("collection", "c1")),
                    new MilvusEmulator.Call("DescribeIndex", "default",
                            Map.of("collection", "c1", "field", "vector", "index", "")));
        }

        @Test
        void newRpcsTakeInjectedFaults() {
            emu.createIndex(DB, "c1", "vector");
            emu.failNext("GetCollectionStatistics", 65535, "injected");
            emu.failNext("DescribeIndex", 65535, "injected too");
            MilvusClientV2 c = client();

            assertServerError(() -> c.getCollectionStats(GetCollectionStatsReq.builder().collectionName("c1").build()),
                    65535, "injected");
            assertServerError(() -> c.describeIndex(DescribeIndexReq.builder().collectionName("c1").fieldName("vector")
                    .build()), 65535, "injected too");
            assertThat(c.getCollectionStats(GetCollectionStatsReq.builder().collectionName("c1").build())
                    .getNumOfEntities()).isZero();
        }

        @Test
        void directStateChangesAreNotLogged() {
            emu.clearCalls();
            emu.putAlias(DB, "prod", "c1");
            emu.removeAlias(DB, "prod");
            assertThat(emu.calls()).isEmpty();
        }

        @Test
        void constructorCallsConnectOnlyWithoutDbName() {
            emu.clearCalls();
            client();
            assertThat(emu.calls()).extracting(MilvusEmulator.Call::rpc).containsExactly("Connect");
            emu.clearCalls();
            client(ConnectConfig.builder().dbName("default"));
            assertThat(emu.calls()).extracting(MilvusEmulator.Call::rpc).containsExactly("Connect", "ListDatabases");
        }
    }

    // ------------------------------------------------------------------ raw wire format

    /** Checks what the SDK hides: full Status messages, echoed fields and headers, on the bare gRPC stub. */
    @Nested
    class RawWire {

        private ManagedChannel channel;

        @BeforeEach
        void openChannel() {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", emu.port()).usePlaintext().build();
        }

        @AfterEach
        void closeChannel() throws InterruptedException {
            channel.shutdownNow().awaitTermination(1, TimeUnit.SECONDS);
        }

        private MilvusServiceGrpc.MilvusServiceBlockingStub stub(Metadata headers) {
            return MilvusServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(2, TimeUnit.SECONDS);
        }

        private MilvusServiceGrpc.MilvusServiceBlockingStub stub() {
            return stub(new Metadata());
        }

        private static Metadata header(String key, String value) {
            Metadata m = new Metadata();
            m.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);
            return m;
        }

        @Test
        void successIsTheAllDefaultStatus() {
            Status created = stub().createAlias(CreateAliasRequest.newBuilder().setCollectionName("c1").setAlias("prod").build());
            Status again = stub().createAlias(CreateAliasRequest.newBuilder().setCollectionName("c1").setAlias("prod").build());
            Status dropMissing = stub().dropAlias(DropAliasRequest.newBuilder().setAlias("ghost").build());
            assertThat(List.of(created, again, dropMissing)).allMatch(st -> st.equals(Status.getDefaultInstance()));
        }

        @Test
        void failuresCarryCodeLegacyErrorCodeAndReason() {
            emu.putAlias(DB, "prod", "c1");
            Status conflict = stub().createAlias(CreateAliasRequest.newBuilder().setCollectionName("c2").setAlias("prod").build());
            assertThat(conflict.getCode()).isEqualTo(1602);
            assertThat(conflict.getErrorCode()).isEqualTo(io.milvus.grpc.ErrorCode.UnexpectedError);
            assertThat(conflict.getReason())
                    .isEqualTo("prod is alias to another collection: c1: alias already exist[database=default][alias=prod]");

            Status missing = stub().createAlias(CreateAliasRequest.newBuilder().setCollectionName("nope").setAlias("x").build());
            assertThat(missing.getCode()).isEqualTo(100);
            assertThat(missing.getErrorCode()).isEqualTo(io.milvus.grpc.ErrorCode.CollectionNotExists);

            Status invalid = stub().createAlias(CreateAliasRequest.newBuilder().setCollectionName("c1").setAlias("a-b").build());
            assertThat(invalid.getCode()).isEqualTo(1100);
            assertThat(invalid.getErrorCode()).isEqualTo(io.milvus.grpc.ErrorCode.IllegalArgument);

            Status noDb = stub().dropAlias(DropAliasRequest.newBuilder().setDbName("nodb").setAlias("prod").build());
            assertThat(noDb.getCode()).isEqualTo(800);
            assertThat(noDb.getErrorCode()).isEqualTo(io.milvus.grpc.ErrorCode.UnexpectedError);
        }

        @Test
        void responsesEchoTheDatabaseFromHeaderOrRequest() {
            emu.createDatabase("db1");
            emu.createCollection("db1", "c1");
            emu.putAlias("db1", "prod", "c1");

            DescribeAliasResponse viaHeader = stub(header("dbname", "db1"))
                    .describeAlias(DescribeAliasRequest.newBuilder().setAlias("prod").build());
            assertThat(viaHeader.getStatus()).isEqualTo(Status.getDefaultInstance());
            assertThat(viaHeader.getDbName()).isEqualTo("db1");
            assertThat(viaHeader.getAlias()).isEqualTo("prod");
            assertThat(viaHeader.getCollection()).isEqualTo("c1");

            ListAliasesResponse requestWins = stub(header("dbname", "nodb"))
                    .listAliases(ListAliasesRequest.newBuilder().setDbName("db1").setCollectionName("c1").build());
            assertThat(requestWins.getStatus()).isEqualTo(Status.getDefaultInstance());
            assertThat(requestWins.getDbName()).isEqualTo("db1");
            assertThat(requestWins.getCollectionName()).isEqualTo("c1");
            assertThat(requestWins.getAliasesList()).containsExactly("prod");

            DescribeAliasResponse failed = stub().describeAlias(DescribeAliasRequest.newBuilder().setAlias("prod").build());
            assertThat(failed.getStatus().getCode()).isEqualTo(1600);
            assertThat(failed.getDbName()).isEmpty();
        }

        @Test
        void connectChecksTheDbnameHeader() {
            ConnectResponse ok = stub().connect(ConnectRequest.getDefaultInstance());
            assertThat(ok.getStatus()).isEqualTo(Status.getDefaultInstance());
            assertThat(ok.getServerInfo().getBuildTags()).isEqualTo("v2.6.4");

            ConnectResponse missing = stub(header("dbname", "nodb")).connect(ConnectRequest.getDefaultInstance());
            assertThat(missing.getStatus().getCode()).isEqualTo(800);
            assertThat(missing.getStatus().getReason()).isEqualTo("database not found[database=nodb]");
        }

        @Test
        void describeCollectionCarriesSchemaAliasesAndConsistency() {
            emu.putAlias(DB, "prod", "c2");
            DescribeCollectionResponse r = stub().describeCollection(
                    DescribeCollectionRequest.newBuilder().setCollectionName("prod").build());
            assertThat(r.getStatus()).isEqualTo(Status.getDefaultInstance());
            assertThat(r.getCollectionName()).isEqualTo("prod");
            assertThat(r.getSchema().getName()).isEqualTo("c2");
            assertThat(r.getAliasesList()).containsExactly("prod");
            assertThat(r.getConsistencyLevel()).isEqualTo(io.milvus.grpc.ConsistencyLevel.Bounded);
            assertThat(r.getDbName()).isEqualTo("default");
            assertThat(r.getSchema().getFieldsList()).filteredOn(FieldSchema::getIsPrimaryKey)
                    .extracting(FieldSchema::getName).containsExactly("id");
        }

        @Test
        void authorizationHeaderVariants() {
            try (MilvusEmulator secured = MilvusEmulator.builder().user("alice", "secret").build()) {
                ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", secured.port()).usePlaintext().build();
                try {
                    java.util.function.Function<Metadata, io.grpc.Status> call = headers -> {
                        try {
                            MilvusServiceGrpc.newBlockingStub(ch)
                                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                                    .withDeadlineAfter(2, TimeUnit.SECONDS)
                                    .getVersion(GetVersionRequest.getDefaultInstance());
                            return io.grpc.Status.OK;
                        } catch (StatusRuntimeException e) {
                            return e.getStatus();
                        }
                    };
                    java.util.function.Function<String, String> b64 =
                            v -> java.util.Base64.getEncoder().encodeToString(v.getBytes(java.nio.charset.StandardCharsets.UTF_8));

                    assertThat(call.apply(header("authorization", b64.apply("alice:secret"))).isOk()).isTrue();
                    assertThat(call.apply(header("authorization", b64.apply("root:Milvus"))).isOk()).isTrue();
                    assertThat(call.apply(new Metadata()).getDescription()).isEqualTo("missing authorization in header");
                    assertThat(call.apply(header("authorization", b64.apply("alice:wrong"))).getDescription())
                            .isEqualTo("auth check failure, please check username and password are correct");
                    assertThat(call.apply(header("authorization", "%%%")).getDescription()).isEqualTo("invalid token format");
                    assertThat(call.apply(new Metadata()).getCode()).isEqualTo(io.grpc.Status.Code.UNAUTHENTICATED);
                } finally {
                    ch.shutdownNow();
                }
            }
        }

        @Test
        void getLoadStateAnswersAMissingCollectionAsASuccessfulState() {
            emu.setLoadState(DB, "c2", LoadState.LoadStateLoading);
            java.util.function.BiFunction<String, String, GetLoadStateResponse> state = (db, collection) -> stub()
                    .getLoadState(GetLoadStateRequest.newBuilder().setDbName(db).setCollectionName(collection).build());

            assertThat(state.apply(DB, "nope").getStatus()).isEqualTo(Status.getDefaultInstance());
            assertThat(state.apply(DB, "nope").getState()).isEqualTo(LoadState.LoadStateNotExist);
            assertThat(state.apply("nodb", "c1").getState()).isEqualTo(LoadState.LoadStateNotExist);
            assertThat(state.apply(DB, "c1").getState()).isEqualTo(LoadState.LoadStateNotLoad);
            assertThat(state.apply(DB, "c2").getState()).isEqualTo(LoadState.LoadStateLoading);
        }

        @Test
        void statisticsAreExactlyOneDecimalRowCount() {
            emu.setRowCount(DB, "c1", 1_000_000_000_000L);
            GetCollectionStatisticsResponse r = stub().getCollectionStatistics(
                    GetCollectionStatisticsRequest.newBuilder().setCollectionName("c1").build());
            assertThat(r.getStatus()).isEqualTo(Status.getDefaultInstance());
            assertThat(r.getStatsList()).containsExactly(
                    KeyValuePair.newBuilder().setKey("row_count").setValue("1000000000000").build());
        }

        @Test
        void describeIndexIgnoresTheFieldNameAndAnswersEveryIndex() {
            emu.createCollection(DB, "tagged", taggedSchema());
            emu.createIndex(DB, "tagged", "tag");
            emu.createIndex(DB, "tagged", "vector");

            DescribeIndexResponse r = stub().describeIndex(
                    DescribeIndexRequest.newBuilder().setCollectionName("tagged").setFieldName("vector").build());
            assertThat(r.getStatus()).isEqualTo(Status.getDefaultInstance());
            assertThat(r.getIndexDescriptionsList()).extracting(IndexDescription::getFieldName)
                    .containsExactlyInAnyOrder("tag", "vector");
            IndexDescription tag = r.getIndexDescriptionsList().stream()
                    .filter(i -> i.getFieldName().equals("tag")).findFirst().orElseThrow();
            assertThat(tag.getParamsList()).containsExactly(
                    KeyValuePair.newBuilder().setKey("index_type").setValue("INVERTED").build());
        }

        @Test
        void describeIndexWithoutAnyIndexCarriesLegacyIndexNotExist() {
            DescribeIndexResponse r = stub().describeIndex(DescribeIndexRequest.newBuilder().setCollectionName("c1").build());
            assertThat(r.getStatus().getCode()).isEqualTo(700);
            assertThat(r.getStatus().getErrorCode()).isEqualTo(io.milvus.grpc.ErrorCode.IndexNotExist);
            assertThat(r.getStatus().getReason()).isEqualTo("index not found[collection=c1]");
        }

        @Test
        void anIndexOverNoSegmentsHasTheEmptyVersionRangeFrom2512() {
            emu.createIndex(DB, "c1", "vector");
            IndexDescription empty = stub().describeIndex(DescribeIndexRequest.newBuilder().setCollectionName("c1").build())
                    .getIndexDescriptions(0);
            assertThat(empty.getState()).isEqualTo(io.milvus.grpc.IndexState.Finished);
            assertThat(empty.getMinIndexVersion()).isEqualTo(Integer.MAX_VALUE);
            assertThat(empty.getMaxIndexVersion()).isEqualTo(Integer.MIN_VALUE);

            try (MilvusEmulator old = MilvusEmulator.builder().version("v2.5.11").build()) {
                old.createCollection(DB, "c1");
                old.createIndex(DB, "c1", "vector");
                ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", old.port()).usePlaintext().build();
                try {
                    IndexDescription before = MilvusServiceGrpc.newBlockingStub(ch).withDeadlineAfter(2, TimeUnit.SECONDS)
                            .describeIndex(DescribeIndexRequest.newBuilder().setCollectionName("c1").build())
                            .getIndexDescriptions(0);
                    assertThat(before.getMinIndexVersion()).isZero();
                    assertThat(before.getMaxIndexVersion()).isZero();
                } finally {
                    ch.shutdownNow();
                }
            }
        }

        @Test
        void unimplementedRpcsAnswerUnimplemented() {
            StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                    () -> stub().flush(FlushRequest.getDefaultInstance()));
            assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNIMPLEMENTED);
        }
    }
}
