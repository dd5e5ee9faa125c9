package dev.milvusalias.reconcile;

import java.util.Optional;
import java.util.OptionalLong;

import dev.milvusalias.api.SwitchPolicy;
import dev.milvusalias.milvus.AliasBinding;
import dev.milvusalias.milvus.AliasStore;
import dev.milvusalias.milvus.CollectionSchema;
import dev.milvusalias.milvus.IndexProgress;
import dev.milvusalias.milvus.LoadState;
import dev.milvusalias.milvus.MilvusEndpoint;
import dev.milvusalias.reconcile.AliasPlanner.Create;
import dev.milvusalias.reconcile.AliasPlanner.GateFacts;
import dev.milvusalias.reconcile.AliasPlanner.Observed;
import dev.milvusalias.reconcile.AliasPlanner.Plan;
import dev.milvusalias.reconcile.AliasPlanner.Switch;

/**
 * The reads of an apply, each made only when the decision needs it, none twice: DescribeAlias always;
 * before a write, GetLoadState of the target (which also says whether it exists: no HasCollection), then
 * only what the switch policy asks for. Whether the alias name is taken by a collection is left to
 * CreateAlias itself, which answers so. Never writes.
 */
final class AliasObserver {

    private final AliasStore milvus;

    AliasObserver(AliasStore milvus) {
        this.milvus = milvus;
    }

    /** A plan after the gates, with the facts they read (row counts go to status). */
    record Gated(Plan plan, Optional<GateFacts> facts) {
    }

    /**
     * Where the alias points now. When CreateAlias refused the name last time ({@code nameWasTaken}), one
     * more read tells whether a collection still holds it, so a misconfigured resource costs reads, not a
     * refused write (and two status writes) per resync.
     */
    Observed observe(MilvusEndpoint endpoint, AliasBinding desired, boolean nameWasTaken) {
        Optional<String> target = milvus.describe(endpoint, desired.ref()).map(AliasBinding::collection);
        boolean nameIsCollection = target.isEmpty() && nameWasTaken
                && milvus.loadState(endpoint, desired.database(), desired.alias()) != LoadState.NOT_FOUND;
        return new Observed(target, nameIsCollection);
    }

    /** Reads what the gates need for a create or switch, and applies them; other plans pass as they are. */
    Gated gate(MilvusEndpoint endpoint, Plan plan, SwitchPolicy policy) {
        AliasBinding target;
        String from = null;
        if (plan instanceof Create c) {
            target = c.binding();
        } else if (plan instanceof Switch sw) {
            target = sw.binding();
            from = sw.from();
        } else {
            return new Gated(plan, Optional.empty());
        }
        String database = target.database();
        LoadState state = milvus.loadState(endpoint, database, target.collection());
        GateFacts facts = new GateFacts(state, Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty());
        boolean ready = state == LoadState.LOADED || (state != LoadState.NOT_FOUND && !SwitchPolicy.requireLoaded(policy));
        if (!ready) {
            return new Gated(AliasPlanner.gate(plan, policy, facts), Optional.of(facts));
        }
        CollectionSchema targetSchema = null;
        Optional<String> difference = Optional.empty();
        if (AliasPlanner.needsSchemaCheck(plan, policy)) {
            targetSchema = milvus.schema(endpoint, database, target.collection());
            difference = CollectionSchema.firstDifference(from, milvus.schema(endpoint, database, from),
                    target.collection(), targetSchema);
            if (difference.isPresent()) {
                facts = new GateFacts(state, difference, OptionalLong.empty(), OptionalLong.empty(), Optional.empty());
                return new Gated(AliasPlanner.gate(plan, policy, facts), Optional.of(facts));
            }
        }
        OptionalLong targetRows = AliasPlanner.needsTargetRows(plan, policy)
                ? OptionalLong.of(milvus.rowCount(endpoint, database, target.collection())) : OptionalLong.empty();
        OptionalLong currentRows = AliasPlanner.needsCurrentRows(plan, policy)
                ? OptionalLong.of(milvus.rowCount(endpoint, database, from)) : OptionalLong.empty();
        facts = new GateFacts(state, difference, targetRows, currentRows, Optional.empty());
        Optional<IndexProgress> index = Optional.empty();
        if (AliasPlanner.needsIndex(plan, policy) && !AliasPlanner.blockedBeforeIndex(plan, policy, facts)) {
            CollectionSchema schema = targetSchema != null ? targetSchema : milvus.schema(endpoint, database, target.collection());
            index = Optional.of(milvus.indexProgress(endpoint, database, target.collection(), schema));
        }
        facts = new GateFacts(state, difference, targetRows, currentRows, index);
        return new Gated(AliasPlanner.gate(plan, policy, facts), Optional.of(facts));
    }
}
