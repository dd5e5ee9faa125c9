package dev.milvusalias.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.milvusalias.api.DeletionPolicy;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasStatus;
import dev.milvusalias.api.PendingChange.Operation;
import dev.milvusalias.config.OperatorSettings;
import dev.milvusalias.milvus.AliasBinding;
import dev.milvusalias.milvus.AliasStore;
import dev.milvusalias.milvus.Failure;
import dev.milvusalias.milvus.MilvusEndpoint;
import dev.milvusalias.milvus.MilvusException;
import dev.milvusalias.reconcile.AliasPlanner.DeletePlan;
import dev.milvusalias.reconcile.AliasPlanner.Drop;
import dev.milvusalias.reconcile.AliasPlanner.Pending;
import dev.milvusalias.reconcile.AliasPlanner.Release;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;

/**
 * The delete path, behind the finalizer: compare-and-delete (drop only what this resource bound,
 * only while it still points there), bounded by the deletion timeout. Framework-free, so every path
 * is a unit test; {@link #cleanup(MilvusAlias, Context, ClusterView)} turns the {@link DeleteOutcome} into a DeleteControl.
 */
final class AliasDeletion {

    private static final Logger LOG = Logger.getLogger(AliasDeletion.class);
    /** The reconciler's longest backoff (@GradualRetry), when the framework's retry does not say. */
    private static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(2);

    private final AliasStore milvus;
    private final EventRecorder events;
    private final AliasStatusFactory statuses;
    private final FailureWarnings warnings;
    private final OperatorSettings settings;
    private final Clock clock;
    private final AliasMetrics metrics;
    private final WriteAhead writeAhead;

    private final ClaimHandover handover;

    AliasDeletion(AliasStore milvus, EventRecorder events, AliasStatusFactory statuses, OperatorSettings settings,
            Clock clock, AliasMetrics metrics) {
        this(milvus, events, statuses, settings, clock, metrics, new ClaimHandover());
    }

    AliasDeletion(AliasStore milvus, EventRecorder events, AliasStatusFactory statuses, OperatorSettings settings,
            Clock clock, AliasMetrics metrics, ClaimHandover handover) {
        this.handover = handover;
        this.milvus = milvus;
        this.events = events;
        this.statuses = statuses;
        this.warnings = new FailureWarnings(events);
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.writeAhead = new WriteAhead(statuses, clock);
    }

    /**
     * What a delete attempt decided: release the finalizer, or keep it with a status, and look again
     * after {@code recheckAfter} (or with backoff, when {@code retry} is set). {@code stored} is the resource
     * as last written, the one to write {@code status} on: a recorded Drop intent makes the copy the attempt
     * started from stale, and a write on that copy would be refused as a conflict.
     */
    record DeleteOutcome(boolean release, Reason reason, MilvusAliasStatus status,
            RetryableReconcileException retry, Duration recheckAfter, MilvusAlias stored) {

        static DeleteOutcome released() {
            return new DeleteOutcome(true, null, null, null, Duration.ZERO, null);
        }
    }

    /** The framework's entry: the decision below, turned into status and a DeleteControl. */
    DeleteControl cleanup(MilvusAlias resource, Context<MilvusAlias> context, ClusterView cluster) {
        StatusWriter writer = StatusWriter.of(context);
        DeleteOutcome outcome = cleanup(resource, cluster, writer, maxBackoff(context));
        recordStatus(outcome, writer);
        if (outcome.retry() != null) {
            throw outcome.retry();
        }
        return outcome.release() ? DeleteControl.defaultDelete()
                : DeleteControl.noFinalizerRemoval().rescheduleAfter(outcome.recheckAfter().toMillis());
    }

    /** Writes the status of a kept finalizer, if it changed, on the resource as last stored. */
    static void recordStatus(DeleteOutcome outcome, StatusWriter writer) {
        if (outcome.status() != null && !Objects.equals(outcome.status(), outcome.stored().getStatus())) {
            writer.write(outcome.stored(), outcome.status());
        }
    }

    private static Duration maxBackoff(Context<MilvusAlias> context) {
        return context.getControllerConfiguration().getRetry() instanceof GenericRetry retry && retry.getMaxInterval() > 0
                ? Duration.ofMillis(retry.getMaxInterval()) : DEFAULT_MAX_BACKOFF;
    }

    /** As below, with the reconciler's default backoff. */
    DeleteOutcome cleanup(MilvusAlias resource, ClusterView cluster, StatusWriter writer) {
        return cleanup(resource, cluster, writer, DEFAULT_MAX_BACKOFF);
    }

    /**
     * observe → plan → act for a resource being deleted; the outcome is also reported to metrics. {@code maxBackoff}
     * is the longest wait between retries: closer than that to the deletion deadline, the next look is at the deadline.
     */
    DeleteOutcome cleanup(MilvusAlias resource, ClusterView cluster, StatusWriter writer, Duration maxBackoff) {
        DeleteOutcome outcome = decide(resource, cluster, writer, maxBackoff);
        if (outcome.release()) {
            metrics.forget(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
            handover.released(resource);
        } else {
            metrics.ready(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), outcome.reason());
        }
        return outcome;
    }

    private DeleteOutcome decide(MilvusAlias given, ClusterView cluster, StatusWriter writer, Duration maxBackoff) {
        MilvusAlias resource = UntrustedStatus.discard(given, statuses, writer, events);
        AliasAnnotations annotations = AliasAnnotations.of(resource);
        annotations.problem().ifPresent(problem -> LOG.warnf("MilvusAlias %s: ignoring %s", AliasClaims.name(resource), problem));
        if (annotations.paused()) {
            return new DeleteOutcome(false, Reason.Paused, statuses.notReady(resource, Reason.Paused,
                    AliasAnnotations.PAUSED_MESSAGE + "; the finalizer is kept until the annotation is removed"),
                    null, annotations.resyncOr(settings.resyncInterval()), resource);
        }
        Optional<MilvusAlias> owner = AliasClaims.ownerOtherThan(resource, cluster);
        if (owner.isPresent()) {
            LOG.infof("Releasing MilvusAlias %s without touching Milvus: the alias is owned by %s",
                    AliasClaims.name(resource), AliasClaims.name(owner.get()));
            return DeleteOutcome.released();
        }
        DeletionPolicy policy = resource.getSpec() == null || resource.getSpec().getDeletionPolicy() == null
                ? DeletionPolicy.Delete : resource.getSpec().getDeletionPolicy();
        AliasBinding recorded = Bindings.recorded(resource.getStatus());
        Optional<Pending> pending = WriteAhead.pending(resource.getStatus());
        if (!AliasPlanner.deleteNeedsObservation(policy, recorded, pending)) {
            return release(resource, AliasPlanner.planDelete(policy, recorded, pending, Optional.empty()));
        }
        // Past the deadline, no further attempt: a call that hangs until its timeout would overrun the bound.
        if (deadline(resource, annotations).filter(this::passed).isPresent()) {
            return timedOut(resource, annotations, Conditions.readyReason(resource.getStatus()));
        }
        EndpointResolver.Resolution resolution = EndpointResolver.resolve(resource, cluster, settings);
        if (!resolution.resolved()) {
            return keep(resource, annotations, resolution.reason(), resolution.message() + "; the alias cannot be dropped "
                    + (resolution.reason() == Reason.ConnectionNotAllowed ? "while the connection is not allowed"
                            : "until it is back") + " (or set deletionPolicy: Orphan)", null, maxBackoff);
        }
        MilvusEndpoint endpoint = resolution.endpoint();
        MilvusAlias stored = resource;
        try {
            AliasBinding probe = recorded != null ? recorded : pending.get().binding();
            DeletePlan plan = AliasPlanner.planDelete(policy, recorded, pending, currentTarget(endpoint, probe));
            if (plan instanceof Drop drop) {
                stored = writeAhead.record(resource, writer, Operation.Drop, EventReason.Dropped, drop.binding(), null);
                milvus.drop(endpoint, drop.binding().ref());
                events.normal(resource, EventReason.Dropped, "Dropped alias " + drop.binding());
                return DeleteOutcome.released();
            }
            return release(resource, plan);
        } catch (MilvusException e) {
            Reason reason = FailureReasons.reasonFor(e.failure());
            if (FailureReasons.refusedCredentials(e.failure())
                    && EndpointResolver.reread(resolution, settings.operatorNamespace(), cluster)) {
                return new DeleteOutcome(false, reason, null, null, Duration.ZERO, stored); // rotated: again now
            }
            String message = e.getMessage() + "; deletion waits for Milvus (set deletionPolicy: Orphan to release without dropping)";
            RetryableReconcileException retry = FailureReasons.retried(reason)
                    ? new RetryableReconcileException(reason, message, e) : null;
            return keep(stored, annotations, reason, message, retry, maxBackoff);
        }
    }

    private Optional<String> currentTarget(MilvusEndpoint endpoint, AliasBinding recorded) {
        try {
            return milvus.describe(endpoint, recorded.ref()).map(AliasBinding::collection);
        } catch (MilvusException e) {
            if (e.failure() == Failure.DATABASE_NOT_FOUND) {
                return Optional.empty(); // the database went away, and the alias with it
            }
            throw e;
        }
    }

    private DeleteOutcome release(MilvusAlias resource, DeletePlan plan) {
        Release release = (Release) plan;
        if (release.event() == EventReason.LeftInPlace) {
            events.warning(resource, release.event().name(), release.message());
        } else if (release.event() != null) {
            events.normal(resource, release.event(), release.message());
        }
        LOG.debugf("Releasing MilvusAlias %s: %s", AliasClaims.name(resource), release.message());
        return DeleteOutcome.released();
    }

    /**
     * Keeps the finalizer, unless the deletion has waited longer than its timeout. Within one backoff of the deadline
     * the next look is scheduled at the deadline itself instead of retried with backoff, which could overrun it.
     */
    private DeleteOutcome keep(MilvusAlias resource, AliasAnnotations annotations, Reason reason, String message,
            RetryableReconcileException retry, Duration maxBackoff) {
        Optional<Instant> deadline = deadline(resource, annotations);
        if (deadline.filter(this::passed).isPresent()) {
            return timedOut(resource, annotations, reason);
        }
        MilvusAliasStatus fresh = statuses.notReady(resource, reason, message);
        warnings.onNewFailure(resource, fresh, reason);
        Duration recheck = FailureReasons.nextLook(reason, annotations.resyncOr(settings.resyncInterval()),
                settings.secretCacheTtl());
        if (deadline.isPresent()) {
            // A few milliseconds past it, so that the look finds the deadline passed.
            Duration remaining = Duration.between(clock.instant(), deadline.get()).plusMillis(20);
            recheck = remaining.compareTo(recheck) < 0 ? remaining : recheck;
            retry = remaining.compareTo(maxBackoff) <= 0 ? null : retry;
        }
        return new DeleteOutcome(false, reason, fresh, retry, recheck, resource);
    }

    private DeleteOutcome timedOut(MilvusAlias resource, AliasAnnotations annotations, Reason reason) {
        events.warning(resource, EventReason.DeletionTimedOut.name(), "the deletion was blocked for "
                + annotations.deletionTimeoutOr(settings.deletionTimeout()).orElseThrow() + " since it began (" + reason
                + "); the finalizer is released WITHOUT dropping the alias, which may remain in Milvus");
        metrics.deletionTimedOut();
        return DeleteOutcome.released();
    }

    private boolean passed(Instant deadline) {
        return !clock.instant().isBefore(deadline);
    }

    /** When the deletion timeout ends, if one is set and the deletion has begun. */
    private Optional<Instant> deadline(MilvusAlias resource, AliasAnnotations annotations) {
        String started = resource.getMetadata().getDeletionTimestamp();
        return started == null ? Optional.empty()
                : annotations.deletionTimeoutOr(settings.deletionTimeout()).map(t -> Instant.parse(started).plus(t));
    }
}
