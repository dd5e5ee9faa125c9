package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.milvusalias.api.DeletionPolicy;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.milvus.Failure;

/** The delete path against an in-memory Milvus: compare-and-delete, Orphan, pause, conflicts, the deletion timeout. */
class AliasDeletionTest extends InMemoryReconcilerTest {

    @Test
    void deleteDropsOnlyWhatItStillOwns() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        reconciler.reconcile(alias, lookup, writer);

        milvus.putAlias("default", "products", "v2");
        AliasDeletion.DeleteOutcome outcome = deletion.cleanup(alias, lookup, writer);

        assertThat(outcome.release()).isTrue();
        assertThat(milvus.aliasTarget("default", "products")).contains("v2");
        assertThat(events.reasons()).contains("LeftInPlace");

        milvus.putAlias("default", "products", "v1");
        assertThat(deletion.cleanup(alias, lookup, writer).release()).isTrue();
        assertThat(milvus.aliasTarget("default", "products")).isEmpty();
    }

    @Test
    void orphanDeleteNeverCallsMilvus() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        reconciler.reconcile(alias, lookup, writer);
        alias.getSpec().setDeletionPolicy(DeletionPolicy.Orphan);
        int calls = milvus.calls().size();

        assertThat(deletion.cleanup(alias, lookup, writer).release()).isTrue();

        assertThat(milvus.calls()).hasSize(calls);
        assertThat(milvus.aliasTarget("default", "products")).contains("v1");
    }

    @Test
    void deleteKeepsTheFinalizerWhileMilvusIsDown() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        reconciler.reconcile(alias, lookup, writer);
        milvus.failEverything(Failure.UNAVAILABLE);

        AliasDeletion.DeleteOutcome outcome = deletion.cleanup(alias, lookup, writer);

        assertThat(outcome.release()).isFalse();
        assertThat(outcome.retry()).isNotNull();
        assertThat(outcome.status().getConditions().get(0).getReason()).isEqualTo("MilvusUnavailable");
        assertThat(outcome.status().getConditions().get(0).getMessage()).contains("deletionPolicy: Orphan");

        milvus.failEverything(null);
        assertThat(deletion.cleanup(alias, lookup, writer).release()).isTrue();
        assertThat(milvus.aliasTarget("default", "products")).isEmpty();
    }

    @Test
    void pausedResourceMakesNoMilvusCallEvenOnDelete() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        alias.getMetadata().setAnnotations(Map.of("milvus.io/paused", "true"));

        reconciler.reconcile(alias, lookup, writer);
        assertReady(alias, "False", "Paused");
        AliasDeletion.DeleteOutcome outcome = deletion.cleanup(alias, lookup, writer);

        assertThat(outcome.release()).isFalse();
        assertThat(milvus.calls()).isEmpty();
    }

    @Test
    void youngerClaimStandsBackWithoutCallingMilvus() {
        MilvusAlias owner = TestResources.alias("products", "v1", 1L);
        owner.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
        MilvusAlias younger = TestResources.alias("products", "v2", 1L);
        younger.getMetadata().setName("products-copy");
        younger.getMetadata().setCreationTimestamp("2026-01-02T00:00:00Z");
        lookup.add(owner).add(younger);

        reconciler.reconcile(younger, lookup, writer);

        assertReady(younger, "False", "AliasConflict");
        assertThat(younger.getStatus().getConditions().get(0).getMessage()).contains("team-a/products");
        assertThat(deletion.cleanup(younger, lookup, writer).release()).isTrue();
        assertThat(milvus.calls()).isEmpty();
    }

    @Test
    void deletionTimeoutReleasesWithoutDropping() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        reconciler.reconcile(alias, lookup, writer);
        milvus.failEverything(Failure.UNAVAILABLE);
        alias.getMetadata().setAnnotations(Map.of("milvus.io/deletion-timeout", "10m"));

        alias.getMetadata().setDeletionTimestamp("2025-12-31T23:55:00Z"); // 5 minutes before CLOCK
        AliasDeletion.DeleteOutcome waiting = deletion.cleanup(alias, lookup, writer);
        assertThat(waiting.release()).isFalse();
        assertThat(waiting.recheckAfter()).isLessThanOrEqualTo(Duration.ofMinutes(5).plusSeconds(1));

        alias.getMetadata().setDeletionTimestamp("2025-12-31T23:49:59Z"); // 10m01s before CLOCK
        assertThat(deletion.cleanup(alias, lookup, writer).release()).isTrue();
        assertThat(events.reasons()).contains("DeletionTimedOut");
        assertThat(milvus.aliasTarget("default", "products")).contains("v1");
    }

    @Test
    void pastTheDeadlineNoFurtherMilvusCallIsMade() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        reconciler.reconcile(alias, lookup, writer);
        int calls = milvus.calls().size();
        alias.getMetadata().setAnnotations(Map.of("milvus.io/deletion-timeout", "10m"));
        alias.getMetadata().setDeletionTimestamp("2025-12-31T23:49:59Z"); // 10m01s before CLOCK

        assertThat(deletion.cleanup(alias, lookup, writer).release()).isTrue();

        assertThat(milvus.calls()).as("a call that hangs to its timeout would overrun the bound").hasSize(calls);
        assertThat(events.all()).filteredOn(e -> e.reason().equals("DeletionTimedOut")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("PT10M").contains("WITHOUT dropping"));
    }

    @Test
    void withinOneBackoffOfTheDeadlineTheNextLookIsAtTheDeadline() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        reconciler.reconcile(alias, lookup, writer);
        milvus.failEverything(Failure.UNAVAILABLE);
        alias.getMetadata().setAnnotations(Map.of("milvus.io/deletion-timeout", "10m"));

        alias.getMetadata().setDeletionTimestamp("2025-12-31T23:55:00Z"); // 5 minutes left
        AliasDeletion.DeleteOutcome early = deletion.cleanup(alias, lookup, writer, Duration.ofMinutes(2));
        alias.getMetadata().setDeletionTimestamp("2025-12-31T23:50:30Z"); // 30 s left
        AliasDeletion.DeleteOutcome late = deletion.cleanup(alias, lookup, writer, Duration.ofMinutes(2));

        assertThat(early.retry()).as("further than one backoff: retried with backoff").isNotNull();
        assertThat(late.retry()).as("a backoff could overrun the deadline").isNull();
        assertThat(late.recheckAfter()).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(31));
        assertThat(late.release()).isFalse();
    }

    @Test
    void aFailedDropRecordsItsStatusOnTheResourceAsStoredByTheIntent() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        reconciler.reconcile(alias, lookup, writer);
        alias.getMetadata().setResourceVersion("1");
        milvus.failNext("drop", Failure.PERMISSION_DENIED);
        // As the API server: a write must name the current resourceVersion, and bumps it.
        String[] current = {"1"};
        StatusWriter locking = (resource, status) -> {
            if (!current[0].equals(resource.getMetadata().getResourceVersion())) {
                throw new IllegalStateException("409 Conflict: the object has been modified");
            }
            current[0] = String.valueOf(Integer.parseInt(current[0]) + 1);
            MilvusAlias stored = new MilvusAlias();
            stored.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(resource.getMetadata())
                    .withResourceVersion(current[0]).build());
            stored.setSpec(resource.getSpec());
            stored.setStatus(status);
            return stored;
        };

        AliasDeletion.DeleteOutcome outcome = deletion.cleanup(alias, lookup, locking);
        AliasDeletion.recordStatus(outcome, locking);

        assertThat(outcome.release()).isFalse();
        assertThat(outcome.status().getConditions().get(0).getReason()).isEqualTo("PermissionDenied");
        assertThat(outcome.status().getPendingChange()).as("the intent stays recorded").isNotNull();
        assertThat(current[0]).as("intent, then the failure: two writes, no conflict").isEqualTo("3");
        assertThat(milvus.aliasTarget("default", "products")).contains("v1");
    }

    private static void assertReady(MilvusAlias alias, String status, String reason) {
        assertThat(alias.getStatus().getConditions()).first().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo(status);
            assertThat(c.getReason()).isEqualTo(reason);
        });
    }
}
