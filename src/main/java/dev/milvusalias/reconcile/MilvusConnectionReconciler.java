package dev.milvusalias.reconcile;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;

import dev.milvusalias.api.Condition;
import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.api.MilvusConnectionStatus;
import dev.milvusalias.config.OperatorSettings;
import dev.milvusalias.milvus.AliasStore;
import dev.milvusalias.milvus.MilvusException;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;

/**
 * Logs in to each MilvusConnection's Milvus and reports whether that works. Its cleanup closes the
 * cached Milvus client, so a deleted connection leaves no session open.
 */
@ControllerConfiguration(name = MilvusConnectionReconciler.NAME, finalizerName = MilvusConnectionReconciler.FINALIZER)
@GradualRetry(maxAttempts = -1, initialInterval = 1_000, intervalMultiplier = 2.0, maxInterval = 120_000)
public class MilvusConnectionReconciler implements Reconciler<MilvusConnection>, Cleaner<MilvusConnection> {

    public static final String NAME = "milvusconnection";
    public static final String FINALIZER = "milvus.io/connection-cleanup";

    private final AliasStore milvus;
    private final Clock clock;
    private final OperatorSettings settings;

    @Inject
    public MilvusConnectionReconciler(AliasStore milvus, Clock clock, OperatorSettings settings) {
        this.milvus = milvus;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public List<EventSource<?, MilvusConnection>> prepareEventSources(EventSourceContext<MilvusConnection> context) {
        InformerEventSource<Secret, MilvusConnection> secrets = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Secret.class, MilvusConnection.class)
                        .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                                .list(secret.getMetadata().getNamespace(),
                                        c -> AliasEventSources.referencesSecret(c, secret.getMetadata().getName()))
                                .map(ResourceID::fromResource)
                                .collect(java.util.stream.Collectors.toSet()))
                        .withPrimaryToSecondaryMapper((MilvusConnection c) -> Set.of())
                        .build(),
                context);
        return List.of(secrets);
    }

    @Override
    public UpdateControl<MilvusConnection> reconcile(MilvusConnection resource, Context<MilvusConnection> context) {
        return reconcile(resource, InformerClusterView.of(context, null));
    }

    /** Resolves credentials, logs in, asks the version; framework-free for unit tests. */
    public UpdateControl<MilvusConnection> reconcile(MilvusConnection resource, ClusterView lookup) {
        EndpointResolver.Resolution resolution = EndpointResolver.resolve(resource, lookup);
        if (!resolution.resolved()) {
            return finish(resource, status(resource, false, resolution.reason(), resolution.message(), null));
        }
        try {
            String version = milvus.serverVersion(resolution.endpoint());
            return finish(resource, status(resource, true, Reason.Connected,
                    "logged in to " + resolution.endpoint().uri(), version));
        } catch (MilvusException e) {
            Reason reason = FailureReasons.reasonFor(e.failure());
            if (FailureReasons.retried(reason)) {
                throw new RetryableReconcileException(reason, e.getMessage(), e);
            }
            return finish(resource, status(resource, false, reason, e.getMessage(), null));
        }
    }

    @Override
    public ErrorStatusUpdateControl<MilvusConnection> updateErrorStatus(MilvusConnection resource,
            Context<MilvusConnection> context, Exception e) {
        Reason reason = e instanceof RetryableReconcileException r ? r.reason() : Reason.UnexpectedError;
        MilvusConnectionStatus fresh = status(resource, false, reason, String.valueOf(e.getMessage()), null);
        if (Objects.equals(fresh, resource.getStatus())) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        resource.setStatus(fresh);
        return ErrorStatusUpdateControl.patchStatus(resource);
    }

    @Override
    public DeleteControl cleanup(MilvusConnection resource, Context<MilvusConnection> context) {
        milvus.release(resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName());
        return DeleteControl.defaultDelete();
    }

    private UpdateControl<MilvusConnection> finish(MilvusConnection resource, MilvusConnectionStatus fresh) {
        UpdateControl<MilvusConnection> control;
        if (Objects.equals(fresh, resource.getStatus())) {
            control = UpdateControl.noUpdate();
        } else {
            resource.setStatus(fresh);
            control = UpdateControl.patchStatus(resource);
        }
        return control.rescheduleAfter(settings.resyncInterval());
    }

    private MilvusConnectionStatus status(MilvusConnection resource, boolean ready, Reason reason, String message,
            String version) {
        MilvusConnectionStatus old = resource.getStatus();
        Long generation = resource.getMetadata().getGeneration();
        List<Condition> previous = old == null ? List.of() : old.getConditions();
        List<Condition> conditions = new ArrayList<>();
        conditions.add(Conditions.ready(Conditions.find(previous, Conditions.READY), ready, reason, message,
                generation, clock));
        MilvusConnectionStatus fresh = new MilvusConnectionStatus();
        fresh.setConditions(conditions);
        fresh.setObservedGeneration(generation);
        fresh.setServerVersion(version != null ? version : Optional.ofNullable(old).map(MilvusConnectionStatus::getServerVersion).orElse(null));
        return fresh;
    }
}
