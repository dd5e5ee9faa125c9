package dev.milvusalias.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Leader election settings (MILVUS_ALIAS_LEADER_ELECTION_...). Off by default, so `make run`, dev mode and tests
 * run one operator without a Lease; the Deployment (kustomize and Helm) turns it on.
 */
@ConfigMapping(prefix = "milvus-alias.leader-election")
public interface LeaderElectionSettings {

    /** Whether replicas elect a leader through a coordination.k8s.io Lease; only the leader reconciles. */
    @WithDefault("false")
    boolean enabled();

    /** Name of the Lease. */
    @WithDefault("milvus-alias-operator")
    String leaseName();

    /** Namespace of the Lease; default: env POD_NAMESPACE, else the namespace of the Kubernetes client. */
    Optional<String> leaseNamespace();

    /** This replica's name in the Lease; default: env POD_NAME, else HOSTNAME, else the host name. */
    Optional<String> identity();

    /** How long a Lease is valid without renewal: a standby takes over at most this long after the leader died. */
    @WithDefault("15s")
    Duration leaseDuration();

    /** How long the leader keeps trying to renew before it gives up leading (and exits). */
    @WithDefault("10s")
    Duration renewDeadline();

    /** How often the Lease is tried or renewed. */
    @WithDefault("2s")
    Duration retryPeriod();
}
