package dev.milvusalias.metrics;

import dev.milvusalias.reconcile.EventReason;
import dev.milvusalias.reconcile.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the events the operator emits, then passes them on: {@value #EVENTS} ({@code milvus_alias_events_total})
 * by {@code type} (Normal, Warning) and {@code reason}, plus {@value #SWITCHES} and {@value #DRIFT_CORRECTIONS}
 * for the two that matter most. The events are what the operator did (created, switched, adopted, dropped, ...),
 * so counting them counts the actions. Counted even when writing the Kubernetes Event fails (that is best effort).
 */
public final class MeteredEventRecorder implements EventRecorder {

    public static final String EVENTS = "milvus.alias.events";
    public static final String SWITCHES = "milvus.alias.switches";
    public static final String DRIFT_CORRECTIONS = "milvus.alias.drift.corrections";

    private final EventRecorder delegate;
    private final MeterRegistry registry;
    private final Counter switches;
    private final Counter driftCorrections;

    public MeteredEventRecorder(EventRecorder delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
        // Registered up front so that increase()/rate() see a series from the start.
        this.switches = Counter.builder(SWITCHES)
                .description("Aliases re-pointed because spec.collectionName changed (AlterAlias)")
                .register(registry);
        this.driftCorrections = Counter.builder(DRIFT_CORRECTIONS)
                .description("Aliases re-pointed or re-created because they were changed outside Kubernetes")
                .register(registry);
    }

    @Override
    public void normal(HasMetadata resource, EventReason reason, String message) {
        try {
            delegate.normal(resource, reason, message);
        } finally {
            countNormal(reason);
        }
    }

    /** Counted on every call, as {@link #normal} is: a repeated key (an attempt finished by the next one) is rare. */
    @Override
    public void normalOnce(HasMetadata resource, EventReason reason, String message, String key) {
        try {
            delegate.normalOnce(resource, reason, message, key);
        } finally {
            countNormal(reason);
        }
    }

    private void countNormal(EventReason reason) {
        count("Normal", reason.name());
        if (reason == EventReason.Switched) {
            switches.increment();
        } else if (reason == EventReason.DriftCorrected) {
            driftCorrections.increment();
        }
    }

    @Override
    public void warning(HasMetadata resource, String reason, String message) {
        try {
            delegate.warning(resource, reason, message);
        } finally {
            count("Warning", reason);
        }
    }

    private void count(String type, String reason) {
        Counter.builder(EVENTS)
                .description("Kubernetes events emitted by the operator, by type and reason")
                .tag("type", type)
                .tag("reason", reason == null ? "" : reason)
                .register(registry)
                .increment();
    }
}
