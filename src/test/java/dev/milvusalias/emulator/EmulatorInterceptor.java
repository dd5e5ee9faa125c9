package dev.milvusalias.emulator;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Runs before every RPC, implemented or not: the "server unavailable" switch, then authentication
 * (only when the emulator has credentials), then hands the caller's user and {@code dbname}
 * header to the service through the gRPC {@link Context}.
 */
final class EmulatorInterceptor implements ServerInterceptor {

    static final Context.Key<String> USER = Context.key("milvus-emulator-user");
    static final Context.Key<String> HEADER_DB = Context.key("milvus-emulator-dbname");

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> DBNAME = Metadata.Key.of("dbname", Metadata.ASCII_STRING_MARSHALLER);

    private final MilvusEmulator emulator;

    EmulatorInterceptor(MilvusEmulator emulator) {
        this.emulator = emulator;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        if (emulator.isUnavailable()) {
            return reject(call, io.grpc.Status.UNAVAILABLE.withDescription("milvus emulator: server unavailable"));
        }
        String user = null;
        if (emulator.authEnabled()) {
            MilvusEmulator.AuthResult auth = emulator.authenticate(headers.get(AUTHORIZATION));
            if (auth.failure() != null) {
                return reject(call, io.grpc.Status.UNAUTHENTICATED.withDescription(auth.failure()));
            }
            user = auth.user();
        }
        Context ctx = Context.current().withValue(USER, user).withValue(HEADER_DB, headers.get(DBNAME));
        return Contexts.interceptCall(ctx, call, headers, next);
    }

    private static <ReqT, RespT> ServerCall.Listener<ReqT> reject(ServerCall<ReqT, RespT> call, io.grpc.Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
