package dev.milvusalias.reconcile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Collects events instead of writing them to Kubernetes. */
public class RecordingEvents implements EventRecorder {

    /** One recorded event. */
    public record Recorded(String type, String reason, String message) {
    }

    private final List<Recorded> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void normal(HasMetadata resource, EventReason reason, String message) {
        events.add(new Recorded("Normal", reason.name(), message));
    }

    @Override
    public void warning(HasMetadata resource, String reason, String message) {
        events.add(new Recorded("Warning", reason, message));
    }

    public List<String> reasons() {
        return events.stream().map(Recorded::reason).toList();
    }

    public List<Recorded> all() {
        return List.copyOf(events);
    }
}
