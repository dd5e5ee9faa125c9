package dev.milvusalias.reconcile;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import dev.milvusalias.api.AdoptionPolicy;
import dev.milvusalias.api.DeletionPolicy;
import dev.milvusalias.api.PendingChange.Operation;
import dev.milvusalias.api.SwitchPolicy;
import dev.milvusalias.milvus.AliasBinding;
import dev.milvusalias.milvus.IndexProgress;
import dev.milvusalias.milvus.LoadState;

/**
 * Decides what to do from three facts: what the resource wants, what it last bound (its status)
 * and what Milvus says now. Pure: no I/O, no clock, so every row of the decision table is a unit test.
 */
public final class AliasPlanner {

    private AliasPlanner() {
    }

    /**
     * What Milvus says now about the alias: where it points, or empty when it does not exist; and, only
     * when CreateAlias refused the name before, whether a collection still holds that name.
     */
    public record Observed(Optional<String> aliasTarget, boolean aliasNameIsCollection) {

        public Observed(Optional<String> aliasTarget) {
            this(aliasTarget, false);
        }
    }

    /**
     * What the switch gates read from Milvus about the target (and the current collection), each only
     * when a check of the policy needs it.
     *
     * @param targetState the target's load state (always read: it also says whether the target exists)
     * @param schemaDifference the first schema difference between current and target, when checked
     * @param targetRows the target's approximate row count, when checked
     * @param currentRows the current collection's approximate row count, when checked
     * @param targetIndex the target's vector index builds, when checked
     */
    public record GateFacts(LoadState targetState, Optional<String> schemaDifference, OptionalLong targetRows,
            OptionalLong currentRows, Optional<IndexProgress> targetIndex) {
    }

    /** The outcome of planning an apply. */
    public sealed interface Plan {
    }

    /** CreateAlias. {@code event} is Created, or DriftCorrected when this resource had bound it before. */
    public record Create(AliasBinding binding, EventReason event) implements Plan {
    }

    /**
     * AlterAlias from {@code from}. {@code event} is Switched (spec changed), DriftCorrected (someone
     * re-pointed it) or Adopted (adoption: Always took over an alias that existed before).
     */
    public record Switch(AliasBinding binding, String from, EventReason event) implements Plan {
    }

    /** The alias already points where it should. {@code adopted} when this resource had not bound it yet. */
    public record InSync(AliasBinding binding, boolean adopted) implements Plan {
    }

    /** Nothing can be done now; say why. */
    public record Blocked(Reason reason, String message) implements Plan {
    }

    /**
     * A write an earlier attempt recorded (status.pendingChange) and made: Milvus shows it took; finish it
     * (its event, its status). When the spec has moved on since, the next plan starts from there.
     */
    public record Confirmed(Pending pending) implements Plan {
    }

    /**
     * A write recorded in status before it was made (status.pendingChange), not yet confirmed.
     *
     * @param binding the alias and the collection it points at once the write took (for Drop: the one dropped)
     * @param from the collection before an Alter, else null
     */
    public record Pending(Operation operation, EventReason event, AliasBinding binding, String from) {
    }

    /** As {@link #plan(AliasBinding, AliasBinding, Optional, Observed, AdoptionPolicy)} with nothing pending. */
    public static Plan plan(AliasBinding desired, AliasBinding recorded, Observed observed, AdoptionPolicy adoption) {
        return plan(desired, recorded, Optional.empty(), observed, adoption);
    }

    /**
     * @param desired alias and collection the spec asks for
     * @param recorded what this resource last bound (from status), or null when it never bound one
     * @param pending a write recorded before it was made, whose outcome is not known yet
     * @param observed what Milvus says now
     * @param adoption what to do with an alias this resource did not bind
     */
    public static Plan plan(AliasBinding desired, AliasBinding recorded, Optional<Pending> pending, Observed observed,
            AdoptionPolicy adoption) {
        Optional<String> current = observed.aliasTarget();
        // Our own write took, but status never said so: it is ours, not someone else's.
        Optional<Pending> took = pending.filter(p -> p.operation() != Operation.Drop
                && p.binding().ref().equals(desired.ref()) && current.equals(Optional.of(p.binding().collection())));
        if (took.isPresent()) {
            return new Confirmed(took.get());
        }
        boolean boundByUs = recorded != null && recorded.ref().equals(desired.ref());

        if (current.isPresent() && !boundByUs && adoption == AdoptionPolicy.Never) {
            return new Blocked(Reason.AliasOwnedElsewhere, "alias " + desired.alias() + " in database "
                    + desired.database() + " existed before this resource (it points at " + current.get()
                    + ") and adoption is Never; it is left untouched");
        }
        if (current.isPresent() && current.get().equals(desired.collection())) {
            return new InSync(desired, !boundByUs);
        }
        if (current.isPresent() && !boundByUs && adoption != AdoptionPolicy.Always) {
            return new Blocked(Reason.AliasOwnedElsewhere, "alias " + desired.alias() + " in database "
                    + desired.database() + " already points at collection " + current.get()
                    + " and was not created by this resource; it is left untouched"
                    + " (set adoption: Always to take it over)");
        }
        if (current.isEmpty() && observed.aliasNameIsCollection()) {
            return new Blocked(Reason.AliasNameTaken, "a collection named " + desired.alias()
                    + " exists in database " + desired.database() + "; an alias cannot take its name");
        }
        if (current.isEmpty()) {
            return new Create(desired, boundByUs ? EventReason.DriftCorrected : EventReason.Created);
        }
        if (!boundByUs) {
            return new Switch(desired, current.get(), EventReason.Adopted);
        }
        // Bound by us and pointing elsewhere: a spec change (Switched) or an outside re-point (DriftCorrected).
        boolean specChanged = !Objects.equals(recorded.collection(), desired.collection());
        return new Switch(desired, current.get(), specChanged ? EventReason.Switched : EventReason.DriftCorrected);
    }

    /** A create or switch onto the declared collection by choice, not a repair of drift back to it. */
    public static boolean deliberate(Plan plan) {
        return (plan instanceof Create c && c.event() != EventReason.DriftCorrected)
                || (plan instanceof Switch sw && sw.event() != EventReason.DriftCorrected);
    }

    /** Whether {@link #gate} needs both schemas: only for a deliberate switch. */
    public static boolean needsSchemaCheck(Plan plan, SwitchPolicy policy) {
        return SwitchPolicy.requireCompatibleSchema(policy) && plan instanceof Switch && deliberate(plan);
    }

    /** Whether {@link #gate} needs the target's row count. */
    public static boolean needsTargetRows(Plan plan, SwitchPolicy policy) {
        return deliberate(plan) && policy != null && (policy.getMinRowCount() != null || needsCurrentRows(plan, policy));
    }

    /** Whether {@link #gate} needs the current collection's row count: only a switch can lose rows. */
    public static boolean needsCurrentRows(Plan plan, SwitchPolicy policy) {
        return plan instanceof Switch && deliberate(plan) && policy != null && policy.getMaxRowCountDropPercent() != null;
    }

    /** Whether {@link #gate} needs the target's index builds. */
    public static boolean needsIndex(Plan plan, SwitchPolicy policy) {
        return deliberate(plan) && SwitchPolicy.requireIndexed(policy);
    }

    /**
     * The switch gates: hold a create or switch back while the target is missing, not loaded, of an
     * incompatible schema, too small, or not indexed. The alias keeps its old target meanwhile.
     */
    public static Plan gate(Plan plan, SwitchPolicy policy, GateFacts facts) {
        return gate(plan, policy, facts, true);
    }

    /** Whether a gate before the index check already holds the plan back (then the index need not be read). */
    public static boolean blockedBeforeIndex(Plan plan, SwitchPolicy policy, GateFacts facts) {
        return gate(plan, policy, facts, false) instanceof Blocked;
    }

    private static Plan gate(Plan plan, SwitchPolicy policy, GateFacts facts, boolean checkIndex) {
        AliasBinding target;
        String keeps = "";
        if (plan instanceof Create c) {
            target = c.binding();
        } else if (plan instanceof Switch sw) {
            target = sw.binding();
            keeps = "; the alias keeps pointing at " + sw.from();
        } else {
            return plan;
        }
        String name = target.collection();
        if (facts.targetState() == LoadState.NOT_FOUND) {
            return new Blocked(Reason.CollectionNotFound, "collection " + name + " does not exist in database "
                    + target.database() + keeps);
        }
        if (SwitchPolicy.requireLoaded(policy) && facts.targetState() != LoadState.LOADED) {
            return new Blocked(Reason.WaitingForTargetLoaded, "collection " + name
                    + " is not loaded yet (switchPolicy.requireLoaded)" + keeps);
        }
        if (needsSchemaCheck(plan, policy) && facts.schemaDifference().isPresent()) {
            return new Blocked(Reason.IncompatibleSchema, facts.schemaDifference().get()
                    + " (switchPolicy.requireCompatibleSchema)" + keeps);
        }
        if (needsTargetRows(plan, policy) && policy.getMinRowCount() != null
                && facts.targetRows().getAsLong() < policy.getMinRowCount()) {
            return new Blocked(Reason.WaitingForRowCount, name + " has about " + rows(facts.targetRows().getAsLong())
                    + " rows, fewer than switchPolicy.minRowCount " + rows(policy.getMinRowCount())
                    + " (approximate count: rows not flushed yet are missing)" + keeps);
        }
        if (needsCurrentRows(plan, policy)) {
            long before = facts.currentRows().getAsLong();
            long after = facts.targetRows().getAsLong();
            double drop = before == 0 ? 0 : (before - after) * 100.0 / before;
            if (drop > policy.getMaxRowCountDropPercent()) {
                return new Blocked(Reason.RowCountDropTooLarge, String.format(Locale.ROOT,
                        "%s has about %s rows; %s has about %s; the drop %.1f %% exceeds switchPolicy.maxRowCountDropPercent"
                                + " %d %% (approximate counts)%s",
                        name, rows(after), ((Switch) plan).from(), rows(before), drop, policy.getMaxRowCountDropPercent(),
                        keeps));
            }
        }
        if (checkIndex && needsIndex(plan, policy) && !facts.targetIndex().map(IndexProgress::fullyBuilt).orElse(false)) {
            return new Blocked(Reason.WaitingForIndex, "collection " + name + " is not fully indexed: "
                    + facts.targetIndex().map(IndexProgress::summary).orElse("no index")
                    + " (switchPolicy.requireIndexed)" + keeps);
        }
        return plan;
    }

    private static String rows(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** The outcome of planning a delete. */
    public sealed interface DeletePlan {
    }

    /** DropAlias, then release the finalizer. */
    public record Drop(AliasBinding binding) implements DeletePlan {
    }

    /** Release the finalizer without touching Milvus. */
    public record Release(EventReason event, String message) implements DeletePlan {
    }

    /** Whether planning a delete needs to look at Milvus at all. */
    public static boolean deleteNeedsObservation(DeletionPolicy policy, AliasBinding recorded) {
        return deleteNeedsObservation(policy, recorded, Optional.empty());
    }

    /** Whether planning a delete needs to look at Milvus: a binding is recorded, or a write is pending. */
    public static boolean deleteNeedsObservation(DeletionPolicy policy, AliasBinding recorded, Optional<Pending> pending) {
        return policy != DeletionPolicy.Orphan && (recorded != null || pending.isPresent());
    }

    /** As {@link #planDelete(DeletionPolicy, AliasBinding, Optional, Optional)} with nothing pending. */
    public static DeletePlan planDelete(DeletionPolicy policy, AliasBinding recorded, Optional<String> currentTarget) {
        return planDelete(policy, recorded, Optional.empty(), currentTarget);
    }

    /**
     * Compare-and-delete: drop only what this resource bound (or was binding when it stopped), and
     * only while the alias still points there.
     *
     * @param pending a write recorded before it was made, whose outcome is not known yet
     * @param currentTarget where the alias points now; empty when it (or its database) is gone
     */
    public static DeletePlan planDelete(DeletionPolicy policy, AliasBinding recorded, Optional<Pending> pending,
            Optional<String> currentTarget) {
        if (policy == DeletionPolicy.Orphan) {
            return new Release(EventReason.Orphaned, "deletionPolicy is Orphan; alias left in Milvus");
        }
        Optional<AliasBinding> binding = pending.filter(p -> p.operation() != Operation.Drop)
                .map(Pending::binding)
                .filter(b -> currentTarget.equals(Optional.of(b.collection())) || recorded == null);
        AliasBinding ours = binding.orElse(recorded);
        if (ours == null) {
            return new Release(null, "this resource never bound an alias; nothing to drop");
        }
        if (currentTarget.isEmpty()) {
            boolean dropped = pending.filter(p -> p.operation() == Operation.Drop).isPresent();
            return dropped ? new Release(EventReason.Dropped, "Dropped alias " + ours + " (confirmed on a later attempt)")
                    : new Release(null, "alias " + ours.alias() + " is already gone");
        }
        if (currentTarget.get().equals(ours.collection())) {
            return new Drop(ours);
        }
        return new Release(EventReason.LeftInPlace, "alias " + ours.alias() + " now points at "
                + currentTarget.get() + ", not at " + ours.collection()
                + " which this resource bound; someone else re-pointed it, so it is left in place");
    }
}
