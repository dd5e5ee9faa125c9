package dev.milvusalias.reconcile;

import java.util.List;
import java.util.Optional;

import dev.milvusalias.api.ClusterMilvusConnection;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusConnection;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * What the reconciler reads from Kubernetes besides its own resource: from the informer caches in
 * production (no API call per reconcile) and, for Secrets, from the {@link SecretCache}; from maps in unit tests.
 */
public interface ClusterView {

    Optional<MilvusConnection> connection(String namespace, String name);

    /** The ClusterMilvusConnection {@code name}; empty when absent or when the operator does not serve that kind. */
    Optional<ClusterMilvusConnection> clusterConnection(String name);

    /** The namespace {@code name} with its labels; empty when not (yet) known. */
    Optional<Namespace> namespace(String name);

    /**
     * The Secret {@code namespace/name}; empty when it does not exist.
     *
     * @throws SecretCache.Forbidden when the operator may not read it
     */
    Optional<Secret> secret(String namespace, String name);

    /**
     * Milvus refused the credentials of {@code stale}, as {@link #secret} returned it: the next {@link #secret}
     * reads it afresh. Views that read afresh every time have nothing to forget.
     */
    default void forgetSecret(String namespace, String name, Secret stale) {
    }

    /** Every MilvusAlias, in any namespace, whose spec.alias is {@code alias}. */
    List<MilvusAlias> aliasesNamed(String alias);
}
