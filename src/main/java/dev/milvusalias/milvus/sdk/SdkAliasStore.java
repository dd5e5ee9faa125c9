package dev.milvusalias.milvus.sdk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import io.milvus.grpc.DescribeIndexRequest;
import io.milvus.grpc.DescribeIndexResponse;
import io.milvus.grpc.GetLoadStateRequest;
import io.milvus.grpc.GetLoadStateResponse;
import io.milvus.grpc.IndexDescription;
import io.milvus.grpc.MilvusServiceGrpc.MilvusServiceBlockingStub;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.GetCollectionStatsReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.collection.response.GetCollectionStatsResp;
import io.milvus.v2.service.utility.request.AlterAliasReq;
import io.milvus.v2.service.utility.request.CreateAliasReq;
import io.milvus.v2.service.utility.request.DescribeAliasReq;
import io.milvus.v2.service.utility.request.DropAliasReq;
import io.milvus.v2.service.utility.response.DescribeAliasResp;

/**
 * {@link AliasStore} over milvus-sdk-java. Keeps one client per connection, rebuilt when the
 * connection's settings or credentials change. Every call has a deadline: the SDK's own default
 * is none, with wait-for-ready stubs that would block a reconcile thread while Milvus is down.
 */
public class SdkAliasStore implements AliasStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SdkAliasStore.class);

    private final Duration connectTimeout;
    private final Duration callTimeout;
    private final Map<String, PooledClient> clients = new ConcurrentHashMap<>();

    public SdkAliasStore(Duration connectTimeout, Duration callTimeout) {
        this.connectTimeout = connectTimeout;
        this.callTimeout = callTimeout;
    }

    @Override
    public Optional<AliasBinding> describe(MilvusEndpoint endpoint, AliasRef ref) {
        try {
            DescribeAliasResp resp = call(endpoint, "DescribeAlias", client -> client.describeAlias(
                    DescribeAliasReq.builder().databaseName(ref.database()).alias(ref.alias()).build()));
            if (resp == null || resp.getCollectionName() == null || resp.getCollectionName().isEmpty()) {
                // The SDK answers null when its own retries run out; never read that as "alias absent".
                throw new MilvusException(Failure.UNAVAILABLE, "DescribeAlias: no answer from Milvus");
            }
            return Optional.of(new AliasBinding(ref.database(), ref.alias(), resp.getCollectionName()));
        } catch (MilvusException e) {
            if (e.failure() == Failure.ALIAS_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Straight from the stub: the SDK's getLoadState answers a boolean and cannot say "loading". */
    @Override
    public LoadState loadState(MilvusEndpoint endpoint, String database, String collection) {
        GetLoadStateResponse resp = rawCall(endpoint, "GetLoadState", stub -> stub.getLoadState(
                GetLoadStateRequest.newBuilder().setDbName(database).setCollectionName(collection).build()));
        SdkErrors.requireSuccess("GetLoadState", resp.getStatus());
        return switch (resp.getState()) {
            case LoadStateNotExist -> LoadState.NOT_FOUND;
            case LoadStateNotLoad -> LoadState.NOT_LOADED;
            case LoadStateLoading -> LoadState.LOADING;
            case LoadStateLoaded -> LoadState.LOADED;
            default -> throw new MilvusException(Failure.UNEXPECTED,
                    "GetLoadState: unknown load state " + resp.getStateValue() + " of " + collection);
        };
    }

    @Override
    public long rowCount(MilvusEndpoint endpoint, String database, String collection) {
        GetCollectionStatsResp resp = call(endpoint, "GetCollectionStatistics", client -> client.getCollectionStats(
                GetCollectionStatsReq.builder().databaseName(database).collectionName(collection).build()));
        if (resp == null || resp.getNumOfEntities() == null) {
            throw new MilvusException(Failure.UNAVAILABLE, "GetCollectionStatistics: no answer from Milvus");
        }
        return resp.getNumOfEntities();
    }

    /**
     * One DescribeIndex with neither field nor index name, straight from the stub: Milvus then answers
     * every index of the collection. The SDK's describeIndex would drop them all (it keeps entries
     * matching a name), and one call per field would be needed.
     */
    @Override
    public IndexProgress indexProgress(MilvusEndpoint endpoint, String database, String collection,
            CollectionSchema schema) {
        DescribeIndexResponse resp = rawCall(endpoint, "DescribeIndex", stub -> stub.describeIndex(
                DescribeIndexRequest.newBuilder().setDbName(database).setCollectionName(collection).build()));
        List<IndexDescription> indexes = List.of();
        if (!SdkErrors.isIndexNotFound(resp.getStatus())) { // 700: the collection has no index at all
            SdkErrors.requireSuccess("DescribeIndex", resp.getStatus());
            indexes = resp.getIndexDescriptionsList();
        }
        List<VectorIndex> vectors = new ArrayList<>();
        for (CollectionSchema.Field field : schema.vectors()) {
            // Milvus allows one index per field; scalar fields' indexes are in the answer too and ignored here.
            vectors.add(indexes.stream().filter(index -> index.getFieldName().equals(field.name())).findFirst()
                    .map(SdkAliasStore::vectorIndex).orElseGet(() -> VectorIndex.missing(field.name())));
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
        DescribeCollectionResp resp = call(endpoint, "DescribeCollection", client -> client.describeCollection(
                DescribeCollectionReq.builder().databaseName(database).collectionName(collection).build()));
        if (resp == null || resp.getCollectionSchema() == null) {
            throw new MilvusException(Failure.UNAVAILABLE, "DescribeCollection: no answer from Milvus");
        }
        CollectionSchema.Field primaryKey = null;
        List<CollectionSchema.Field> vectors = new ArrayList<>();
        for (CreateCollectionReq.FieldSchema field : resp.getCollectionSchema().getFieldSchemaList()) {
            String type = String.valueOf(field.getDataType());
            int dimension = field.getDimension() == null ? 0 : field.getDimension();
            if (Boolean.TRUE.equals(field.getIsPrimaryKey())) {
                primaryKey = new CollectionSchema.Field(field.getName(), type, 0);
            } else if (type.endsWith("Vector")) {
                vectors.add(new CollectionSchema.Field(field.getName(), type, dimension));
            }
        }
        return new CollectionSchema(primaryKey, vectors);
    }

    @Override
    public void create(MilvusEndpoint endpoint, AliasBinding binding) {
        call(endpoint, "CreateAlias", client -> {
            client.createAlias(CreateAliasReq.builder().databaseName(binding.database())
                    .alias(binding.alias()).collectionName(binding.collection()).build());
            return null;
        });
    }

    @Override
    public void alter(MilvusEndpoint endpoint, AliasBinding binding) {
        call(endpoint, "AlterAlias", client -> {
            client.alterAlias(AlterAliasReq.builder().databaseName(binding.database())
                    .alias(binding.alias()).collectionName(binding.collection()).build());
            return null;
        });
    }

    @Override
    public void drop(MilvusEndpoint endpoint, AliasRef ref) {
        call(endpoint, "DropAlias", client -> {
            client.dropAlias(DropAliasReq.builder().databaseName(ref.database()).alias(ref.alias()).build());
            return null;
        });
    }

    @Override
    public String serverVersion(MilvusEndpoint endpoint) {
        String version = call(endpoint, "GetVersion", MilvusClientV2::getServerVersion);
        if (version == null) {
            throw new MilvusException(Failure.UNAVAILABLE, "GetVersion: no answer from Milvus");
        }
        return version;
    }

    @Override
    public void release(String endpointKey) {
        PooledClient removed = clients.remove(endpointKey);
        if (removed != null) {
            removed.close();
        }
    }

    @Override
    public void close() {
        clients.keySet().forEach(this::release);
    }

    /** Number of open clients; for tests and metrics. */
    public int openClients() {
        return clients.size();
    }

    private <T> T call(MilvusEndpoint endpoint, String rpc, Function<MilvusClientV2, T> body) {
        return invoke(endpoint, rpc, pooled -> body.apply(pooled.client()));
    }

    /** A call on the client's own gRPC stub, with the deadline the SDK would have set. */
    private <T> T rawCall(MilvusEndpoint endpoint, String rpc, Function<MilvusServiceBlockingStub, T> body) {
        return invoke(endpoint, rpc, pooled -> body.apply(
                SdkStub.of(pooled.client()).withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)));
    }

    private <T> T invoke(MilvusEndpoint endpoint, String rpc, Function<PooledClient, T> body) {
        PooledClient pooled = clientFor(endpoint, rpc);
        try {
            return body.apply(pooled);
        } catch (RuntimeException e) {
            MilvusException translated = SdkErrors.translate(rpc, e);
            if (translated.failure() == Failure.UNAUTHENTICATED) {
                // Credentials may have been fixed server-side; log in afresh next time.
                release(endpoint.key());
            }
            throw translated;
        }
    }

    private PooledClient clientFor(MilvusEndpoint endpoint, String rpc) {
        return clients.compute(endpoint.key(), (key, existing) -> {
            if (existing != null && existing.endpoint().equals(endpoint)) {
                return existing;
            }
            if (existing != null) {
                LOG.infof("Settings of Milvus connection %s changed; reconnecting", key);
                existing.close();
            }
            return open(endpoint, rpc);
        });
    }

    private PooledClient open(MilvusEndpoint endpoint, String rpc) {
        Path caFile = null;
        try {
            ConnectConfig.ConnectConfigBuilder config = ConnectConfig.builder()
                    .uri(endpoint.uri())
                    .connectTimeoutMs(connectTimeout.toMillis())
                    .rpcDeadlineMs(callTimeout.toMillis())
                    .secure(endpoint.tls());
            if (endpoint.credentials() instanceof Credentials.Token token) {
                config.token(token.token());
            } else if (endpoint.credentials() instanceof Credentials.UserPassword user) {
                config.username(user.username()).password(user.password());
            }
            if (endpoint.tls() && endpoint.caPem() != null) {
                caFile = writeCaFile(endpoint.caPem());
                // One-way TLS trusts the file given as serverPemPath; the SDK reads caPemPath only for mTLS,
                // and on this path it needs a server name (null fails with "authority").
                config.serverPemPath(caFile.toString());
                config.serverName(endpoint.tlsServerName() != null ? endpoint.tlsServerName()
                        : java.net.URI.create(endpoint.uri()).getHost());
            } else if (endpoint.tlsServerName() != null) {
                config.serverName(endpoint.tlsServerName());
            }
            MilvusClientV2 client = new MilvusClientV2(config.build());
            // The SDK retries UNAVAILABLE up to 75 times by default, then returns null instead of
            // failing; with one attempt it throws, and the operator's own backoff takes over.
            client.retryConfig(RetryConfig.builder().maxRetryTimes(1)
                    .maxRetryTimeoutMs(callTimeout.toMillis()).build());
            LOG.infof("Connected to Milvus %s for %s", endpoint.uri(), endpoint.key());
            return new PooledClient(endpoint, client, caFile);
        } catch (RuntimeException e) {
            deleteQuietly(caFile);
            throw SdkErrors.translate("Connect to " + endpoint.uri() + " (" + rpc + ")", e);
        }
    }

    private static Path writeCaFile(String pem) {
        try {
            Path file = Files.createTempFile("milvus-ca-", ".pem",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, pem, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new MilvusException(Failure.UNEXPECTED, "Cannot write the CA certificate to a temporary file: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a stale temp file is harmless
            }
        }
    }

    private record PooledClient(MilvusEndpoint endpoint, MilvusClientV2 client, Path caFile) {
        void close() {
            try {
                client.close();
            } catch (RuntimeException e) {
                LOG.debugf("Ignoring error while closing a Milvus client: %s", e.getMessage());
            } finally {
                deleteQuietly(caFile);
            }
        }
    }
}
