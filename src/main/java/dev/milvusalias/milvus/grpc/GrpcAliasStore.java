package dev.milvusalias.milvus.grpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jboss.logging.Logger;

import dev.milvusalias.milvus.AliasBinding;
import dev.milvusalias.milvus.AliasRef;
import dev.milvusalias.milvus.AliasStore;
import dev.milvusalias.milvus.CollectionSchema;
import dev.milvusalias.milvus.Credentials;
import dev.milvusalias.milvus.Failure;
import dev.milvusalias.milvus.IndexBuildState;
import dev.milvusalias.milvus.IndexProgress;
import dev.milvusalias.milvus.LoadState;
import dev.milvusalias.milvus.MilvusEndpoint;
import dev.milvusalias.milvus.MilvusException;
import dev.milvusalias.milvus.VectorIndex;
import io.milvus.grpc.AlterAliasRequest;
import io.milvus.grpc.ClientInfo;
import io.milvus.grpc.ConnectRequest;
import io.milvus.grpc.CreateAliasRequest;
import io.milvus.grpc.DescribeAliasResponse;
import io.milvus.grpc.DescribeAliasRequest;
import io.milvus.grpc.DescribeCollectionRequest;
import io.milvus.grpc.DescribeCollectionResponse;
import io.milvus.grpc.DescribeIndexRequest;
import io.milvus.grpc.DescribeIndexResponse;
import io.milvus.grpc.DropAliasRequest;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.GetCollectionStatisticsRequest;
import io.milvus.grpc.GetCollectionStatisticsResponse;
import io.milvus.grpc.GetLoadStateRequest;
import io.milvus.grpc.GetLoadStateResponse;
import io.milvus.grpc.GetVersionRequest;
import io.milvus.grpc.GetVersionResponse;
import io.milvus.grpc.IndexDescription;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.MilvusServiceGrpc.MilvusServiceBlockingStub;

/**
 * {@link AliasStore} over Milvus' gRPC API (the stubs that ship in milvus-sdk-java). Keeps one
 * channel per connection, rebuilt when the connection's settings or credentials change. Every call
 * has a deadline and one attempt: the operator's own backoff retries, so nothing blocks a reconcile
 * thread while Milvus is down, and every answer's {@code common.Status} is read as the server sent it.
 */
public class GrpcAliasStore implements AliasStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GrpcAliasStore.class);
    private static final Set<String> VECTOR_TYPES = Set.of("BinaryVector", "FloatVector", "Float16Vector",
            "BFloat16Vector", "SparseFloatVector", "Int8Vector");
    private static final String CLIENT_TYPE = "milvus-alias-operator";

    private final Duration connectTimeout;
    private final Duration callTimeout;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public GrpcAliasStore(Duration connectTimeout, Duration callTimeout) {
        this.connectTimeout = connectTimeout;
        this.callTimeout = callTimeout;
    }

    @Override
    public Optional<AliasBinding> describe(MilvusEndpoint endpoint, AliasRef ref) {
        DescribeAliasResponse resp = call(endpoint, "DescribeAlias", stub -> stub.describeAlias(
                DescribeAliasRequest.newBuilder().setDbName(ref.database()).setAlias(ref.alias()).build()));
        if (resp.getStatus().getCode() == GrpcErrors.ALIAS_NOT_FOUND) {
            return Optional.empty();
        }
        GrpcErrors.requireSuccess("DescribeAlias", resp.getStatus());
        if (resp.getCollection().isEmpty()) {
            // Never read an answer without a collection as "alias absent".
            throw new MilvusException(Failure.UNEXPECTED, "DescribeAlias: Milvus answered no collection for " + ref.alias());
        }
        return Optional.of(new AliasBinding(ref.database(), ref.alias(), resp.getCollection()));
    }

    /** GetLoadState tells "loading" apart from "loaded", and a missing collection from a failure. */
    @Override
    public LoadState loadState(MilvusEndpoint endpoint, String database, String collection) {
        GetLoadStateResponse resp = call(endpoint, "GetLoadState", stub -> stub.getLoadState(
                GetLoadStateRequest.newBuilder().setDbName(database).setCollectionName(collection).build()));
        GrpcErrors.requireSuccess("GetLoadState", resp.getStatus());
        return switch (resp.getState()) {
            case LoadStateNotExist -> LoadState.NOT_FOUND;
            case LoadStateNotLoad -> LoadState.NOT_LOADED;
            case LoadStateLoading -> LoadState.LOADING;
            case LoadStateLoaded -> LoadState.LOADED;
            default -> throw new MilvusException(Failure.UNEXPECTED,
                    "GetLoadState: unknown load state " + resp.getStateValue() + " of " + collection);
        };
    }

    /** The server sends one statistic, {@code row_count}, as a decimal string. */
    @Override
    public long rowCount(MilvusEndpoint endpoint, String database, String collection) {
        GetCollectionStatisticsResponse resp = call(endpoint, "GetCollectionStatistics", stub -> stub.getCollectionStatistics(
                GetCollectionStatisticsRequest.newBuilder().setDbName(database).setCollectionName(collection).build()));
        GrpcErrors.requireSuccess("GetCollectionStatistics", resp.getStatus());
        String rowCount = resp.getStatsList().stream().filter(stat -> stat.getKey().equals("row_count"))
                .map(KeyValuePair::getValue).findFirst().orElse(null);
        try {
            return Long.parseLong(rowCount);
        } catch (NumberFormatException e) {
            throw new MilvusException(Failure.UNEXPECTED, "GetCollectionStatistics: no row_count for " + collection
                    + " in the answer " + resp.getStatsList(), e);
        }
    }

    /**
     * One DescribeIndex with neither field nor index name: Milvus then answers every index of the
     * collection (an SDK's describeIndex would keep only the entries matching a name).
     */
    @Override
    public IndexProgress indexProgress(MilvusEndpoint endpoint, String database, String collection,
            CollectionSchema schema) {
        DescribeIndexResponse resp = call(endpoint, "DescribeIndex", stub -> stub.describeIndex(
                DescribeIndexRequest.newBuilder().setDbName(database).setCollectionName(collection).build()));
        List<IndexDescription> indexes = List.of();
        if (!GrpcErrors.isIndexNotFound(resp.getStatus())) { // 700: the collection has no index at all
            GrpcErrors.requireSuccess("DescribeIndex", resp.getStatus());
            indexes = resp.getIndexDescriptionsList();
        }
        List<VectorIndex> vectors = new ArrayList<>();
        for (CollectionSchema.Field field : schema.vectors()) {
            // Milvus allows one index per field; scalar fields' indexes are in the answer too and ignored here.
            vectors.add(indexes.stream().filter(index -> index.getFieldName().equals(field.name())).findFirst()
                    .map(GrpcAliasStore::vectorIndex).orElseGet(() -> VectorIndex.missing(field.name())));
        }
        return new IndexProgress(vectors);
    }

    private static VectorIndex vectorIndex(IndexDescription index) {
        IndexBuildState state = switch (index.getState()) {
            case Unissued -> IndexBuildState.UNISSUED;
            case InProgress -> IndexBuildState.IN_PROGRESS;
            case Finished -> IndexBuildState.FINISHED;
            case Failed -> IndexBuildState.FAILED;
            case Retry -> IndexBuildState.RETRY;
            default -> IndexBuildState.NONE; // IndexStateNone, or a state newer than this client
        };
        return new VectorIndex(index.getFieldName(), index.getIndexName(), state, index.getIndexedRows(),
                index.getTotalRows(), index.getPendingIndexRows(), index.getIndexStateFailReason());
    }

    @Override
    public CollectionSchema schema(MilvusEndpoint endpoint, String database, String collection) {
        DescribeCollectionResponse resp = call(endpoint, "DescribeCollection", stub -> stub.describeCollection(
                DescribeCollectionRequest.newBuilder().setDbName(database).setCollectionName(collection).build()));
        GrpcErrors.requireSuccess("DescribeCollection", resp.getStatus());
        CollectionSchema.Field primaryKey = null;
        List<CollectionSchema.Field> vectors = new ArrayList<>();
        for (FieldSchema field : resp.getSchema().getFieldsList()) {
            String type = field.getDataType().name();
            if (field.getIsPrimaryKey()) {
                primaryKey = new CollectionSchema.Field(field.getName(), type, 0);
            } else if (VECTOR_TYPES.contains(type)) {
                vectors.add(new CollectionSchema.Field(field.getName(), type, dimension(field)));
            }
        }
        return new CollectionSchema(primaryKey, vectors);
    }

    /** The {@code dim} type parameter; 0 when absent (sparse vectors have none). */
    private static int dimension(FieldSchema field) {
        for (KeyValuePair param : field.getTypeParamsList()) {
            if (param.getKey().equals("dim")) {
                try {
                    return Integer.parseInt(param.getValue().trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    @Override
    public void create(MilvusEndpoint endpoint, AliasBinding binding) {
        GrpcErrors.requireSuccess("CreateAlias", call(endpoint, "CreateAlias", stub -> stub.createAlias(
                CreateAliasRequest.newBuilder().setDbName(binding.database()).setAlias(binding.alias())
                        .setCollectionName(binding.collection()).build())));
    }

    @Override
    public void alter(MilvusEndpoint endpoint, AliasBinding binding) {
        GrpcErrors.requireSuccess("AlterAlias", call(endpoint, "AlterAlias", stub -> stub.alterAlias(
                AlterAliasRequest.newBuilder().setDbName(binding.database()).setAlias(binding.alias())
                        .setCollectionName(binding.collection()).build())));
    }

    @Override
    public void drop(MilvusEndpoint endpoint, AliasRef ref) {
        GrpcErrors.requireSuccess("DropAlias", call(endpoint, "DropAlias", stub -> stub.dropAlias(
                DropAliasRequest.newBuilder().setDbName(ref.database()).setAlias(ref.alias()).build())));
    }

    @Override
    public String serverVersion(MilvusEndpoint endpoint) {
        GetVersionResponse resp = call(endpoint, "GetVersion", stub -> stub.getVersion(GetVersionRequest.getDefaultInstance()));
        GrpcErrors.requireSuccess("GetVersion", resp.getStatus());
        return resp.getVersion();
    }

    @Override
    public void release(String endpointKey) {
        Session removed = sessions.remove(endpointKey);
        if (removed != null) {
            removed.channel().close();
        }
    }

    @Override
    public void close() {
        sessions.keySet().forEach(this::release);
    }

    /** Number of open sessions (one channel each); for tests and metrics. */
    public int openClients() {
        return sessions.size();
    }

    /** One attempt, with the call deadline; what it throws is classified. */
    private <T> T call(MilvusEndpoint endpoint, String rpc, Function<MilvusServiceBlockingStub, T> body) {
        Session session = sessionFor(endpoint, rpc);
        try {
            return body.apply(session.channel().stub().withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (RuntimeException e) {
            MilvusException translated = GrpcErrors.translate(rpc, e);
            if (translated.failure() == Failure.UNAUTHENTICATED) {
                // Credentials may have been fixed server-side; log in afresh next time.
                release(endpoint.key());
            }
            throw translated;
        }
    }

    private Session sessionFor(MilvusEndpoint endpoint, String rpc) {
        return sessions.compute(endpoint.key(), (key, existing) -> {
            if (existing != null && existing.endpoint().equals(endpoint)) {
                return existing;
            }
            if (existing != null) {
                LOG.infof("Settings of Milvus connection %s changed; reconnecting", key);
                existing.channel().close();
            }
            return open(endpoint, rpc);
        });
    }

    /**
     * Opens a channel and logs in with Connect, as the official SDKs do: it fails early on a wrong
     * address, certificate or credential, and shows the operator in the server's client list.
     */
    private Session open(MilvusEndpoint endpoint, String rpc) {
        String call = "Connect to " + endpoint.uri() + " (" + rpc + ")";
        MilvusChannel channel = MilvusChannel.open(endpoint);
        try {
            ClientInfo.Builder client = ClientInfo.newBuilder().setSdkType(CLIENT_TYPE).setSdkVersion(clientVersion())
                    .setLocalTime(java.time.OffsetDateTime.now().toString());
            if (endpoint.credentials() instanceof Credentials.UserPassword user) {
                client.setUser(user.username());
            }
            GrpcErrors.requireSuccess(call, channel.stub().withDeadlineAfter(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .connect(ConnectRequest.newBuilder().setClientInfo(client).build()).getStatus());
            LOG.infof("Connected to Milvus %s for %s", endpoint.uri(), endpoint.key());
            return new Session(endpoint, channel);
        } catch (RuntimeException e) {
            channel.close();
            throw GrpcErrors.translate(call, e);
        }
    }

    private static String clientVersion() {
        String version = GrpcAliasStore.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    private record Session(MilvusEndpoint endpoint, MilvusChannel channel) {
    }
}
