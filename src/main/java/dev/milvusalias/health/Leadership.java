package dev.milvusalias.health;

import org.jboss.logging.Logger;

import dev.milvusalias.metrics.Meters;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Whether this replica reconciles: always without leader election, only while it holds the Lease with it. Fed by
 * the leader-election callbacks; shown in the liveness check's data and as the gauge {@value #GAUGE}
 * ({@code milvus_alias_leader}: 1 on the replica that reconciles, 0 on standbys).
 * <p>
 * A leader that loses the Lease (it could not renew it within the renew deadline, or another replica took it) must
 * stop reconciling before the new leader starts; it ends the process ({@code exit}) and Kubernetes restarts it as a
 * standby. Not when the application is already shutting down: stopping the operator also ends its leadership, and
 * exiting from inside a shutdown would block it (java-operator-sdk's own exit-on-stop-leading does exactly that,
 * which is why it is off and this class decides).
 */
public class Leadership implements MeterBinder {

    public static final String GAUGE = "milvus.alias.leader";

    /** What the replica is doing, as shown in /q/health. */
    public enum Role {
        /** Leader election is off: this replica reconciles. */
        single,
        /** Holds the Lease: reconciles. */
        leader,
        /** Waits for the Lease; caches are warm, nothing is reconciled. */
        standby
    }

    private static final Logger LOG = Logger.getLogger(Leadership.class);

    private final boolean electing;
    private final String identity;
    private final Runnable exit;
    private volatile boolean leading;
    private volatile boolean shuttingDown;
    private volatile String currentLeader;

    /**
     * @param exit ends the process after the lease was lost (System.exit(1) in production)
     */
    public Leadership(boolean electing, String identity, Runnable exit) {
        this.electing = electing;
        this.identity = identity;
        this.exit = exit;
    }

    /** Callbacks for the leader elector. */
    public LeaderCallbacks callbacks() {
        return new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader);
    }

    /** The application is stopping: losing the lease from now on is expected. */
    public void shuttingDown() {
        shuttingDown = true;
    }

    void startedLeading() {
        leading = true;
        LOG.infof("This replica (%s) holds the lease and now reconciles", identity);
    }

    void stoppedLeading() {
        leading = false;
        if (shuttingDown) {
            LOG.infof("This replica (%s) stops leading: shutting down", identity);
            return;
        }
        LOG.errorf("This replica (%s) lost the lease; exiting so that it never reconciles alongside the new leader "
                + "(Kubernetes restarts it as a standby)", identity);
        exit.run();
    }

    void newLeader(String leader) {
        currentLeader = leader;
        if (!identity.equals(leader)) {
            LOG.infof("Standing by: %s holds the lease", leader);
        }
    }

    public Role role() {
        if (!electing) {
            return Role.single;
        }
        return leading ? Role.leader : Role.standby;
    }

    public boolean reconciles() {
        return role() != Role.standby;
    }

    public boolean electing() {
        return electing;
    }

    public String identity() {
        return identity;
    }

    /** The Lease holder last seen, or null (not electing, or not observed yet). */
    public String currentLeader() {
        return currentLeader;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Meters.removeExisting(registry, GAUGE, Tags.empty());
        Gauge.builder(GAUGE, this, l -> l.reconciles() ? 1 : 0)
                .description("1 when this replica reconciles (holds the Lease, or leader election is off), 0 on a standby")
                .register(registry);
    }
}
