package dev.milvusalias.milvus.sdk;

import java.lang.reflect.Field;

import io.milvus.grpc.MilvusServiceGrpc.MilvusServiceBlockingStub;
import io.milvus.v2.client.MilvusClientV2;

/**
 * The gRPC stub inside a {@link MilvusClientV2}, for the two calls whose SDK wrappers lose what the
 * operator needs: {@code getLoadState} folds Loading into {@code false} and a missing collection into
 * an exception without a server code; {@code describeIndex} keeps only the entries matching a field
 * or index name, so reading every index costs one call per field. Sharing the client's stub keeps one
 * channel, one login and the SDK's headers (database, authorization).
 *
 * <p>milvus-sdk-java 2.6 has no accessor for the stub, so it is read from the client's private field.
 * An SDK upgrade that renames it fails every test of these calls ({@code SdkAliasStoreContractIT}).
 */
final class SdkStub {

    private static final String FIELD = "blockingStub";

    private SdkStub() {
    }

    /**
     * The client's stub: wait-for-ready, no deadline (the caller adds one per call). Read at each
     * call, so a missing field fails these two calls only, never the connection.
     */
    static MilvusServiceBlockingStub of(MilvusClientV2 client) {
        try {
            MilvusServiceBlockingStub stub = (MilvusServiceBlockingStub) Holder.FIELD_HANDLE.get(client);
            if (stub == null) {
                throw new IllegalStateException("MilvusClientV2." + FIELD + " is not set");
            }
            return stub;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            throw new IllegalStateException("This milvus-sdk-java has no readable MilvusClientV2." + FIELD
                    + " field; the operator needs it for GetLoadState and DescribeIndex", e);
        }
    }

    /** Looked up once, on first use. */
    private static final class Holder {
        static final Field FIELD_HANDLE = find();

        private static Field find() {
            try {
                Field field = MilvusClientV2.class.getDeclaredField(FIELD);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
