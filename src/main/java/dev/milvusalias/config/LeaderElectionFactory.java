package dev.milvusalias.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;

/**
 * Turns {@link LeaderElectionSettings} into java-operator-sdk's {@link LeaderElectionConfiguration}. The Quarkus
 * extension enables leader election exactly when such a bean exists, so "disabled" means "no configuration".
 */
public final class LeaderElectionFactory {

    private LeaderElectionFactory() {
    }

    /**
     * The configuration, or empty when leader election is disabled.
     * <p>
     * Its exit-on-stop-leading is off (what {@link LeaderElectionConfigurationBuilder#build()} gives in
     * java-operator-sdk 5.3): with it on, the SDK also calls System.exit when the operator is stopped during a
     * graceful shutdown, from inside the shutdown, which then blocks until the pod is killed. The callbacks
     * ({@code Leadership}) end the process instead when the lease is lost while running.
     *
     * @param env environment lookup (System::getenv in production)
     * @throws IllegalArgumentException unless retry period &lt; renew deadline &lt; lease duration
     */
    public static Optional<LeaderElectionConfiguration> create(LeaderElectionSettings settings, UnaryOperator<String> env,
            LeaderCallbacks callbacks) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        // A leader gives up (renew deadline) before a standby may take over (lease duration): never two leaders.
        if (settings.renewDeadline().compareTo(settings.leaseDuration()) >= 0
                || settings.retryPeriod().compareTo(settings.renewDeadline()) >= 0) {
            throw new IllegalArgumentException("milvus-alias.leader-election: need retry-period (" + settings.retryPeriod()
                    + ") < renew-deadline (" + settings.renewDeadline() + ") < lease-duration ("
                    + settings.leaseDuration() + ")");
        }
        return Optional.of(LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(settings.leaseName())
                .withLeaseNamespace(leaseNamespace(settings, env).orElse(null))
                .withIdentity(identity(settings, env))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withLeaderCallbacks(callbacks)
                .build());
    }

    /** The setting, else env POD_NAMESPACE; empty lets the SDK use the Kubernetes client's namespace. */
    public static Optional<String> leaseNamespace(LeaderElectionSettings settings, UnaryOperator<String> env) {
        return settings.leaseNamespace().filter(s -> !s.isBlank()).or(() -> nonBlank(env.apply("POD_NAMESPACE")));
    }

    /** The setting, else env POD_NAME, else HOSTNAME, else the host name, else a random id. */
    public static String identity(LeaderElectionSettings settings, UnaryOperator<String> env) {
        return settings.identity().filter(s -> !s.isBlank())
                .or(() -> nonBlank(env.apply("POD_NAME")))
                .or(() -> nonBlank(env.apply("HOSTNAME")))
                .or(LeaderElectionFactory::hostName)
                .orElseGet(() -> UUID.randomUUID().toString());
    }

    private static Optional<String> hostName() {
        try {
            return nonBlank(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(s -> !s.isBlank());
    }
}
