package dev.milvusalias.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.milvusalias.reconcile.Reason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** {@link AliasReadinessMetrics} and {@link OperatorMetrics}, which the reconcilers report to. */
class OperatorMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AliasReadinessMetrics aliases = new AliasReadinessMetrics(registry);

    @Test
    void everyAliasReasonHasASeriesFromTheStart() {
        for (Reason reason : Reason.values()) {
            boolean aliasReason = reason != Reason.Connected && reason != Reason.InUse;
            assertThat(registry.find(AliasReadinessMetrics.GAUGE).tag("reason", reason.name()).gauge() != null)
                    .as(reason.name()).isEqualTo(aliasReason);
        }
        assertThat(gauge("Bound")).isZero();
    }

    @Test
    void eachResourceCountsOnceUnderItsLastReason() {
        aliases.record("ns", "a", "Bound");
        aliases.record("ns", "b", "Bound");
        aliases.record("other", "a", "MilvusUnavailable");
        assertThat(gauge("Bound")).isEqualTo(2);
        assertThat(gauge("MilvusUnavailable")).isEqualTo(1);

        aliases.record("ns", "a", "Bound"); // unchanged: still one
        aliases.record("ns", "b", "MilvusUnavailable");
        assertThat(gauge("Bound")).isEqualTo(1);
        assertThat(gauge("MilvusUnavailable")).isEqualTo(2);

        aliases.forget("ns", "b");
        aliases.forget("ns", "b"); // twice: no harm
        aliases.forget("ns", "never-recorded");
        assertThat(gauge("Bound")).isEqualTo(1);
        assertThat(gauge("MilvusUnavailable")).isEqualTo(1);
        assertThat(aliases.count("MilvusUnavailable")).isEqualTo(1);
    }

    @Test
    void anUnknownReasonGetsItsOwnSeriesAndNullForgets() {
        aliases.record("ns", "a", "SomethingNew");
        assertThat(gauge("SomethingNew")).isEqualTo(1);

        aliases.record("ns", "a", null);
        assertThat(gauge("SomethingNew")).isZero();
    }

    @Test
    void aNewInstanceTakesOverTheSeriesOfAnOldOne() {
        // As when the application starts again in the same JVM (Quarkus tests share Micrometer's global registry).
        aliases.record("ns", "a", "Bound");
        AliasReadinessMetrics restarted = new AliasReadinessMetrics(registry);

        assertThat(gauge("Bound")).isZero();
        restarted.record("ns", "b", "Bound");
        restarted.record("ns", "c", "Bound");
        assertThat(gauge("Bound")).isEqualTo(2);
        assertThat(registry.find(AliasReadinessMetrics.GAUGE).tag("reason", "Bound").gauges()).hasSize(1);
    }

    @Test
    void deletionTimeoutsAreCounted() {
        OperatorMetrics operator = new OperatorMetrics(registry);
        assertThat(registry.get(OperatorMetrics.DELETION_TIMEOUTS).counter().count()).isZero();

        operator.deletionTimedOut();
        operator.deletionTimedOut();

        assertThat(registry.get(OperatorMetrics.DELETION_TIMEOUTS).counter().count()).isEqualTo(2);
    }

    private double gauge(String reason) {
        return registry.get(AliasReadinessMetrics.GAUGE).tag("reason", reason).gauge().value();
    }
}
