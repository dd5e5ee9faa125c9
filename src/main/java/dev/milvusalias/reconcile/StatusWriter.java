package dev.milvusalias.reconcile;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasStatus;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Writes a MilvusAlias status to the API server now, in the middle of a reconcile: the write-ahead
 * intent before a Milvus write, and the outcome after it. Returns the resource as stored.
 */
@FunctionalInterface
public interface StatusWriter {

    MilvusAlias write(MilvusAlias resource, MilvusAliasStatus status);

    /**
     * JSON patches computed from {@code resource} (the object as last stored), as UpdateControl.patchStatus
     * does; the framework caches the answer, so the next reconcile sees it.
     */
    static StatusWriter of(Context<MilvusAlias> context) {
        return (resource, status) -> context.resourceOperations().jsonPatchPrimaryStatus(resource, r -> {
            r.setStatus(status);
            return r;
        });
    }
}
