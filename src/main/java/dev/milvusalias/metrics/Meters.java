package dev.milvusalias.metrics;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

/** Helpers for registering meters. */
public final class Meters {

    private Meters() {
    }

    /**
     * Removes the meter {@code name} with exactly these tags, so that a gauge registered next reads the new object.
     * Registering a gauge whose id exists returns the existing one, bound to the old object: that happens when the
     * application is started again in the same JVM (Quarkus tests; Micrometer's global registry outlives them).
     */
    public static void removeExisting(MeterRegistry registry, String name, Tags tags) {
        List<Tag> wanted = tags.stream().toList();
        registry.find(name).tags(tags).meters().stream()
                .filter(meter -> meter.getId().getTags().equals(wanted))
                .toList()
                .forEach(registry::remove);
    }
}
