package dev.milvusalias.milvus;

/** Why a Milvus call failed, in the operator's words. */
public enum Failure {
    /** Milvus could not be reached or did not answer in time. Retried with backoff. */
    UNAVAILABLE(true),
    /** Milvus refused the credentials. */
    UNAUTHENTICATED(false),
    /** The Milvus user lacks a privilege. */
    PERMISSION_DENIED(false),
    /** The database does not exist. */
    DATABASE_NOT_FOUND(false),
    /** The collection does not exist. */
    COLLECTION_NOT_FOUND(false),
    /** The alias does not exist. */
    ALIAS_NOT_FOUND(false),
    /** CreateAlias: the alias already points at another collection. */
    ALIAS_POINTS_ELSEWHERE(false),
    /** CreateAlias: the alias name is the name of an existing collection. */
    NAME_TAKEN_BY_COLLECTION(false),
    /** Milvus rejected a name or parameter. */
    INVALID_ARGUMENT(false),
    /** The server does not implement the call (Milvus older than 2.3.5). */
    UNSUPPORTED(false),
    /** Anything else. Retried with backoff, since it may be a passing server fault. */
    UNEXPECTED(true);

    private final boolean transientFailure;

    Failure(boolean transientFailure) {
        this.transientFailure = transientFailure;
    }

    /** True when retrying the same call later may succeed without anyone changing anything. */
    public boolean isTransient() {
        return transientFailure;
    }
}
