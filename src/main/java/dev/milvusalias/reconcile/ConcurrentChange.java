package dev.milvusalias.reconcile;

import java.net.HttpURLConnection;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A status write the API server refused with 409 Conflict: the object changed after this reconcile read it, e.g. a
 * user's edit landing between the read and the operator's write. Nothing is lost: a MilvusAlias's Milvus write is
 * only made after its intent is stored (write-ahead), so whatever this reconcile did is in the stored status, and the
 * newer version is reconciled next. Not a failure to put in status or warn about.
 */
final class ConcurrentChange {

    private ConcurrentChange() {
    }

    static boolean causedBy(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return true;
            }
        }
        return false;
    }
}
