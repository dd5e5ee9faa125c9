package dev.milvusalias.milvus;

/** A failed Milvus call, classified. Messages never contain credentials. */
public class MilvusException extends RuntimeException {

    private final Failure failure;

    public MilvusException(Failure failure, String message) {
        super(message);
        this.failure = failure;
    }

    public MilvusException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
