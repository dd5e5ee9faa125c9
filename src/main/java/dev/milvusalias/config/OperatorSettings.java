package dev.milvusalias.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Operator settings, from application.properties or environment variables (MILVUS_ALIAS_...). */
@ConfigMapping(prefix = "milvus-alias")
public interface OperatorSettings {

    /** How often each resource re-reads Milvus to repair drift (Milvus sends no change events). */
    @WithDefault("5m")
    Duration resyncInterval();

    /** Bound on opening a Milvus session; the SDK otherwise blocks about 10 s when Milvus is down. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Deadline of every Milvus call. */
    @WithDefault("10s")
    Duration callTimeout();

    /** Milvus calls in flight at once per connection (the bulkhead that keeps a slow Milvus from taking every thread). */
    @WithDefault("16")
    int connectionMaxInFlight();

    /** How long a call waits for one of those slots before failing fast (and being retried with backoff). */
    @WithDefault("500ms")
    Duration connectionQueueWait();

    /**
     * How long a Secret named by a connection is kept after it was read (found or missing) before it is read again
     * with a GET; also how soon an alias waiting on a Secret (SecretNotFound) or refused by Milvus (Unauthenticated,
     * PermissionDenied) looks again. A credential refused by Milvus is re-read at once, whatever this says.
     */
    @WithDefault("30s")
    Duration secretCacheTtl();

    /**
     * How long a deletion may wait for an unreachable Milvus before the finalizer is released without
     * dropping the alias. Empty (the default) waits forever. Annotation milvus.io/deletion-timeout overrides it.
     */
    Optional<Duration> deletionTimeout();

    /**
     * The operator exits when the process with this PID ends; for a launcher that runs it as a child process
     * ({@code make run}'s sandbox), see {@link ParentProcessWatch}. Empty (the default): no such watch.
     */
    Optional<Long> parentPid();

    /**
     * The operator's own namespace, where the Secrets named by ClusterMilvusConnections live. The manifests set
     * it from the pod's namespace (downward API); application.properties falls back to env POD_NAMESPACE.
     */
    @WithDefault("milvus-alias-system")
    String operatorNamespace();

    /** ClusterMilvusConnection support (milvus-alias.cluster-connections.*). */
    ClusterConnections clusterConnections();

    /** Settings of the cluster-scoped ClusterMilvusConnection kind. */
    interface ClusterConnections {

        /**
         * Whether the operator serves ClusterMilvusConnection: its controller and the namespace informer. They
         * need cluster-wide read rights on namespaces and clustermilvusconnections, so namespaced mode turns this off.
         */
        @WithDefault("true")
        boolean enabled();
    }
}
