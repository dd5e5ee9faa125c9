package dev.milvusalias.reconcile;

/**
 * Thrown out of a reconcile so that java-operator-sdk retries it with backoff. Carries the Ready
 * reason and message that the error-status handler writes meanwhile.
 */
public class RetryableReconcileException extends RuntimeException {

    private final Reason reason;

    public RetryableReconcileException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
