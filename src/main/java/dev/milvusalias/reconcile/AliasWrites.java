package dev.milvusalias.reconcile;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasStatus;
import dev.milvusalias.api.PendingChange.Operation;
import dev.milvusalias.milvus.AliasStore;
import dev.milvusalias.milvus.MilvusEndpoint;
import dev.milvusalias.reconcile.AliasPlanner.Create;
import dev.milvusalias.reconcile.AliasPlanner.Pending;
import dev.milvusalias.reconcile.AliasPlanner.Switch;

/**
 * The apply's Milvus writes, each in the same four steps: record the intent in status, write to
 * Milvus, record the outcome in status, emit the event. A crash between any two leaves a trace the
 * next reconcile resolves ({@link WriteAhead}).
 */
final class AliasWrites {

    private final AliasStore milvus;
    private final WriteAhead writeAhead;
    private final AliasStatusFactory statuses;
    private final EventRecorder events;

    AliasWrites(AliasStore milvus, WriteAhead writeAhead, AliasStatusFactory statuses, EventRecorder events) {
        this.milvus = milvus;
        this.writeAhead = writeAhead;
        this.statuses = statuses;
        this.events = events;
    }

    /** CreateAlias; returns the resource as stored, Ready=True. */
    MilvusAlias create(MilvusAlias resource, MilvusEndpoint endpoint, Create create, StatusWriter writer) {
        MilvusAlias stored = writeAhead.record(resource, writer, Operation.Create, create.event(), create.binding(), null);
        milvus.create(endpoint, create.binding());
        MilvusAlias done = writer.write(stored, statuses.bound(stored, create.binding(), null));
        events.normal(done, create.event(), AliasEvents.created(create));
        return done;
    }

    /**
     * An earlier attempt's write took (Milvus says so) but its outcome was never recorded: its event, and
     * the status to record. When the spec has moved on since, that status keeps Ready as it was.
     */
    MilvusAliasStatus confirm(MilvusAlias resource, Pending pending) {
        String from = pending.operation() == Operation.Alter ? pending.from() : null;
        boolean adopted = pending.event() == EventReason.Adopted;
        events.normal(resource, pending.event(), from == null
                ? AliasEvents.created(new Create(pending.binding(), pending.event()))
                : AliasEvents.switched(new Switch(pending.binding(), from, pending.event())));
        return pending.binding().collection().equals(resource.getSpec().getCollectionName())
                ? statuses.bound(resource, pending.binding(), from, adopted)
                : statuses.confirmedOnly(resource, pending.binding(), from, adopted);
    }

    /** AlterAlias; returns the resource as stored, Ready=True. */
    MilvusAlias alter(MilvusAlias resource, MilvusEndpoint endpoint, Switch sw, StatusWriter writer) {
        MilvusAlias stored = writeAhead.record(resource, writer, Operation.Alter, sw.event(), sw.binding(), sw.from());
        milvus.alter(endpoint, sw.binding());
        MilvusAlias done = writer.write(stored, statuses.bound(stored, sw.binding(), sw.from(),
                sw.event() == EventReason.Adopted));
        events.normal(done, sw.event(), AliasEvents.switched(sw));
        return done;
    }
}
