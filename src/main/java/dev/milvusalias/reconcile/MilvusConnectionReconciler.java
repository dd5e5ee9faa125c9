package dev.milvusalias.reconcile;

import java.time.Clock;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.config.OperatorSettings;
import dev.milvusalias.milvus.AliasStore;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;

/**
 * Logs in to each MilvusConnection's Milvus and reports whether that works ({@link ConnectionReconciler}). Its
 * cleanup waits while MilvusAliases use the connection, then closes the cached Milvus client, so a deleted
 * connection leaves no session open.
 */
// A singleton, not a client proxy: CDI cannot proxy a subclass of a base without a no-args constructor.
@Singleton
@ControllerConfiguration(name = MilvusConnectionReconciler.NAME, finalizerName = MilvusConnectionReconciler.FINALIZER)
@GradualRetry(maxAttempts = -1, initialInterval = 1_000, intervalMultiplier = 2.0, maxInterval = 120_000)
public class MilvusConnectionReconciler extends ConnectionReconciler<MilvusConnection> {

    public static final String NAME = "milvusconnection";
    public static final String FINALIZER = "milvus.io/connection-cleanup";

    @Inject
    public MilvusConnectionReconciler(AliasStore milvus, Clock clock, OperatorSettings settings,
            SecretCache secrets) {
        super(milvus, clock, settings, secrets);
    }

    @Override
    protected Connection connection(MilvusConnection resource) {
        return Connection.of(resource);
    }
}
