package dev.milvusalias.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.milvusalias.api.AdoptionPolicy;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasSpec;
import dev.milvusalias.api.MilvusAliasStatus;
import dev.milvusalias.config.OperatorSettings;
import dev.milvusalias.milvus.AliasBinding;
import dev.milvusalias.milvus.AliasStore;
import dev.milvusalias.milvus.MilvusEndpoint;
import dev.milvusalias.milvus.MilvusException;
import dev.milvusalias.reconcile.AliasObserver.Gated;
import dev.milvusalias.reconcile.AliasPlanner.Blocked;
import dev.milvusalias.reconcile.AliasPlanner.Confirmed;
import dev.milvusalias.reconcile.AliasPlanner.Create;
import dev.milvusalias.reconcile.AliasPlanner.InSync;
import dev.milvusalias.reconcile.AliasPlanner.Plan;
import dev.milvusalias.reconcile.AliasPlanner.Switch;
import dev.milvusalias.reconcile.AliasWrites.Written;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
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
 * Keeps one Milvus alias where its MilvusAlias resource says: observe Milvus, let the
 * {@link AliasPlanner} decide, act, then write status only if it changed. Deletion is {@link AliasDeletion}.
 */
@ControllerConfiguration(name = MilvusAliasReconciler.NAME, finalizerName = MilvusAliasReconciler.FINALIZER,
        // Annotations (pause, resync, reconcile-requested-at) must trigger a reconcile; status writes must not.
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = AliasEventSources.RelevantChange.class, itemStore = LeanItemStore.class))
// Retry for as long as it takes, capped at two minutes between attempts (Milvus sends no events).
@GradualRetry(maxAttempts = -1, initialInterval = 1_000, intervalMultiplier = 2.0, maxInterval = 120_000)
public class MilvusAliasReconciler implements Reconciler<MilvusAlias>, Cleaner<MilvusAlias> {

    public static final String NAME = "milvusalias";
    public static final String FINALIZER = "milvus.io/alias-protection";

    private static final Logger LOG = Logger.getLogger(MilvusAliasReconciler.class);

    private final AliasStore milvus;
    private final AliasObserver observer;
    private final AliasWrites writes;
    private final AliasDeletion deletion;
    private final ClaimHandover handover = new ClaimHandover();
    private final EventRecorder events;
    private final FailureWarnings warnings;
    private final AliasStatusFactory statuses;
    private final OperatorSettings settings;
    private final AliasMetrics metrics;
    private final SecretCache secrets;

    @Inject
    public MilvusAliasReconciler(AliasStore milvus, EventRecorder events, AliasStatusFactory statuses,
            OperatorSettings settings, Clock clock, AliasMetrics metrics, SecretCache secrets) {
        this.milvus = milvus;
        this.observer = new AliasObserver(milvus);
        this.writes = new AliasWrites(milvus, new WriteAhead(statuses, clock), statuses, events);
        this.deletion = new AliasDeletion(milvus, events, statuses, settings, clock, metrics, handover);
        this.events = events;
        this.warnings = new FailureWarnings(events);
        this.statuses = statuses;
        this.settings = settings;
        this.metrics = metrics;
        this.secrets = secrets;
    }

    @Override
    public List<EventSource<?, MilvusAlias>> prepareEventSources(EventSourceContext<MilvusAlias> context) {
        return AliasEventSources.prepare(context, settings, milvus::onRecovered, handover);
    }

    @Override
    public UpdateControl<MilvusAlias> reconcile(MilvusAlias resource, Context<MilvusAlias> context) {
        return reconcile(resource, view(context), StatusWriter.of(context));
    }

    /** observe → plan → act → status; each early return is a row of the README's reconcile table. */
    public UpdateControl<MilvusAlias> reconcile(MilvusAlias given, ClusterView cluster, StatusWriter writer) {
        MilvusAlias resource = UntrustedStatus.discard(given, statuses, writer, events);
        AliasAnnotations annotations = AliasAnnotations.of(resource);
        if (annotations.paused()) {
            return notReady(resource, annotations, Reason.Paused, AliasAnnotations.PAUSED_MESSAGE);
        }
        Optional<String> invalid = AliasValidation.problem(resource, annotations);
        if (invalid.isPresent()) {
            return notReady(resource, annotations, Reason.InvalidSpec, invalid.get());
        }
        Optional<MilvusAlias> owner = AliasClaims.ownerOtherThan(resource, cluster);
        if (owner.isPresent()) {
            UpdateControl<MilvusAlias> control = notReady(resource, annotations, Reason.AliasConflict,
                    AliasClaims.conflictMessage(resource, owner.get()));
            return AliasClaims.leavingSoon(owner.get(), annotations.resyncOr(settings.resyncInterval()))
                    .map(control::rescheduleAfter).orElse(control);
        }
        MilvusAliasSpec spec = resource.getSpec();
        EndpointResolver.Resolution resolution = EndpointResolver.resolve(resource, cluster, settings);
        if (!resolution.resolved()) {
            return notReady(resource, annotations, resolution.reason(), resolution.message());
        }
        MilvusEndpoint endpoint = resolution.endpoint();
        AliasBinding desired = Bindings.desired(spec, resolution.defaultDatabase());
        AdoptionPolicy adoption = spec.getAdoption() == null ? AdoptionPolicy.IfMatching : spec.getAdoption();
        try {
            Plan plan = AliasPlanner.plan(desired, Bindings.recorded(resource.getStatus()),
                    WriteAhead.pending(resource.getStatus()), observer.observe(endpoint, desired, Conditions.readyReason(resource.getStatus()) == Reason.AliasNameTaken),
                    adoption);
            return act(resource, annotations, endpoint, observer.gate(endpoint, plan, spec.getSwitchPolicy()), writer);
        } catch (MilvusException e) {
            Reason reason = FailureReasons.reasonFor(e.failure());
            if (FailureReasons.refusedCredentials(e.failure())
                    && EndpointResolver.reread(resolution, settings.operatorNamespace(), cluster)) {
                // The Secret was rotated since it was cached: no Unauthenticated status for that, plan again now.
                return UpdateControl.<MilvusAlias>noUpdate().rescheduleAfter(Duration.ZERO);
            }
            if (FailureReasons.retried(reason)) {
                throw new RetryableReconcileException(reason, e.getMessage(), e);
            }
            return notReady(resource, annotations, reason, e.getMessage());
        }
    }

    /** At most one Milvus write (recorded as intent before it is made), the status that records it, its event. */
    private UpdateControl<MilvusAlias> act(MilvusAlias resource, AliasAnnotations annotations, MilvusEndpoint endpoint,
            Gated gated, StatusWriter writer) {
        Plan plan = gated.plan();
        if (plan instanceof Create create) {
            return written(writes.create(resource, endpoint, create, gated.facts(), writer), annotations);
        }
        if (plan instanceof Switch sw) {
            return written(writes.alter(resource, endpoint, sw, gated.facts(), writer), annotations);
        }
        if (plan instanceof Confirmed confirmed) {
            UpdateControl<MilvusAlias> control = finish(resource, annotations,
                    writes.confirm(resource, confirmed.pending()), Reason.Bound);
            // When the spec moved on meanwhile, plan again at once from the binding just recorded.
            return confirmed.pending().binding().collection().equals(resource.getSpec().getCollectionName()) ? control
                    : control.rescheduleAfter(Duration.ZERO);
        }
        if (plan instanceof InSync inSync) {
            if (inSync.adopted()) {
                events.normal(resource, EventReason.Adopted, "Adopted existing alias " + inSync.binding());
            }
            return finish(resource, annotations, statuses.bound(resource, inSync.binding(), null, inSync.adopted()),
                    Reason.Bound);
        }
        Blocked blocked = (Blocked) plan;
        MilvusAliasStatus fresh = statuses.withRowCounts(statuses.notReadyAfterLooking(resource, blocked.reason(),
                blocked.message()), gated.facts());
        if (FailureReasons.retried(blocked.reason())) {
            throw new RetryableReconcileException(blocked.reason(), blocked.message(), null, fresh);
        }
        return finish(resource, annotations, fresh, blocked.reason());
    }

    /** After a Milvus write whose outcome this reconcile wrote itself: nothing left for the framework to patch. */
    private UpdateControl<MilvusAlias> written(Written written, AliasAnnotations annotations) {
        MilvusAlias stored = written.stored();
        metrics.ready(stored.getMetadata().getNamespace(), stored.getMetadata().getName(), written.reason());
        return UpdateControl.<MilvusAlias>noUpdate().rescheduleAfter(FailureReasons.nextLook(written.reason(),
                annotations.resyncOr(settings.resyncInterval()), settings.secretCacheTtl()));
    }

    private UpdateControl<MilvusAlias> notReady(MilvusAlias resource, AliasAnnotations annotations, Reason reason,
            String message) {
        return finish(resource, annotations, statuses.notReady(resource, reason, message), reason);
    }

    /** Writes status only if it changed, and schedules the next look at Milvus. */
    private UpdateControl<MilvusAlias> finish(MilvusAlias resource, AliasAnnotations annotations, MilvusAliasStatus fresh,
            Reason reason) {
        UpdateControl<MilvusAlias> control = report(resource, fresh, reason)
                ? UpdateControl.patchStatus(resource) : UpdateControl.noUpdate();
        return control.rescheduleAfter(FailureReasons.nextLook(reason, annotations.resyncOr(settings.resyncInterval()),
                settings.secretCacheTtl()));
    }

    /** Warns on entering a failure, records the reason in metrics; true (and status set) when status changed. */
    private boolean report(MilvusAlias resource, MilvusAliasStatus fresh, Reason reason) {
        warnings.onNewFailure(resource, fresh, reason);
        metrics.ready(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), reason);
        if (Objects.equals(fresh, resource.getStatus())) {
            return false;
        }
        resource.setStatus(fresh);
        return true;
    }

    @Override
    public ErrorStatusUpdateControl<MilvusAlias> updateErrorStatus(MilvusAlias resource, Context<MilvusAlias> context,
            Exception e) {
        if (ConcurrentChange.causedBy(e)) {
            // The newer version's watch event follows and is reconciled; the framework also retries on its own.
            LOG.debugf("MilvusAlias %s changed while it was reconciled; reconciling it again",
                    AliasClaims.name(resource));
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        Reason reason = e instanceof RetryableReconcileException r ? r.reason() : Reason.UnexpectedError;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (!(e instanceof RetryableReconcileException)) {
            LOG.errorf(e, "Reconciling MilvusAlias %s failed", AliasClaims.name(resource));
        }
        MilvusAliasStatus fresh = e instanceof RetryableReconcileException r && r.status() != null ? r.status()
                : statuses.notReady(resource, reason, message);
        return report(resource, fresh, reason)
                ? ErrorStatusUpdateControl.patchStatus(resource) : ErrorStatusUpdateControl.noStatusUpdate();
    }

    @Override
    public DeleteControl cleanup(MilvusAlias resource, Context<MilvusAlias> context) {
        return deletion.cleanup(resource, context, view(context));
    }

    private ClusterView view(Context<MilvusAlias> context) {
        return InformerClusterView.of(context, AliasEventSources.BY_ALIAS, secrets);
    }
}
