package dev.milvusalias.reconcile;

import java.util.Optional;

import dev.milvusalias.api.SwitchPolicy;
import dev.milvusalias.milvus.AliasBinding;
import dev.milvusalias.milvus.AliasStore;
import dev.milvusalias.milvus.CollectionSchema;
import dev.milvusalias.milvus.MilvusEndpoint;
import dev.milvusalias.reconcile.AliasPlanner.Create;
import dev.milvusalias.reconcile.AliasPlanner.Observed;
import dev.milvusalias.reconcile.AliasPlanner.Plan;
import dev.milvusalias.reconcile.AliasPlanner.Switch;

/** The reads of an apply: what the planner needs from Milvus, and what the switch gates need. Never writes. */
final class AliasObserver {

    private final AliasStore milvus;

    AliasObserver(AliasStore milvus) {
        this.milvus = milvus;
    }

    /** Where the alias points, and whether the names involved are collections, as far as the plan needs. */
    Observed observe(MilvusEndpoint endpoint, AliasBinding desired) {
        Optional<String> target = milvus.describe(endpoint, desired.ref()).map(AliasBinding::collection);
        boolean collectionExists = !AliasPlanner.needsCollectionCheck(desired, target)
                || milvus.collectionExists(endpoint, desired.database(), desired.collection());
        boolean aliasNameIsCollection = target.isEmpty()
                && milvus.collectionExists(endpoint, desired.database(), desired.alias());
        return new Observed(target, collectionExists, aliasNameIsCollection);
    }

    /** The safe-switch gate: looks at load state and schemas only when a create or switch is planned. */
    Plan gate(MilvusEndpoint endpoint, Plan plan, SwitchPolicy policy) {
        boolean requireLoaded = SwitchPolicy.requireLoaded(policy);
        boolean requireSchema = SwitchPolicy.requireCompatibleSchema(policy);
        boolean loaded = true;
        if (AliasPlanner.needsLoadCheck(plan, requireLoaded)) {
            AliasBinding target = plan instanceof Create c ? c.binding() : ((Switch) plan).binding();
            loaded = milvus.isLoaded(endpoint, target.database(), target.collection());
        }
        Optional<String> difference = Optional.empty();
        if (loaded && AliasPlanner.needsSchemaCheck(plan, requireSchema)) {
            Switch sw = (Switch) plan;
            String database = sw.binding().database();
            difference = CollectionSchema.firstDifference(sw.from(), milvus.schema(endpoint, database, sw.from()),
                    sw.binding().collection(), milvus.schema(endpoint, database, sw.binding().collection()));
        }
        return AliasPlanner.gate(plan, requireLoaded, loaded, requireSchema, difference);
    }
}
