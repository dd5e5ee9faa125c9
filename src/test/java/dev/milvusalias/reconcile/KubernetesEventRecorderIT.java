package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.InetAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.milvusalias.api.MilvusAlias;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * The event of a Milvus write is in the API server when {@link KubernetesEventRecorder#normalOnce} returns (not
 * queued: the write's outcome is recorded right after, and a queued event would die with the process), and the same
 * key never makes a second event; against the fabric8 mock API server (CRUD) on 127.0.0.1.
 */
class KubernetesEventRecorderIT {

    @Test
    void aWriteEventIsSentBeforeNormalOnceReturnsAndOncePerKey() throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), 0);
        try (KubernetesClient client = server.createClient()) {
            KubernetesEventRecorder events = new KubernetesEventRecorder(client, Clock.systemUTC());
            MilvusAlias alias = TestResources.alias("products", "v2", 2L);

            events.normalOnce(alias, EventReason.Switched, "v1 -> v2", "switch to v2");
            assertThat(events(client)).extracting(Event::getReason, Event::getMessage)
                    .containsExactly(tuple("Switched", "v1 -> v2"));

            events.normalOnce(alias, EventReason.Switched, "v1 -> v2", "switch to v2"); // the attempt that finishes it
            events.normalOnce(alias, EventReason.Switched, "v2 -> v3", "switch to v3");
            assertThat(events(client)).extracting(Event::getMessage).containsExactlyInAnyOrder("v1 -> v2", "v2 -> v3");
            assertThat(events(client)).extracting(e -> e.getInvolvedObject().getName()).containsOnly("products");
        } finally {
            server.destroy();
        }
    }

    private static List<Event> events(KubernetesClient client) {
        return client.v1().events().inNamespace(TestResources.NAMESPACE).list().getItems();
    }
}
