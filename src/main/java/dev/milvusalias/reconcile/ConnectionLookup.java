package dev.milvusalias.reconcile;

import java.util.Optional;

import dev.milvusalias.api.MilvusConnection;
import io.fabric8.kubernetes.api.model.Secret;

/** Reads MilvusConnections and Secrets, from the informer caches in production and from maps in tests. */
public interface ConnectionLookup {

    Optional<MilvusConnection> connection(String namespace, String name);

    Optional<Secret> secret(String namespace, String name);
}
