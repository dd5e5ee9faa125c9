package dev.milvusalias.reconcile;

/** Reasons of the Kubernetes events the operator emits. */
public enum EventReason {
    Created,
    Adopted,
    Switched,
    DriftCorrected,
    Dropped,
    Orphaned,
    LeftInPlace,
    DeletionTimedOut,
    StatusNotTrusted,
    NotReady
}
