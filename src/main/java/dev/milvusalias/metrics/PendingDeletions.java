package dev.milvusalias.metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The gauge {@value #GAUGE} ({@code milvus_alias_deletions_pending{controller_name}}): resources deleted in Kubernetes
 * (deletionTimestamp set) that are still there, because the operator keeps its finalizer until it has released the
 * alias (Milvus unreachable, connection missing) or, for a MilvusConnection, until no MilvusAlias uses it. A deletion
 * normally completes within a reconcile; a count that stays above 0 means deletions are blocked.
 * <p>
 * Fed by java-operator-sdk's metrics hooks (see {@link OperatorSdkMetrics}): each reconcile reports the resource as the
 * SDK saw it, and the SDK reports when the resource has left the cluster. Like the other reconcile metrics, only the
 * replica that reconciles has non-zero values.
 */
public final class PendingDeletions {

    public static final String GAUGE = "milvus.alias.deletions.pending";

    private final MeterRegistry registry;
    /** controller name → resources seen with a deletionTimestamp and not gone yet. */
    private final Map<String, Set<ResourceID>> pending = new ConcurrentHashMap<>();

    public PendingDeletions(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Starts the controller's series at 0, so that alerts and dashboards see it before the first deletion. */
    public void register(String controller) {
        deletions(controller);
    }

    /** The SDK is about to reconcile {@code resource}: counted while it carries a deletionTimestamp. */
    public void observed(String controller, HasMetadata resource) {
        if (controller == null) {
            return; // the SDK always names the controller; without a name there is no series to count in
        }
        ResourceID id = ResourceID.fromResource(resource);
        if (resource.isMarkedForDeletion()) {
            deletions(controller).add(id);
        } else {
            deletions(controller).remove(id);
        }
    }

    /** The resource has left the cluster (finalizers removed, object deleted). */
    public void gone(String controller, ResourceID id) {
        if (controller == null) {
            return;
        }
        deletions(controller).remove(id);
    }

    /** Resources of {@code controller} waiting for their deletion to complete. */
    public int count(String controller) {
        Set<ResourceID> ids = pending.get(controller);
        return ids == null ? 0 : ids.size();
    }

    private Set<ResourceID> deletions(String controller) {
        return pending.computeIfAbsent(controller, name -> {
            Set<ResourceID> ids = ConcurrentHashMap.newKeySet();
            Tags tags = Tags.of("controller.name", name);
            Meters.removeExisting(registry, GAUGE, tags);
            Gauge.builder(GAUGE, ids, Set::size)
                    .description("Resources deleted in Kubernetes whose finalizer the operator still holds")
                    .tags(tags)
                    .strongReference(true)
                    .register(registry);
            return ids;
        });
    }
}
