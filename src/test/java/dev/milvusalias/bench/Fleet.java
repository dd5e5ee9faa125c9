package dev.milvusalias.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

import dev.milvusalias.api.ConnectionReference;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasSpec;
import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.api.MilvusConnectionSpec;
import dev.milvusalias.emulator.MilvusEmulator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * A group of MilvusAlias objects the benchmark creates and switches, as {@code kubectl apply} would: object
 * {@code <prefix>-<i>} binds alias {@code <prefix>_<i>} to collection {@code <prefix>_<i>_v1}, later {@code _v2}.
 * Both collections exist and are loaded in the emulator, so every change can succeed.
 */
final class Fleet {

    static final String CONNECTION = "milvus";
    /** Parallel clients for "all at once": enough to outpace the operator, few enough for 2 cores. */
    private static final int WRITERS = 4;

    private final KubernetesClient client;
    private final String namespace;
    private final String prefix;
    private final int size;

    Fleet(KubernetesClient client, String namespace, String prefix, int size) {
        this.client = client;
        this.namespace = namespace;
        this.prefix = prefix;
        this.size = size;
    }

    int size() {
        return size;
    }

    String object(int i) {
        return prefix + "-" + i;
    }

    String alias(int i) {
        return prefix + "_" + i;
    }

    String collection(int i, int version) {
        return prefix + "_" + i + "_v" + version;
    }

    /** Whether a Milvus call names one of this group's aliases or collections. */
    boolean names(MilvusEmulator.Call call) {
        return call.fields().values().stream().anyMatch(v -> v != null && v.startsWith(prefix + "_"));
    }

    /** Creates both collections of every member in database default, loaded. */
    void seed(MilvusEmulator milvus) {
        for (int i = 0; i < size; i++) {
            for (int version = 1; version <= 2; version++) {
                milvus.createCollection(MilvusEmulator.DEFAULT_DATABASE, collection(i, version));
                milvus.load(MilvusEmulator.DEFAULT_DATABASE, collection(i, version));
            }
        }
    }

    /** The MilvusConnection {@value #CONNECTION} every fleet in the namespace uses. */
    static void createConnection(KubernetesClient client, String namespace, String milvusUri) {
        MilvusConnection connection = new MilvusConnection();
        connection.setMetadata(new ObjectMetaBuilder().withName(CONNECTION).withNamespace(namespace).build());
        MilvusConnectionSpec spec = new MilvusConnectionSpec();
        spec.setUri(milvusUri);
        connection.setSpec(spec);
        client.resource(connection).create();
    }

    /** Creates member i on collection v1; returns the stored object. */
    MilvusAlias create(int i) {
        MilvusAlias alias = new MilvusAlias();
        alias.setMetadata(new ObjectMetaBuilder().withName(object(i)).withNamespace(namespace).build());
        MilvusAliasSpec spec = new MilvusAliasSpec();
        spec.setConnectionRef(new ConnectionReference(CONNECTION));
        spec.setAlias(alias(i));
        spec.setCollectionName(collection(i, 1));
        alias.setSpec(spec);
        return client.resource(alias).create();
    }

    /** Points member i at the given collection version (a JSON merge patch of spec.collectionName). */
    MilvusAlias switchTo(int i, int version) {
        return client.resources(MilvusAlias.class).inNamespace(namespace).withName(object(i))
                .patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"collectionName\":\"" + collection(i, version) + "\"}}");
    }

    /** Keys ({@link AliasWatch#key}) of every member at this generation. */
    List<String> keys(long generation) {
        List<Integer> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(i);
        }
        return keys(all, generation);
    }

    /** Keys of these members at this generation. */
    List<String> keys(List<Integer> members, long generation) {
        List<String> keys = new ArrayList<>(members.size());
        for (int i : members) {
            keys.add(AliasWatch.key(object(i), generation));
        }
        return keys;
    }

    /** Creates every member, until the deadline; returns the members created. */
    List<Integer> createAll(Duration timeout) throws InterruptedException {
        return forAll(this::create, timeout);
    }

    /** Switches every member to the version, until the deadline; returns the members switched. */
    List<Integer> switchAll(int version, Duration timeout) throws InterruptedException {
        return forAll(i -> switchTo(i, version), timeout);
    }

    /**
     * Runs the write for every member from a few threads at once; a writer stops at the deadline, so a slow API
     * server gives fewer members, not an endless run. Fails on the first error.
     */
    private List<Integer> forAll(IntFunction<MilvusAlias> write, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Integer> written = ConcurrentHashMap.newKeySet();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int first = w;
                done.add(writers.submit(() -> {
                    for (int i = first; i < size && System.nanoTime() < deadline; i += WRITERS) {
                        write.apply(i);
                        written.add(i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                // a write already sent may still take the client's request timeout
                f.get(Math.max(0, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(60), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("writing " + prefix + "-* failed: " + e, e);
        } finally {
            writers.shutdownNow();
        }
        List<Integer> members = new ArrayList<>(written);
        Collections.sort(members);
        return members;
    }
}
