package dev.milvusalias.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.milvusalias.reconcile.TestResources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class OperatorSdkMetricsTest {

    /** Wraps what the execution throws, as the SDK's Micrometer implementations do. */
    private final List<String> seen = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PendingDeletions deletions = new PendingDeletions(registry);
    private final Metrics wrapping = new Metrics() {
        @Override
        public <T> T timeControllerExecution(ControllerExecution<T> execution) {
            seen.add(execution.controllerName() + " " + execution.name());
            try {
                return execution.execute();
            } catch (Exception e) {
                throw new OperatorException(e);
            }
        }

        @Override
        public void reconciliationFailed(HasMetadata resource, RetryInfo retryInfo, Exception exception,
                Map<String, Object> metadata) {
            seen.add("failed " + exception.getMessage());
        }

        @Override
        public void cleanupDone(ResourceID resourceID, Map<String, Object> metadata) {
            seen.add("cleanup " + resourceID.getName());
        }
    };
    private final OperatorSdkMetrics metrics = new OperatorSdkMetrics(wrapping, deletions);

    @Test
    void theReconcilersOwnExceptionComesOutUnwrapped() {
        Exception reconcilerFailure = new Exception("Milvus unavailable");

        assertThatThrownBy(() -> metrics.timeControllerExecution(execution(() -> {
            throw reconcilerFailure;
        }))).isSameAs(reconcilerFailure);
        assertThat(seen).containsExactly("milvusalias reconcile");
    }

    @Test
    void theSdksOwnFailuresStayAsTheyAre() {
        OperatorException sdkFailure = new OperatorException("timer broken");
        Metrics broken = new Metrics() {
            @Override
            public <T> T timeControllerExecution(ControllerExecution<T> execution) {
                throw sdkFailure;
            }
        };

        assertThatThrownBy(() -> new OperatorSdkMetrics(broken, deletions).timeControllerExecution(execution(() -> "ok")))
                .isSameAs(sdkFailure);
    }

    @Test
    void resultsAndOtherCallsPassThrough() throws Exception {
        assertThat(metrics.timeControllerExecution(execution(() -> "done"))).isEqualTo("done");

        metrics.reconciliationStarted(TestResources.alias("a", "c", 1), Map.of());
        metrics.reconciliationFailed(TestResources.alias("a", "c", 1), null, new Exception("x"), Map.of());
        metrics.cleanupDone(new ResourceID("a", "ns"), Map.of());

        assertThat(seen).containsExactly("milvusalias reconcile", "failed x", "cleanup a");
    }

    @Test
    void successesAndFailuresNeverOutnumberStarts() {
        int[] counts = new int[3]; // started, succeeded, failed
        Metrics counting = new Metrics() {
            @Override
            public void reconciliationStarted(HasMetadata resource, Map<String, Object> metadata) {
                counts[0]++;
            }

            @Override
            public void reconciliationSucceeded(HasMetadata resource, Map<String, Object> metadata) {
                counts[1]++;
            }

            @Override
            public void reconciliationFailed(HasMetadata resource, RetryInfo retryInfo, Exception exception,
                    Map<String, Object> metadata) {
                counts[2]++;
            }
        };
        OperatorSdkMetrics metrics = new OperatorSdkMetrics(counting, new PendingDeletions(new SimpleMeterRegistry()));
        HasMetadata alias = TestResources.alias("a", "c", 1);

        metrics.reconciliationStarted(alias, Map.of());
        metrics.reconciliationSucceeded(alias, Map.of());
        metrics.reconciliationFinished(alias, null, Map.of());
        // What the SDK does when a delete event arrived before the execution began: "succeeded", never started.
        metrics.reconciliationSucceeded(alias, Map.of());
        metrics.reconciliationStarted(alias, Map.of());
        metrics.reconciliationFailed(alias, null, new Exception("x"), Map.of());
        metrics.reconciliationFinished(alias, null, Map.of());

        assertThat(counts).containsExactly(2, 1, 1);
        assertThat(counts[1] + counts[2]).isLessThanOrEqualTo(counts[0]);
    }

    @Test
    void aDeletedResourceIsPendingFromItsReconcileUntilTheSdkSaysItIsGone() {
        Map<String, Object> sdkMetadata = Map.of("controller.name", "milvusalias");
        var alias = TestResources.alias("a", "c", 1);
        metrics.reconciliationStarted(alias, sdkMetadata);
        assertThat(pending("milvusalias")).isZero();

        alias.getMetadata().setDeletionTimestamp("2024-05-01T10:00:00Z");
        metrics.reconciliationStarted(alias, sdkMetadata);
        metrics.reconciliationStarted(alias, sdkMetadata); // retried: still one
        assertThat(pending("milvusalias")).isEqualTo(1);

        metrics.cleanupDone(ResourceID.fromResource(alias), sdkMetadata);
        assertThat(pending("milvusalias")).isZero();
        assertThat(seen).containsExactly("cleanup " + alias.getMetadata().getName());
    }

    private double pending(String controller) {
        return registry.get(PendingDeletions.GAUGE).tag("controller.name", controller).gauge().value();
    }

    interface Body<T> {
        T run() throws Exception;
    }

    private static <T> Metrics.ControllerExecution<T> execution(Body<T> body) {
        return new Metrics.ControllerExecution<>() {
            @Override
            public String name() {
                return "reconcile";
            }

            @Override
            public String controllerName() {
                return "milvusalias";
            }

            @Override
            public String successTypeName(T result) {
                return "resource";
            }

            @Override
            public ResourceID resourceID() {
                return new ResourceID("a", "ns");
            }

            @Override
            public Map<String, Object> metadata() {
                return Map.of();
            }

            @Override
            public T execute() throws Exception {
                return body.run();
            }
        };
    }
}
