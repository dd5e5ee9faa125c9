package dev.milvusalias.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.emulator.TestCertificates;
import dev.milvusalias.milvus.grpc.GrpcAliasStore;

/** https:// endpoints: the CA from the MilvusConnection's Secret is what makes the server trusted. */
class TlsIT {

    private TestCertificates certificates;
    private MilvusEmulator milvus;
    private GrpcAliasStore store;

    @BeforeEach
    void start() {
        certificates = TestCertificates.create(Path.of("target", "tls-it"));
        milvus = MilvusEmulator.builder().tls(certificates.certificate(), certificates.privateKey()).build();
        milvus.createCollection("default", "c1");
        store = new GrpcAliasStore(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        store.close();
        milvus.close();
    }

    @Test
    void trustedThroughTheGivenCa() {
        assertThat(milvus.uri()).startsWith("https://");
        MilvusEndpoint endpoint = new MilvusEndpoint("ns/tls", milvus.uri(), Credentials.NONE,
                certificates.certificatePem(), null);

        store.create(endpoint, new AliasBinding("default", "a", "c1"));

        assertThat(store.describe(endpoint, new AliasRef("default", "a")).map(AliasBinding::collection)).contains("c1");
    }

    @Test
    void serverNameOverrideIsVerified() {
        MilvusEndpoint endpoint = new MilvusEndpoint("ns/tls", milvus.uri(), Credentials.NONE,
                certificates.certificatePem(), "localhost");
        assertThat(store.describe(endpoint, new AliasRef("default", "a"))).isEmpty();
    }

    @Test
    void anUntrustedServerIsRefusedAndNothingIsWritten() {
        MilvusEndpoint endpoint = new MilvusEndpoint("ns/tls", milvus.uri(), Credentials.NONE, null, null);

        assertThatThrownBy(() -> store.create(endpoint, new AliasBinding("default", "a", "c1")))
                .isInstanceOfSatisfying(MilvusException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE));
        assertThat(milvus.aliasTarget("default", "a")).isEmpty();
    }

    @Test
    void aCaThatIsNotACertificateIsAnInvalidArgumentAndNothingIsWritten() {
        MilvusEndpoint endpoint = new MilvusEndpoint("ns/tls", milvus.uri(), Credentials.NONE,
                "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n", null);

        assertThatThrownBy(() -> store.create(endpoint, new AliasBinding("default", "a", "c1")))
                .isInstanceOfSatisfying(MilvusException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).startsWith("Cannot use the CA certificate of the Milvus connection");
                });
        assertThat(milvus.aliasTarget("default", "a")).isEmpty();
    }
}
