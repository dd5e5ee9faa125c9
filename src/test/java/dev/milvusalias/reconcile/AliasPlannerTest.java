package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.milvusalias.api.AdoptionPolicy;
import dev.milvusalias.api.DeletionPolicy;
import dev.milvusalias.api.PendingChange.Operation;
import dev.milvusalias.api.SwitchPolicy;
import dev.milvusalias.milvus.AliasBinding;
import dev.milvusalias.milvus.IndexBuildState;
import dev.milvusalias.milvus.IndexProgress;
import dev.milvusalias.milvus.LoadState;
import dev.milvusalias.milvus.VectorIndex;
import dev.milvusalias.reconcile.AliasPlanner.Blocked;
import dev.milvusalias.reconcile.AliasPlanner.Confirmed;
import dev.milvusalias.reconcile.AliasPlanner.Create;
import dev.milvusalias.reconcile.AliasPlanner.DeletePlan;
import dev.milvusalias.reconcile.AliasPlanner.GateFacts;
import dev.milvusalias.reconcile.AliasPlanner.Drop;
import dev.milvusalias.reconcile.AliasPlanner.InSync;
import dev.milvusalias.reconcile.AliasPlanner.Observed;
import dev.milvusalias.reconcile.AliasPlanner.Pending;
import dev.milvusalias.reconcile.AliasPlanner.Plan;
import dev.milvusalias.reconcile.AliasPlanner.Release;
import dev.milvusalias.reconcile.AliasPlanner.Switch;

/** The reconcile and delete tables of the README, one row per case. */
class AliasPlannerTest {

    private static final AliasBinding WANT_V2 = new AliasBinding("default", "products", "v2");
    private static final AliasBinding BOUND_V1 = new AliasBinding("default", "products", "v1");
    private static final AliasBinding BOUND_V2 = WANT_V2;
    private static final AliasBinding BOUND_OTHER_DB = new AliasBinding("other", "products", "v1");

    static Stream<Arguments> applyTable() {
        return Stream.of(
                row("alias absent -> create", null, observed(null), new Create(WANT_V2, EventReason.Created)),
                row("alias absent, bound before -> create again (drift)", BOUND_V2, observed(null),
                        new Create(WANT_V2, EventReason.DriftCorrected)),
                row("points at desired, never bound -> adopt", null, observed("v2"), new InSync(WANT_V2, true)),
                row("points at desired, bound -> nothing", BOUND_V2, observed("v2"), new InSync(WANT_V2, false)),
                row("points at desired, bound in another database -> adopt", BOUND_OTHER_DB, observed("v2"),
                        new InSync(WANT_V2, true)),
                row("points elsewhere, bound by us, spec changed -> switch", BOUND_V1, observed("v1"),
                        new Switch(WANT_V2, "v1", EventReason.Switched)),
                row("re-pointed outside, bound by us -> switch back (drift)", BOUND_V2, observed("v9"),
                        new Switch(WANT_V2, "v9", EventReason.DriftCorrected)),
                row("points elsewhere, not ours -> refuse", null, observed("v1"), Reason.AliasOwnedElsewhere),
                row("points elsewhere, ours in another database -> refuse", BOUND_OTHER_DB, observed("v1"),
                        Reason.AliasOwnedElsewhere));
    }

    static Stream<Arguments> pendingTable() {
        Pending create = new Pending(Operation.Create, EventReason.Created, WANT_V2, null);
        Pending alter = new Pending(Operation.Alter, EventReason.Switched, WANT_V2, "v1");
        return Stream.of(
                Arguments.of("pending create took -> confirmed, not adopted", null, create, "v2", AdoptionPolicy.Never,
                        new Confirmed(create)),
                Arguments.of("pending switch took -> confirmed as switched", BOUND_V1, alter, "v2", AdoptionPolicy.IfMatching,
                        new Confirmed(alter)),
                Arguments.of("pending create did not take -> create again", null, create, null, AdoptionPolicy.Never,
                        new Create(WANT_V2, EventReason.Created)),
                Arguments.of("pending switch did not take -> switch again", BOUND_V1, alter, "v1", AdoptionPolicy.IfMatching,
                        new Switch(WANT_V2, "v1", EventReason.Switched)),
                Arguments.of("pending create, someone else's alias -> foreign", null, create, "v9", AdoptionPolicy.IfMatching,
                        Reason.AliasOwnedElsewhere),
                Arguments.of("pending switch, re-pointed meanwhile -> drift", BOUND_V1, alter, "v9", AdoptionPolicy.IfMatching,
                        new Switch(WANT_V2, "v9", EventReason.Switched)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pendingTable")
    void pendingChange(String name, AliasBinding recorded, Pending pending, String target, AdoptionPolicy adoption,
            Object expected) {
        Plan plan = AliasPlanner.plan(WANT_V2, recorded, Optional.of(pending), observed(target), adoption);
        if (expected instanceof Reason reason) {
            assertThat(plan).isInstanceOfSatisfying(Blocked.class, b -> assertThat(b.reason()).isEqualTo(reason));
        } else {
            assertThat(plan).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("applyTable")
    void apply(String name, AliasBinding recorded, Observed observed, Object expected) {
        Plan plan = AliasPlanner.plan(WANT_V2, recorded, observed, AdoptionPolicy.IfMatching);
        if (expected instanceof Reason reason) {
            assertThat(plan).isInstanceOfSatisfying(Blocked.class, b -> {
                assertThat(b.reason()).isEqualTo(reason);
                assertThat(b.message()).isNotBlank();
            });
        } else {
            assertThat(plan).isEqualTo(expected);
        }
    }

    static Stream<Arguments> adoptionTable() {
        return Stream.of(
                Arguments.of(AdoptionPolicy.IfMatching, "v2", new InSync(WANT_V2, true)),
                Arguments.of(AdoptionPolicy.IfMatching, "v1", Reason.AliasOwnedElsewhere),
                Arguments.of(AdoptionPolicy.Always, "v2", new InSync(WANT_V2, true)),
                Arguments.of(AdoptionPolicy.Always, "v1", new Switch(WANT_V2, "v1", EventReason.Adopted)),
                Arguments.of(AdoptionPolicy.Never, "v2", Reason.AliasOwnedElsewhere),
                Arguments.of(AdoptionPolicy.Never, "v1", Reason.AliasOwnedElsewhere));
    }

    @ParameterizedTest(name = "{0}, pre-existing alias -> {1}")
    @MethodSource("adoptionTable")
    void adoptionOfAnAliasThisResourceDidNotBind(AdoptionPolicy adoption, String target, Object expected) {
        Plan plan = AliasPlanner.plan(WANT_V2, null, observed(target), adoption);
        if (expected instanceof Reason reason) {
            assertThat(plan).isInstanceOfSatisfying(Blocked.class, b -> assertThat(b.reason()).isEqualTo(reason));
        } else {
            assertThat(plan).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "adoption {0} never matters once bound")
    @org.junit.jupiter.params.provider.EnumSource(AdoptionPolicy.class)
    void adoptionDoesNotApplyToWhatThisResourceBound(AdoptionPolicy adoption) {
        assertThat(AliasPlanner.plan(WANT_V2, BOUND_V1, observed("v1"), adoption))
                .isEqualTo(new Switch(WANT_V2, "v1", EventReason.Switched));
    }

    static Stream<Arguments> gateTable() {
        Plan create = new Create(WANT_V2, EventReason.Created);
        Plan switched = new Switch(WANT_V2, "v1", EventReason.Switched);
        Plan drift = new Switch(WANT_V2, "v9", EventReason.DriftCorrected);
        Plan recreate = new Create(WANT_V2, EventReason.DriftCorrected);
        Plan inSync = new InSync(WANT_V2, false);
        SwitchPolicy defaults = new SwitchPolicy();
        SwitchPolicy notLoadedOk = policy(p -> p.setRequireLoaded(false));
        SwitchPolicy min = policy(p -> p.setMinRowCount(1000L));
        SwitchPolicy drop = policy(p -> p.setMaxRowCountDropPercent(10));
        SwitchPolicy indexed = policy(p -> p.setRequireIndexed(true));
        IndexProgress building = new IndexProgress(List.of(new VectorIndex("vector", "vector", IndexBuildState.FINISHED,
                900, 1000, 100, null)));
        IndexProgress built = new IndexProgress(List.of(new VectorIndex("vector", "vector", IndexBuildState.FINISHED,
                1000, 1000, 0, null)));
        Optional<String> differs = Optional.of("vector field differs");
        return Stream.of(
                gate("create, loaded", create, defaults, facts(LoadState.LOADED), create),
                gate("create, target missing", create, defaults, facts(LoadState.NOT_FOUND), Reason.CollectionNotFound),
                gate("switch, target missing, keeps old", switched, notLoadedOk, facts(LoadState.NOT_FOUND),
                        Reason.CollectionNotFound),
                gate("create, not loaded", create, defaults, facts(LoadState.NOT_LOADED), Reason.WaitingForTargetLoaded),
                gate("create, loading", create, defaults, facts(LoadState.LOADING), Reason.WaitingForTargetLoaded),
                gate("create, not loaded, check off", create, notLoadedOk, facts(LoadState.NOT_LOADED), create),
                gate("switch, incompatible", switched, defaults, new GateFacts(LoadState.LOADED, differs,
                        OptionalLong.empty(), OptionalLong.empty(), Optional.empty()), Reason.IncompatibleSchema),
                gate("drift repair ignores schema", drift, defaults, new GateFacts(LoadState.LOADED, differs,
                        OptionalLong.empty(), OptionalLong.empty(), Optional.empty()), drift),
                gate("in sync is never gated", inSync, defaults, facts(LoadState.NOT_LOADED), inSync),
                gate("create, too few rows", create, min, rows(999, -1), Reason.WaitingForRowCount),
                gate("create, enough rows", create, min, rows(1000, -1), create),
                gate("re-create after drift ignores row count", recreate, min, rows(0, -1), recreate),
                gate("switch, drop 10.1 % > 10 %", switched, drop, rows(899, 1000), Reason.RowCountDropTooLarge),
                gate("switch, drop exactly 10 %", switched, drop, rows(900, 1000), switched),
                gate("switch, growth", switched, drop, rows(5000, 1000), switched),
                gate("switch from an empty collection", switched, drop, rows(0, 0), switched),
                gate("switch, index pending rows", switched, indexed, index(building), Reason.WaitingForIndex),
                gate("switch, fully indexed", switched, indexed, index(built), switched),
                gate("drift repair ignores the index", drift, indexed, index(building), drift));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gateTable")
    void switchGates(String name, Plan plan, SwitchPolicy policy, GateFacts facts, Object expected) {
        Plan gated = AliasPlanner.gate(plan, policy, facts);
        if (expected instanceof Reason reason) {
            assertThat(gated).isInstanceOfSatisfying(Blocked.class, b -> {
                assertThat(b.reason()).isEqualTo(reason);
                assertThat(b.message()).isNotBlank();
            });
        } else {
            assertThat(gated).isEqualTo(expected);
        }
    }

    @org.junit.jupiter.api.Test
    void aRowCountDropIsExplainedWithTheNumbers() {
        Plan gated = AliasPlanner.gate(new Switch(new AliasBinding("default", "products", "products_v2"), "products_v1",
                EventReason.Switched), policy(p -> p.setMaxRowCountDropPercent(10)), rows(1204, 98113));

        assertThat(gated).isInstanceOfSatisfying(Blocked.class, b -> assertThat(b.message()).isEqualTo(
                "products_v2 has about 1,204 rows; products_v1 has about 98,113; the drop 98.8 % exceeds"
                        + " switchPolicy.maxRowCountDropPercent 10 % (approximate counts); the alias keeps pointing at products_v1"));
    }

    private static Arguments gate(String name, Plan plan, SwitchPolicy policy, GateFacts facts, Object expected) {
        return Arguments.of(name, plan, policy, facts, expected);
    }

    private static SwitchPolicy policy(java.util.function.Consumer<SwitchPolicy> settings) {
        SwitchPolicy policy = new SwitchPolicy();
        settings.accept(policy);
        return policy;
    }

    private static GateFacts facts(LoadState state) {
        return new GateFacts(state, Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty());
    }

    private static GateFacts rows(long target, long current) {
        return new GateFacts(LoadState.LOADED, Optional.empty(), OptionalLong.of(target),
                current < 0 ? OptionalLong.empty() : OptionalLong.of(current), Optional.empty());
    }

    private static GateFacts index(IndexProgress progress) {
        return new GateFacts(LoadState.LOADED, Optional.empty(), OptionalLong.empty(), OptionalLong.empty(),
                Optional.of(progress));
    }

    static Stream<Arguments> deleteTable() {
        return Stream.of(
                Arguments.of("Orphan never touches Milvus", DeletionPolicy.Orphan, BOUND_V1, Optional.of("v1"),
                        EventReason.Orphaned),
                Arguments.of("never bound -> release", DeletionPolicy.Delete, null, Optional.empty(), null),
                Arguments.of("already gone -> release", DeletionPolicy.Delete, BOUND_V1, Optional.empty(), null),
                Arguments.of("still ours -> drop", DeletionPolicy.Delete, BOUND_V1, Optional.of("v1"), "drop"),
                Arguments.of("re-pointed by someone -> leave in place", DeletionPolicy.Delete, BOUND_V1, Optional.of("v3"),
                        EventReason.LeftInPlace));
    }

    static Stream<Arguments> deleteWithPendingTable() {
        Pending create = new Pending(Operation.Create, EventReason.Created, BOUND_V1, null);
        Pending alter = new Pending(Operation.Alter, EventReason.Switched, BOUND_V2, "v1");
        Pending drop = new Pending(Operation.Drop, EventReason.Dropped, BOUND_V1, null);
        return Stream.of(
                Arguments.of("unrecorded create took -> drop it", null, create, Optional.of("v1"), BOUND_V1),
                Arguments.of("unrecorded create, alias someone else's -> leave", null, create, Optional.of("v9"),
                        EventReason.LeftInPlace),
                Arguments.of("unrecorded switch took -> drop the new target", BOUND_V1, alter, Optional.of("v2"), BOUND_V2),
                Arguments.of("unrecorded switch did not take -> drop the old", BOUND_V1, alter, Optional.of("v1"), BOUND_V1),
                Arguments.of("drop took before a crash -> Dropped", BOUND_V1, drop, Optional.empty(), EventReason.Dropped),
                Arguments.of("drop did not take -> drop", BOUND_V1, drop, Optional.of("v1"), BOUND_V1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deleteWithPendingTable")
    void deleteWithAPendingChange(String name, AliasBinding recorded, Pending pending, Optional<String> current,
            Object expected) {
        assertThat(AliasPlanner.deleteNeedsObservation(DeletionPolicy.Delete, recorded, Optional.of(pending))).isTrue();
        DeletePlan plan = AliasPlanner.planDelete(DeletionPolicy.Delete, recorded, Optional.of(pending), current);
        if (expected instanceof AliasBinding binding) {
            assertThat(plan).isEqualTo(new Drop(binding));
        } else {
            assertThat(plan).isInstanceOfSatisfying(Release.class, r -> assertThat(r.event()).isEqualTo(expected));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deleteTable")
    void delete(String name, DeletionPolicy policy, AliasBinding recorded, Optional<String> current, Object expected) {
        DeletePlan plan = AliasPlanner.planDelete(policy, recorded, current);
        if ("drop".equals(expected)) {
            assertThat(plan).isEqualTo(new Drop(recorded));
        } else {
            assertThat(plan).isInstanceOfSatisfying(Release.class, r -> assertThat(r.event()).isEqualTo(expected));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deleteTable")
    void onlyBoundDeletePoliciesLookAtMilvus(String name, DeletionPolicy policy, AliasBinding recorded,
            Optional<String> current, Object expected) {
        assertThat(AliasPlanner.deleteNeedsObservation(policy, recorded))
                .isEqualTo(policy == DeletionPolicy.Delete && recorded != null);
    }

    private static Arguments row(String name, AliasBinding recorded, Observed observed, Object expected) {
        return Arguments.of(name, recorded, observed, expected);
    }

    private static Observed observed(String target) {
        return new Observed(Optional.ofNullable(target));
    }
}
