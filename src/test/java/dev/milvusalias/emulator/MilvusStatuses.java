package dev.milvusalias.emulator;

import io.milvus.grpc.Status;

import java.util.Set;

/** Builds {@code common.Status} messages the way Milvus 2.6 ({@code merr.Status}) does. */
final class MilvusStatuses {

    /** Codes whose Milvus error is marked retriable (merr "retriable" flag). */
    private static final Set<Integer> RETRIABLE = Set.of(1, 2, 4, 8, 12, 103, 106, 110, 505, 507, 1002, 1003, 1807);
    /** Codes Milvus classifies as caller input errors (reported in extra_info). */
    private static final Set<Integer> INPUT_ERRORS = Set.of(802, 1100, 1101, 1102);

    private MilvusStatuses() {
    }

    /** Success is the all-default Status: code 0, error_code Success, no reason. */
    static Status success() {
        return Status.getDefaultInstance();
    }

    static Status error(ServerError e) {
        return error(e.code(), e.reason());
    }

    static Status error(int code, String reason) {
        if (code == 0) {
            throw new IllegalArgumentException("code 0 is success, not an error");
        }
        Status.Builder b = Status.newBuilder()
                .setCode(code)
                .setErrorCodeValue(legacyErrorCode(code))
                .setReason(reason)
                .setDetail(reason)
                .setRetriable(RETRIABLE.contains(code));
        if (INPUT_ERRORS.contains(code)) {
            b.putExtraInfo("is_input_error", "true");
        }
        return b.build();
    }

    /**
     * The deprecated {@code common.ErrorCode} a Milvus 2.6 server puts next to a new-style code
     * ({@code merr.oldCode}): 100 -> CollectionNotExists(4), 1100..1102 -> IllegalArgument(5),
     * a few service codes to their legacy twins, everything else (800, 1600-1603, 65535, ...) ->
     * UnexpectedError(1).
     */
    static int legacyErrorCode(int code) {
        return switch (code) {
            case 0 -> 0;
            case 1 -> 56;               // NotReadyServe
            case 100 -> 4;              // CollectionNotExists
            case 1100, 1101, 1102 -> 5; // IllegalArgument
            case 904 -> 50;             // NodeIDNotMatch
            case 200, 400, 501 -> 15;   // MetaFailed
            case 401, 503, 905 -> 46;   // NoReplicaAvailable
            case 3 -> 52;               // InsufficientMemoryToLoad
            case 7 -> 54;               // DiskQuotaExhausted
            case 11 -> 55;              // TimeTickLongDelay
            case 8 -> 49;               // RateLimit
            case 9 -> 48;               // ForceDeny
            case 700 -> 25;             // IndexNotExist
            case 600 -> 47;             // SegmentNotFound
            case 109 -> 62;             // SchemaMismatch
            default -> 1;               // UnexpectedError
        };
    }
}
