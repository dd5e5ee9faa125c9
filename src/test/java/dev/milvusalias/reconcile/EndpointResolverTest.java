package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.api.NamespaceSelector;
import dev.milvusalias.api.SecretKeySelector;
import dev.milvusalias.api.TlsSpec;
import dev.milvusalias.config.OperatorSettings;
import dev.milvusalias.config.TestSettings;
import dev.milvusalias.milvus.Credentials;
import io.fabric8.kubernetes.api.model.Secret;

class EndpointResolverTest {

    private static final String OPERATOR_NAMESPACE = "milvus-alias-system";
    private static final OperatorSettings SETTINGS = TestSettings.withResync(Duration.ofMinutes(5));

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

        EndpointResolver.Resolution resolution = EndpointResolver.resolve(Connection.of(connection), OPERATOR_NAMESPACE, view(Map.of(
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

        EndpointResolver.Resolution resolution = EndpointResolver.resolve(Connection.of(connection), OPERATOR_NAMESPACE,
                view(Map.of("ca", TestResources.secret("ca", Map.of("ca.crt", "x")))));

        assertThat(resolution.reason()).isEqualTo(Reason.SecretNotFound);
        assertThat(resolution.message()).contains("root.pem");
    }

    @Test
    void aSecretTheOperatorMayNotReadIsSecretNotFoundNamingTheMissingRight() {
        MilvusConnection connection = TestResources.connection("m", "http://milvus:19530", "creds");
        FakeCluster forbidding = new FakeCluster() {
            @Override
            public java.util.Optional<Secret> secret(String namespace, String name) {
                throw new SecretCache.Forbidden("secrets \"" + name + "\" is forbidden", null);
            }
        };

        EndpointResolver.Resolution resolution = EndpointResolver.resolve(Connection.of(connection), OPERATOR_NAMESPACE,
                forbidding);

        assertThat(resolution.resolved()).isFalse();
        assertThat(resolution.reason()).isEqualTo(Reason.SecretNotFound);
        assertThat(resolution.message()).contains("Secret creds in namespace " + TestResources.NAMESPACE
                + " cannot be read").contains("403 Forbidden").contains("'get' on secrets");
    }

    @Test
    void tokenWinsOverUsernameAndPassword() {
        MilvusConnection connection = TestResources.connection("m", "http://milvus:19530", "creds");
        EndpointResolver.Resolution resolution = EndpointResolver.resolve(Connection.of(connection), OPERATOR_NAMESPACE, view(Map.of("creds",
                TestResources.secret("creds", Map.of("token", "t", "username", "u", "password", "p")))));
        assertThat(resolution.endpoint().credentials()).isEqualTo(new Credentials.Token("t"));
        assertThat(resolution.defaultDatabase()).isEqualTo("default");
    }

    @Test
    void clusterConnectionReadsItsSecretsFromTheOperatorNamespace() {
        FakeCluster cluster = new FakeCluster()
                .add(TestResources.clusterConnection("shared", "http://milvus:19530", "creds", new NamespaceSelector()))
                // The alias' own namespace has a Secret of that name too: it must not be read.
                .add(TestResources.secret(TestResources.NAMESPACE, "creds", Map.of("token", "tenant-copy")))
                .add(TestResources.secret(OPERATOR_NAMESPACE, "creds", Map.of("token", "platform")));

        EndpointResolver.Resolution resolution = EndpointResolver.resolve(
                TestResources.aliasVia("shared", "products", "v1"), cluster, SETTINGS);

        assertThat(resolution.resolved()).isTrue();
        assertThat(resolution.endpoint().credentials()).isEqualTo(new Credentials.Token("platform"));
        assertThat(resolution.endpoint().key()).isEqualTo("ClusterMilvusConnection/shared");
    }

    @Test
    void clusterConnectionSecretMissingFromTheOperatorNamespaceIsSecretNotFound() {
        FakeCluster cluster = new FakeCluster()
                .add(TestResources.clusterConnection("shared", "http://milvus:19530", "creds", new NamespaceSelector()))
                .add(TestResources.secret(TestResources.NAMESPACE, "creds", Map.of("token", "tenant-copy")));

        EndpointResolver.Resolution resolution = EndpointResolver.resolve(
                TestResources.aliasVia("shared", "products", "v1"), cluster, SETTINGS);

        assertThat(resolution.reason()).isEqualTo(Reason.SecretNotFound);
        assertThat(resolution.message()).contains("not found in namespace " + OPERATOR_NAMESPACE,
                "ClusterMilvusConnection shared");
    }

    @Test
    void aNamespacedAndAClusterConnectionOfOneNameAreDifferentClients() {
        FakeCluster cluster = new FakeCluster()
                .add(TestResources.connection("shared", "http://milvus:19530", null))
                .add(TestResources.clusterConnection("shared", "http://milvus:19530", null, new NamespaceSelector()));

        MilvusAlias viaNamespaced = TestResources.alias("products", "v1", 1L);
        viaNamespaced.getSpec().getConnectionRef().setName("shared");
        String namespacedKey = EndpointResolver.resolve(viaNamespaced, cluster, SETTINGS).endpoint().key();
        String clusterKey = EndpointResolver.resolve(TestResources.aliasVia("shared", "products", "v1"), cluster,
                SETTINGS).endpoint().key();

        assertThat(namespacedKey).isEqualTo(TestResources.NAMESPACE + "/shared").isNotEqualTo(clusterKey);
    }

    @Test
    void missingOrDisallowedClusterConnectionIsReportedBeforeAnySecretIsRead() {
        MilvusAlias alias = TestResources.aliasVia("shared", "products", "v1");
        FakeCluster cluster = new FakeCluster().add(TestResources.namespace(TestResources.NAMESPACE, Map.of()));

        assertThat(EndpointResolver.resolve(alias, cluster, SETTINGS).reason()).isEqualTo(Reason.ConnectionNotFound);

        cluster.add(TestResources.clusterConnection("shared", "http://milvus:19530", "creds",
                TestResources.matchLabels(Map.of("milvus.io/shared-milvus", "true"))));
        EndpointResolver.Resolution refused = EndpointResolver.resolve(alias, cluster, SETTINGS);
        assertThat(refused.reason()).isEqualTo(Reason.ConnectionNotAllowed);
        assertThat(refused.message()).contains("does not allow namespace " + TestResources.NAMESPACE,
                "makes no Milvus call");
    }

    @Test
    void namespacedModeDoesNotServeClusterConnections() {
        FakeCluster cluster = new FakeCluster()
                .add(TestResources.clusterConnection("shared", "http://milvus:19530", null, new NamespaceSelector()));

        EndpointResolver.Resolution resolution = EndpointResolver.resolve(TestResources.aliasVia("shared", "p", "v1"),
                cluster, TestSettings.withoutClusterConnections(Duration.ofMinutes(5)));

        assertThat(resolution.reason()).isEqualTo(Reason.ConnectionNotAllowed);
        assertThat(resolution.message()).contains("does not serve ClusterMilvusConnection", "namespaced mode");
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

        EndpointResolver.Resolution resolution = EndpointResolver.resolve(Connection.of(connection), OPERATOR_NAMESPACE,
                view(Map.of("creds", TestResources.secret("creds", values))));

        assertThat(resolution.resolved()).isFalse();
        assertThat(resolution.reason()).isEqualTo(Reason.SecretNotFound);
        assertThat(resolution.message()).contains("empty '" + key + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://milvus:0", "http://milvus:99999", "https://milvus:65536/", "http://milvus:00000"})
    void aPortOutOfRangeIsInvalidSpec(String uri) {
        EndpointResolver.Resolution resolution = EndpointResolver.resolve(Connection.of(TestResources.connection("m", uri, null)),
                OPERATOR_NAMESPACE, view(Map.of()));

        assertThat(resolution.reason()).isEqualTo(Reason.InvalidSpec);
        assertThat(resolution.message()).contains("between 1 and 65535");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://milvus:1", "http://milvus:65535/", "https://milvus", "http://m"})
    void portsInRangeOrNoPortAreAccepted(String uri) {
        assertThat(EndpointResolver.resolve(Connection.of(TestResources.connection("m", uri, null)), OPERATOR_NAMESPACE,
                view(Map.of())).resolved()).isTrue();
    }

    private static ClusterView view(Map<String, Secret> secrets) {
        FakeCluster cluster = new FakeCluster();
        secrets.values().forEach(cluster::add);
        return cluster;
    }
}
