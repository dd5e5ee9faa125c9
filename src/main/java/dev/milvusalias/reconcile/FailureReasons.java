package dev.milvusalias.reconcile;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import dev.milvusalias.milvus.Failure;

/** Maps Milvus failures to Ready reasons, and says which reasons are retried with backoff. */
final class FailureReasons {

    /** Reasons that clear up by themselves (Milvus comes back, someone creates the collection): retried with backoff. */
    private static final Set<Reason> RETRIED = EnumSet.of(Reason.MilvusUnavailable, Reason.CollectionNotFound,
            Reason.DatabaseNotFound, Reason.WaitingForTargetLoaded, Reason.WaitingForRowCount, Reason.RowCountDropTooLarge,
            Reason.WaitingForIndex, Reason.UnexpectedError);

    /**
     * Reasons a change of a Secret may clear (created, fixed, rotated). Secrets are not watched, so these are looked
     * at again after the Secret cache's TTL, when a fresh read is due, instead of at the next resync.
     */
    private static final Set<Reason> AWAITING_SECRET = EnumSet.of(Reason.SecretNotFound, Reason.Unauthenticated,
            Reason.PermissionDenied);

    private FailureReasons() {
    }

    static Reason reasonFor(Failure failure) {
        return switch (failure) {
            case UNAVAILABLE -> Reason.MilvusUnavailable;
            case UNAUTHENTICATED -> Reason.Unauthenticated;
            case PERMISSION_DENIED -> Reason.PermissionDenied;
            case DATABASE_NOT_FOUND -> Reason.DatabaseNotFound;
            case COLLECTION_NOT_FOUND -> Reason.CollectionNotFound;
            case ALIAS_POINTS_ELSEWHERE -> Reason.AliasOwnedElsewhere;
            case NAME_TAKEN_BY_COLLECTION -> Reason.AliasNameTaken;
            case INVALID_ARGUMENT -> Reason.InvalidSpec;
            // The alias vanished between two calls, or the server is too old: look again soon.
            case ALIAS_NOT_FOUND, UNSUPPORTED, UNEXPECTED -> Reason.UnexpectedError;
        };
    }

    static boolean retried(Reason reason) {
        return RETRIED.contains(reason);
    }

    /** When to look again after a reconcile that ended with {@code reason}: the resync, or sooner for a Secret. */
    static Duration nextLook(Reason reason, Duration resync, Duration secretCacheTtl) {
        return AWAITING_SECRET.contains(reason) && secretCacheTtl.compareTo(resync) < 0 ? secretCacheTtl : resync;
    }

    /** Milvus refused the credentials, or the user lacks a privilege: a rotated Secret may already fix it. */
    static boolean refusedCredentials(Failure failure) {
        return failure == Failure.UNAUTHENTICATED || failure == Failure.PERMISSION_DENIED;
    }
}
