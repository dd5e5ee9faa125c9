package dev.milvusalias.reconcile;

import java.util.ArrayList;
import java.util.List;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasStatus;

/**
 * A {@link StatusWriter} for unit tests: "stores" the status on the object itself, records every
 * write, and can fail the next outcome write (the one after a Milvus write) as an API server or a
 * dying process would.
 */
class RecordingStatusWriter implements StatusWriter {

    private final List<MilvusAliasStatus> written = new ArrayList<>();
    private boolean failNextOutcome;

    /** The next status write that records no pending change fails with a 500-like error. */
    void failNextOutcomeWrite() {
        failNextOutcome = true;
    }

    List<MilvusAliasStatus> written() {
        return written;
    }

    @Override
    public MilvusAlias write(MilvusAlias resource, MilvusAliasStatus status) {
        if (failNextOutcome && status.getPendingChange() == null) {
            failNextOutcome = false;
            throw new IllegalStateException("injected: status write failed (500)");
        }
        written.add(status);
        resource.setStatus(status);
        return resource;
    }
}
