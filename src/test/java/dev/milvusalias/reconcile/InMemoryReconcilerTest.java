package dev.milvusalias.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;

import dev.milvusalias.config.TestSettings;
import dev.milvusalias.milvus.InMemoryAliasStore;

/**
 * What the reconciler's unit tests share: an in-memory Milvus with collections v1 and v2, the
 * reconciler and its delete path over it, a connection, and recorders for events and status writes.
 * Built fresh for each test.
 */
abstract class InMemoryReconcilerTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    InMemoryAliasStore milvus;
    RecordingEvents events;
    MilvusAliasReconciler reconciler;
    AliasDeletion deletion;
    final FakeCluster lookup = new FakeCluster();
    final RecordingStatusWriter writer = new RecordingStatusWriter();

    @BeforeEach
    void setUpReconciler() {
        milvus = new InMemoryAliasStore().createCollection("default", "v1").createCollection("default", "v2");
        events = new RecordingEvents();
        AliasStatusFactory statuses = TestSeals.statuses(CLOCK);
        var settings = TestSettings.withResync(Duration.ofMinutes(5));
        reconciler = new MilvusAliasReconciler(milvus, events, statuses, settings, CLOCK, AliasMetrics.NONE,
                TestResources.unusedSecretCache());
        deletion = new AliasDeletion(milvus, events, statuses, settings, CLOCK, AliasMetrics.NONE);
        lookup.add(TestResources.connection("milvus", "http://127.0.0.1:19530", null));
    }
}
