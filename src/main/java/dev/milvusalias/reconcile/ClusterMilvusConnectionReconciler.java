package dev.milvusalias.reconcile;

import java.time.Clock;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.milvusalias.api.ClusterMilvusConnection;
import dev.milvusalias.config.OperatorSettings;
import dev.milvusalias.milvus.AliasStore;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.quarkus.arc.lookup.LookupIfProperty;

/**
 * Logs in to each ClusterMilvusConnection's Milvus and reports whether that works, as
 * {@link MilvusConnectionReconciler} does for the namespaced kind; its Secrets are read from the operator's
 * namespace. Not registered when milvus-alias.cluster-connections.enabled is false (namespaced mode): the
 * Quarkus extension registers only the reconcilers a lookup finds.
 */
@LookupIfProperty(name = "milvus-alias.cluster-connections.enabled", stringValue = "true", lookupIfMissing = true)
// A singleton, not a client proxy: CDI cannot proxy a subclass of a base without a no-args constructor.
@Singleton
@ControllerConfiguration(name = ClusterMilvusConnectionReconciler.NAME,
        finalizerName = MilvusConnectionReconciler.FINALIZER)
@GradualRetry(maxAttempts = -1, initialInterval = 1_000, intervalMultiplier = 2.0, maxInterval = 120_000)
public class ClusterMilvusConnectionReconciler extends ConnectionReconciler<ClusterMilvusConnection> {

    public static final String NAME = "clustermilvusconnection";

    @Inject
    public ClusterMilvusConnectionReconciler(AliasStore milvus, Clock clock, OperatorSettings settings,
            SecretCache secrets) {
        super(milvus, clock, settings, secrets);
    }

    @Override
    protected Connection connection(ClusterMilvusConnection resource) {
        return Connection.of(resource);
    }
}
