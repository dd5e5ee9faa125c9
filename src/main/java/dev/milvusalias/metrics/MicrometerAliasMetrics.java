package dev.milvusalias.metrics;

import dev.milvusalias.reconcile.AliasMetrics;
import dev.milvusalias.reconcile.Reason;

/** {@link AliasMetrics} over the readiness gauge and the operator counters. */
public class MicrometerAliasMetrics implements AliasMetrics {

    private final AliasReadinessMetrics readiness;
    private final OperatorMetrics operator;

    public MicrometerAliasMetrics(AliasReadinessMetrics readiness, OperatorMetrics operator) {
        this.readiness = readiness;
        this.operator = operator;
    }

    @Override
    public void ready(String namespace, String name, Reason reason) {
        readiness.record(namespace, name, reason.name());
    }

    @Override
    public void forget(String namespace, String name) {
        readiness.forget(namespace, name);
    }

    @Override
    public void deletionTimedOut() {
        operator.deletionTimedOut();
    }
}
