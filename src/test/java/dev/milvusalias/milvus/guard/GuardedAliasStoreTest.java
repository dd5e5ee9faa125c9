package dev.milvusalias.milvus.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.milvusalias.milvus.AliasBinding;
import dev.milvusalias.milvus.AliasRef;
import dev.milvusalias.milvus.Failure;
import dev.milvusalias.milvus.InMemoryAliasStore;
import dev.milvusalias.milvus.MilvusEndpoint;
import dev.milvusalias.milvus.MilvusException;

/** One slow or dead Milvus must not take every thread, and must be retried as soon as it answers again. */
class GuardedAliasStoreTest {

    private static final MilvusEndpoint SLOW = MilvusEndpoint.plain("ns/slow", "http://127.0.0.1:1");
    private static final MilvusEndpoint HEALTHY = MilvusEndpoint.plain("ns/healthy", "http://127.0.0.1:2");
    private static final AliasRef REF = new AliasRef("default", "products");

    /** Calls to the slow endpoint block until released; calls to it can also be made to fail. */
    private static final class Stalling extends InMemoryAliasStore {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger slowCalls = new AtomicInteger();
        volatile boolean slowFails;

        @Override
        public Optional<AliasBinding> describe(MilvusEndpoint endpoint, AliasRef ref) {
            if (endpoint.equals(SLOW)) {
                slowCalls.incrementAndGet();
                if (slowFails) {
                    throw new MilvusException(Failure.UNAVAILABLE, "deadline exceeded");
                }
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.describe(endpoint, ref);
        }

        @Override
        public synchronized String serverVersion(MilvusEndpoint endpoint) {
            if (endpoint.equals(SLOW) && slowFails) {
                throw new MilvusException(Failure.UNAVAILABLE, "connection refused");
            }
            return super.serverVersion(endpoint);
        }
    }

    private final Stalling milvus = new Stalling();
    private final GuardedAliasStore store = new GuardedAliasStore(milvus, 2, Duration.ofMillis(50), Duration.ofSeconds(10));
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    @AfterEach
    void tearDown() throws Exception {
        milvus.release.countDown();
        threads.shutdownNow();
        store.close();
    }

    @Test
    void aFullConnectionFailsFastWhileOthersGoOn() {
        threads.submit(() -> store.describe(SLOW, REF));
        threads.submit(() -> store.describe(SLOW, REF));
        await().atMost(Duration.ofSeconds(5)).until(() -> milvus.slowCalls.get() == 2);

        assertThatThrownBy(() -> store.describe(SLOW, REF)).isInstanceOfSatisfying(MilvusException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
            assertThat(e.getMessage()).contains("2 calls are already in flight");
        });
        assertThat(milvus.slowCalls.get()).isEqualTo(2);
        assertThat(store.describe(HEALTHY, REF)).isEmpty();
    }

    @Test
    void aFailingConnectionFailsFastThenRecoversThroughAProbeAndSaysSo() {
        List<String> recovered = new CopyOnWriteArrayList<>();
        store.onRecovered(recovered::add);
        milvus.slowFails = true;
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> store.describe(SLOW, REF)).isInstanceOf(MilvusException.class);
        }
        int reached = milvus.slowCalls.get();

        assertThatThrownBy(() -> store.describe(SLOW, REF)).hasMessageContaining("fail fast");
        assertThat(milvus.slowCalls.get()).isEqualTo(reached);
        assertThat(store.failingFast("ns/slow")).isTrue();
        assertThat(store.describe(HEALTHY, REF)).isEmpty();

        milvus.slowFails = false;
        milvus.release.countDown();
        await().atMost(Duration.ofSeconds(15)).until(() -> recovered.contains("ns/slow"));
        assertThat(store.failingFast("ns/slow")).isFalse();
        assertThat(store.describe(SLOW, REF)).isEmpty();
    }

    @Test
    void answersFromALiveServerDoNotOpenTheCircuit() {
        for (int i = 0; i < 10; i++) {
            milvus.failNext("describe", Failure.PERMISSION_DENIED);
            assertThatThrownBy(() -> store.describe(HEALTHY, REF)).isInstanceOfSatisfying(MilvusException.class,
                    e -> assertThat(e.failure()).isEqualTo(Failure.PERMISSION_DENIED));
        }
        assertThat(store.failingFast("ns/healthy")).isFalse();
    }
}
