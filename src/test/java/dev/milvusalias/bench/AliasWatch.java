package dev.milvusalias.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.milvusalias.api.Condition;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

/**
 * The benchmark's clock: a fabric8 watch on the MilvusAlias objects of one namespace, noting when each version
 * arrives. The time a generation is first seen is its commit on the API server; the time an event first shows it
 * Ready (observedGeneration = generation, Ready=True, status.collectionName = spec.collectionName) is when the
 * operator finished it. Both are receive times of the same watch, so its delivery delay cancels out.
 */
final class AliasWatch implements Watcher<MilvusAlias>, AutoCloseable {

    private final Map<String, Long> committed = new ConcurrentHashMap<>();
    private final Map<String, Long> ready = new ConcurrentHashMap<>();
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final AtomicLong firstOperatorWrite = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private volatile long lastEventNanos = System.nanoTime();
    private final Watch watch;

    AliasWatch(KubernetesClient client, String namespace) {
        this.watch = client.resources(MilvusAlias.class).inNamespace(namespace).watch(this);
    }

    /** Key of one generation of one object. */
    static String key(String name, long generation) {
        return name + "@" + generation;
    }

    @Override
    public void eventReceived(Action action, MilvusAlias alias) {
        long now = System.nanoTime();
        lastEventNanos = now;
        events.incrementAndGet();
        if (action == Action.DELETED || action == Action.ERROR) {
            return;
        }
        var meta = alias.getMetadata();
        long generation = meta.getGeneration() == null ? 0 : meta.getGeneration();
        String key = key(meta.getName(), generation);
        committed.putIfAbsent(key, now);
        versions.putIfAbsent(meta.getName() + "#" + meta.getResourceVersion(), now);
        boolean touched = alias.getStatus() != null || (meta.getFinalizers() != null && !meta.getFinalizers().isEmpty());
        if (touched) {
            firstOperatorWrite.compareAndSet(0, now);
        }
        if (isReady(alias, generation)) {
            ready.putIfAbsent(key, now);
        }
    }

    static boolean isReady(MilvusAlias alias, long generation) {
        MilvusAliasStatus status = alias.getStatus();
        if (status == null || status.getObservedGeneration() == null || status.getObservedGeneration() != generation) {
            return false;
        }
        return status.getConditions().stream().anyMatch(AliasWatch::isReadyTrue) && alias.getSpec() != null
                && Objects.equals(alias.getSpec().getCollectionName(), status.getCollectionName());
    }

    private static boolean isReadyTrue(Condition c) {
        return "Ready".equals(c.getType()) && "True".equals(c.getStatus());
    }

    /** When this generation was first seen, or null. */
    Long committedAt(String key) {
        return committed.get(key);
    }

    /** When this generation was first seen Ready, or null. */
    Long readyAt(String key) {
        return ready.get(key);
    }

    /** When this resourceVersion of the object was first seen, or null. */
    Long versionAt(String name, String resourceVersion) {
        return versions.get(name + "#" + resourceVersion);
    }

    /** The first event that showed a finalizer or a status (0 if none yet): the operator's first write. */
    long firstOperatorWriteNanos() {
        return firstOperatorWrite.get();
    }

    long events() {
        return events.get();
    }

    long readyCount(Collection<String> keys) {
        return keys.stream().filter(ready::containsKey).count();
    }

    /** Waits until every key is in the map (committed or ready); false on timeout. */
    boolean awaitAll(Collection<String> keys, boolean untilReady, Duration timeout) throws InterruptedException {
        Map<String, Long> map = untilReady ? ready : committed;
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = keys.size() > 10 ? 20 : 1;
        while (System.nanoTime() < deadline) {
            if (keys.stream().allMatch(map::containsKey)) {
                return true;
            }
            Thread.sleep(pause);
        }
        return false;
    }

    /** Waits until no event arrived for {@code quiet}; false if that did not happen within {@code timeout}. */
    boolean awaitQuiet(Duration quiet, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (System.nanoTime() - lastEventNanos >= quiet.toNanos()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** The latest of the keys' times in the map (committed or ready); the keys must all be there. */
    long latest(Collection<String> keys, boolean ready) {
        Map<String, Long> map = ready ? this.ready : committed;
        return keys.stream().mapToLong(map::get).max().orElseThrow();
    }

    long earliest(Collection<String> keys, boolean ready) {
        Map<String, Long> map = ready ? this.ready : committed;
        return keys.stream().mapToLong(map::get).min().orElseThrow();
    }

    @Override
    public void onClose(WatcherException cause) {
        // fabric8 reconnects after ordinary disconnects; this is the end of the watch, and the waits will time out
        System.err.println("bench watch closed: " + cause.getMessage());
    }

    @Override
    public void close() {
        watch.close();
    }
}
