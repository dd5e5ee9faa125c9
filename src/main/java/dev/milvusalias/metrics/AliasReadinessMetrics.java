package dev.milvusalias.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.milvusalias.reconcile.Reason;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The gauge {@value #GAUGE} ({@code milvus_alias_aliases{reason}}): how many MilvusAlias resources last reported
 * each Ready reason ({@code Bound}, {@code MilvusUnavailable}, ...). The reconciler calls {@link #record} after each
 * reconcile and {@link #forget} once a resource is gone. Only the replica that reconciles (the leader) has
 * non-zero values.
 */
public class AliasReadinessMetrics {

    public static final String GAUGE = "milvus.alias.aliases";

    private final MeterRegistry registry;
    /** namespace/name → last recorded reason. Guarded by this. */
    private final Map<String, String> reasons = new HashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    public AliasReadinessMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Every reason a MilvusAlias can report starts at 0, so dashboards and alerts see all series.
        for (Reason reason : Reason.values()) {
            if (reason != Reason.Connected && reason != Reason.InUse) { // MilvusConnection-only reasons
                gauge(reason.name());
            }
        }
    }

    /** The resource's Ready condition now has {@code readyReason}; {@code null} is the same as {@link #forget}. */
    public synchronized void record(String namespace, String name, String readyReason) {
        if (readyReason == null) {
            forget(namespace, name);
            return;
        }
        String previous = reasons.put(key(namespace, name), readyReason);
        if (!readyReason.equals(previous)) {
            if (previous != null) {
                gauge(previous).decrementAndGet();
            }
            gauge(readyReason).incrementAndGet();
        }
    }

    /** The resource is gone (deleted, finalizer released): it no longer counts. */
    public synchronized void forget(String namespace, String name) {
        String previous = reasons.remove(key(namespace, name));
        if (previous != null) {
            gauge(previous).decrementAndGet();
        }
    }

    /** Resources whose last recorded reason is {@code reason}. */
    public int count(String reason) {
        AtomicInteger count = counts.get(reason);
        return count == null ? 0 : count.get();
    }

    private AtomicInteger gauge(String reason) {
        return counts.computeIfAbsent(reason, r -> {
            AtomicInteger value = new AtomicInteger();
            Meters.removeExisting(registry, GAUGE, Tags.of("reason", r));
            Gauge.builder(GAUGE, value, AtomicInteger::get)
                    .description("MilvusAlias resources by the reason of their Ready condition")
                    .tag("reason", r)
                    .strongReference(true)
                    .register(registry);
            return value;
        });
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
