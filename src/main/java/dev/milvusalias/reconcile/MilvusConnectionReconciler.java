package dev.milvusalias.reconcile;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import dev.milvusalias.api.ConnectionKind;
import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.config.OperatorSettings;
import dev.milvusalias.milvus.AliasStore;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;

/**
 * Logs in to each MilvusConnection's Milvus and reports whether that works ({@link ConnectionLifecycle}). Its
 * cleanup waits while MilvusAliases use the connection, then closes the cached Milvus client, so a deleted
 * connection leaves no session open.
 */
@ControllerConfiguration(name = MilvusConnectionReconciler.NAME, finalizerName = MilvusConnectionReconciler.FINALIZER)
@GradualRetry(maxAttempts = -1, initialInterval = 1_000, intervalMultiplier = 2.0, maxInterval = 120_000)
public class MilvusConnectionReconciler implements Reconciler<MilvusConnection>, Cleaner<MilvusConnection> {

    public static final String NAME = "milvusconnection";
    public static final String FINALIZER = "milvus.io/connection-cleanup";

    private final ConnectionLifecycle<MilvusConnection> lifecycle;

    @Inject
    public MilvusConnectionReconciler(AliasStore milvus, Clock clock, OperatorSettings settings) {
        this.lifecycle = new ConnectionLifecycle<>(milvus, clock, settings);
    }

    @Override
    public List<EventSource<?, MilvusConnection>> prepareEventSources(EventSourceContext<MilvusConnection> context) {
        return List.of(ConnectionLifecycle.secrets(MilvusConnection.class, context, Set.of()),
                ConnectionUsers.eventSource(MilvusConnection.class, ConnectionKind.MilvusConnection, context));
    }

    @Override
    public UpdateControl<MilvusConnection> reconcile(MilvusConnection resource, Context<MilvusConnection> context) {
        return reconcile(resource, InformerClusterView.of(context, null));
    }

    /** Resolves credentials, logs in, asks the version; framework-free for unit tests. */
    public UpdateControl<MilvusConnection> reconcile(MilvusConnection resource, ClusterView lookup) {
        return lifecycle.reconcile(resource, Connection.of(resource), lookup);
    }

    @Override
    public ErrorStatusUpdateControl<MilvusConnection> updateErrorStatus(MilvusConnection resource,
            Context<MilvusConnection> context, Exception e) {
        return lifecycle.updateErrorStatus(resource, e);
    }

    @Override
    public DeleteControl cleanup(MilvusConnection resource, Context<MilvusConnection> context) {
        return lifecycle.cleanup(resource, Connection.of(resource), context);
    }
}
