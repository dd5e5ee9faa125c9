package dev.milvusalias.reconcile;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasStatus;

/** A Warning event when a resource enters a failure reason; not again while it stays there (no event per retry). */
final class FailureWarnings {

    private final EventRecorder events;

    FailureWarnings(EventRecorder events) {
        this.events = events;
    }

    void onNewFailure(MilvusAlias resource, MilvusAliasStatus fresh, Reason reason) {
        if (reason == Reason.Bound || reason == Reason.Paused) {
            return;
        }
        String before = readyReason(resource.getStatus());
        if (!reason.name().equals(before)) {
            String message = Conditions.find(fresh.getConditions(), Conditions.READY).map(c -> c.getMessage()).orElse("");
            events.warning(resource, reason.name(), message);
        }
    }

    private static String readyReason(MilvusAliasStatus status) {
        return status == null ? null
                : Conditions.find(status.getConditions(), Conditions.READY).map(c -> c.getReason()).orElse(null);
    }
}
