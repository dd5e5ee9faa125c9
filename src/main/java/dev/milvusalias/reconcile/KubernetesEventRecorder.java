package dev.milvusalias.reconcile;

import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Writes core/v1 Events, as {@code kubectl describe} and {@code kubectl get events} show them. Events are
 * sent from one background thread, in order, so that no reconcile (and no alias switch) waits on an
 * event POST; if the API server falls far behind (more than {@value #QUEUE} events queued), the newest
 * are dropped with a log line rather than piling up in memory.
 */
public class KubernetesEventRecorder implements EventRecorder {

    static final String COMPONENT = "milvus-alias-operator";
    private static final Logger LOG = Logger.getLogger(KubernetesEventRecorder.class);
    private static final int QUEUE = 10_000;

    private final KubernetesClient client;
    private final Clock clock;
    private final ExecutorService sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE), runnable -> {
                Thread thread = new Thread(runnable, "event-sender");
                thread.setDaemon(true);
                return thread;
            }, (runnable, executor) -> LOG.warn("Event queue full; an event was dropped"));

    public KubernetesEventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public void normal(HasMetadata resource, EventReason reason, String message) {
        record(resource, "Normal", reason.name(), message);
    }

    @Override
    public void warning(HasMetadata resource, String reason, String message) {
        record(resource, "Warning", reason, message);
    }

    private void record(HasMetadata resource, String type, String reason, String message) {
        String now = Conditions.format(clock.instant());
        String namespace = resource.getMetadata().getNamespace();
        Event event = new EventBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(resource.getMetadata().getName() + "."
                        + Long.toHexString(ThreadLocalRandom.current().nextLong()).toLowerCase(Locale.ROOT))
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(resource.getApiVersion())
                        .withKind(resource.getKind())
                        .withNamespace(namespace)
                        .withName(resource.getMetadata().getName())
                        .withUid(resource.getMetadata().getUid())
                        .withResourceVersion(resource.getMetadata().getResourceVersion())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .build();
        sender.execute(() -> {
            try {
                client.v1().events().inNamespace(namespace).resource(event).create();
            } catch (KubernetesClientException e) {
                LOG.warnf("Could not record event %s on %s/%s: %s", reason, namespace, resource.getMetadata().getName(),
                        e.getMessage());
            }
        });
        LOG.infof("%s %s %s/%s: %s", type, reason, namespace, resource.getMetadata().getName(), message);
    }
}
