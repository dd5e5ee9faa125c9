package dev.milvusalias.reconcile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
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
 * sent from one background thread, in order, so that no reconcile waits on an event POST; if the API
 * server falls far behind (more than {@value #QUEUE} events queued), the newest are dropped with a log
 * line rather than piling up in memory. The exception is the event of a Milvus write
 * ({@link #normalOnce}): it is sent at once, because the write's outcome is recorded only after it, and
 * a queued event would die with the process while the recorded outcome says nothing is missing.
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
        Event event = event(resource, "Normal", reason.name(), message, randomSuffix());
        sender.execute(() -> send(event, false));
        log(event);
    }

    /**
     * Sent now, not queued, named after the key: a second event with the same key is refused by the API server
     * (409 Conflict), which means it was recorded already.
     */
    @Override
    public void normalOnce(HasMetadata resource, EventReason reason, String message, String key) {
        Event event = event(resource, "Normal", reason.name(), message, digest(key));
        if (send(event, true)) {
            log(event);
        }
    }

    @Override
    public void warning(HasMetadata resource, String reason, String message) {
        Event event = event(resource, "Warning", reason, message, randomSuffix());
        sender.execute(() -> send(event, false));
        log(event);
    }

    private Event event(HasMetadata resource, String type, String reason, String message, String nameSuffix) {
        String now = Conditions.format(clock.instant());
        String namespace = resource.getMetadata().getNamespace();
        return new EventBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(resource.getMetadata().getName() + "." + nameSuffix)
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
    }

    /**
     * Creates the event; false when it exists already and {@code once} says that is no failure. Never throws:
     * recording is best effort (a client closed at shutdown, say, fails with an IllegalStateException).
     */
    private boolean send(Event event, boolean once) {
        String namespace = event.getMetadata().getNamespace();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            if (once && e.getCode() == 409) {
                LOG.debugf("Event %s on %s/%s was recorded already", event.getReason(), namespace,
                        event.getInvolvedObject().getName());
                return false;
            }
            warnNotRecorded(event, e);
        } catch (RuntimeException e) {
            warnNotRecorded(event, e);
        }
        return true;
    }

    private static void warnNotRecorded(Event event, RuntimeException e) {
        LOG.warnf("Could not record event %s on %s/%s: %s", event.getReason(), event.getMetadata().getNamespace(),
                event.getInvolvedObject().getName(), e.getMessage());
    }

    private static void log(Event event) {
        LOG.infof("%s %s %s/%s: %s", event.getType(), event.getReason(), event.getMetadata().getNamespace(),
                event.getInvolvedObject().getName(), event.getMessage());
    }

    private static String randomSuffix() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong()).toLowerCase(Locale.ROOT);
    }

    /** 16 hex digits of the key's SHA-256: a valid name suffix, the same for the same key. */
    static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
