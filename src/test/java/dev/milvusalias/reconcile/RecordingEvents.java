package dev.milvusalias.reconcile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Collects events instead of writing them to Kubernetes; a keyed event is recorded once per key, as the API server
 * refuses a second event of the same name. Can let the process "die" while it records the next keyed event.
 */
public class RecordingEvents implements EventRecorder {

    /** One recorded event. */
    public record Recorded(String type, String reason, String message) {
    }

    private final List<Recorded> events = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> keys = ConcurrentHashMap.newKeySet();
    private volatile boolean dieAtNextKeyed;

    /** The next keyed event is not recorded: the call throws, as if the process died in the middle of it. */
    public void dieAtNextKeyedEvent() {
        dieAtNextKeyed = true;
    }

    @Override
    public void normal(HasMetadata resource, EventReason reason, String message) {
        events.add(new Recorded("Normal", reason.name(), message));
    }

    @Override
    public void normalOnce(HasMetadata resource, EventReason reason, String message, String key) {
        if (dieAtNextKeyed) {
            dieAtNextKeyed = false;
            throw new IllegalStateException("injected: the process died while recording event " + reason);
        }
        if (keys.add(key)) {
            normal(resource, reason, message);
        }
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
