package dev.milvusalias.metrics;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * java-operator-sdk's own metrics ({@link MicrometerMetricsV2}: reconciliations started, succeeded, failed, retried,
 * their duration, queue and resource counts, by {@code controller_name}) with one correction: the SDK's timer wraps
 * whatever a reconciler throws in an {@link OperatorException}, so {@code updateErrorStatus} would see that wrapper
 * instead of the reconciler's own exception (and report UnexpectedError instead of, say, MilvusUnavailable). This
 * decorator rethrows the original exception; everything else is passed through. It also feeds {@link PendingDeletions}
 * from the same hooks: the SDK reports every resource it reconciles and every resource that has left the cluster.
 */
public final class OperatorSdkMetrics implements Metrics {

    private final Metrics delegate;
    /**
     * Whether this thread is inside a reconciliation the SDK reported as started. The SDK also reports
     * "succeeded" for executions it skipped without starting (a delete event that arrived meanwhile), which
     * made reconciliations_success_total exceed reconciliations_started_total; only started ones count here.
     */
    private final ThreadLocal<Boolean> started = ThreadLocal.withInitial(() -> false);
    private final PendingDeletions deletions;

    public OperatorSdkMetrics(Metrics delegate, PendingDeletions deletions) {
        this.delegate = delegate;
        this.deletions = deletions;
    }

    /** The SDK's v2 Micrometer metrics on {@code registry}, exceptions preserved, plus the pending-deletions gauge. */
    public static OperatorSdkMetrics micrometer(MeterRegistry registry) {
        return new OperatorSdkMetrics(MicrometerMetricsV2.newBuilder(registry).build(), new PendingDeletions(registry));
    }

    @Override
    public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
        AtomicReference<Exception> thrown = new AtomicReference<>();
        ControllerExecution<T> recording = new ControllerExecution<>() {
            @Override
            public String name() {
                return execution.name();
            }

            @Override
            public String controllerName() {
                return execution.controllerName();
            }

            @Override
            public String successTypeName(T result) {
                return execution.successTypeName(result);
            }

            @Override
            public ResourceID resourceID() {
                return execution.resourceID();
            }

            @Override
            public Map<String, Object> metadata() {
                return execution.metadata();
            }

            @Override
            public T execute() throws Exception {
                try {
                    return execution.execute();
                } catch (Exception e) {
                    thrown.set(e);
                    throw e;
                }
            }
        };
        try {
            return delegate.timeControllerExecution(recording);
        } catch (OperatorException e) {
            Exception original = thrown.get();
            if (original != null && e.getCause() == original) {
                throw original;
            }
            throw e;
        }
    }

    @Override
    public void controllerRegistered(Controller<? extends HasMetadata> controller) {
        delegate.controllerRegistered(controller);
        deletions.register(controller.getConfiguration().getName());
    }

    @Override
    public void eventReceived(Event event, Map<String, Object> metadata) {
        delegate.eventReceived(event, metadata);
    }

    @Override
    public void reconciliationSubmitted(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
        delegate.reconciliationSubmitted(resource, retryInfo, metadata);
    }

    @Override
    public void reconciliationStarted(HasMetadata resource, Map<String, Object> metadata) {
        started.set(true);
        delegate.reconciliationStarted(resource, metadata);
        deletions.observed(MicrometerMetricsV2.getControllerName(metadata), resource);
    }

    @Override
    public void reconciliationFailed(HasMetadata resource, RetryInfo retryInfo, Exception exception,
            Map<String, Object> metadata) {
        if (started.get()) {
            started.set(false);
            delegate.reconciliationFailed(resource, retryInfo, exception, metadata);
        }
    }

    @Override
    public void reconciliationSucceeded(HasMetadata resource, Map<String, Object> metadata) {
        if (started.get()) {
            started.set(false);
            delegate.reconciliationSucceeded(resource, metadata);
        }
    }

    @Override
    public void reconciliationFinished(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
        started.set(false);
        delegate.reconciliationFinished(resource, retryInfo, metadata);
    }

    @Override
    public void cleanupDone(ResourceID resourceID, Map<String, Object> metadata) {
        delegate.cleanupDone(resourceID, metadata);
        deletions.gone(MicrometerMetricsV2.getControllerName(metadata), resourceID);
    }
}
