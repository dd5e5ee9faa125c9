package dev.milvusalias.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.it.ProjectCrds;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Ignore;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * {@link OperatorStart} starts a controller's secondary informers without waiting for its primary one, and
 * java-operator-sdk's own start then finds them running (fabric8 mock server in CRUD mode on 127.0.0.1).
 */
class SecondaryInformersStartIT {

    private static final String ALIAS_LIST = "GET /apis/milvus.io/v1alpha1/milvusaliases?";
    private static final String NAMESPACE_LIST = "GET /api/v1/namespaces?";

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private KubernetesMockServer server;
    private KubernetesClient client;
    private Operator operator;
    private final WithNamespaces reconciler = new WithNamespaces();

    @BeforeEach
    void start() throws Exception {
        server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher() {
                    @Override
                    public MockResponse dispatch(RecordedRequest request) {
                        requests.add(request.getMethod() + " " + request.getPath());
                        return super.dispatch(request);
                    }
                }, false);
        server.init(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
        client = server.createClient();
        ProjectCrds.install(client);
        operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false));
        operator.register(reconciler);
    }

    @AfterEach
    void stop() {
        operator.stop();
        client.close();
        server.destroy();
    }

    @Test
    void secondaryInformersStartBeforeThePrimaryAndOnlyOnce() {
        OperatorStart.startSecondaryInformers(operator);

        await().atMost(Duration.ofSeconds(10)).until(reconciler.namespaces::isRunning);
        assertThat(lists(ALIAS_LIST)).as("the primary informer has not been started yet").isZero();

        operator.start();

        assertThat(operator.getRuntimeInfo().isStarted()).isTrue();
        assertThat(lists(ALIAS_LIST)).isEqualTo(1);
        assertThat(lists(NAMESPACE_LIST)).as("the operator's own start found it running").isEqualTo(1);
    }

    private long lists(String prefix) {
        return requests.stream().filter(r -> r.startsWith(prefix) && !r.contains("watch=true")).count();
    }

    /**
     * A controller with one secondary informer, on Namespaces, as the MilvusAlias controller has. {@code @Ignore}: the
     * Quarkus Operator SDK would otherwise register it in every Quarkus test.
     */
    @Ignore
    private static final class WithNamespaces implements Reconciler<MilvusAlias> {
        private volatile InformerEventSource<Namespace, MilvusAlias> namespaces;

        @Override
        public UpdateControl<MilvusAlias> reconcile(MilvusAlias alias, Context<MilvusAlias> context) {
            return UpdateControl.noUpdate();
        }

        @Override
        public List<EventSource<?, MilvusAlias>> prepareEventSources(EventSourceContext<MilvusAlias> context) {
            namespaces = new InformerEventSource<>(InformerEventSourceConfiguration
                    .from(Namespace.class, MilvusAlias.class)
                    .withWatchAllNamespaces()
                    .withSecondaryToPrimaryMapper(namespace -> Set.of())
                    .build(), context);
            return List.of(namespaces);
        }
    }
}
