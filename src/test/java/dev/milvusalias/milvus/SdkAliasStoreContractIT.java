package dev.milvusalias.milvus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.milvus.sdk.SdkAliasStore;

/**
 * Runs the {@link AliasStoreContract} against the real adapter (milvus-sdk-java over gRPC) and the
 * emulator, plus what only a network can show: deadlines, outages, authentication.
 */
class SdkAliasStoreContractIT extends AliasStoreContract {

    private MilvusEmulator milvus;
    private SdkAliasStore sdk;

    @AfterEach
    void stop() {
        sdk.close();
        milvus.close();
    }

    @Override
    protected AliasStore storeWithCollections() {
        milvus = MilvusEmulator.start(); // a fresh Milvus per test
        milvus.createCollection("default", "c1");
        milvus.createCollection("default", "c2");
        milvus.createCollection("default", "unloaded");
        milvus.load("default", "c1");
        milvus.load("default", "c2");
        milvus.createDatabase("other");
        sdk = new SdkAliasStore(Duration.ofSeconds(2), Duration.ofSeconds(2));
        return sdk;
    }

    @Override
    protected MilvusEndpoint endpoint() {
        return MilvusEndpoint.plain("test/emulator", milvus.uri());
    }

    @Test
    void oneClientPerConnectionIsReused() {
        store.describe(endpoint, new AliasRef("default", "a"));
        store.describe(endpoint, new AliasRef("default", "b"));
        assertThat(milvus.count("Connect")).isEqualTo(1);
        assertThat(sdk.openClients()).isEqualTo(1);
        store.release(endpoint.key());
        assertThat(sdk.openClients()).isZero();
    }

    @Test
    void changedCredentialsRebuildTheClient() {
        store.describe(endpoint, new AliasRef("default", "a"));
        MilvusEndpoint rotated = new MilvusEndpoint(endpoint.key(), endpoint.uri(), new Credentials.Token("new-token"),
                null, null);
        store.describe(rotated, new AliasRef("default", "a"));
        assertThat(milvus.count("Connect")).isEqualTo(2);
        assertThat(sdk.openClients()).isEqualTo(1);
    }

    @Test
    void credentialsNeverAppearInEndpointText() {
        MilvusEndpoint secret = new MilvusEndpoint("ns/c", "http://h:1", new Credentials.UserPassword("u", "hunter2"),
                null, null);
        assertThat(secret.toString()).doesNotContain("hunter2");
        assertThat(new Credentials.Token("tok3n").toString()).doesNotContain("tok3n");
    }

    @Test
    void slowMilvusFailsWithinTheDeadline() {
        store.describe(endpoint, new AliasRef("default", "a")); // connect first
        milvus.setDelay(Duration.ofSeconds(10));
        long start = System.nanoTime();
        assertFailure(() -> store.describe(endpoint, new AliasRef("default", "a")), Failure.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void unavailableMilvusIsTransient() {
        store.describe(endpoint, new AliasRef("default", "a"));
        milvus.setUnavailable(true);
        assertFailure(() -> store.describe(endpoint, new AliasRef("default", "a")), Failure.UNAVAILABLE);
        assertThat(Failure.UNAVAILABLE.isTransient()).isTrue();
    }

    @Test
    void stoppedMilvusFailsFastAndIsReachableAgainAfterRestart() {
        store.describe(endpoint, new AliasRef("default", "a"));
        milvus.stop();
        try {
            long start = System.nanoTime();
            assertFailure(() -> store.describe(endpoint, new AliasRef("default", "a")), Failure.UNAVAILABLE);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        } finally {
            milvus.restart();
        }
        assertThat(store.describe(endpoint, new AliasRef("default", "a"))).isEmpty();
    }

    @Test
    void aNewEndpointToADeadServerFailsWithinTheConnectTimeout() {
        MilvusEndpoint nowhere = MilvusEndpoint.plain("test/nowhere", "http://127.0.0.1:1");
        long start = System.nanoTime();
        assertFailure(() -> store.describe(nowhere, new AliasRef("default", "a")), Failure.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }
}
