package dev.milvusalias.reconcile;

/** What the alias reconciler reports for metrics; implemented over Micrometer in the metrics package. */
public interface AliasMetrics {

    /** The resource's Ready reason now. */
    void ready(String namespace, String name, Reason reason);

    /** The resource is gone (finalizer released). */
    void forget(String namespace, String name);

    /** A deletion gave up waiting for Milvus and released the finalizer without dropping the alias. */
    void deletionTimedOut();

    /** Reports nothing; for unit tests. */
    AliasMetrics NONE = new AliasMetrics() {
        @Override
        public void ready(String namespace, String name, Reason reason) {
        }

        @Override
        public void forget(String namespace, String name) {
        }

        @Override
        public void deletionTimedOut() {
        }
    };
}
