package dev.milvusalias.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.milvusalias.milvus.AliasBinding;
import dev.milvusalias.milvus.AliasRef;
import dev.milvusalias.milvus.AliasStore;
import dev.milvusalias.milvus.CollectionSchema;
import dev.milvusalias.milvus.Failure;
import dev.milvusalias.milvus.IndexProgress;
import dev.milvusalias.milvus.LoadState;
import dev.milvusalias.milvus.MilvusEndpoint;
import dev.milvusalias.milvus.MilvusException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times every Milvus call of the wrapped {@link AliasStore}: {@value #CALL_TIMER} (Prometheus
 * {@code milvus_alias_milvus_call_seconds}) tagged {@code rpc} (the Milvus RPC, e.g. {@code DescribeAlias}) and
 * {@code outcome} ({@code ok}, or the {@link Failure} name of the {@link MilvusException}). Behaviour is
 * unchanged: results and exceptions pass through.
 */
public final class MeteredAliasStore implements AliasStore, AutoCloseable {

    public static final String CALL_TIMER = "milvus.alias.milvus.call";
    public static final String OK = "ok";

    /** Bucket bounds: calls normally take milliseconds; the call deadline is 10 s by default. */
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10) };

    private final AliasStore delegate;
    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public MeteredAliasStore(AliasStore delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public Optional<AliasBinding> describe(MilvusEndpoint endpoint, AliasRef ref) {
        return timed("DescribeAlias", () -> delegate.describe(endpoint, ref));
    }

    @Override
    public LoadState loadState(MilvusEndpoint endpoint, String database, String collection) {
        return timed("GetLoadState", () -> delegate.loadState(endpoint, database, collection));
    }

    @Override
    public long rowCount(MilvusEndpoint endpoint, String database, String collection) {
        return timed("GetCollectionStatistics", () -> delegate.rowCount(endpoint, database, collection));
    }

    @Override
    public IndexProgress indexProgress(MilvusEndpoint endpoint, String database, String collection,
            CollectionSchema schema) {
        return timed("DescribeIndex", () -> delegate.indexProgress(endpoint, database, collection, schema));
    }

    @Override
    public CollectionSchema schema(MilvusEndpoint endpoint, String database, String collection) {
        return timed("DescribeCollection", () -> delegate.schema(endpoint, database, collection));
    }

    @Override
    public void create(MilvusEndpoint endpoint, AliasBinding binding) {
        timed("CreateAlias", () -> {
            delegate.create(endpoint, binding);
            return null;
        });
    }

    @Override
    public void alter(MilvusEndpoint endpoint, AliasBinding binding) {
        timed("AlterAlias", () -> {
            delegate.alter(endpoint, binding);
            return null;
        });
    }

    @Override
    public void drop(MilvusEndpoint endpoint, AliasRef ref) {
        timed("DropAlias", () -> {
            delegate.drop(endpoint, ref);
            return null;
        });
    }

    @Override
    public String serverVersion(MilvusEndpoint endpoint) {
        return timed("GetVersion", () -> delegate.serverVersion(endpoint));
    }

    @Override
    public void onRecovered(Consumer<String> listener) {
        delegate.onRecovered(listener);
    }

    /** Not a Milvus call (closes a cached client): not timed. */
    @Override
    public void release(String endpointKey) {
        delegate.release(endpointKey);
    }

    @Override
    public void close() throws Exception {
        if (delegate instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** The wrapped store. */
    public AliasStore delegate() {
        return delegate;
    }

    private <T> T timed(String rpc, Supplier<T> call) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = OK;
        try {
            return call.get();
        } catch (MilvusException e) {
            outcome = e.failure().name();
            throw e;
        } catch (RuntimeException | Error e) {
            outcome = Failure.UNEXPECTED.name();
            throw e;
        } finally {
            sample.stop(timer(rpc, outcome));
        }
    }

    private Timer timer(String rpc, String outcome) {
        return timers.computeIfAbsent(rpc + " " + outcome, key -> Timer.builder(CALL_TIMER)
                .description("Milvus calls made by the operator, by RPC and outcome (ok or the failure class)")
                .tag("rpc", rpc)
                .tag("outcome", outcome)
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
    }
}
