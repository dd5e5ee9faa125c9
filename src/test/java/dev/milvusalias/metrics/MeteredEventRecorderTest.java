package dev.milvusalias.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.reconcile.EventReason;
import dev.milvusalias.reconcile.EventRecorder;
import dev.milvusalias.reconcile.RecordingEvents;
import dev.milvusalias.reconcile.TestResources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class MeteredEventRecorderTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecordingEvents recorded = new RecordingEvents();
    private final MeteredEventRecorder events = new MeteredEventRecorder(recorded, registry);
    private final MilvusAlias alias = TestResources.alias("products", "products_v1", 1);

    @Test
    void countsEventsByTypeAndReasonAndPassesThemOn() {
        events.normal(alias, EventReason.Created, "Created alias products");
        events.normal(alias, EventReason.Adopted, "Adopted");
        events.normal(alias, EventReason.Dropped, "Dropped");
        events.warning(alias, "MilvusUnavailable", "Milvus is down");
        events.warning(alias, "MilvusUnavailable", "still down");

        assertThat(count("Normal", "Created")).isEqualTo(1);
        assertThat(count("Normal", "Adopted")).isEqualTo(1);
        assertThat(count("Normal", "Dropped")).isEqualTo(1);
        assertThat(count("Warning", "MilvusUnavailable")).isEqualTo(2);
        assertThat(recorded.all()).containsExactly(
                new RecordingEvents.Recorded("Normal", "Created", "Created alias products"),
                new RecordingEvents.Recorded("Normal", "Adopted", "Adopted"),
                new RecordingEvents.Recorded("Normal", "Dropped", "Dropped"),
                new RecordingEvents.Recorded("Warning", "MilvusUnavailable", "Milvus is down"),
                new RecordingEvents.Recorded("Warning", "MilvusUnavailable", "still down"));
    }

    @Test
    void switchesAndDriftCorrectionsHaveTheirOwnCounters() {
        assertThat(counter(MeteredEventRecorder.SWITCHES)).as("registered before the first switch").isZero();
        assertThat(counter(MeteredEventRecorder.DRIFT_CORRECTIONS)).isZero();

        events.normal(alias, EventReason.Switched, "products_v1 -> products_v2");
        events.normal(alias, EventReason.Switched, "products_v2 -> products_v3");
        events.normal(alias, EventReason.DriftCorrected, "products_x -> products_v3");
        events.normal(alias, EventReason.Created, "Created");

        assertThat(counter(MeteredEventRecorder.SWITCHES)).isEqualTo(2);
        assertThat(counter(MeteredEventRecorder.DRIFT_CORRECTIONS)).isEqualTo(1);
        assertThat(count("Normal", "Switched")).isEqualTo(2);
        assertThat(count("Normal", "DriftCorrected")).isEqualTo(1);
    }

    @Test
    void countsEvenWhenRecordingFails() {
        RuntimeException boom = new RuntimeException("API server gone");
        MeteredEventRecorder failing = new MeteredEventRecorder(new EventRecorder() {
            @Override
            public void normal(HasMetadata resource, EventReason reason, String message) {
                throw boom;
            }

            @Override
            public void warning(HasMetadata resource, String reason, String message) {
                throw boom;
            }
        }, registry);

        assertThatThrownBy(() -> failing.normal(alias, EventReason.Switched, "a -> b")).isSameAs(boom);
        assertThatThrownBy(() -> failing.warning(alias, "PermissionDenied", "no")).isSameAs(boom);

        assertThat(counter(MeteredEventRecorder.SWITCHES)).isEqualTo(1);
        assertThat(count("Normal", "Switched")).isEqualTo(1);
        assertThat(count("Warning", "PermissionDenied")).isEqualTo(1);
    }

    private double count(String type, String reason) {
        var counter = registry.find(MeteredEventRecorder.EVENTS).tag("type", type).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }
}
