package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.api.SecretKeySelector;
import dev.milvusalias.api.TlsSpec;
import dev.milvusalias.milvus.Credentials;
import io.fabric8.kubernetes.api.model.Secret;

class EndpointResolverTest {

    @Test
    void tokenUserPasswordAndCaComeFromSecrets() {
        MilvusConnection connection = TestResources.connection("secure", "https://milvus.example:19530/", "creds");
        connection.getSpec().setDatabase("search");
        TlsSpec tls = new TlsSpec();
        SecretKeySelector ca = new SecretKeySelector();
        ca.setName("ca");
        tls.setCaSecretRef(ca);
        tls.setServerName("milvus.internal");
        connection.getSpec().setTls(tls);

        EndpointResolver.Resolution resolution = EndpointResolver.resolve(connection, view(Map.of(
                "creds", TestResources.secret("creds", Map.of("username", "ops", "password", "p4ss")),
                "ca", TestResources.secret("ca", Map.of("ca.crt", "-----BEGIN CERTIFICATE-----")))));

        assertThat(resolution.resolved()).isTrue();
        assertThat(resolution.defaultDatabase()).isEqualTo("search");
        assertThat(resolution.endpoint().uri()).isEqualTo("https://milvus.example:19530");
        assertThat(resolution.endpoint().tls()).isTrue();
        assertThat(resolution.endpoint().credentials()).isEqualTo(new Credentials.UserPassword("ops", "p4ss"));
        assertThat(resolution.endpoint().caPem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(resolution.endpoint().tlsServerName()).isEqualTo("milvus.internal");
        assertThat(resolution.endpoint().toString()).doesNotContain("p4ss");
    }

    @Test
    void missingCaKeyIsSecretNotFound() {
        MilvusConnection connection = TestResources.connection("secure", "https://milvus.example:19530", null);
        TlsSpec tls = new TlsSpec();
        SecretKeySelector ca = new SecretKeySelector();
        ca.setName("ca");
        ca.setKey("root.pem");
        tls.setCaSecretRef(ca);
        connection.getSpec().setTls(tls);

        EndpointResolver.Resolution resolution = EndpointResolver.resolve(connection,
                view(Map.of("ca", TestResources.secret("ca", Map.of("ca.crt", "x")))));

        assertThat(resolution.reason()).isEqualTo(Reason.SecretNotFound);
        assertThat(resolution.message()).contains("root.pem");
    }

    @Test
    void tokenWinsOverUsernameAndPassword() {
        MilvusConnection connection = TestResources.connection("m", "http://milvus:19530", "creds");
        EndpointResolver.Resolution resolution = EndpointResolver.resolve(connection, view(Map.of("creds",
                TestResources.secret("creds", Map.of("token", "t", "username", "u", "password", "p")))));
        assertThat(resolution.endpoint().credentials()).isEqualTo(new Credentials.Token("t"));
        assertThat(resolution.defaultDatabase()).isEqualTo("default");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "token    | ''",
            "token    | '   '",
            "token    | '\n'",
            "username | ''",
            "password | ' '"})
    void anEmptyCredentialIsSecretNotFoundNamingTheKey(String key, String value) {
        Map<String, String> values = new java.util.HashMap<>(key.equals("token") ? Map.of() : Map.of("username", "ops",
                "password", "p4ss"));
        values.put(key, value.replace("\\n", "\n"));
        MilvusConnection connection = TestResources.connection("m", "http://milvus:19530", "creds");

        EndpointResolver.Resolution resolution = EndpointResolver.resolve(connection,
                view(Map.of("creds", TestResources.secret("creds", values))));

        assertThat(resolution.resolved()).isFalse();
        assertThat(resolution.reason()).isEqualTo(Reason.SecretNotFound);
        assertThat(resolution.message()).contains("empty '" + key + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://milvus:0", "http://milvus:99999", "https://milvus:65536/", "http://milvus:00000"})
    void aPortOutOfRangeIsInvalidSpec(String uri) {
        EndpointResolver.Resolution resolution = EndpointResolver.resolve(TestResources.connection("m", uri, null),
                view(Map.of()));

        assertThat(resolution.reason()).isEqualTo(Reason.InvalidSpec);
        assertThat(resolution.message()).contains("between 1 and 65535");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://milvus:1", "http://milvus:65535/", "https://milvus", "http://m"})
    void portsInRangeOrNoPortAreAccepted(String uri) {
        assertThat(EndpointResolver.resolve(TestResources.connection("m", uri, null), view(Map.of())).resolved()).isTrue();
    }

    private static ClusterView view(Map<String, Secret> secrets) {
        FakeCluster cluster = new FakeCluster();
        secrets.values().forEach(cluster::add);
        return cluster;
    }
}
