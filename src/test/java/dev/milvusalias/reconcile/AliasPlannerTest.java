package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
        Plan plan = AliasPlanner.plan(WANT_V2, recorded, observed);
        if (expected instanceof Reason reason) {
            assertThat(plan).isInstanceOfSatisfying(Blocked.class, b -> {
                assertThat(b.reason()).isEqualTo(reason);
                assertThat(b.message()).isNotBlank();
            });
        } else {
            assertThat(plan).isEqualTo(expected);
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
