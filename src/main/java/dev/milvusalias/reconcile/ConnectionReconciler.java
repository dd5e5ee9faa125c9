package dev.milvusalias.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.milvusalias.api.Condition;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusConnectionSpec;
import dev.milvusalias.api.MilvusConnectionStatus;
import dev.milvusalias.config.OperatorSettings;
import dev.milvusalias.milvus.AliasStore;
import dev.milvusalias.milvus.MilvusException;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * What both connection kinds do, MilvusConnection and ClusterMilvusConnection: resolve the credentials, log in
 * and report Ready/Connected with the server version; on delete, keep the finalizer (Ready=False/InUse) while
 * MilvusAliases still name the connection, then close its Milvus client. A subclass per kind says which
 * informers it needs and how its resource becomes a {@link Connection}.
 */
public abstract class ConnectionReconciler<R extends CustomResource<? extends MilvusConnectionSpec, MilvusConnectionStatus>>
        implements Reconciler<R>, Cleaner<R> {

    /** How many users an InUse message names before it says "and N more". */
    private static final int NAMED_USERS = 5;

    private final AliasStore milvus;
    private final Clock clock;
    private final OperatorSettings settings;
    private final SecretCache secrets;

    protected ConnectionReconciler(AliasStore milvus, Clock clock, OperatorSettings settings, SecretCache secrets) {
        this.milvus = milvus;
        this.clock = clock;
        this.settings = settings;
        this.secrets = secrets;
    }

    /** The connection {@code resource} describes. */
    protected abstract Connection connection(R resource);

    @Override
    public UpdateControl<R> reconcile(R resource, Context<R> context) {
        return reconcile(resource, InformerClusterView.of(context, null, secrets));
    }

    /** Resolves credentials, logs in, asks the version; writes status only if it changed. Framework-free. */
    public UpdateControl<R> reconcile(R resource, ClusterView cluster) {
        Connection connection = connection(resource);
        EndpointResolver.Resolution resolution = EndpointResolver.resolve(connection, settings.operatorNamespace(), cluster);
        if (!resolution.resolved()) {
            return finish(resource, status(resource, false, resolution.reason(), resolution.message(), null));
        }
        try {
            String version = milvus.serverVersion(resolution.endpoint());
            return finish(resource, status(resource, true, Reason.Connected,
                    "logged in to " + resolution.endpoint().uri(), version));
        } catch (MilvusException e) {
            Reason reason = FailureReasons.reasonFor(e.failure());
            if (FailureReasons.refusedCredentials(e.failure())
                    && EndpointResolver.reread(resolution, settings.operatorNamespace(), cluster)) {
                return UpdateControl.<R>noUpdate().rescheduleAfter(Duration.ZERO); // rotated: log in again now
            }
            if (FailureReasons.retried(reason)) {
                throw new RetryableReconcileException(reason, e.getMessage(), e);
            }
            return finish(resource, status(resource, false, reason, e.getMessage(), null));
        }
    }

    @Override
    public ErrorStatusUpdateControl<R> updateErrorStatus(R resource, Context<R> context, Exception e) {
        if (ConcurrentChange.causedBy(e)) {
            return ErrorStatusUpdateControl.noStatusUpdate(); // the newer version is reconciled next
        }
        Reason reason = e instanceof RetryableReconcileException r ? r.reason() : Reason.UnexpectedError;
        MilvusConnectionStatus fresh = status(resource, false, reason, String.valueOf(e.getMessage()), null);
        if (Objects.equals(fresh, resource.getStatus())) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        resource.setStatus(fresh);
        return ErrorStatusUpdateControl.patchStatus(resource);
    }

    /** The framework's entry: {@link #release} with the users from the informer, turned into status and a DeleteControl. */
    @Override
    public DeleteControl cleanup(R resource, Context<R> context) {
        Connection connection = connection(resource);
        Optional<MilvusConnectionStatus> inUse = release(resource, ConnectionUsers.of(context, connection));
        if (inUse.isEmpty()) {
            return DeleteControl.defaultDelete();
        }
        if (!Objects.equals(inUse.get(), resource.getStatus())) {
            context.resourceOperations().jsonPatchPrimaryStatus(resource, r -> {
                r.setStatus(inUse.get());
                return r;
            });
        }
        // Looked at again soon: the users are read on demand (ConnectionUsers), not watched.
        Duration recheck = ConnectionUsers.RECHECK.compareTo(settings.resyncInterval()) < 0 ? ConnectionUsers.RECHECK
                : settings.resyncInterval();
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(recheck.toMillis());
    }

    /**
     * On delete: while {@code users} name the connection, the status to keep it with (InUse); otherwise
     * closes its Milvus client and returns empty, and the finalizer may go.
     */
    Optional<MilvusConnectionStatus> release(R resource, List<MilvusAlias> users) {
        Connection connection = connection(resource);
        if (users.isEmpty()) {
            milvus.release(connection.key());
            return Optional.empty();
        }
        String named = users.stream().limit(NAMED_USERS).map(AliasClaims::name).collect(Collectors.joining(", "));
        String more = users.size() > NAMED_USERS ? " and " + (users.size() - NAMED_USERS) + " more" : "";
        return Optional.of(status(resource, false, Reason.InUse, "deletion waits until no MilvusAlias uses "
                + connection.describe() + ": still used by " + users.size() + " (" + named + more
                + "); delete them first, each drops its alias through this connection", null));
    }

    private UpdateControl<R> finish(R resource, MilvusConnectionStatus fresh) {
        UpdateControl<R> control;
        if (Objects.equals(fresh, resource.getStatus())) {
            control = UpdateControl.noUpdate();
        } else {
            resource.setStatus(fresh);
            control = UpdateControl.patchStatus(resource);
        }
        return control.rescheduleAfter(FailureReasons.nextLook(Conditions.readyReason(fresh), settings.resyncInterval(),
                settings.secretCacheTtl()));
    }

    private MilvusConnectionStatus status(R resource, boolean ready, Reason reason, String message, String version) {
        MilvusConnectionStatus old = resource.getStatus();
        Long generation = resource.getMetadata().getGeneration();
        List<Condition> previous = old == null ? List.of() : old.getConditions();
        List<Condition> conditions = new ArrayList<>();
        conditions.add(Conditions.ready(Conditions.find(previous, Conditions.READY), ready, reason, message,
                generation, clock));
        MilvusConnectionStatus fresh = new MilvusConnectionStatus();
        fresh.setConditions(conditions);
        fresh.setObservedGeneration(generation);
        fresh.setServerVersion(version != null ? version
                : Optional.ofNullable(old).map(MilvusConnectionStatus::getServerVersion).orElse(null));
        return fresh;
    }
}
