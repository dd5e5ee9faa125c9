package dev.milvusalias.reconcile;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasStatus;
import dev.milvusalias.api.PendingChange;
import dev.milvusalias.api.PendingChange.Operation;
import dev.milvusalias.milvus.AliasBinding;
import dev.milvusalias.reconcile.AliasPlanner.Pending;

/**
 * Crash consistency: every Milvus write is recorded in status.pendingChange before it is made, so a
 * process that dies (or a status write that fails) right after the write leaves a trace the next
 * reconcile resolves from what Milvus says. Steady state writes nothing: intent only precedes a write.
 */
final class WriteAhead {

    private final AliasStatusFactory statuses;
    private final Clock clock;

    WriteAhead(AliasStatusFactory statuses, Clock clock) {
        this.statuses = statuses;
        this.clock = clock;
    }

    /**
     * Records the write about to be made and returns the resource as stored; the same write already
     * recorded (a retry) is not written again.
     */
    MilvusAlias record(MilvusAlias resource, StatusWriter writer, Operation operation, EventReason event,
            AliasBinding binding, String from) {
        // For a drop, "from" is the collection the alias pointed at: what compare-and-delete compares.
        boolean drop = operation == Operation.Drop;
        PendingChange change = new PendingChange(operation, event.name(), binding.database(), binding.alias(),
                drop ? binding.collection() : from, drop ? null : binding.collection(), Conditions.format(clock.instant()));
        PendingChange recorded = resource.getStatus() == null ? null : resource.getStatus().getPendingChange();
        if (sameWrite(recorded, change)) {
            return resource;
        }
        return writer.write(resource, statuses.pending(resource, change));
    }

    /** The change status says is pending, in the planner's terms. */
    static Optional<Pending> pending(MilvusAliasStatus status) {
        PendingChange change = status == null ? null : status.getPendingChange();
        if (change == null || change.getOperation() == null || change.getAlias() == null) {
            return Optional.empty();
        }
        String database = change.getDatabase() == null ? EndpointResolver.DEFAULT_DATABASE : change.getDatabase();
        boolean drop = change.getOperation() == Operation.Drop;
        String collection = drop ? change.getFrom() : change.getTo();
        if (collection == null) {
            return Optional.empty();
        }
        EventReason event;
        try {
            event = EventReason.valueOf(change.getReason());
        } catch (IllegalArgumentException | NullPointerException e) {
            event = drop ? EventReason.Dropped : EventReason.Created;
        }
        return Optional.of(new Pending(change.getOperation(), event, new AliasBinding(database, change.getAlias(), collection),
                drop ? null : change.getFrom()));
    }

    /**
     * The key of the event that records the pending write: the same for every attempt that finishes it, so that an
     * event recorded just before a crash is not recorded twice (see {@link EventRecorder#normalOnce}).
     */
    static String eventKey(MilvusAlias resource) {
        PendingChange change = resource.getStatus().getPendingChange();
        return String.join("/", String.valueOf(resource.getMetadata().getUid()), resource.getMetadata().getNamespace(),
                resource.getMetadata().getName(), String.valueOf(change.getOperation()), change.getReason(),
                change.getDatabase(), change.getAlias(), change.getFrom(), change.getTo(), change.getSince());
    }

    private static boolean sameWrite(PendingChange a, PendingChange b) {
        return a != null && a.getOperation() == b.getOperation() && Objects.equals(a.getReason(), b.getReason())
                && Objects.equals(a.getDatabase(), b.getDatabase()) && Objects.equals(a.getAlias(), b.getAlias())
                && Objects.equals(a.getFrom(), b.getFrom()) && Objects.equals(a.getTo(), b.getTo());
    }
}
