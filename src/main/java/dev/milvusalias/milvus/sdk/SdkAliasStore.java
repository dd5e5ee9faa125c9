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
import java.util.function.Function;

import org.jboss.logging.Logger;

import dev.milvusalias.milvus.AliasBinding;
import dev.milvusalias.milvus.AliasRef;
import dev.milvusalias.milvus.AliasStore;
import dev.milvusalias.milvus.CollectionSchema;
import dev.milvusalias.milvus.Credentials;
import dev.milvusalias.milvus.Failure;
import dev.milvusalias.milvus.MilvusEndpoint;
import dev.milvusalias.milvus.MilvusException;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
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

    @Override
    public boolean collectionExists(MilvusEndpoint endpoint, String database, String collection) {
        Boolean exists = call(endpoint, "HasCollection", client -> client.hasCollection(
                HasCollectionReq.builder().databaseName(database).collectionName(collection).build()));
        if (exists == null) {
            throw new MilvusException(Failure.UNAVAILABLE, "HasCollection: no answer from Milvus");
        }
        return exists;
    }

    @Override
    public boolean isLoaded(MilvusEndpoint endpoint, String database, String collection) {
        Boolean loaded = call(endpoint, "GetLoadState", client -> client.getLoadState(
                GetLoadStateReq.builder().databaseName(database).collectionName(collection).build()));
        if (loaded == null) {
            throw new MilvusException(Failure.UNAVAILABLE, "GetLoadState: no answer from Milvus");
        }
        return loaded;
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
        MilvusClientV2 client = clientFor(endpoint, rpc);
        try {
            return body.apply(client);
        } catch (RuntimeException e) {
            MilvusException translated = SdkErrors.translate(rpc, e);
            if (translated.failure() == Failure.UNAUTHENTICATED) {
                // Credentials may have been fixed server-side; log in afresh next time.
                release(endpoint.key());
            }
            throw translated;
        }
    }

    private MilvusClientV2 clientFor(MilvusEndpoint endpoint, String rpc) {
        PooledClient pooled = clients.compute(endpoint.key(), (key, existing) -> {
            if (existing != null && existing.endpoint().equals(endpoint)) {
                return existing;
            }
            if (existing != null) {
                LOG.infof("Settings of Milvus connection %s changed; reconnecting", key);
                existing.close();
            }
            return open(endpoint, rpc);
        });
        return pooled.client();
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
