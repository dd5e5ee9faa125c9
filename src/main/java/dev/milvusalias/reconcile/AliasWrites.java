package dev.milvusalias.reconcile;

import java.util.Optional;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasStatus;
import dev.milvusalias.api.PendingChange.Operation;
import dev.milvusalias.milvus.AliasBinding;
import dev.milvusalias.milvus.AliasStore;
import dev.milvusalias.milvus.MilvusEndpoint;
import dev.milvusalias.milvus.MilvusException;
import dev.milvusalias.reconcile.AliasPlanner.Create;
import dev.milvusalias.reconcile.AliasPlanner.GateFacts;
import dev.milvusalias.reconcile.AliasPlanner.Pending;
import dev.milvusalias.reconcile.AliasPlanner.Switch;

/**
 * The apply's Milvus writes, each in the same four steps: record the intent in status, write to
 * Milvus, emit the event, record the outcome in status. A crash between any two leaves a trace the
 * next reconcile resolves ({@link WriteAhead}); the event is keyed by the intent, so the attempt that
 * finishes a write records its event once whether or not the interrupted one got that far. A write Milvus refuses for good (the name is a
 * collection, the alias points elsewhere, a denied privilege) clears the intent and says why.
 */
final class AliasWrites {

    private final AliasStore milvus;
    private final WriteAhead writeAhead;
    private final AliasStatusFactory statuses;
    private final EventRecorder events;
    private final FailureWarnings warnings;

    /** The resource as stored after the write, and its Ready reason. */
    record Written(MilvusAlias stored, Reason reason) {
    }

    AliasWrites(AliasStore milvus, WriteAhead writeAhead, AliasStatusFactory statuses, EventRecorder events) {
        this.milvus = milvus;
        this.writeAhead = writeAhead;
        this.statuses = statuses;
        this.events = events;
        this.warnings = new FailureWarnings(events);
    }

    /** CreateAlias. */
    Written create(MilvusAlias resource, MilvusEndpoint endpoint, Create create, Optional<GateFacts> facts,
            StatusWriter writer) {
        MilvusAlias stored = writeAhead.record(resource, writer, Operation.Create, create.event(), create.binding(), null);
        return write(stored, writer, facts, () -> milvus.create(endpoint, create.binding()),
                statuses.bound(stored, create.binding(), null), create.event(), AliasEvents.created(create));
    }

    /** AlterAlias. */
    Written alter(MilvusAlias resource, MilvusEndpoint endpoint, Switch sw, Optional<GateFacts> facts, StatusWriter writer) {
        MilvusAlias stored = writeAhead.record(resource, writer, Operation.Alter, sw.event(), sw.binding(), sw.from());
        return write(stored, writer, facts, () -> milvus.alter(endpoint, sw.binding()),
                statuses.bound(stored, sw.binding(), sw.from(), sw.event() == EventReason.Adopted), sw.event(),
                AliasEvents.switched(sw));
    }

    /**
     * An earlier attempt's write took (Milvus says so) but its outcome was never recorded: its event, and
     * the status to record, dated when the write was recorded. When the spec has moved on since, that
     * status keeps Ready as it was.
     */
    MilvusAliasStatus confirm(MilvusAlias resource, Pending pending) {
        String from = pending.operation() == Operation.Alter ? pending.from() : null;
        boolean adopted = pending.event() == EventReason.Adopted;
        String message = from == null
                ? AliasEvents.created(new Create(pending.binding(), pending.event()))
                : AliasEvents.switched(new Switch(pending.binding(), from, pending.event()));
        events.normalOnce(resource, pending.event(), message, WriteAhead.eventKey(resource));
        AliasBinding binding = pending.binding();
        String since = resource.getStatus().getPendingChange().getSince();
        return binding.collection().equals(resource.getSpec().getCollectionName())
                ? statuses.bound(resource, binding, from, adopted, since)
                : statuses.confirmedOnly(resource, binding, from, adopted, since);
    }

    private Written write(MilvusAlias stored, StatusWriter writer, Optional<GateFacts> facts, Runnable milvusWrite,
            MilvusAliasStatus bound, EventReason event, String message) {
        try {
            milvusWrite.run();
        } catch (MilvusException e) {
            Reason reason = FailureReasons.reasonFor(e.failure());
            if (FailureReasons.retried(reason)) {
                throw e; // the outcome may be unknown (a timeout): the intent stays for the next look
            }
            MilvusAliasStatus refused = statuses.withRowCounts(statuses.notReadyAfterLooking(stored, reason,
                    e.getMessage()), facts);
            warnings.onNewFailure(stored, refused, reason);
            return new Written(writer.write(stored, refused), reason);
        }
        // Before the outcome: once that is recorded, nothing would tell a later attempt that the event is missing.
        events.normalOnce(stored, event, message, WriteAhead.eventKey(stored));
        MilvusAlias done = writer.write(stored, statuses.withRowCounts(bound, facts));
        return new Written(done, Reason.Bound);
    }
}
