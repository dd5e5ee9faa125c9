package dev.milvusalias.milvus.guard;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.milvusalias.milvus.AliasBinding;
import dev.milvusalias.milvus.AliasRef;
import dev.milvusalias.milvus.AliasStore;
import dev.milvusalias.milvus.CollectionSchema;
import dev.milvusalias.milvus.Failure;
import dev.milvusalias.milvus.IndexProgress;
import dev.milvusalias.milvus.LoadState;
import dev.milvusalias.milvus.MilvusEndpoint;
import dev.milvusalias.milvus.MilvusException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;

/**
 * Keeps one slow or dead Milvus from starving the others. Per connection (endpoint key):
 * <ul>
 * <li>a bulkhead: at most {@code maxInFlight} calls at once; a caller that cannot get a slot within
 * {@code maxWait} fails fast as UNAVAILABLE (retried with backoff) instead of holding a reconcile thread;</li>
 * <li>a circuit breaker: when most recent calls fail UNAVAILABLE or are slow (over half the call
 * deadline), calls fail at once for a while (1 s, doubling to 30 s); then one probe call
 * ({@code serverVersion}) is made in the background, and when it answers the circuit closes and
 * {@link #onRecovered} listeners are told, so the aliases waiting on that connection are retried now.</li>
 * </ul>
 * Answers from a live server (not found, denied, ...) count as healthy: only UNAVAILABLE is a failure.
 */
public final class GuardedAliasStore implements AliasStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GuardedAliasStore.class);

    private final AliasStore delegate;
    private final BulkheadConfig bulkheadConfig;
    private final CircuitBreakerConfig circuitConfig;
    private final Map<String, Guard> guards = new ConcurrentHashMap<>();
    private final List<Consumer<String>> recoveryListeners = new CopyOnWriteArrayList<>();
    private final ExecutorService probes = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "milvus-probe");
        thread.setDaemon(true);
        return thread;
    });

    /** The bulkhead and circuit of one connection, and the last endpoint seen for it (to probe with). */
    private final class Guard {
        final Bulkhead bulkhead;
        final CircuitBreaker circuit;
        volatile MilvusEndpoint endpoint;

        Guard(String key, MilvusEndpoint endpoint) {
            this.endpoint = endpoint;
            this.bulkhead = Bulkhead.of(key, bulkheadConfig);
            this.circuit = CircuitBreaker.of(key, circuitConfig);
            circuit.getEventPublisher().onStateTransition(event -> {
                switch (event.getStateTransition().getToState()) {
                    case OPEN -> LOG.warnf("Milvus connection %s is failing (%s); its calls fail fast until a probe answers",
                            key, endpoint.uri());
                    case HALF_OPEN -> probes.execute(() -> probe(key));
                    case CLOSED -> {
                        LOG.infof("Milvus connection %s answers again; retrying what waited on it", key);
                        recoveryListeners.forEach(listener -> listener.accept(key));
                    }
                    default -> { }
                }
            });
        }

        /** One call through the circuit; any failure re-opens it. */
        private void probe(String key) {
            try {
                guarded(this, () -> delegate.serverVersion(this.endpoint));
            } catch (MilvusException e) {
                LOG.debugf("Probe of Milvus connection %s failed: %s", key, e.getMessage());
            }
        }
    }

    /**
     * @param maxInFlight calls at once per connection
     * @param maxWait how long a call waits for a slot before failing fast
     * @param callTimeout the deadline of one call; a call over half of it counts as slow
     */
    public GuardedAliasStore(AliasStore delegate, int maxInFlight, Duration maxWait, Duration callTimeout) {
        this.delegate = delegate;
        this.bulkheadConfig = BulkheadConfig.custom()
                .maxConcurrentCalls(maxInFlight)
                .maxWaitDuration(maxWait)
                .build();
        this.circuitConfig = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(4)
                .failureRateThreshold(50)
                .slowCallDurationThreshold(callTimeout.dividedBy(2))
                .slowCallRateThreshold(50)
                .recordException(e -> e instanceof MilvusException m && m.failure() == Failure.UNAVAILABLE)
                .waitIntervalFunctionInOpenState(IntervalFunction.ofExponentialBackoff(Duration.ofSeconds(1), 2.0,
                        Duration.ofSeconds(30)))
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build();
    }

    @Override
    public void onRecovered(Consumer<String> listener) {
        recoveryListeners.add(listener);
    }

    @Override
    public Optional<AliasBinding> describe(MilvusEndpoint endpoint, AliasRef ref) {
        return call(endpoint, () -> delegate.describe(endpoint, ref));
    }

    @Override
    public LoadState loadState(MilvusEndpoint endpoint, String database, String collection) {
        return call(endpoint, () -> delegate.loadState(endpoint, database, collection));
    }

    @Override
    public long rowCount(MilvusEndpoint endpoint, String database, String collection) {
        return call(endpoint, () -> delegate.rowCount(endpoint, database, collection));
    }

    @Override
    public IndexProgress indexProgress(MilvusEndpoint endpoint, String database, String collection,
            CollectionSchema schema) {
        return call(endpoint, () -> delegate.indexProgress(endpoint, database, collection, schema));
    }

    @Override
    public CollectionSchema schema(MilvusEndpoint endpoint, String database, String collection) {
        return call(endpoint, () -> delegate.schema(endpoint, database, collection));
    }

    @Override
    public void create(MilvusEndpoint endpoint, AliasBinding binding) {
        call(endpoint, () -> {
            delegate.create(endpoint, binding);
            return null;
        });
    }

    @Override
    public void alter(MilvusEndpoint endpoint, AliasBinding binding) {
        call(endpoint, () -> {
            delegate.alter(endpoint, binding);
            return null;
        });
    }

    @Override
    public void drop(MilvusEndpoint endpoint, AliasRef ref) {
        call(endpoint, () -> {
            delegate.drop(endpoint, ref);
            return null;
        });
    }

    @Override
    public String serverVersion(MilvusEndpoint endpoint) {
        return call(endpoint, () -> delegate.serverVersion(endpoint));
    }

    @Override
    public void release(String endpointKey) {
        guards.remove(endpointKey);
        delegate.release(endpointKey);
    }

    @Override
    public void close() throws Exception {
        probes.shutdownNow();
        if (delegate instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** Whether calls to this connection currently fail fast; for metrics and tests. */
    public boolean failingFast(String endpointKey) {
        Guard guard = guards.get(endpointKey);
        return guard != null && guard.circuit.getState() == CircuitBreaker.State.OPEN;
    }

    private <T> T call(MilvusEndpoint endpoint, Supplier<T> call) {
        Guard guard = guards.computeIfAbsent(endpoint.key(), key -> new Guard(key, endpoint));
        guard.endpoint = endpoint;
        return guarded(guard, call);
    }

    private <T> T guarded(Guard guard, Supplier<T> call) {
        try {
            // The circuit sees only calls that were made: a full bulkhead is no sign of a sick server.
            return guard.bulkhead.executeSupplier(() -> guard.circuit.executeSupplier(call));
        } catch (BulkheadFullException e) {
            throw new MilvusException(Failure.UNAVAILABLE, "Milvus at " + guard.endpoint.uri() + " is slow: "
                    + bulkheadConfig.getMaxConcurrentCalls() + " calls are already in flight on this connection");
        } catch (CallNotPermittedException e) {
            throw new MilvusException(Failure.UNAVAILABLE, "Milvus at " + guard.endpoint.uri()
                    + " is failing or slow; calls fail fast until it answers a probe");
        }
    }
}
