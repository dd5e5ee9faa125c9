package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.milvusalias.api.AdoptionPolicy;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.PendingChange.Operation;
import dev.milvusalias.config.TestSettings;

/**
 * The status write after a successful Milvus write fails (a 500, a conflict, a process that dies), or the process
 * dies while it records the event:
 * the next attempt must finish the change as its own, from what Milvus says, with the right event
 * and status and no second Milvus write — under every adoption policy.
 */
class WriteAheadTest extends InMemoryReconcilerTest {

    @ParameterizedTest
    @EnumSource(AdoptionPolicy.class)
    void createWhoseOutcomeWasNotRecordedIsFinishedAsCreated(AdoptionPolicy adoption) {
        MilvusAlias alias = alias("v1", adoption);
        writer.failNextOutcomeWrite();
        assertThatThrownBy(() -> reconciler.reconcile(alias, lookup, writer)).hasMessageContaining("injected");
        assertThat(milvus.aliasTarget("default", "products")).contains("v1");
        assertThat(alias.getStatus().getPendingChange().getOperation()).isEqualTo(Operation.Create);
        long writes = milvusWrites();

        reconciler.reconcile(alias, lookup, writer);

        assertThat(milvusWrites()).isEqualTo(writes);
        assertThat(events.reasons()).containsExactly("Created");
        assertThat(alias.getStatus().getAdopted()).isNull();
        assertThat(alias.getStatus().getCollectionName()).isEqualTo("v1");
        assertThat(alias.getStatus().getPendingChange()).isNull();
        assertThat(alias.getStatus().getConditions().get(0).getReason()).isEqualTo("Bound");
    }

    @ParameterizedTest
    @EnumSource(AdoptionPolicy.class)
    void switchWhoseOutcomeWasNotRecordedIsFinishedAsSwitched(AdoptionPolicy adoption) {
        MilvusAlias alias = switchCutShort(adoption, writer::failNextOutcomeWrite);

        assertTheNextAttemptFinishesTheSwitch(alias);

        assertThat(alias.getStatus().getLastSwitchTime()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(alias.getStatus().getObservedGeneration()).isEqualTo(2L);
    }

    @ParameterizedTest
    @EnumSource(AdoptionPolicy.class)
    void aSwitchFinishedByTheNextProcessIsDatedWhenItWasMade(AdoptionPolicy adoption) {
        MilvusAlias alias = switchCutShort(adoption, writer::failNextOutcomeWrite);
        // The operator restarts a minute later and finds the switch made.
        Clock later = Clock.offset(CLOCK, Duration.ofMinutes(1));
        new MilvusAliasReconciler(milvus, events, TestSeals.statuses(later), TestSettings.withResync(
                Duration.ofMinutes(5)), later, AliasMetrics.NONE, TestResources.unusedSecretCache()).reconcile(alias, lookup, writer);

        assertThat(alias.getStatus().getLastSwitchTime()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(alias.getStatus().getPreviousCollectionName()).isEqualTo("v1");
        assertThat(alias.getStatus().getPendingChange()).isNull();
    }

    @ParameterizedTest
    @EnumSource(AdoptionPolicy.class)
    void switchWhoseEventWasNotRecordedIsFinishedWithItsEvent(AdoptionPolicy adoption) {
        MilvusAlias alias = switchCutShort(adoption, events::dieAtNextKeyedEvent);

        assertTheNextAttemptFinishesTheSwitch(alias);
    }

    @ParameterizedTest
    @EnumSource(AdoptionPolicy.class)
    void deletionAfterAnUnrecordedCreateDropsTheAliasItMade(AdoptionPolicy adoption) {
        MilvusAlias alias = alias("v1", adoption);
        writer.failNextOutcomeWrite();
        assertThatThrownBy(() -> reconciler.reconcile(alias, lookup, writer)).hasMessageContaining("injected");
        alias.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");

        assertThat(deletion.cleanup(alias, lookup, writer).release()).isTrue();

        assertThat(milvus.aliasTarget("default", "products")).isEmpty();
        assertThat(milvus.count("drop")).isEqualTo(1);
        // The create took, and its event is recorded before its outcome: the alias existed, then was dropped.
        assertThat(events.reasons()).containsExactly("Created", "Dropped");
    }

    @ParameterizedTest
    @EnumSource(AdoptionPolicy.class)
    void dropWhoseReleaseWasLostIsConfirmedWithoutASecondDrop(AdoptionPolicy adoption) {
        MilvusAlias alias = alias("v1", adoption);
        reconciler.reconcile(alias, lookup, writer);
        alias.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        // The drop was recorded and made, then the process died before the finalizer was released.
        new WriteAhead(TestSeals.statuses(CLOCK), CLOCK).record(alias, writer, Operation.Drop, EventReason.Dropped,
                Bindings.recorded(alias.getStatus()), null);
        milvus.removeAlias("default", "products");

        assertThat(deletion.cleanup(alias, lookup, writer).release()).isTrue();

        assertThat(milvus.count("drop")).isZero();
        assertThat(events.reasons()).containsExactly("Created", "Dropped");
    }

    @ParameterizedTest
    @EnumSource(AdoptionPolicy.class)
    void aPendingCreateThatSomeoneElseBeatIsNotTakenOver(AdoptionPolicy adoption) {
        MilvusAlias alias = alias("v1", adoption);
        writer.failNextOutcomeWrite();
        assertThatThrownBy(() -> reconciler.reconcile(alias, lookup, writer)).hasMessageContaining("injected");
        milvus.putAlias("default", "products", "v2"); // someone re-pointed it before we looked again
        long writes = milvusWrites();

        reconciler.reconcile(alias, lookup, writer);

        if (adoption == AdoptionPolicy.Always) {
            assertThat(milvus.aliasTarget("default", "products")).contains("v1");
        } else {
            assertThat(milvusWrites()).isEqualTo(writes);
            assertThat(milvus.aliasTarget("default", "products")).contains("v2");
            assertThat(alias.getStatus().getConditions().get(0).getReason()).isEqualTo("AliasOwnedElsewhere");
            assertThat(alias.getStatus().getPendingChange()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(AdoptionPolicy.class)
    void specChangedWhileACreateWasUnrecordedSwitchesFromIt(AdoptionPolicy adoption) {
        MilvusAlias alias = alias("v1", adoption);
        writer.failNextOutcomeWrite();
        assertThatThrownBy(() -> reconciler.reconcile(alias, lookup, writer)).hasMessageContaining("injected");
        alias.getSpec().setCollectionName("v2");
        alias.getMetadata().setGeneration(2L);

        reconciler.reconcile(alias, lookup, writer); // confirms the create: the alias is ours
        reconciler.reconcile(alias, lookup, writer); // then switches to the new spec

        assertThat(milvus.aliasTarget("default", "products")).contains("v2");
        assertThat(events.reasons()).containsExactly("Created", "Switched");
        assertThat(alias.getStatus().getConditions().get(0).getReason()).isEqualTo("Bound");
    }

    @ParameterizedTest
    @EnumSource(AdoptionPolicy.class)
    void aRetriedWriteDoesNotRewriteTheSameIntent(AdoptionPolicy adoption) {
        MilvusAlias alias = alias("v1", adoption);
        milvus.failNext("create", dev.milvusalias.milvus.Failure.UNAVAILABLE);
        assertThatThrownBy(() -> reconciler.reconcile(alias, lookup, writer))
                .isInstanceOf(RetryableReconcileException.class);
        int statusWrites = writer.written().size();

        reconciler.reconcile(alias, lookup, writer);

        assertThat(writer.written().subList(statusWrites, writer.written().size()))
                .extracting(s -> s.getPendingChange() == null).containsExactly(true);
        assertThat(milvus.aliasTarget("default", "products")).contains("v1");
    }

    /** Bound to v1, then switched to v2 in an attempt that {@code fault} cuts short after the AlterAlias. */
    private MilvusAlias switchCutShort(AdoptionPolicy adoption, Runnable fault) {
        MilvusAlias alias = alias("v1", adoption);
        reconciler.reconcile(alias, lookup, writer);
        alias.getSpec().setCollectionName("v2");
        alias.getMetadata().setGeneration(2L);
        fault.run();
        assertThatThrownBy(() -> reconciler.reconcile(alias, lookup, writer)).hasMessageContaining("injected");
        assertThat(milvus.aliasTarget("default", "products")).contains("v2");
        return alias;
    }

    /** As its own, from what Milvus says: the Switched event once, Bound at v2, no second Milvus write. */
    private void assertTheNextAttemptFinishesTheSwitch(MilvusAlias alias) {
        long writes = milvusWrites();

        reconciler.reconcile(alias, lookup, writer);

        assertThat(milvusWrites()).isEqualTo(writes);
        assertThat(events.reasons()).containsExactly("Created", "Switched");
        assertThat(alias.getStatus().getPreviousCollectionName()).isEqualTo("v1");
        assertThat(alias.getStatus().getCollectionName()).isEqualTo("v2");
        assertThat(alias.getStatus().getPendingChange()).isNull();
        assertThat(alias.getStatus().getConditions().get(0).getReason()).isEqualTo("Bound");
    }

    private long milvusWrites() {
        return List.of("create", "alter", "drop").stream().mapToLong(milvus::count).sum();
    }

    private static MilvusAlias alias(String collection, AdoptionPolicy adoption) {
        MilvusAlias alias = TestResources.alias("products", collection, 1L);
        alias.getSpec().setAdoption(adoption);
        return alias;
    }
}
