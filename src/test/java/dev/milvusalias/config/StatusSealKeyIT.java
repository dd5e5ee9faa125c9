package dev.milvusalias.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Base64;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.milvusalias.milvus.AliasBinding;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

/** The seal key's life on an API server (fabric8 mock server in CRUD mode on 127.0.0.1). */
class StatusSealKeyIT {

    private static final String NS = "milvus-alias-system";
    private static final AliasBinding BINDING = new AliasBinding("default", "products", "v1");

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        // CRUD, with expectations answered first.
        Map<ServerRequest, Queue<ServerResponse>> responses = new ConcurrentHashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void theFirstStartCreatesARandomKeyThatLaterStartsReuse() {
        String first = StatusSealKey.loadOrCreate(client, NS).of("uid", BINDING);

        Secret secret = client.secrets().inNamespace(NS).withName(StatusSealKey.SECRET_NAME).get();
        assertThat(Base64.getDecoder().decode(secret.getData().get(StatusSealKey.KEY))).hasSize(32);
        assertThat(secret.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "milvus-alias-operator");
        assertThat(StatusSealKey.loadOrCreate(client, NS).of("uid", BINDING)).as("a restart, another replica")
                .isEqualTo(first);

        client.secrets().inNamespace(NS).withName(StatusSealKey.SECRET_NAME).delete();
        assertThat(StatusSealKey.loadOrCreate(client, NS).of("uid", BINDING)).as("a new key").isNotEqualTo(first);
    }

    @Test
    void aReplicaThatLosesTheRaceToCreateTheKeyUsesTheWinners() {
        client.secrets().inNamespace(NS).resource(key(new byte[32])).create();
        // The loser read before the winner created the key: its create answers 409, and it reads the winner's.
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/secrets/" + StatusSealKey.SECRET_NAME)
                .andReturn(404, new StatusBuilder().withCode(404).withReason("NotFound").build()).once();

        String seal = StatusSealKey.loadOrCreate(client, NS).of("uid", BINDING);

        assertThat(seal).isEqualTo(new dev.milvusalias.reconcile.StatusSeal(new byte[32]).of("uid", BINDING));
    }

    @Test
    void aKeyTooShortIsRefusedWithWhatToDo() {
        client.secrets().inNamespace(NS).resource(key(new byte[8])).create();

        assertThatThrownBy(() -> StatusSealKey.loadOrCreate(client, NS))
                .hasMessageContaining("Secret milvus-alias-system/milvus-alias-status-key has no key 'key' of at least 32")
                .hasMessageContaining("delete it and restart");
    }

    @Test
    void noRightToReadTheKeySaysWhichRightsAreMissing() {
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/secrets/" + StatusSealKey.SECRET_NAME)
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").build()).always();

        assertThatThrownBy(() -> StatusSealKey.loadOrCreate(client, NS))
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("get and create on secrets in its namespace");
    }

    private static Secret key(byte[] key) {
        return new SecretBuilder().withNewMetadata().withName(StatusSealKey.SECRET_NAME).withNamespace(NS).endMetadata()
                .withData(Map.of(StatusSealKey.KEY, Base64.getEncoder().encodeToString(key))).build();
    }
}
