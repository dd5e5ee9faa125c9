package dev.milvusalias.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Starts the operator on a thread of its own once Quarkus has started, and stops it at shutdown; the Quarkus Operator
 * SDK is built not to (quarkus.operator-sdk.start-operator=false). The informers' first lists then run while Quarkus
 * opens its HTTP server and sets up metrics, instead of before, and each controller's secondary informers list
 * alongside its primary one, not after it: both shorten start → ready (README "Performance").
 * Readiness is DOWN until the operator has started. A start that fails, such as a CRD that is not installed (the
 * first list gets a 404) or an API server that does not answer within the cache-sync timeout, ends the process with
 * exit code 1, as it did when the start was part of Quarkus' own.
 */
@ApplicationScoped
public class OperatorStart {

    private static final Logger LOG = Logger.getLogger(OperatorStart.class);

    void start(@Observes StartupEvent event, Operator operator) {
        // The proxy's first call builds the Operator here, on Quarkus' thread: building it registers the reconcilers,
        // which read the status key, and a failure there still fails Quarkus' own start.
        LOG.infof("Starting the operator (%d controllers)", operator.getRegisteredControllersNumber());
        Thread starter = new Thread(() -> start(operator), "operator-start");
        starter.setDaemon(true);
        starter.start();
    }

    private static void start(Operator operator) {
        try {
            startSecondaryInformers(operator);
            operator.start();
        } catch (RuntimeException e) {
            LOG.error("The operator could not start; exiting", e);
            Quarkus.asyncExit(1);
        }
    }

    /**
     * java-operator-sdk starts a controller's secondary informers only once its own has synced. They are small (the
     * connections and namespaces an alias depends on), so each starts now, alongside the primary one, and their lists
     * no longer add to start → ready. Their start is idempotent: the operator's own start waits for these to finish
     * and then finds them running. One that fails here is started, and fails, again there, which ends the process
     * as any failed start does.
     */
    public static void startSecondaryInformers(Operator operator) {
        for (RegisteredController<?> registered : operator.getRegisteredControllers()) {
            if (registered instanceof Controller<?> controller) {
                var sources = controller.getEventSourceManager();
                sources.getEventSourcesStream()
                        .filter(source -> source instanceof ManagedInformerEventSource<?, ?, ?>
                                && source != sources.getControllerEventSource())
                        .forEach(source -> {
                            Thread starter = new Thread(() -> startQuietly(source), "informer-start");
                            starter.setDaemon(true);
                            starter.start();
                        });
            }
        }
    }

    private static void startQuietly(EventSource<?, ?> source) {
        try {
            source.start();
        } catch (RuntimeException e) {
            LOG.debugf(e, "Early start of %s failed; the operator's start tries again", source.name());
        }
    }

    void stop(@Observes ShutdownEvent event, Operator operator) {
        LOG.info("Stopping the operator");
        operator.stop();
    }
}
