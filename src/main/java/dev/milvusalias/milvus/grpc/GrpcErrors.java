package dev.milvusalias.milvus.grpc;

import dev.milvusalias.milvus.Failure;
import dev.milvusalias.milvus.MilvusException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Translates what a Milvus call answers or throws into the operator's {@link Failure} taxonomy: a
 * {@code common.Status} that is not a success (the server's error codes), or a gRPC error
 * (transport, deadline, authentication, RBAC).
 */
final class GrpcErrors {

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

    private GrpcErrors() {
    }

    /**
     * Throws the classified failure when a {@code common.Status} is not a success (clients treat a
     * non-zero code or legacy error_code as failure). The message names the call and the server's reason.
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

    /** Classifies what a call threw; the message names the call and the gRPC status. */
    static MilvusException translate(String call, RuntimeException e) {
        if (e instanceof MilvusException already) {
            return already;
        }
        StatusRuntimeException grpc = findGrpcCause(e);
        if (grpc != null) {
            Status.Code code = grpc.getStatus().getCode();
            String description = summary(grpc.getStatus().getDescription());
            return new MilvusException(failureOf(code), call + ": " + code + (description.isEmpty() ? "" : " " + description), e);
        }
        return new MilvusException(Failure.UNEXPECTED, call + " failed: " + e, e);
    }

    /**
     * The first sentence-like part of a gRPC description: a deadline's description goes on with the
     * channel's state and the last connect failure's stack trace, which belong in no status message.
     */
    static String summary(String description) {
        if (description == null) {
            return "";
        }
        String text = description.lines().findFirst().orElse("");
        int details = text.indexOf(". Name resolution delay");
        if (details < 0) {
            details = text.indexOf(" [");
        }
        if (details >= 0) {
            text = text.substring(0, details);
        }
        return text.length() <= MAX_DESCRIPTION ? text.strip() : text.substring(0, MAX_DESCRIPTION).strip() + "...";
    }

    private static final int MAX_DESCRIPTION = 200;

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
