package dev.milvusalias.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Operator-level counters the reconcilers report to. */
public class OperatorMetrics {

    public static final String DELETION_TIMEOUTS = "milvus.alias.deletion.timeouts";

    private final Counter deletionTimeouts;

    public OperatorMetrics(MeterRegistry registry) {
        this.deletionTimeouts = Counter.builder(DELETION_TIMEOUTS)
                .description("Deleted MilvusAliases released after milvus-alias.deletion-timeout without dropping the alias")
                .register(registry);
    }

    /** A deleted MilvusAlias waited longer than the deletion timeout and was released, its alias left in Milvus. */
    public void deletionTimedOut() {
        deletionTimeouts.increment();
    }
}
