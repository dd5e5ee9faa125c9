package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.SwitchPolicy;
import dev.milvusalias.milvus.IndexBuildState;
import dev.milvusalias.milvus.VectorIndex;

/** The switch gates in the reconcile flow: what they read, what they block, what status shows. */
class SwitchGatesTest extends InMemoryReconcilerTest {

    @BeforeEach
    void rowCounts() {
        milvus.setRowCount("default", "v1", 98_113);
        milvus.setRowCount("default", "v2", 1_204);
    }

    @Test
    void aCreateReadsTheAliasAndTheTargetsLoadStateThenWrites() {
        reconciler.reconcile(TestResources.alias("products", "v1", 1L), lookup, writer);

        assertThat(milvus.calls()).containsExactly("describe", "loadState", "create");
    }

    @Test
    void aSwitchReadsEachThingOnce() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        reconciler.reconcile(alias, lookup, writer);
        int before = milvus.calls().size();
        alias.getSpec().setCollectionName("v2");

        reconciler.reconcile(alias, lookup, writer);

        assertThat(milvus.calls().subList(before, milvus.calls().size()))
                .containsExactly("describe", "loadState", "schema", "schema", "alter");
    }

    @Test
    void aLargeRowCountDropHoldsTheSwitchAndSaysWhyWithTheNumbers() {
        MilvusAlias alias = bound(policy -> policy.setMaxRowCountDropPercent(10));
        alias.getSpec().setCollectionName("v2");

        assertThatThrownBy(() -> reconciler.reconcile(alias, lookup, writer))
                .isInstanceOfSatisfying(RetryableReconcileException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.RowCountDropTooLarge);
                    assertThat(e.getMessage()).contains("v2 has about 1,204 rows; v1 has about 98,113; the drop 98.8 %");
                    assertThat(e.status().getTargetRowCount()).isEqualTo(1_204L);
                    assertThat(e.status().getCurrentRowCount()).isEqualTo(98_113L);
                    assertThat(e.status().getCollectionName()).isEqualTo("v1");
                });
        assertThat(milvus.aliasTarget("default", "products")).contains("v1");
        assertThat(milvus.count("alter")).isZero();
    }

    @Test
    void aTooSmallTargetWaitsAndIsCreatedOnceItHasTheRows() {
        MilvusAlias alias = TestResources.alias("products", "v2", 1L);
        alias.getSpec().setSwitchPolicy(new SwitchPolicy());
        alias.getSpec().getSwitchPolicy().setMinRowCount(5_000L);

        assertThatThrownBy(() -> reconciler.reconcile(alias, lookup, writer))
                .isInstanceOfSatisfying(RetryableReconcileException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WaitingForRowCount));
        assertThat(milvus.count("create")).isZero();

        milvus.setRowCount("default", "v2", 5_000);
        reconciler.reconcile(alias, lookup, writer);
        assertThat(milvus.aliasTarget("default", "products")).contains("v2");
        assertThat(alias.getStatus().getTargetRowCount()).isEqualTo(5_000L);
    }

    @Test
    void anIndexWithPendingRowsHoldsTheSwitch() {
        MilvusAlias alias = bound(policy -> policy.setRequireIndexed(true));
        milvus.setIndex("default", "v2", new VectorIndex("vector", "vector", IndexBuildState.FINISHED, 900, 1_000, 100, null));
        alias.getSpec().setCollectionName("v2");

        assertThatThrownBy(() -> reconciler.reconcile(alias, lookup, writer))
                .isInstanceOfSatisfying(RetryableReconcileException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.WaitingForIndex);
                    assertThat(e.getMessage()).contains("100 pending");
                });
        assertThat(milvus.aliasTarget("default", "products")).contains("v1");

        milvus.setIndex("default", "v2", new VectorIndex("vector", "vector", IndexBuildState.FINISHED, 1_000, 1_000, 0, null));
        reconciler.reconcile(alias, lookup, writer);
        assertThat(milvus.aliasTarget("default", "products")).contains("v2");
    }

    @Test
    void driftIsRepairedEvenWhenTheDeclaredCollectionWouldFailTheGates() {
        MilvusAlias alias = TestResources.alias("products", "v2", 1L);
        reconciler.reconcile(alias, lookup, writer);
        alias.getSpec().setSwitchPolicy(new SwitchPolicy());
        alias.getSpec().getSwitchPolicy().setMinRowCount(1_000_000L);
        milvus.putAlias("default", "products", "v1"); // someone re-pointed it

        reconciler.reconcile(alias, lookup, writer);

        assertThat(milvus.aliasTarget("default", "products")).contains("v2");
        assertThat(events.reasons()).containsExactly("Created", "DriftCorrected");
    }

    private MilvusAlias bound(java.util.function.Consumer<SwitchPolicy> policy) {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        reconciler.reconcile(alias, lookup, writer);
        alias.getSpec().setSwitchPolicy(new SwitchPolicy());
        policy.accept(alias.getSpec().getSwitchPolicy());
        alias.getMetadata().setGeneration(2L);
        return alias;
    }
}
