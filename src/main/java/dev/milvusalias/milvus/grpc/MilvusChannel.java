package dev.milvusalias.milvus.grpc;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import dev.milvusalias.milvus.Credentials;
import dev.milvusalias.milvus.Failure;
import dev.milvusalias.milvus.MilvusEndpoint;
import dev.milvusalias.milvus.MilvusException;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.MilvusServiceGrpc.MilvusServiceBlockingStub;
import io.netty.handler.ssl.SslContext;

/**
 * One gRPC channel to one Milvus server, on the Netty that Vert.x already runs (milvus-sdk-java's
 * client would bring a second, shaded copy of Netty, about 850 classes). Sends what the SDK sends:
 * the {@code authorization} header (base64 of the token or of {@code user:password}), its keep-alive
 * settings, wait-for-ready calls. No {@code dbname} header: every request names its database.
 */
final class MilvusChannel {

    static final int DEFAULT_PORT = 19530;
    // milvus-sdk-java's ConnectConfig defaults.
    private static final long KEEP_ALIVE_TIME_MS = 55_000;
    private static final long KEEP_ALIVE_TIMEOUT_MS = 20_000;
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;
    private final MilvusServiceBlockingStub stub;

    private MilvusChannel(ManagedChannel channel, MilvusServiceBlockingStub stub) {
        this.channel = channel;
        this.stub = stub;
    }

    /** Builds the channel; it connects on the first call. */
    static MilvusChannel open(MilvusEndpoint endpoint) {
        URI uri = URI.create(endpoint.uri());
        if (uri.getHost() == null) {
            throw new MilvusException(Failure.INVALID_ARGUMENT, "Milvus URI has no host: " + endpoint.uri());
        }
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(uri.getHost(),
                        uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort())
                .keepAliveTime(KEEP_ALIVE_TIME_MS, TimeUnit.MILLISECONDS)
                .keepAliveTimeout(KEEP_ALIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        if (endpoint.tls()) {
            builder.sslContext(sslContext(endpoint.caPem()));
            if (endpoint.tlsServerName() != null) {
                builder.overrideAuthority(endpoint.tlsServerName());
            }
        } else {
            builder.usePlaintext();
        }
        ManagedChannel channel = builder.build();
        MilvusServiceBlockingStub stub = MilvusServiceGrpc.newBlockingStub(channel).withWaitForReady();
        String authorization = authorization(endpoint.credentials());
        if (authorization != null) {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, Base64.getEncoder().encodeToString(authorization.getBytes(StandardCharsets.UTF_8)));
            stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        return new MilvusChannel(channel, stub);
    }

    /** The stub, wait-for-ready, without a deadline: the caller sets one per call. */
    MilvusServiceBlockingStub stub() {
        return stub;
    }

    void close() {
        channel.shutdownNow();
    }

    private static String authorization(Credentials credentials) {
        if (credentials instanceof Credentials.Token token) {
            return token.token();
        }
        if (credentials instanceof Credentials.UserPassword user) {
            return user.username() + ":" + user.password();
        }
        return null;
    }

    /** The JVM's trust store, or only the given CA. */
    private static SslContext sslContext(String caPem) {
        try {
            var ssl = GrpcSslContexts.forClient();
            if (caPem != null) {
                ssl.trustManager(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
            }
            return ssl.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new MilvusException(Failure.INVALID_ARGUMENT, "Cannot use the CA certificate of the Milvus connection: "
                    + e.getMessage(), e);
        }
    }
}
