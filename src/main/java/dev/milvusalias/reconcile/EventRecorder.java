package dev.milvusalias.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Emits Kubernetes events about a resource. Best effort: a failure to record never fails a reconcile. */
public interface EventRecorder {

    void normal(HasMetadata resource, EventReason reason, String message);

    /**
     * A Normal event recorded at most once per {@code key}: an attempt that finishes a Milvus write an interrupted
     * attempt made records the same event with the same key, and gets no second one. Without support for keys, the
     * event is recorded again.
     */
    default void normalOnce(HasMetadata resource, EventReason reason, String message, String key) {
        normal(resource, reason, message);
    }

    void warning(HasMetadata resource, String reason, String message);
}
