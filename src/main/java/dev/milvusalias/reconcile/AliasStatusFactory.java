package dev.milvusalias.reconcile;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.milvusalias.api.Condition;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasStatus;
import dev.milvusalias.api.PendingChange;
import dev.milvusalias.milvus.AliasBinding;
import dev.milvusalias.reconcile.AliasPlanner.GateFacts;

/**
 * Builds a fresh {@link MilvusAliasStatus} from the previous one and what just happened, so the
 * reconciler can compare old with new and write only when something changed.
 */
public class AliasStatusFactory {

    private final Clock clock;
    private final StatusSeal seal;

    /** {@code seal} signs every binding and pending change this factory records, see {@link StatusSeal}. */
    public AliasStatusFactory(Clock clock, StatusSeal seal) {
        this.clock = clock;
        this.seal = seal;
    }

    /** The alias points at {@code binding}; {@code switchedFrom} is non-null when it was just re-pointed. */
    public MilvusAliasStatus bound(MilvusAlias resource, AliasBinding binding, String switchedFrom) {
        return bound(resource, binding, switchedFrom, false);
    }

    /** As {@link #bound(MilvusAlias, AliasBinding, String)}, recording that an existing alias was adopted. */
    public MilvusAliasStatus bound(MilvusAlias resource, AliasBinding binding, String switchedFrom, boolean adopted) {
        return bound(resource, binding, switchedFrom, adopted, null);
    }

    /**
     * As above, a switch dated {@code switchedAt} (RFC 3339), or now when null: an earlier attempt's write confirmed
     * now is dated when its intent was recorded, just before the write, not when a later attempt found that it took.
     */
    public MilvusAliasStatus bound(MilvusAlias resource, AliasBinding binding, String switchedFrom, boolean adopted,
            String switchedAt) {
        MilvusAliasStatus status = copyOf(resource.getStatus());
        recordBinding(resource, status, binding, switchedFrom, adopted, orNow(switchedAt));
        return withReady(status, resource, true, Reason.Bound,
                "alias " + binding.alias() + " points at collection " + binding.collection()
                        + " in database " + binding.database());
    }

    /**
     * Not ready, for {@code reason}; what was bound before stays recorded, and so does a pending
     * change (the write may have happened: only a look at Milvus can tell).
     */
    public MilvusAliasStatus notReady(MilvusAlias resource, Reason reason, String message) {
        return withReady(copyOf(resource.getStatus()), resource, false, reason, message);
    }

    /** Not ready after Milvus was read: a pending change is resolved (it did not take) and forgotten. */
    public MilvusAliasStatus notReadyAfterLooking(MilvusAlias resource, Reason reason, String message) {
        MilvusAliasStatus status = notReady(resource, reason, message);
        status.setPendingChange(null);
        return status;
    }

    /** The status as it is, with {@code change} recorded before the Milvus write it describes. */
    public MilvusAliasStatus pending(MilvusAlias resource, PendingChange change) {
        MilvusAliasStatus status = copyOf(resource.getStatus());
        status.setObservedGeneration(resource.getStatus() == null ? null : resource.getStatus().getObservedGeneration());
        status.setConditions(resource.getStatus() == null ? new ArrayList<>() : resource.getStatus().getConditions());
        if (change != null) {
            change.setSeal(seal.of(resource.getMetadata().getUid(), change));
        }
        status.setPendingChange(change);
        return status;
    }

    /**
     * An earlier attempt's write took, but the spec has moved on since: record that binding as this
     * resource's own, without claiming Ready for the current spec. A switch is dated {@code switchedAt},
     * or now when null.
     */
    public MilvusAliasStatus confirmedOnly(MilvusAlias resource, AliasBinding binding, String switchedFrom,
            boolean adopted, String switchedAt) {
        MilvusAliasStatus status = pending(resource, null);
        recordBinding(resource, status, binding, switchedFrom, adopted, orNow(switchedAt));
        return status;
    }

    /** The status without what this operator did not seal, or empty when it all verifies; see {@link StatusSeal}. */
    public Optional<MilvusAliasStatus> withoutUnsealed(MilvusAlias resource) {
        return seal.withoutUnsealed(resource);
    }

    private String orNow(String time) {
        return time == null ? Conditions.format(clock.instant()) : time;
    }

    /** {@code status} with the row counts a gate just read; counts not read this time stay as they were. */
    public MilvusAliasStatus withRowCounts(MilvusAliasStatus status, Optional<GateFacts> facts) {
        facts.ifPresent(f -> {
            f.targetRows().ifPresent(rows -> status.setTargetRowCount(rows));
            f.currentRows().ifPresent(rows -> status.setCurrentRowCount(rows));
        });
        return status;
    }

    private void recordBinding(MilvusAlias resource, MilvusAliasStatus status, AliasBinding binding,
            String switchedFrom, boolean adopted, String switchedAt) {
        if (adopted) {
            status.setAdopted(true);
        }
        status.setAlias(binding.alias());
        status.setDatabase(binding.database());
        status.setCollectionName(binding.collection());
        status.setSeal(seal.of(resource.getMetadata().getUid(), binding));
        status.setPendingChange(null);
        if (switchedFrom != null) {
            status.setPreviousCollectionName(switchedFrom);
            status.setLastSwitchTime(switchedAt);
        }
    }

    private MilvusAliasStatus withReady(MilvusAliasStatus status, MilvusAlias resource, boolean ready, Reason reason,
            String message) {
        Long generation = resource.getMetadata().getGeneration();
        List<Condition> conditions = new ArrayList<>();
        List<Condition> previous = resource.getStatus() == null ? List.of() : resource.getStatus().getConditions();
        Condition readyCondition = Conditions.ready(Conditions.find(previous, Conditions.READY), ready, reason,
                message, generation, clock);
        conditions.add(readyCondition);
        if (previous != null) {
            previous.stream().filter(c -> !Conditions.READY.equals(c.getType())).forEach(conditions::add);
        }
        status.setConditions(conditions);
        status.setObservedGeneration(generation);
        return status;
    }

    /** The recorded fields of {@code old}, seals included as they are (a copy never re-seals what it did not check). */
    static MilvusAliasStatus copyOf(MilvusAliasStatus old) {
        MilvusAliasStatus fresh = new MilvusAliasStatus();
        if (old != null) {
            fresh.setAlias(old.getAlias());
            fresh.setDatabase(old.getDatabase());
            fresh.setCollectionName(old.getCollectionName());
            fresh.setSeal(old.getSeal());
            fresh.setPreviousCollectionName(old.getPreviousCollectionName());
            fresh.setLastSwitchTime(old.getLastSwitchTime());
            fresh.setAdopted(old.getAdopted());
            fresh.setPendingChange(old.getPendingChange());
            fresh.setTargetRowCount(old.getTargetRowCount());
            fresh.setCurrentRowCount(old.getCurrentRowCount());
        }
        return fresh;
    }
}
