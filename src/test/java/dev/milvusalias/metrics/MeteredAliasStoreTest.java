package dev.milvusalias.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.milvusalias.milvus.AliasBinding;
import dev.milvusalias.milvus.AliasRef;
import dev.milvusalias.milvus.AliasStore;
import dev.milvusalias.milvus.CollectionSchema;
import dev.milvusalias.milvus.Failure;
import dev.milvusalias.milvus.InMemoryAliasStore;
import dev.milvusalias.milvus.IndexProgress;
import dev.milvusalias.milvus.LoadState;
import dev.milvusalias.milvus.MilvusEndpoint;
import dev.milvusalias.milvus.MilvusException;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class MeteredAliasStoreTest {

    private static final MilvusEndpoint MILVUS = MilvusEndpoint.plain("ns/milvus", "http://127.0.0.1:19530");

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final InMemoryAliasStore memory = new InMemoryAliasStore().createCollection("default", "c1")
            .createCollection("default", "c2");
    private final MeteredAliasStore store = new MeteredAliasStore(memory, registry);

    @Test
    void eachMethodIsTimedUnderItsMilvusRpcName() {
        store.serverVersion(MILVUS);
        store.describe(MILVUS, new AliasRef("default", "a"));
        store.create(MILVUS, new AliasBinding("default", "a", "c1"));
        store.alter(MILVUS, new AliasBinding("default", "a", "c2"));
        store.drop(MILVUS, new AliasRef("default", "a"));
        store.loadState(MILVUS, "default", "c1");
        store.rowCount(MILVUS, "default", "c1");
        store.indexProgress(MILVUS, "default", "c1", store.schema(MILVUS, "default", "c1"));

        for (String rpc : new String[] { "GetVersion", "DescribeAlias", "CreateAlias", "AlterAlias",
                "DropAlias", "GetLoadState", "GetCollectionStatistics", "DescribeCollection", "DescribeIndex" }) {
            assertThat(timer(rpc, "ok").count()).as(rpc).isEqualTo(1);
        }
        assertThat(registry.find(MeteredAliasStore.CALL_TIMER).timers()).hasSize(9);
        assertThat(memory.calls()).containsExactly("serverVersion", "describe", "create", "alter",
                "drop", "loadState", "rowCount", "schema", "indexProgress");
    }

    @Test
    void newReadsPassResultsAndFailuresThrough() {
        memory.setRowCount("default", "c1", 1234);
        memory.setLoadState("default", "c2", LoadState.LOADING);

        assertThat(store.rowCount(MILVUS, "default", "c1")).isEqualTo(1234);
        assertThat(store.loadState(MILVUS, "default", "c2")).isEqualTo(LoadState.LOADING);
        assertThat(store.loadState(MILVUS, "default", "nope")).isEqualTo(LoadState.NOT_FOUND);
        assertThat(store.indexProgress(MILVUS, "default", "c1", InMemoryAliasStore.DEFAULT_SCHEMA).fullyBuilt()).isTrue();
        assertThatThrownBy(() -> store.rowCount(MILVUS, "default", "nope"))
                .isInstanceOfSatisfying(MilvusException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.COLLECTION_NOT_FOUND));
        memory.failNext("indexProgress", Failure.PERMISSION_DENIED);
        assertThatThrownBy(() -> store.indexProgress(MILVUS, "default", "c1", InMemoryAliasStore.DEFAULT_SCHEMA))
                .isInstanceOfSatisfying(MilvusException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.PERMISSION_DENIED));

        assertThat(timer("GetCollectionStatistics", "ok").count()).isEqualTo(1);
        assertThat(timer("GetCollectionStatistics", "COLLECTION_NOT_FOUND").count()).isEqualTo(1);
        assertThat(timer("GetLoadState", "ok").count()).isEqualTo(2);
        assertThat(timer("DescribeIndex", "ok").count()).isEqualTo(1);
        assertThat(timer("DescribeIndex", "PERMISSION_DENIED").count()).isEqualTo(1);
    }

    @Test
    void resultsPassThrough() {
        memory.putAlias("default", "a", "c1");

        assertThat(store.describe(MILVUS, new AliasRef("default", "a")))
                .contains(new AliasBinding("default", "a", "c1"));
        assertThat(store.describe(MILVUS, new AliasRef("default", "missing"))).isEmpty();
        assertThat(store.serverVersion(MILVUS)).isEqualTo("v2.6.4");
        assertThat(timer("DescribeAlias", "ok").count()).isEqualTo(2);
    }

    @Test
    void aFailedCallIsTimedWithItsFailureAndRethrownUnchanged() {
        memory.failNext("create", Failure.UNAVAILABLE);

        assertThatThrownBy(() -> store.create(MILVUS, new AliasBinding("default", "a", "c1")))
                .isInstanceOfSatisfying(MilvusException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE));
        assertThatThrownBy(() -> store.alter(MILVUS, new AliasBinding("default", "a", "c1")))
                .isInstanceOfSatisfying(MilvusException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.ALIAS_NOT_FOUND));

        assertThat(timer("CreateAlias", "UNAVAILABLE").count()).isEqualTo(1);
        assertThat(timer("AlterAlias", "ALIAS_NOT_FOUND").count()).isEqualTo(1);
        assertThat(registry.find(MeteredAliasStore.CALL_TIMER).tag("outcome", "ok").timers()).isEmpty();
    }

    @Test
    void anUnclassifiedExceptionCountsAsUnexpected() {
        IllegalStateException boom = new IllegalStateException("boom");
        MeteredAliasStore failing = new MeteredAliasStore(new DelegatingStore(memory) {
            @Override
            public Optional<AliasBinding> describe(MilvusEndpoint endpoint, AliasRef ref) {
                throw boom;
            }
        }, registry);

        assertThatThrownBy(() -> failing.describe(MILVUS, new AliasRef("default", "a"))).isSameAs(boom);
        assertThat(timer("DescribeAlias", Failure.UNEXPECTED.name()).count()).isEqualTo(1);
    }

    @Test
    void recordsHowLongTheCallTook() {
        MeteredAliasStore slow = new MeteredAliasStore(new DelegatingStore(memory) {
            @Override
            public Optional<AliasBinding> describe(MilvusEndpoint endpoint, AliasRef ref) {
                clock.add(Duration.ofMillis(150));
                return Optional.empty();
            }
        }, registry);

        slow.describe(MILVUS, new AliasRef("default", "a"));

        Timer timer = timer("DescribeAlias", "ok");
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(150.0);
        assertThat(timer.max(TimeUnit.MILLISECONDS)).isEqualTo(150.0);
        // Buckets for histogram_quantile(): one bound at 250 ms holds the call, the one at 100 ms does not.
        var buckets = timer.takeSnapshot().histogramCounts();
        assertThat(buckets).isNotEmpty();
        assertThat(java.util.Arrays.stream(buckets)
                .filter(b -> b.bucket(TimeUnit.MILLISECONDS) == 250.0).findFirst().orElseThrow().count()).isEqualTo(1);
        assertThat(java.util.Arrays.stream(buckets)
                .filter(b -> b.bucket(TimeUnit.MILLISECONDS) == 100.0).findFirst().orElseThrow().count()).isZero();
    }

    @Test
    void releaseIsNotAMilvusCallButIsPassedOn() {
        store.release("ns/milvus");

        assertThat(memory.calls()).containsExactly("release");
        assertThat(registry.find(MeteredAliasStore.CALL_TIMER).timers()).isEmpty();
    }

    @Test
    void closeClosesTheWrappedStore() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        class Closeable extends DelegatingStore implements AutoCloseable {
            Closeable() {
                super(memory);
            }

            @Override
            public void close() {
                closed.set(true);
            }
        }
        new MeteredAliasStore(new Closeable(), registry).close();
        store.close(); // the in-memory store is not AutoCloseable: nothing to do

        assertThat(closed).isTrue();
    }

    private Timer timer(String rpc, String outcome) {
        Timer timer = registry.find(MeteredAliasStore.CALL_TIMER).tag("rpc", rpc).tag("outcome", outcome).timer();
        assertThat(timer).as("timer rpc=%s outcome=%s", rpc, outcome).isNotNull();
        return timer;
    }

    /** Passes every call to another store; tests override single methods. */
    static class DelegatingStore implements AliasStore {
        private final AliasStore delegate;

        DelegatingStore(AliasStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<AliasBinding> describe(MilvusEndpoint endpoint, AliasRef ref) {
            return delegate.describe(endpoint, ref);
        }

        @Override
        public LoadState loadState(MilvusEndpoint endpoint, String database, String collection) {
            return delegate.loadState(endpoint, database, collection);
        }

        @Override
        public long rowCount(MilvusEndpoint endpoint, String database, String collection) {
            return delegate.rowCount(endpoint, database, collection);
        }

        @Override
        public IndexProgress indexProgress(MilvusEndpoint endpoint, String database, String collection,
                CollectionSchema schema) {
            return delegate.indexProgress(endpoint, database, collection, schema);
        }

        @Override
        public CollectionSchema schema(MilvusEndpoint endpoint, String database, String collection) {
            return delegate.schema(endpoint, database, collection);
        }

        @Override
        public void create(MilvusEndpoint endpoint, AliasBinding binding) {
            delegate.create(endpoint, binding);
        }

        @Override
        public void alter(MilvusEndpoint endpoint, AliasBinding binding) {
            delegate.alter(endpoint, binding);
        }

        @Override
        public void drop(MilvusEndpoint endpoint, AliasRef ref) {
            delegate.drop(endpoint, ref);
        }

        @Override
        public String serverVersion(MilvusEndpoint endpoint) {
            return delegate.serverVersion(endpoint);
        }

        @Override
        public void release(String endpointKey) {
            delegate.release(endpointKey);
        }
    }
}
