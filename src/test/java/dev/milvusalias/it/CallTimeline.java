package dev.milvusalias.it;

import java.util.ArrayList;
import java.util.List;
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

/**
 * The Milvus calls of several operator replicas on one timeline: who called, which RPC, on which alias, and the tick
 * at which the call began and ended (one counter for all, so calls of different replicas can be ordered, in flight
 * included). Each replica's store is wrapped by {@link #store}. A {@linkplain #kill killed} replica's store refuses
 * every call from then on, before it reaches Milvus: a dead process makes none.
 */
final class CallTimeline {

    /** The Milvus write RPCs. */
    static final List<String> WRITES = List.of("CreateAlias", "AlterAlias", "DropAlias");

    /**
     * One call; {@code end} is the tick at which it returned or threw ({@code ok} false); the nanos are
     * System.nanoTime().
     */
    record Call(String replica, String rpc, String alias, long start, long end, long startNanos, long endNanos,
            boolean ok) {
        boolean write() {
            return WRITES.contains(rpc);
        }
    }

    private final Object clock = new Object();
    private long tick;
    private final Map<String, Long> killedAt = new ConcurrentHashMap<>();
    private final List<Call> calls = new ArrayList<>();

    /** {@code delegate}, with every call of {@code replica} on this timeline. */
    AliasStore store(String replica, AliasStore delegate) {
        return new Recorded(replica, delegate);
    }

    /** From now on, {@code replica}'s store refuses every call. Returns the tick of the kill. */
    long kill(String replica) {
        synchronized (clock) {
            long at = ++tick;
            killedAt.put(replica, at);
            return at;
        }
    }

    /** The calls that ended so far, in the order they ended. */
    List<Call> calls() {
        synchronized (clock) {
            return List.copyOf(calls);
        }
    }

    List<Call> calls(String replica) {
        return calls().stream().filter(c -> c.replica().equals(replica)).toList();
    }

    private long begin(String replica, String rpc) {
        synchronized (clock) {
            if (killedAt.containsKey(replica)) {
                throw new MilvusException(Failure.UNAVAILABLE, rpc + ": " + replica + " was killed");
            }
            return ++tick;
        }
    }

    private void end(String replica, String rpc, String alias, long start, long startNanos, boolean ok) {
        synchronized (clock) {
            calls.add(new Call(replica, rpc, alias, start, ++tick, startNanos, System.nanoTime(), ok));
        }
    }

    /** The wrapped store of one replica. */
    private final class Recorded implements AliasStore {

        private final String replica;
        private final AliasStore delegate;

        Recorded(String replica, AliasStore delegate) {
            this.replica = replica;
            this.delegate = delegate;
        }

        private <T> T call(String rpc, String alias, Supplier<T> call) {
            long start = begin(replica, rpc);
            long startNanos = System.nanoTime();
            boolean ok = false;
            try {
                T result = call.get();
                ok = true;
                return result;
            } finally {
                end(replica, rpc, alias, start, startNanos, ok);
            }
        }

        private void run(String rpc, String alias, Runnable call) {
            call(rpc, alias, () -> {
                call.run();
                return null;
            });
        }

        @Override
        public Optional<AliasBinding> describe(MilvusEndpoint endpoint, AliasRef ref) {
            return call("DescribeAlias", ref.alias(), () -> delegate.describe(endpoint, ref));
        }

        @Override
        public LoadState loadState(MilvusEndpoint endpoint, String database, String collection) {
            return call("GetLoadState", null, () -> delegate.loadState(endpoint, database, collection));
        }

        @Override
        public long rowCount(MilvusEndpoint endpoint, String database, String collection) {
            return call("GetCollectionStatistics", null, () -> delegate.rowCount(endpoint, database, collection));
        }

        @Override
        public IndexProgress indexProgress(MilvusEndpoint endpoint, String database, String collection,
                CollectionSchema schema) {
            return call("DescribeIndex", null, () -> delegate.indexProgress(endpoint, database, collection, schema));
        }

        @Override
        public CollectionSchema schema(MilvusEndpoint endpoint, String database, String collection) {
            return call("DescribeCollection", null, () -> delegate.schema(endpoint, database, collection));
        }

        @Override
        public void create(MilvusEndpoint endpoint, AliasBinding binding) {
            run("CreateAlias", binding.alias(), () -> delegate.create(endpoint, binding));
        }

        @Override
        public void alter(MilvusEndpoint endpoint, AliasBinding binding) {
            run("AlterAlias", binding.alias(), () -> delegate.alter(endpoint, binding));
        }

        @Override
        public void drop(MilvusEndpoint endpoint, AliasRef ref) {
            run("DropAlias", ref.alias(), () -> delegate.drop(endpoint, ref));
        }

        @Override
        public String serverVersion(MilvusEndpoint endpoint) {
            return call("GetVersion", null, () -> delegate.serverVersion(endpoint));
        }

        @Override
        public void release(String endpointKey) {
            delegate.release(endpointKey);
        }

        @Override
        public void onRecovered(Consumer<String> listener) {
            delegate.onRecovered(listener);
        }
    }
}
