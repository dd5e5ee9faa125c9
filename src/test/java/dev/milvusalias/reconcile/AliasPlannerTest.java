package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.milvusalias.api.AdoptionPolicy;
import dev.milvusalias.api.DeletionPolicy;
import dev.milvusalias.milvus.AliasBinding;
import dev.milvusalias.reconcile.AliasPlanner.Blocked;
import dev.milvusalias.reconcile.AliasPlanner.Create;
import dev.milvusalias.reconcile.AliasPlanner.DeletePlan;
import dev.milvusalias.reconcile.AliasPlanner.Drop;
import dev.milvusalias.reconcile.AliasPlanner.InSync;
import dev.milvusalias.reconcile.AliasPlanner.Observed;
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
                row("alias absent -> create", null, observed(null, true, false), new Create(WANT_V2, EventReason.Created)),
                row("alias absent, bound before -> create again (drift)", BOUND_V2, observed(null, true, false),
                        new Create(WANT_V2, EventReason.DriftCorrected)),
                row("points at desired, never bound -> adopt", null, observed("v2", true, false), new InSync(WANT_V2, true)),
                row("points at desired, bound -> nothing", BOUND_V2, observed("v2", true, false), new InSync(WANT_V2, false)),
                row("points at desired, bound in another database -> adopt", BOUND_OTHER_DB, observed("v2", true, false),
                        new InSync(WANT_V2, true)),
                row("points elsewhere, bound by us, spec changed -> switch", BOUND_V1, observed("v1", true, false),
                        new Switch(WANT_V2, "v1", EventReason.Switched)),
                row("re-pointed outside, bound by us -> switch back (drift)", BOUND_V2, observed("v9", true, false),
                        new Switch(WANT_V2, "v9", EventReason.DriftCorrected)),
                row("points elsewhere, not ours -> refuse", null, observed("v1", true, false), Reason.AliasOwnedElsewhere),
                row("points elsewhere, ours in another database -> refuse", BOUND_OTHER_DB, observed("v1", true, false),
                        Reason.AliasOwnedElsewhere),
                row("target collection missing -> wait", null, observed(null, false, false), Reason.CollectionNotFound),
                row("switch target missing -> wait, keep old target", BOUND_V1, observed("v1", false, false),
                        Reason.CollectionNotFound),
                row("alias name is a collection -> refuse", null, observed(null, true, true), Reason.AliasNameTaken),
                row("alias name is a collection and target missing -> name first", null, observed(null, false, true),
                        Reason.AliasNameTaken));
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
        Plan plan = AliasPlanner.plan(WANT_V2, null, observed(target, true, false), adoption);
        if (expected instanceof Reason reason) {
            assertThat(plan).isInstanceOfSatisfying(Blocked.class, b -> assertThat(b.reason()).isEqualTo(reason));
        } else {
            assertThat(plan).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "adoption {0} never matters once bound")
    @org.junit.jupiter.params.provider.EnumSource(AdoptionPolicy.class)
    void adoptionDoesNotApplyToWhatThisResourceBound(AdoptionPolicy adoption) {
        assertThat(AliasPlanner.plan(WANT_V2, BOUND_V1, observed("v1", true, false), adoption))
                .isEqualTo(new Switch(WANT_V2, "v1", EventReason.Switched));
    }

    static Stream<Arguments> gateTable() {
        Plan create = new Create(WANT_V2, EventReason.Created);
        Plan switched = new Switch(WANT_V2, "v1", EventReason.Switched);
        Plan drift = new Switch(WANT_V2, "v9", EventReason.DriftCorrected);
        Plan inSync = new InSync(WANT_V2, false);
        Optional<String> differs = Optional.of("vector field differs");
        return Stream.of(
                Arguments.of("create, loaded", create, true, true, Optional.empty(), create),
                Arguments.of("create, not loaded", create, true, false, Optional.empty(), Reason.WaitingForTargetLoaded),
                Arguments.of("create, not loaded, check off", create, false, false, Optional.empty(), create),
                Arguments.of("switch, not loaded", switched, true, false, Optional.empty(), Reason.WaitingForTargetLoaded),
                Arguments.of("switch, incompatible", switched, true, true, differs, Reason.IncompatibleSchema),
                Arguments.of("drift repair ignores schema", drift, true, true, differs, drift),
                Arguments.of("in sync is never gated", inSync, true, false, differs, inSync));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gateTable")
    void safeSwitchGate(String name, Plan plan, boolean requireLoaded, boolean loaded, Optional<String> difference,
            Object expected) {
        Plan gated = AliasPlanner.gate(plan, requireLoaded, loaded, true, difference);
        if (expected instanceof Reason reason) {
            assertThat(gated).isInstanceOfSatisfying(Blocked.class, b -> {
                assertThat(b.reason()).isEqualTo(reason);
                assertThat(b.message()).isNotBlank();
            });
        } else {
            assertThat(gated).isEqualTo(expected);
        }
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

    private static Observed observed(String target, boolean collectionExists, boolean aliasIsCollection) {
        return new Observed(Optional.ofNullable(target), collectionExists, aliasIsCollection);
    }
}
