package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.milvusalias.api.Condition;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasStatus;
import dev.milvusalias.milvus.AliasBinding;

class AliasStatusFactoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123Z");
    private static final Instant T1 = Instant.parse("2026-01-01T10:05:00Z");

    @Test
    void boundStatusRecordsTheBindingAndGeneration() {
        MilvusAlias alias = TestResources.alias("products", "v1", 3L);
        MilvusAliasStatus status = TestSeals.statuses(at(T0)).bound(alias, new AliasBinding("default", "products", "v1"), null);

        assertThat(status.getAlias()).isEqualTo("products");
        assertThat(status.getDatabase()).isEqualTo("default");
        assertThat(status.getCollectionName()).isEqualTo("v1");
        assertThat(status.getObservedGeneration()).isEqualTo(3L);
        assertThat(status.getPreviousCollectionName()).isNull();
        assertThat(status.getLastSwitchTime()).isNull();
        Condition ready = status.getConditions().get(0);
        assertThat(ready.getType()).isEqualTo("Ready");
        assertThat(ready.getStatus()).isEqualTo("True");
        assertThat(ready.getReason()).isEqualTo("Bound");
        assertThat(ready.getObservedGeneration()).isEqualTo(3L);
        assertThat(ready.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    }

    @Test
    void switchRecordsThePreviousCollectionAndTime() {
        MilvusAlias alias = TestResources.alias("products", "v2", 4L);
        alias.setStatus(TestSeals.statuses(at(T0)).bound(alias, new AliasBinding("default", "products", "v1"), null));

        MilvusAliasStatus status = TestSeals.statuses(at(T1)).bound(alias, new AliasBinding("default", "products", "v2"), "v1");

        assertThat(status.getCollectionName()).isEqualTo("v2");
        assertThat(status.getPreviousCollectionName()).isEqualTo("v1");
        assertThat(status.getLastSwitchTime()).isEqualTo("2026-01-01T10:05:00Z");
        // Still Ready=True: the transition time does not move.
        assertThat(status.getConditions().get(0).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    }

    @Test
    void sameOutcomeLaterGivesAnEqualStatus() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        alias.setStatus(TestSeals.statuses(at(T0)).notReady(alias, Reason.CollectionNotFound, "missing"));

        MilvusAliasStatus again = TestSeals.statuses(at(T1)).notReady(alias, Reason.CollectionNotFound, "missing");

        assertThat(again).isEqualTo(alias.getStatus());
    }

    @Test
    void flippingReadyMovesTheTransitionTimeButKeepsTheBinding() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        alias.setStatus(TestSeals.statuses(at(T0)).bound(alias, new AliasBinding("default", "products", "v1"), null));

        MilvusAliasStatus status = TestSeals.statuses(at(T1)).notReady(alias, Reason.MilvusUnavailable, "down");

        Condition ready = status.getConditions().get(0);
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("MilvusUnavailable");
        assertThat(ready.getLastTransitionTime()).isEqualTo("2026-01-01T10:05:00Z");
        assertThat(status.getCollectionName()).isEqualTo("v1");
    }

    @Test
    void reasonChangeWithoutFlipKeepsTheTransitionTime() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        alias.setStatus(TestSeals.statuses(at(T0)).notReady(alias, Reason.CollectionNotFound, "missing"));

        MilvusAliasStatus status = TestSeals.statuses(at(T1)).notReady(alias, Reason.MilvusUnavailable, "down");

        assertThat(status.getConditions().get(0).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(status).isNotEqualTo(alias.getStatus());
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}
