package dev.milvusalias.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Emits Kubernetes events about a resource. Best effort: a failure to record never fails a reconcile. */
public interface EventRecorder {

    void normal(HasMetadata resource, EventReason reason, String message);

    void warning(HasMetadata resource, String reason, String message);
}
