package dev.milvusalias.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Liveness: UP while the process works, on the leader and on standbys alike (a standby must not be restarted for
 * waiting). DOWN only when the operator ran and was stopped while the application keeps running, which a restart
 * fixes. Its data tell which replica reconciles: {@code role} (single, leader, standby), {@code identity} and the
 * {@code leader} seen in the Lease. Readiness is the Quarkus Operator SDK's own check (informers started and
 * healthy).
 */
@Liveness
@ApplicationScoped
public class OperatorLivenessCheck implements HealthCheck {

    public static final String NAME = "milvus-alias-operator";

    @Inject
    Operator operator;

    @Inject
    Leadership leadership;

    private volatile boolean wasStarted;
    private volatile boolean shuttingDown;

    void onShutdown(@Observes ShutdownEvent event) {
        shuttingDown = true;
    }

    @Override
    public HealthCheckResponse call() {
        boolean started = operator.getRuntimeInfo().isStarted();
        wasStarted |= started;
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .withData("role", leadership.role().name())
                .withData("identity", leadership.identity());
        if (leadership.electing() && leadership.currentLeader() != null) {
            response.withData("leader", leadership.currentLeader());
        }
        if (wasStarted && !started && !shuttingDown) {
            return response.withData("operator", "stopped").down().build();
        }
        return response.withData("operator", started ? "started" : "starting").up().build();
    }
}
