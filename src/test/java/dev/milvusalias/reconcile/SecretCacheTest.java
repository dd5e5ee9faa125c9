package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

/** The Secret cache with a hand-moved clock: TTL expiry, 404s cached as missing, invalidation after a refusal. */
class SecretCacheTest {

    private static final Duration TTL = Duration.ofSeconds(30);

    /** What the API server holds, and how many GETs reached it; each GET answers a new copy, as a client's does. */
    private final Map<String, Secret> stored = new ConcurrentHashMap<>();
    private final AtomicInteger gets = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong();
    private final SecretCache cache = new SecretCache((namespace, name) -> {
        gets.incrementAndGet();
        return Optional.ofNullable(stored.get(namespace + "/" + name)).map(s -> new SecretBuilder(s).build());
    }, TTL, nanos::get);

    @Test
    void aSecretIsReadOnceAndServedFromTheCacheUntilTheTtlEnds() {
        store("token-1");
        assertThat(token()).isEqualTo("token-1");
        store("token-2"); // rotated: not seen while the entry is young
        advance(TTL.minusMillis(1));
        assertThat(token()).isEqualTo("token-1");
        assertThat(gets).hasValue(1);

        advance(Duration.ofMillis(1));
        assertThat(token()).isEqualTo("token-2");
        assertThat(gets).hasValue(2);
    }

    @Test
    void aMissingSecretIsCachedAsMissingForTheTtlAtMost() {
        assertThat(cache.get("team-a", "creds")).isEmpty();
        store("token-1"); // created right after the 404
        advance(TTL.minusMillis(1));
        assertThat(cache.get("team-a", "creds")).isEmpty();
        assertThat(gets).hasValue(1);

        advance(Duration.ofMillis(1));
        assertThat(token()).isEqualTo("token-1");
        assertThat(gets).hasValue(2);
    }

    @Test
    void forgettingTheRefusedCopyMakesTheNextGetReadAgainAtOnce() {
        store("token-1");
        Secret refused = cache.get("team-a", "creds").orElseThrow();
        store("token-2");

        cache.forget("team-a", "creds", refused);

        assertThat(token()).isEqualTo("token-2");
        assertThat(gets).hasValue(2);
    }

    @Test
    void aCopyReadAgainSinceIsNotForgottenByALateRefusalOfTheOldOne() {
        store("token-1");
        Secret refused = cache.get("team-a", "creds").orElseThrow();
        cache.forget("team-a", "creds", refused); // the first alias refused: read again
        Secret fresh = cache.get("team-a", "creds").orElseThrow();

        cache.forget("team-a", "creds", refused); // a second alias refused with the same old copy

        assertThat(cache.get("team-a", "creds")).containsSame(fresh);
        assertThat(gets).hasValue(2);
    }

    @Test
    void secretsAreCachedByNamespaceAndName() {
        store("token-1");
        stored.put("team-b/creds", secret("token-b"));

        assertThat(token()).isEqualTo("token-1");
        assertThat(EndpointResolver.decode(cache.get("team-b", "creds").orElseThrow())).containsEntry("token", "token-b");
        assertThat(cache.get("team-a", "other")).isEmpty();
        assertThat(gets).hasValue(3);
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void aForbiddenReadIsNotCachedAndAsksAgainNextTime() {
        AtomicInteger attempts = new AtomicInteger();
        SecretCache denied = new SecretCache((namespace, name) -> {
            attempts.incrementAndGet();
            throw new SecretCache.Forbidden("secrets \"creds\" is forbidden", null);
        }, TTL, nanos::get);

        assertThatThrownBy(() -> denied.get("team-a", "creds")).isInstanceOf(SecretCache.Forbidden.class);
        assertThatThrownBy(() -> denied.get("team-a", "creds")).isInstanceOf(SecretCache.Forbidden.class);
        assertThat(attempts).hasValue(2);
        assertThat(denied.size()).isZero();
    }

    @Test
    void theCacheIsBounded() {
        for (int i = 0; i < SecretCache.MAX_ENTRIES + 100; i++) {
            cache.get("team-a", "secret-" + i);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(SecretCache.MAX_ENTRIES);
    }

    private void store(String token) {
        stored.put("team-a/creds", secret(token));
    }

    private static Secret secret(String token) {
        return TestResources.secret("creds", Map.of("token", token));
    }

    private String token() {
        return EndpointResolver.decode(cache.get("team-a", "creds").orElseThrow()).get("token");
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
