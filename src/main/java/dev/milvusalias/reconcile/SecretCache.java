package dev.milvusalias.reconcile;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The Secrets that connections name, read on demand with one GET each and kept for a while. The operator lists and
 * watches no Secret: its memory does not grow with the cluster's other Secrets (Helm releases, service account
 * tokens), and its RBAC needs only {@code get} on secrets. An entry, found or missing (404), is read again once it is
 * older than the TTL, or at once after Milvus refused the credentials it holds ({@link #forget}). Bounded: past
 * {@link #MAX_ENTRIES}, the least used entries go first (and are simply read again when needed).
 */
public final class SecretCache {

    /** A connection names one or two Secrets; this is far above what one operator uses, and small in memory. */
    static final int MAX_ENTRIES = 2_000;

    /** Reads one Secret from the API server: empty when it does not exist. */
    @FunctionalInterface
    public interface Source {
        Optional<Secret> read(String namespace, String name);
    }

    /** The operator may not read the Secret (403 Forbidden): its RBAC grants no {@code get} on secrets there. */
    public static final class Forbidden extends RuntimeException {
        public Forbidden(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Key(String namespace, String name) {
    }

    /** A class, not a record: {@link #forget} compares entries by identity, so a copy read again is a new entry. */
    private static final class Entry {
        /** Null when the Secret does not exist. */
        private final Secret secret;

        private Entry(Secret secret) {
            this.secret = secret;
        }
    }

    private final Source source;
    private final Cache<Key, Entry> entries;

    /** @param ticker the clock entries age by (nanoseconds); {@link Ticker#systemTicker()} outside tests */
    public SecretCache(Source source, Duration ttl, Ticker ticker) {
        this.source = source;
        this.entries = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .expireAfterWrite(ttl)
                .ticker(ticker)
                // Evictions run on the calling thread: no background task, and tests see them at once.
                .executor(Runnable::run)
                .build();
    }

    /** Over the API server: a GET per Secret and TTL; a 403 becomes {@link Forbidden}, other failures are retried. */
    public static SecretCache reading(KubernetesClient client, Duration ttl) {
        return new SecretCache((namespace, name) -> {
            try {
                return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
            } catch (KubernetesClientException e) {
                if (e.getCode() == 403) {
                    throw new Forbidden(e.getMessage(), e);
                }
                throw new RetryableReconcileException(Reason.UnexpectedError, "Secret " + name + " in namespace "
                        + namespace + " could not be read from the API server: " + e.getMessage(), e);
            }
        }, ttl, Ticker.systemTicker());
    }

    /**
     * The Secret, from the cache while its entry is younger than the TTL, otherwise read again.
     *
     * @return empty when it does not exist (cached as missing for the TTL at most)
     * @throws Forbidden when the operator may not read it (not cached: the next call asks again)
     */
    public Optional<Secret> get(String namespace, String name) {
        Entry entry = entries.get(new Key(namespace, name), key -> new Entry(source.read(namespace, name).orElse(null)));
        return Optional.ofNullable(entry.secret);
    }

    /**
     * Forgets the cached Secret if it is still {@code stale} (the very copy {@link #get} returned, whose
     * credentials Milvus refused), so that the next {@link #get} reads it again. A copy read since is kept: when
     * many aliases of one connection are refused at once, the Secret is read once, not once per alias.
     */
    public void forget(String namespace, String name, Secret stale) {
        entries.asMap().computeIfPresent(new Key(namespace, name), (key, entry) -> entry.secret == stale ? null : entry);
    }

    /** Entries held now (found or missing); for tests and metrics. */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }
}
