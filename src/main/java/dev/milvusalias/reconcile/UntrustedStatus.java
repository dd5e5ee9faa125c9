package dev.milvusalias.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasStatus;

/**
 * The first step of every reconcile, apply or delete: a status binding or pending change this operator did not seal
 * (written by a user with rights on the status subresource, or copied from another object) is removed from status,
 * with a Warning, before anything reads it. So a forged status can neither drop an alias nor take one over: the
 * resource is treated as never having bound it, and adoption decides as for a new resource.
 */
final class UntrustedStatus {

    private static final Logger LOG = Logger.getLogger(UntrustedStatus.class);

    private UntrustedStatus() {
    }

    /** {@code resource} as stored once what did not verify is gone; {@code resource} itself when all verifies. */
    static MilvusAlias discard(MilvusAlias resource, AliasStatusFactory statuses, StatusWriter writer,
            EventRecorder events) {
        Optional<MilvusAliasStatus> trusted = statuses.withoutUnsealed(resource);
        if (trusted.isEmpty()) {
            return resource;
        }
        String message = describe(resource.getStatus(), trusted.get())
                + " not recorded by the operator (no valid seal) and removed: it cannot make the operator drop or"
                + " re-point an alias, which is treated as never bound by this resource";
        LOG.warnf("MilvusAlias %s: %s", AliasClaims.name(resource), message);
        events.warning(resource, EventReason.StatusNotTrusted.name(), message);
        return writer.write(resource, trusted.get());
    }

    private static String describe(MilvusAliasStatus before, MilvusAliasStatus after) {
        List<String> removed = new ArrayList<>();
        if (before.getAlias() != null && after.getAlias() == null) {
            removed.add("status.alias " + before.getAlias() + " -> " + before.getCollectionName());
        }
        if (before.getPendingChange() != null && after.getPendingChange() == null) {
            removed.add("status.pendingChange " + before.getPendingChange().getOperation() + " of "
                    + before.getPendingChange().getAlias());
        }
        return String.join(" and ", removed) + (removed.size() > 1 ? " were" : " was");
    }
}
