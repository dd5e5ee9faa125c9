package dev.milvusalias.reconcile;

import dev.milvusalias.api.MilvusAliasStatus;

/**
 * Thrown out of a reconcile so that java-operator-sdk retries it with backoff. Carries the Ready
 * reason and message that the error-status handler writes meanwhile.
 */
public class RetryableReconcileException extends RuntimeException {

    private final Reason reason;
    private final transient MilvusAliasStatus status;

    public RetryableReconcileException(Reason reason, String message, Throwable cause) {
        this(reason, message, cause, null);
    }

    /** @param status the status to write meanwhile, when the reconcile built one (e.g. with row counts) */
    public RetryableReconcileException(Reason reason, String message, Throwable cause, MilvusAliasStatus status) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
    }

    /** The status to write meanwhile, or null to derive it from the reason and message. */
    public MilvusAliasStatus status() {
        return status;
    }

    public Reason reason() {
        return reason;
    }
}
