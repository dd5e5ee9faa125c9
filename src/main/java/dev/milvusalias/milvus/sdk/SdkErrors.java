package dev.milvusalias.milvus.sdk;

import dev.milvusalias.milvus.Failure;
import dev.milvusalias.milvus.MilvusException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;

/** Translates what milvus-sdk-java throws into the operator's {@link Failure} taxonomy. */
final class SdkErrors {

    // Milvus server error codes (common.Status.code) that the operator tells apart.
    static final int COLLECTION_NOT_FOUND = 100;
    static final int INDEX_NOT_FOUND = 700;
    static final int DATABASE_NOT_FOUND = 800;
    static final int INVALID_PARAMETER = 1100;
    static final int ALIAS_NOT_FOUND = 1600;
    static final int ALIAS_COLLECTION_NAME_CONFLICT = 1601;
    static final int ALIAS_ALREADY_EXISTS = 1602;
    // Legacy common.ErrorCode values, for servers that only fill error_code.
    private static final int LEGACY_COLLECTION_NOT_EXISTS = 4;
    private static final int LEGACY_ILLEGAL_ARGUMENT = 5;
    private static final int LEGACY_INDEX_NOT_EXIST = 25;

    private SdkErrors() {
    }

    /** Classifies a failure of {@code call}; the message names the call and the server's reason. */
    static MilvusException translate(String call, RuntimeException e) {
        if (e instanceof MilvusException already) {
            return already;
        }
        if (e instanceof MilvusClientException mce) {
            return fromClientException(call, mce);
        }
        StatusRuntimeException grpc = findGrpcCause(e);
        if (grpc != null) {
            return fromGrpc(call, grpc);
        }
        return new MilvusException(Failure.UNEXPECTED, call + " failed: " + e, e);
    }

    private static MilvusException fromClientException(String call, MilvusClientException e) {
        if (e.getErrorCode() == ErrorCode.SERVER_ERROR || e.getServerErrCode() != 0) {
            return new MilvusException(failureOfServerCode(e.getServerErrCode(), e.getLegacyServerCode()),
                    call + ": " + e.getMessage(), e);
        }
        StatusRuntimeException grpc = findGrpcCause(e);
        if (grpc != null) {
            return fromGrpc(call, grpc);
        }
        if (e.getErrorCode() == ErrorCode.RPC_ERROR) {
            // Non-retried gRPC failures arrive without a cause, the status code only in the message.
            return new MilvusException(grpcCodeInMessage(e.getMessage()), call + ": " + e.getMessage(), e);
        }
        if (e.getErrorCode() == ErrorCode.TIMEOUT) {
            return new MilvusException(Failure.UNAVAILABLE, call + ": " + e.getMessage(), e);
        }
        if (e.getErrorCode() == ErrorCode.COLLECTION_NOT_FOUND) {
            return new MilvusException(Failure.COLLECTION_NOT_FOUND, call + ": " + e.getMessage(), e);
        }
        return new MilvusException(Failure.UNEXPECTED, call + ": " + e.getMessage(), e);
    }

    /**
     * Throws the classified failure when a {@code common.Status} read straight from the gRPC stub is
     * not a success (clients treat a non-zero code or legacy error_code as failure).
     */
    static void requireSuccess(String call, io.milvus.grpc.Status status) {
        if (status.getCode() != 0 || status.getErrorCodeValue() != 0) {
            throw new MilvusException(failureOfServerCode(status.getCode(), status.getErrorCodeValue()),
                    call + ": " + status.getReason());
        }
    }

    /** DescribeIndex's answer for a collection without any index (code 700, legacy IndexNotExist). */
    static boolean isIndexNotFound(io.milvus.grpc.Status status) {
        return status.getCode() == INDEX_NOT_FOUND
                || (status.getCode() == 0 && status.getErrorCodeValue() == LEGACY_INDEX_NOT_EXIST);
    }

    private static Failure failureOfServerCode(int code, int legacyCode) {
        return switch (code) {
            case COLLECTION_NOT_FOUND -> Failure.COLLECTION_NOT_FOUND;
            case DATABASE_NOT_FOUND -> Failure.DATABASE_NOT_FOUND;
            case INVALID_PARAMETER -> Failure.INVALID_ARGUMENT;
            case ALIAS_NOT_FOUND -> Failure.ALIAS_NOT_FOUND;
            case ALIAS_COLLECTION_NAME_CONFLICT -> Failure.NAME_TAKEN_BY_COLLECTION;
            case ALIAS_ALREADY_EXISTS -> Failure.ALIAS_POINTS_ELSEWHERE;
            case 0 -> fromLegacy(legacyCode);
            default -> Failure.UNEXPECTED;
        };
    }

    private static Failure fromLegacy(int legacyCode) {
        return switch (legacyCode) {
            case LEGACY_COLLECTION_NOT_EXISTS -> Failure.COLLECTION_NOT_FOUND;
            case LEGACY_ILLEGAL_ARGUMENT -> Failure.INVALID_ARGUMENT;
            default -> Failure.UNEXPECTED;
        };
    }

    /** Finds "StatusRuntimeException: CODE" in an SDK message; unknown or absent means unavailable. */
    static Failure grpcCodeInMessage(String message) {
        if (message != null) {
            java.util.regex.Matcher m = GRPC_CODE.matcher(message);
            if (m.find()) {
                try {
                    return failureOf(Status.Code.valueOf(m.group(1)));
                } catch (IllegalArgumentException notACode) {
                    return Failure.UNAVAILABLE;
                }
            }
        }
        return Failure.UNAVAILABLE;
    }

    private static final java.util.regex.Pattern GRPC_CODE =
            java.util.regex.Pattern.compile("StatusRuntimeException: ([A-Z_]+)");

    static MilvusException fromGrpc(String call, StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        String description = e.getStatus().getDescription();
        return new MilvusException(failureOf(code), call + ": " + code + (description == null ? "" : " " + description), e);
    }

    private static Failure failureOf(Status.Code code) {
        return switch (code) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, RESOURCE_EXHAUSTED, ABORTED -> Failure.UNAVAILABLE;
            case UNAUTHENTICATED -> Failure.UNAUTHENTICATED;
            case PERMISSION_DENIED -> Failure.PERMISSION_DENIED;
            case UNIMPLEMENTED -> Failure.UNSUPPORTED;
            default -> Failure.UNEXPECTED;
        };
    }

    private static StatusRuntimeException findGrpcCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException sre) {
                return sre;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
