package dev.milvusalias.reconcile;

import org.jboss.logging.Logger;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasStatus;

/**
 * A Warning event and one log line when a resource enters a failure reason, and a log line when it is
 * Ready again; nothing while it stays where it is (no event, no stack trace per retry).
 */
final class FailureWarnings {

    private static final Logger LOG = Logger.getLogger(FailureWarnings.class);

    private final EventRecorder events;

    FailureWarnings(EventRecorder events) {
        this.events = events;
    }

    void onNewFailure(MilvusAlias resource, MilvusAliasStatus fresh, Reason reason) {
        String before = readyReason(resource.getStatus());
        if (reason.name().equals(before)) {
            return;
        }
        if (reason == Reason.Bound) {
            if (before != null) {
                LOG.infof("MilvusAlias %s is Ready again (was %s)", AliasClaims.name(resource), before);
            }
            return;
        }
        if (reason == Reason.Paused) {
            return;
        }
        String message = Conditions.find(fresh.getConditions(), Conditions.READY).map(c -> c.getMessage()).orElse("");
        events.warning(resource, reason.name(), message);
        LOG.warnf("MilvusAlias %s not Ready: %s: %s%s", AliasClaims.name(resource), reason, message,
                FailureReasons.retried(reason) ? " (retried with backoff: 1 s, doubling, at most 2 min)" : "");
    }

    private static String readyReason(MilvusAliasStatus status) {
        return status == null ? null
                : Conditions.find(status.getConditions(), Conditions.READY).map(c -> c.getReason()).orElse(null);
    }
}
