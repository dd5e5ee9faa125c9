package dev.milvusalias.emulator;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.milvus.grpc.AlterAliasRequest;
import io.milvus.grpc.BoolResponse;
import io.milvus.grpc.ConnectRequest;
import io.milvus.grpc.ConnectResponse;
import io.milvus.grpc.CreateAliasRequest;
import io.milvus.grpc.CreateCollectionRequest;
import io.milvus.grpc.CreateDatabaseRequest;
import io.milvus.grpc.DataType;
import io.milvus.grpc.DescribeAliasRequest;
import io.milvus.grpc.DescribeAliasResponse;
import io.milvus.grpc.DescribeCollectionRequest;
import io.milvus.grpc.DescribeCollectionResponse;
import io.milvus.grpc.DescribeIndexRequest;
import io.milvus.grpc.DescribeIndexResponse;
import io.milvus.grpc.DropAliasRequest;
import io.milvus.grpc.DropCollectionRequest;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.GetCollectionStatisticsRequest;
import io.milvus.grpc.GetCollectionStatisticsResponse;
import io.milvus.grpc.GetLoadStateRequest;
import io.milvus.grpc.GetLoadStateResponse;
import io.milvus.grpc.GetVersionRequest;
import io.milvus.grpc.GetVersionResponse;
import io.milvus.grpc.IndexDescription;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.ListAliasesRequest;
import io.milvus.grpc.ListAliasesResponse;
import io.milvus.grpc.ListDatabasesRequest;
import io.milvus.grpc.ListDatabasesResponse;
import io.milvus.grpc.LoadCollectionRequest;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.ReleaseCollectionRequest;
import io.milvus.grpc.ServerInfo;
import io.milvus.grpc.ShowCollectionsRequest;
import io.milvus.grpc.ShowCollectionsResponse;
import io.milvus.grpc.Status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The MilvusService RPCs the emulator implements. Every other RPC keeps the generated default
 * (gRPC UNIMPLEMENTED). Each handler follows the same path: call log, configured delay, privilege
 * check, injected fault, then the real work against {@link EmulatorState}.
 */
final class EmulatorService extends MilvusServiceGrpc.MilvusServiceImplBase {

    private final MilvusEmulator emulator;
    private final EmulatorState state;
    private final AtomicLong connectionIds = new AtomicLong(1);

    EmulatorService(MilvusEmulator emulator, EmulatorState state) {
        this.emulator = emulator;
        this.state = state;
    }

    // ---------------------------------------------------------------- connection and databases

    @Override
    public void connect(ConnectRequest request, StreamObserver<ConnectResponse> out) {
        String db = headerDbOrDefault();
        handle("Connect", db, fields("sdk", request.getClientInfo().getSdkType(),
                        "user", request.getClientInfo().getUser()), null,
                st -> ConnectResponse.newBuilder().setStatus(st).build(), out, () -> {
                    state.requireDatabase(db);
                    return ConnectResponse.newBuilder()
                            .setStatus(MilvusStatuses.success())
                            .setServerInfo(ServerInfo.newBuilder()
                                    .setBuildTags(emulator.version())
                                    .setBuildTime("milvus-emulator")
                                    .setGitCommit("milvus-emulator")
                                    .setGoVersion("milvus-emulator")
                                    .setDeployMode("STANDALONE"))
                            .setIdentifier(connectionIds.getAndIncrement())
                            .build();
                });
    }

    @Override
    public void getVersion(GetVersionRequest request, StreamObserver<GetVersionResponse> out) {
        handle("GetVersion", headerDbOrDefault(), Map.of(), null,
                st -> GetVersionResponse.newBuilder().setStatus(st).build(), out,
                () -> GetVersionResponse.newBuilder()
                        .setStatus(MilvusStatuses.success())
                        .setVersion(emulator.version())
                        .build());
    }

    @Override
    public void listDatabases(ListDatabasesRequest request, StreamObserver<ListDatabasesResponse> out) {
        handle("ListDatabases", headerDbOrDefault(), Map.of(), null,
                st -> ListDatabasesResponse.newBuilder().setStatus(st).build(), out, () -> {
                    ListDatabasesResponse.Builder b = ListDatabasesResponse.newBuilder()
                            .setStatus(MilvusStatuses.success());
                    for (EmulatorState.DatabaseView d : state.listDatabases()) {
                        b.addDbNames(d.name()).addDbIds(d.id()).addCreatedTimestamp(hybridTs(d.createdMs()));
                    }
                    return b.build();
                });
    }

    @Override
    public void createDatabase(CreateDatabaseRequest request, StreamObserver<Status> out) {
        String db = request.getDbName();
        handle("CreateDatabase", db, Map.of(), "PrivilegeCreateDatabase", Function.identity(), out, () -> {
            state.createDatabaseRpc(db);
            return MilvusStatuses.success();
        });
    }

    // ---------------------------------------------------------------- collections

    @Override
    public void hasCollection(io.milvus.grpc.HasCollectionRequest request, StreamObserver<BoolResponse> out) {
        String db = db(request.getDbName());
        handle("HasCollection", db, fields("collection", request.getCollectionName()), null,
                st -> BoolResponse.newBuilder().setStatus(st).build(), out,
                () -> BoolResponse.newBuilder()
                        .setStatus(MilvusStatuses.success())
                        .setValue(state.hasCollection(db, request.getCollectionName()))
                        .build());
    }

    @Override
    public void describeCollection(DescribeCollectionRequest request, StreamObserver<DescribeCollectionResponse> out) {
        String db = db(request.getDbName());
        String name = request.getCollectionName();
        handle("DescribeCollection", db, fields("collection", name), "PrivilegeDescribeCollection",
                st -> DescribeCollectionResponse.newBuilder().setStatus(st).build(), out,
                () -> describe(state.describeCollection(db, name), name));
    }

    @Override
    public void showCollections(ShowCollectionsRequest request, StreamObserver<ShowCollectionsResponse> out) {
        String db = db(request.getDbName());
        handle("ShowCollections", db, Map.of(), null,
                st -> ShowCollectionsResponse.newBuilder().setStatus(st).build(), out, () -> {
                    ShowCollectionsResponse.Builder b = ShowCollectionsResponse.newBuilder()
                            .setStatus(MilvusStatuses.success());
                    for (EmulatorState.CollectionView c : state.showCollections(db)) {
                        b.addCollectionNames(c.name())
                                .addCollectionIds(c.id())
                                .addCreatedTimestamps(hybridTs(c.createdMs()))
                                .addCreatedUtcTimestamps(c.createdMs())
                                .addShardsNum(c.shardsNum());
                    }
                    return b.build();
                });
    }

    @Override
    public void createCollection(CreateCollectionRequest request, StreamObserver<Status> out) {
        String db = db(request.getDbName());
        String name = request.getCollectionName();
        handle("CreateCollection", db, fields("collection", name), "PrivilegeCreateCollection",
                Function.identity(), out, () -> {
                    MilvusNames.validateCollectionName(name);
                    CollectionSchema schema = parseSchema(request);
                    state.createCollectionRpc(db, name, schema, request.getConsistencyLevel(),
                            request.getShardsNum() > 0 ? request.getShardsNum() : 1);
                    return MilvusStatuses.success();
                });
    }

    @Override
    public void dropCollection(DropCollectionRequest request, StreamObserver<Status> out) {
        String db = db(request.getDbName());
        handle("DropCollection", db, fields("collection", request.getCollectionName()), "PrivilegeDropCollection",
                Function.identity(), out, () -> {
                    state.dropCollection(db, request.getCollectionName());
                    return MilvusStatuses.success();
                });
    }

    @Override
    public void loadCollection(LoadCollectionRequest request, StreamObserver<Status> out) {
        String db = db(request.getDbName());
        handle("LoadCollection", db, fields("collection", request.getCollectionName()), "PrivilegeLoad",
                Function.identity(), out, () -> {
                    state.loadCollection(db, request.getCollectionName(), request.getLoadFieldsList());
                    return MilvusStatuses.success();
                });
    }

    @Override
    public void releaseCollection(ReleaseCollectionRequest request, StreamObserver<Status> out) {
        String db = db(request.getDbName());
        handle("ReleaseCollection", db, fields("collection", request.getCollectionName()), "PrivilegeRelease",
                Function.identity(), out, () -> {
                    state.releaseCollection(db, request.getCollectionName());
                    return MilvusStatuses.success();
                });
    }

    @Override
    public void getLoadState(GetLoadStateRequest request, StreamObserver<GetLoadStateResponse> out) {
        String db = db(request.getDbName());
        handle("GetLoadState", db, fields("collection", request.getCollectionName()), "PrivilegeGetLoadState",
                st -> GetLoadStateResponse.newBuilder().setStatus(st).build(), out,
                () -> GetLoadStateResponse.newBuilder()
                        .setStatus(MilvusStatuses.success())
                        .setState(state.getLoadState(db, request.getCollectionName()))
                        .build());
    }

    @Override
    public void getCollectionStatistics(GetCollectionStatisticsRequest request,
                                        StreamObserver<GetCollectionStatisticsResponse> out) {
        String db = db(request.getDbName());
        String name = request.getCollectionName();
        handle("GetCollectionStatistics", db, fields("collection", name), "PrivilegeGetStatistics",
                st -> GetCollectionStatisticsResponse.newBuilder().setStatus(st).build(), out,
                () -> GetCollectionStatisticsResponse.newBuilder()
                        .setStatus(MilvusStatuses.success())
                        .addStats(kv("row_count", Long.toString(state.rowCount(db, name))))
                        .build());
    }

    // ---------------------------------------------------------------- indexes

    @Override
    public void describeIndex(DescribeIndexRequest request, StreamObserver<DescribeIndexResponse> out) {
        String db = db(request.getDbName());
        String name = request.getCollectionName();
        // Milvus has no DescribeIndex privilege: IndexDetail covers it.
        handle("DescribeIndex", db, fields("collection", name, "field", request.getFieldName(),
                        "index", request.getIndexName()), "PrivilegeIndexDetail",
                st -> DescribeIndexResponse.newBuilder().setStatus(st).build(), out, () -> {
                    DescribeIndexResponse.Builder b = DescribeIndexResponse.newBuilder()
                            .setStatus(MilvusStatuses.success());
                    for (EmulatorState.IndexView index : state.describeIndex(db, name, request.getIndexName())) {
                        b.addIndexDescriptions(describe(index));
                    }
                    return b.build();
                });
    }

    // ---------------------------------------------------------------- aliases

    @Override
    public void createAlias(CreateAliasRequest request, StreamObserver<Status> out) {
        String db = db(request.getDbName());
        handle("CreateAlias", db, fields("alias", request.getAlias(), "collection", request.getCollectionName()),
                "PrivilegeCreateAlias", Function.identity(), out, () -> {
                    state.createAlias(db, request.getCollectionName(), request.getAlias());
                    return MilvusStatuses.success();
                });
    }

    @Override
    public void alterAlias(AlterAliasRequest request, StreamObserver<Status> out) {
        String db = db(request.getDbName());
        // Milvus checks AlterAlias against the CreateAlias privilege.
        handle("AlterAlias", db, fields("alias", request.getAlias(), "collection", request.getCollectionName()),
                "PrivilegeCreateAlias", Function.identity(), out, () -> {
                    state.alterAlias(db, request.getCollectionName(), request.getAlias());
                    return MilvusStatuses.success();
                });
    }

    @Override
    public void dropAlias(DropAliasRequest request, StreamObserver<Status> out) {
        String db = db(request.getDbName());
        handle("DropAlias", db, fields("alias", request.getAlias()), "PrivilegeDropAlias",
                Function.identity(), out, () -> {
                    state.dropAlias(db, request.getAlias());
                    return MilvusStatuses.success();
                });
    }

    @Override
    public void describeAlias(DescribeAliasRequest request, StreamObserver<DescribeAliasResponse> out) {
        String db = db(request.getDbName());
        handle("DescribeAlias", db, fields("alias", request.getAlias()), "PrivilegeDescribeAlias",
                st -> DescribeAliasResponse.newBuilder().setStatus(st).build(), out,
                () -> DescribeAliasResponse.newBuilder()
                        .setStatus(MilvusStatuses.success())
                        .setDbName(db)
                        .setAlias(request.getAlias())
                        .setCollection(state.describeAlias(db, request.getAlias()))
                        .build());
    }

    @Override
    public void listAliases(ListAliasesRequest request, StreamObserver<ListAliasesResponse> out) {
        String db = db(request.getDbName());
        handle("ListAliases", db, fields("collection", request.getCollectionName()), "PrivilegeListAliases",
                st -> ListAliasesResponse.newBuilder().setStatus(st).build(), out,
                () -> ListAliasesResponse.newBuilder()
                        .setStatus(MilvusStatuses.success())
                        .setDbName(db)
                        .setCollectionName(request.getCollectionName())
                        .addAllAliases(state.listAliases(db, request.getCollectionName()))
                        .build());
    }

    // ---------------------------------------------------------------- plumbing

    private <T> void handle(String rpc, String db, Map<String, String> fields, String privilege,
                            Function<Status, T> failure, StreamObserver<T> out, Supplier<T> body) {
        try {
            emulator.record(new MilvusEmulator.Call(rpc, db, fields));
            emulator.applyDelay(rpc);
            if (privilege != null) {
                emulator.checkPrivilege(privilege, headerDbOrDefault());
            }
            MilvusEmulator.Fault fault = emulator.pollFault(rpc);
            T response;
            if (fault != null) {
                if (fault.grpcCode() != null) {
                    throw io.grpc.Status.fromCode(fault.grpcCode()).withDescription(fault.reason()).asRuntimeException();
                }
                response = failure.apply(MilvusStatuses.error(fault.code(), fault.reason()));
            } else {
                try {
                    response = body.get();
                } catch (ServerError e) {
                    response = failure.apply(MilvusStatuses.error(e));
                }
            }
            if (!cancelled(out)) {
                out.onNext(response);
                out.onCompleted();
            }
        } catch (StatusRuntimeException e) {
            if (!cancelled(out)) {
                out.onError(e);
            }
        } catch (RuntimeException e) {
            if (!cancelled(out)) {
                out.onError(io.grpc.Status.INTERNAL.withDescription("milvus emulator bug: " + e).withCause(e)
                        .asRuntimeException());
            }
        }
    }

    // The client may have given up (deadline) or the server stopped while we slept: nobody is listening.
    private static boolean cancelled(StreamObserver<?> out) {
        return out instanceof ServerCallStreamObserver<?> s && s.isCancelled();
    }

    /** Request db_name wins, then the dbname header, then "default". */
    static String db(String requestDb) {
        return requestDb == null || requestDb.isEmpty() ? headerDbOrDefault() : requestDb;
    }

    static String headerDbOrDefault() {
        String header = EmulatorInterceptor.HEADER_DB.get();
        return header == null || header.isEmpty() ? EmulatorState.DEFAULT_DB : header;
    }

    private static Map<String, String> fields(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1] == null ? "" : keyValues[i + 1]);
        }
        return m;
    }

    /** Milvus hybrid timestamp: physical milliseconds shifted past the 18 logical bits. */
    private static long hybridTs(long millis) {
        return millis << 18;
    }

    private static DescribeCollectionResponse describe(EmulatorState.CollectionView c, String requestedName) {
        io.milvus.grpc.CollectionSchema.Builder schema = io.milvus.grpc.CollectionSchema.newBuilder()
                .setName(c.name())
                .setDescription("")
                .setEnableDynamicField(false)
                .setDbName(c.db());
        long fieldId = 100; // user fields start at 100 in Milvus
        for (CollectionSchema.Field f : c.schema().fields()) {
            FieldSchema.Builder fb = FieldSchema.newBuilder()
                    .setFieldID(fieldId++)
                    .setName(f.name())
                    .setIsPrimaryKey(f.primaryKey())
                    .setDataType(f.dataType());
            if (f.isVector() && f.dataType() != DataType.SparseFloatVector) {
                fb.addTypeParams(kv("dim", Integer.toString(f.dim())));
            }
            if (f.dataType() == DataType.VarChar) {
                fb.addTypeParams(kv("max_length", Integer.toString(f.maxLength())));
            }
            schema.addFields(fb);
        }
        // collection_name echoes the request (it may be an alias); schema.name is the real collection.
        return DescribeCollectionResponse.newBuilder()
                .setStatus(MilvusStatuses.success())
                .setSchema(schema)
                .setCollectionID(c.id())
                .addVirtualChannelNames("by-dev-rootcoord-dml_0_" + c.id() + "v0")
                .addPhysicalChannelNames("by-dev-rootcoord-dml_0")
                .setCreatedTimestamp(hybridTs(c.createdMs()))
                .setCreatedUtcTimestamp(c.createdMs())
                .setShardsNum(c.shardsNum())
                .addAllAliases(c.aliases())
                .setConsistencyLevel(c.consistencyLevel())
                .setCollectionName(requestedName)
                .setDbName(c.db())
                .setNumPartitions(1)
                .setDbId(c.dbId())
                .build();
    }

    private IndexDescription describe(EmulatorState.IndexView index) {
        IndexBuild build = index.build();
        IndexDescription.Builder b = IndexDescription.newBuilder()
                .setIndexName(index.name())
                .setIndexID(index.id())
                .setFieldName(index.field())
                .setIndexedRows(build.indexedRows())
                .setTotalRows(build.totalRows())
                .setPendingIndexRows(build.pendingRows())
                .setState(build.state())
                .setIndexStateFailReason(build.failReason());
        index.params().forEach((key, value) -> b.addParams(kv(key, value)));
        boolean noSegments = build.indexedRows() == 0 && build.totalRows() == 0 && build.pendingRows() == 0;
        if (noSegments && state.version().reportsIndexVersions()) {
            // min/max over no segments at all; versions of built segments are not emulated
            b.setMinIndexVersion(Integer.MAX_VALUE).setMaxIndexVersion(Integer.MIN_VALUE);
        }
        return b.build();
    }

    private static KeyValuePair kv(String key, String value) {
        return KeyValuePair.newBuilder().setKey(key).setValue(value).build();
    }

    private static CollectionSchema parseSchema(CreateCollectionRequest request) {
        io.milvus.grpc.CollectionSchema grpcSchema;
        try {
            grpcSchema = io.milvus.grpc.CollectionSchema.parseFrom(request.getSchema());
        } catch (InvalidProtocolBufferException e) {
            throw new ServerError(1100, "failed to unmarshal collection schema: invalid parameter");
        }
        try {
            return toSchema(grpcSchema);
        } catch (IllegalArgumentException e) {
            throw new ServerError(1100, e.getMessage() + ": invalid parameter");
        }
    }

    private static CollectionSchema toSchema(io.milvus.grpc.CollectionSchema grpcSchema) {
        List<CollectionSchema.Field> fields = new ArrayList<>();
        for (FieldSchema f : grpcSchema.getFieldsList()) {
            int dim = 0;
            int maxLength = 0;
            for (KeyValuePair p : f.getTypeParamsList()) {
                try {
                    if (p.getKey().equals("dim")) {
                        dim = Integer.parseInt(p.getValue());
                    } else if (p.getKey().equals("max_length")) {
                        maxLength = Integer.parseInt(p.getValue());
                    }
                } catch (NumberFormatException e) {
                    throw new ServerError(1100, "invalid " + p.getKey() + " of field " + f.getName() + ": invalid parameter");
                }
            }
            fields.add(new CollectionSchema.Field(f.getName(), f.getDataType(), f.getIsPrimaryKey(), dim, maxLength));
        }
        long primaryKeys = fields.stream().filter(CollectionSchema.Field::primaryKey).count();
        if (primaryKeys == 0) {
            throw new ServerError(1100, "primary key is not specified: invalid parameter");
        }
        if (primaryKeys > 1) {
            throw new ServerError(1100, "there are more than one primary key: invalid parameter");
        }
        if (fields.stream().noneMatch(CollectionSchema.Field::isVector)) {
            throw new ServerError(1100, "schema does not contain vector field: invalid parameter");
        }
        return new CollectionSchema(fields);
    }
}
