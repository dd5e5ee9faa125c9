package dev.milvusalias.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.milvusalias.api.AdoptionPolicy;
import dev.milvusalias.api.Annotations;
import dev.milvusalias.api.DeletionPolicy;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasSpec;
import dev.milvusalias.api.MilvusAliasStatus;
import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.api.MilvusNames;
import dev.milvusalias.api.SwitchPolicy;
import dev.milvusalias.config.OperatorSettings;
import dev.milvusalias.milvus.AliasBinding;
import dev.milvusalias.milvus.AliasStore;
import dev.milvusalias.milvus.CollectionSchema;
import dev.milvusalias.milvus.Failure;
import dev.milvusalias.milvus.MilvusEndpoint;
import dev.milvusalias.milvus.MilvusException;
import dev.milvusalias.reconcile.AliasPlanner.Blocked;
import dev.milvusalias.reconcile.AliasPlanner.Create;
import dev.milvusalias.reconcile.AliasPlanner.DeletePlan;
import dev.milvusalias.reconcile.AliasPlanner.Drop;
import dev.milvusalias.reconcile.AliasPlanner.InSync;
import dev.milvusalias.reconcile.AliasPlanner.Observed;
import dev.milvusalias.reconcile.AliasPlanner.Plan;
import dev.milvusalias.reconcile.AliasPlanner.Release;
import dev.milvusalias.reconcile.AliasPlanner.Switch;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
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
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;

/**
 * Keeps one Milvus alias where its MilvusAlias resource says: observe Milvus, let the
 * {@link AliasPlanner} decide, act, then write status only if it changed.
 */
@ControllerConfiguration(name = MilvusAliasReconciler.NAME, finalizerName = MilvusAliasReconciler.FINALIZER,
        // Annotations (pause, resync, reconcile-requested-at) must trigger a reconcile; status writes must not.
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = MilvusAliasReconciler.RelevantChange.class))
// Retry for as long as it takes, capped at two minutes between attempts (Milvus sends no events).
@GradualRetry(maxAttempts = -1, initialInterval = 1_000, intervalMultiplier = 2.0, maxInterval = 120_000)
public class MilvusAliasReconciler implements Reconciler<MilvusAlias>, Cleaner<MilvusAlias> {

    public static final String NAME = "milvusalias";
    public static final String FINALIZER = "milvus.io/alias-protection";

    private static final Logger LOG = Logger.getLogger(MilvusAliasReconciler.class);
    private static final String BY_CONNECTION = "byConnection";
    private static final String BY_ALIAS = "byAlias";
    private static final Duration MIN_RESYNC = Duration.ofSeconds(1);
    private static final Duration OWNER_LEAVING_RECHECK = Duration.ofSeconds(2);

    private final AliasStore milvus;
    private final EventRecorder events;
    private final AliasStatusFactory statuses;
    private final OperatorSettings settings;
    private final Clock clock;
    private final AliasMetrics metrics;

    @Inject
    public MilvusAliasReconciler(AliasStore milvus, EventRecorder events, AliasStatusFactory statuses,
            OperatorSettings settings, Clock clock, AliasMetrics metrics) {
        this.milvus = milvus;
        this.events = events;
        this.statuses = statuses;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Without metrics; for tests. */
    public MilvusAliasReconciler(AliasStore milvus, EventRecorder events, AliasStatusFactory statuses,
            OperatorSettings settings, Clock clock) {
        this(milvus, events, statuses, settings, clock, AliasMetrics.NONE);
    }

    /** Spec, metadata (annotations, finalizers) and deletion changes reconcile; status-only changes do not. */
    public static class RelevantChange implements OnUpdateFilter<MilvusAlias> {
        @Override
        public boolean accept(MilvusAlias updated, MilvusAlias old) {
            var n = updated.getMetadata();
            var o = old.getMetadata();
            return !Objects.equals(n.getGeneration(), o.getGeneration())
                    || !Objects.equals(n.getAnnotations(), o.getAnnotations())
                    || !Objects.equals(n.getDeletionTimestamp(), o.getDeletionTimestamp())
                    || !Objects.equals(n.getFinalizers(), o.getFinalizers());
        }
    }

    // ---- wiring: what else triggers a reconcile ----

    @Override
    public List<EventSource<?, MilvusAlias>> prepareEventSources(EventSourceContext<MilvusAlias> context) {
        context.getPrimaryCache().addIndexer(BY_CONNECTION, alias -> List.of(connectionKey(alias)));
        context.getPrimaryCache().addIndexer(BY_ALIAS, alias -> alias.getSpec() == null || alias.getSpec().getAlias() == null
                ? List.of() : List.of(alias.getSpec().getAlias()));

        // The connection appearing or changing.
        InformerEventSource<MilvusConnection, MilvusAlias> connections = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(MilvusConnection.class, MilvusAlias.class)
                        .withSecondaryToPrimaryMapper(connection -> aliasesUsing(context,
                                connection.getMetadata().getNamespace(), connection.getMetadata().getName()))
                        .withPrimaryToSecondaryMapper((MilvusAlias alias) -> Set.of(
                                new ResourceID(alias.getSpec().getConnectionRef().getName(),
                                        alias.getMetadata().getNamespace())))
                        .build(),
                context);

        // The connection's Secret appearing or changing.
        InformerEventSource<Secret, MilvusAlias> secrets = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Secret.class, MilvusAlias.class)
                        .withSecondaryToPrimaryMapper(secret -> {
                            String namespace = secret.getMetadata().getNamespace();
                            Set<ResourceID> aliases = new HashSet<>();
                            connections.list(namespace, c -> referencesSecret(c, secret.getMetadata().getName()))
                                    .forEach(c -> aliases.addAll(aliasesUsing(context, namespace, c.getMetadata().getName())));
                            return aliases;
                        })
                        .build(),
                context);

        // The owner of a contested alias going away: the next-oldest claimant takes over at once.
        InformerEventSource<MilvusAlias, MilvusAlias> peers = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(MilvusAlias.class, MilvusAlias.class)
                        .withName("peers")
                        .withOnAddFilter(alias -> false)
                        .withOnUpdateFilter((updated, old) -> false)
                        .withSecondaryToPrimaryMapper(gone -> gone.getSpec() == null ? Set.of()
                                : context.getPrimaryCache().byIndex(BY_ALIAS, gone.getSpec().getAlias()).stream()
                                        .filter(a -> !Objects.equals(a.getMetadata().getUid(), gone.getMetadata().getUid()))
                                        .map(ResourceID::fromResource)
                                        .collect(Collectors.toSet()))
                        .withPrimaryToSecondaryMapper((MilvusAlias alias) -> Set.of())
                        .build(),
                context);
        return List.of(connections, secrets, peers);
    }

    private static Set<ResourceID> aliasesUsing(EventSourceContext<MilvusAlias> context, String namespace, String connection) {
        return context.getPrimaryCache().byIndex(BY_CONNECTION, namespace + "/" + connection).stream()
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }

    private static String connectionKey(MilvusAlias alias) {
        MilvusAliasSpec spec = alias.getSpec();
        String name = spec == null || spec.getConnectionRef() == null ? "" : spec.getConnectionRef().getName();
        return alias.getMetadata().getNamespace() + "/" + name;
    }

    static boolean referencesSecret(MilvusConnection connection, String secretName) {
        var spec = connection.getSpec();
        if (spec == null) {
            return false;
        }
        boolean credentials = spec.getCredentialsSecretRef() != null
                && secretName.equals(spec.getCredentialsSecretRef().getName());
        boolean ca = spec.getTls() != null && spec.getTls().getCaSecretRef() != null
                && secretName.equals(spec.getTls().getCaSecretRef().getName());
        return credentials || ca;
    }

    // ---- reconcile ----

    @Override
    public UpdateControl<MilvusAlias> reconcile(MilvusAlias resource, Context<MilvusAlias> context) {
        return reconcile(resource, InformerClusterView.of(context, BY_ALIAS));
    }

    /** observe → plan → act → status. */
    public UpdateControl<MilvusAlias> reconcile(MilvusAlias resource, ClusterView cluster) {
        if (isPaused(resource)) {
            return finish(resource, statuses.notReady(resource, Reason.Paused, pausedMessage()), Reason.Paused);
        }
        Optional<String> invalid = validate(resource);
        if (invalid.isPresent()) {
            return finish(resource, statuses.notReady(resource, Reason.InvalidSpec, invalid.get()), Reason.InvalidSpec);
        }
        Optional<MilvusAlias> owner = AliasClaims.ownerOtherThan(resource, cluster);
        if (owner.isPresent()) {
            UpdateControl<MilvusAlias> control = finish(resource,
                    statuses.notReady(resource, Reason.AliasConflict, conflictMessage(resource, owner.get())),
                    Reason.AliasConflict);
            // The owner's delete event may reach the peers informer before the primary cache forgets the
            // owner; while it is terminating, look again soon rather than at the next resync.
            return owner.get().getMetadata().getDeletionTimestamp() == null ? control
                    : control.rescheduleAfter(shorter(OWNER_LEAVING_RECHECK, resyncInterval(resource)));
        }
        EndpointResolver.Resolution resolution = EndpointResolver.resolve(resource.getMetadata().getNamespace(),
                resource.getSpec().getConnectionRef().getName(), cluster);
        if (!resolution.resolved()) {
            return finish(resource, statuses.notReady(resource, resolution.reason(), resolution.message()),
                    resolution.reason());
        }
        MilvusEndpoint endpoint = resolution.endpoint();
        MilvusAliasSpec spec = resource.getSpec();
        AliasBinding desired = desiredBinding(spec, resolution.defaultDatabase());
        try {
            AdoptionPolicy adoption = spec.getAdoption() == null ? AdoptionPolicy.IfMatching : spec.getAdoption();
            Plan plan = AliasPlanner.plan(desired, recordedBinding(resource.getStatus()), observe(endpoint, desired), adoption);
            return act(resource, endpoint, checkSafety(endpoint, plan, spec.getSwitchPolicy()));
        } catch (MilvusException e) {
            Reason reason = FailureReasons.reasonFor(e.failure());
            if (FailureReasons.retried(reason)) {
                throw new RetryableReconcileException(reason, e.getMessage(), e);
            }
            return finish(resource, statuses.notReady(resource, reason, e.getMessage()), reason);
        }
    }

    private Observed observe(MilvusEndpoint endpoint, AliasBinding desired) {
        Optional<String> target = milvus.describe(endpoint, desired.ref()).map(AliasBinding::collection);
        boolean collectionExists = !AliasPlanner.needsCollectionCheck(desired, target)
                || milvus.collectionExists(endpoint, desired.database(), desired.collection());
        boolean aliasNameIsCollection = target.isEmpty()
                && milvus.collectionExists(endpoint, desired.database(), desired.alias());
        return new Observed(target, collectionExists, aliasNameIsCollection);
    }

    /** The safe-switch gate: looks at load state and schemas only when a create or switch is planned. */
    private Plan checkSafety(MilvusEndpoint endpoint, Plan plan, SwitchPolicy policy) {
        boolean requireLoaded = SwitchPolicy.requireLoaded(policy);
        boolean requireSchema = SwitchPolicy.requireCompatibleSchema(policy);
        boolean loaded = true;
        if (AliasPlanner.needsLoadCheck(plan, requireLoaded)) {
            AliasBinding target = plan instanceof Create c ? c.binding() : ((Switch) plan).binding();
            loaded = milvus.isLoaded(endpoint, target.database(), target.collection());
        }
        Optional<String> difference = Optional.empty();
        if (loaded && AliasPlanner.needsSchemaCheck(plan, requireSchema)) {
            Switch sw = (Switch) plan;
            String database = sw.binding().database();
            difference = CollectionSchema.firstDifference(sw.from(), milvus.schema(endpoint, database, sw.from()),
                    sw.binding().collection(), milvus.schema(endpoint, database, sw.binding().collection()));
        }
        return AliasPlanner.gate(plan, requireLoaded, loaded, requireSchema, difference);
    }

    private UpdateControl<MilvusAlias> act(MilvusAlias resource, MilvusEndpoint endpoint, Plan plan) {
        if (plan instanceof Create create) {
            milvus.create(endpoint, create.binding());
            events.normal(resource, create.event(), create.event() == EventReason.Created
                    ? "Created alias " + create.binding()
                    : "Alias " + create.binding().alias() + " was missing in Milvus; created it again -> "
                            + create.binding().collection());
            return finish(resource, statuses.bound(resource, create.binding(), null), Reason.Bound);
        }
        if (plan instanceof Switch sw) {
            milvus.alter(endpoint, sw.binding());
            String note = switch (sw.event()) {
                case DriftCorrected -> " (alias was re-pointed outside Kubernetes)";
                case Adopted -> " (took over an existing alias: adoption is Always)";
                default -> "";
            };
            events.normal(resource, sw.event(), sw.from() + " -> " + sw.binding().collection() + note);
            return finish(resource, statuses.bound(resource, sw.binding(), sw.from(), sw.event() == EventReason.Adopted),
                    Reason.Bound);
        }
        if (plan instanceof InSync inSync) {
            if (inSync.adopted()) {
                events.normal(resource, EventReason.Adopted, "Adopted existing alias " + inSync.binding());
            }
            return finish(resource, statuses.bound(resource, inSync.binding(), null, inSync.adopted()), Reason.Bound);
        }
        Blocked blocked = (Blocked) plan;
        if (FailureReasons.retried(blocked.reason())) {
            throw new RetryableReconcileException(blocked.reason(), blocked.message(), null);
        }
        return finish(resource, statuses.notReady(resource, blocked.reason(), blocked.message()), blocked.reason());
    }

    /** Writes status only if it changed, warns on entering a failure, and schedules the next look at Milvus. */
    private UpdateControl<MilvusAlias> finish(MilvusAlias resource, MilvusAliasStatus fresh, Reason reason) {
        warnOnNewFailure(resource, fresh, reason);
        metrics.ready(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), reason);
        UpdateControl<MilvusAlias> control;
        if (Objects.equals(fresh, resource.getStatus())) {
            control = UpdateControl.noUpdate();
        } else {
            resource.setStatus(fresh);
            control = UpdateControl.patchStatus(resource);
        }
        return control.rescheduleAfter(resyncInterval(resource));
    }

    @Override
    public ErrorStatusUpdateControl<MilvusAlias> updateErrorStatus(MilvusAlias resource, Context<MilvusAlias> context,
            Exception e) {
        Reason reason = e instanceof RetryableReconcileException r ? r.reason() : Reason.UnexpectedError;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (!(e instanceof RetryableReconcileException)) {
            LOG.errorf(e, "Reconciling MilvusAlias %s/%s failed", resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName());
        }
        MilvusAliasStatus fresh = statuses.notReady(resource, reason, message);
        warnOnNewFailure(resource, fresh, reason);
        metrics.ready(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), reason);
        if (Objects.equals(fresh, resource.getStatus())) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        resource.setStatus(fresh);
        return ErrorStatusUpdateControl.patchStatus(resource);
    }

    private void warnOnNewFailure(MilvusAlias resource, MilvusAliasStatus fresh, Reason reason) {
        if (reason == Reason.Bound || reason == Reason.Paused) {
            return;
        }
        String before = readyReason(resource.getStatus());
        String message = Conditions.find(fresh.getConditions(), Conditions.READY).map(c -> c.getMessage()).orElse("");
        if (!reason.name().equals(before)) {
            events.warning(resource, reason.name(), message);
        }
    }

    private static String readyReason(MilvusAliasStatus status) {
        return status == null ? null
                : Conditions.find(status.getConditions(), Conditions.READY).map(c -> c.getReason()).orElse(null);
    }

    // ---- delete ----

    @Override
    public DeleteControl cleanup(MilvusAlias resource, Context<MilvusAlias> context) {
        DeleteOutcome outcome = cleanup(resource, InformerClusterView.of(context, BY_ALIAS));
        if (outcome.release()) {
            metrics.forget(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
        } else {
            metrics.ready(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), outcome.reason());
        }
        if (outcome.status() != null && !Objects.equals(outcome.status(), resource.getStatus())) {
            // A JSON patch computed from the cached object, as UpdateControl.patchStatus does.
            context.resourceOperations().jsonPatchPrimaryStatus(resource, r -> {
                r.setStatus(outcome.status());
                return r;
            });
        }
        if (outcome.retry() != null) {
            throw outcome.retry();
        }
        return outcome.release() ? DeleteControl.defaultDelete()
                : DeleteControl.noFinalizerRemoval().rescheduleAfter(outcome.recheckAfter().toMillis());
    }

    /**
     * What a delete attempt decided: release the finalizer, or keep it with a status, and look again
     * after {@code recheckAfter} (or with backoff, when {@code retry} is set).
     */
    public record DeleteOutcome(boolean release, Reason reason, MilvusAliasStatus status,
            RetryableReconcileException retry, Duration recheckAfter) {
    }

    /** Compare-and-delete; framework-free so it can be unit tested. */
    public DeleteOutcome cleanup(MilvusAlias resource, ClusterView cluster) {
        if (isPaused(resource)) {
            return new DeleteOutcome(false, Reason.Paused, statuses.notReady(resource, Reason.Paused, pausedMessage()
                    + "; the finalizer is kept until the annotation is removed"), null, resyncInterval(resource));
        }
        Optional<MilvusAlias> owner = AliasClaims.ownerOtherThan(resource, cluster);
        if (owner.isPresent()) {
            LOG.infof("Releasing MilvusAlias %s without touching Milvus: the alias is owned by %s",
                    AliasClaims.name(resource), AliasClaims.name(owner.get()));
            return released();
        }
        DeletionPolicy policy = resource.getSpec() == null || resource.getSpec().getDeletionPolicy() == null
                ? DeletionPolicy.Delete : resource.getSpec().getDeletionPolicy();
        AliasBinding recorded = recordedBinding(resource.getStatus());
        if (!AliasPlanner.deleteNeedsObservation(policy, recorded)) {
            return release(resource, AliasPlanner.planDelete(policy, recorded, Optional.empty()));
        }
        EndpointResolver.Resolution resolution = EndpointResolver.resolve(resource.getMetadata().getNamespace(),
                resource.getSpec().getConnectionRef().getName(), cluster);
        if (!resolution.resolved()) {
            return keep(resource, resolution.reason(), resolution.message()
                    + "; the alias cannot be dropped until it is back (or set deletionPolicy: Orphan)", null);
        }
        MilvusEndpoint endpoint = resolution.endpoint();
        try {
            Optional<String> current = currentTarget(endpoint, recorded);
            DeletePlan plan = AliasPlanner.planDelete(policy, recorded, current);
            if (plan instanceof Drop drop) {
                milvus.drop(endpoint, drop.binding().ref());
                events.normal(resource, EventReason.Dropped, "Dropped alias " + drop.binding());
                return released();
            }
            return release(resource, plan);
        } catch (MilvusException e) {
            Reason reason = FailureReasons.reasonFor(e.failure());
            String message = e.getMessage() + "; deletion waits for Milvus (set deletionPolicy: Orphan to release without dropping)";
            RetryableReconcileException retry = FailureReasons.retried(reason)
                    ? new RetryableReconcileException(reason, message, e) : null;
            return keep(resource, reason, message, retry);
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

    private static DeleteOutcome released() {
        return new DeleteOutcome(true, null, null, null, Duration.ZERO);
    }

    private DeleteOutcome release(MilvusAlias resource, DeletePlan plan) {
        Release release = (Release) plan;
        if (release.event() == EventReason.LeftInPlace) {
            events.warning(resource, release.event().name(), release.message());
        } else if (release.event() != null) {
            events.normal(resource, release.event(), release.message());
        }
        LOG.debugf("Releasing MilvusAlias %s: %s", AliasClaims.name(resource), release.message());
        return released();
    }

    /** Keeps the finalizer, unless the deletion has waited longer than its timeout. */
    private DeleteOutcome keep(MilvusAlias resource, Reason reason, String message, RetryableReconcileException retry) {
        Optional<Duration> timeout = deletionTimeout(resource);
        Optional<Instant> deadline = timeout.flatMap(t -> deletionStarted(resource).map(start -> start.plus(t)));
        Instant now = clock.instant();
        if (deadline.isPresent() && !now.isBefore(deadline.get())) {
            events.warning(resource, EventReason.DeletionTimedOut.name(), "Milvus could not be reached for "
                    + timeout.get() + " since deletion began (" + reason + "); the finalizer is released WITHOUT"
                    + " dropping the alias, which may remain in Milvus");
            metrics.deletionTimedOut();
            return released();
        }
        MilvusAliasStatus fresh = statuses.notReady(resource, reason, message);
        warnOnNewFailure(resource, fresh, reason);
        Duration recheck = resyncInterval(resource);
        if (deadline.isPresent()) {
            Duration remaining = Duration.between(now, deadline.get()).plusSeconds(1);
            recheck = remaining.compareTo(recheck) < 0 ? remaining : recheck;
        }
        return new DeleteOutcome(false, reason, fresh, retry, recheck);
    }

    // ---- annotations and helpers ----

    static boolean isPaused(MilvusAlias resource) {
        return "true".equalsIgnoreCase(annotation(resource, Annotations.PAUSED));
    }

    private static String pausedMessage() {
        return "reconciliation paused by annotation " + Annotations.PAUSED + "=true; Milvus is neither read nor written";
    }

    private static String conflictMessage(MilvusAlias self, MilvusAlias owner) {
        return "alias " + self.getSpec().getAlias() + " on this Milvus and database is already managed by MilvusAlias "
                + AliasClaims.name(owner) + " (the oldest claim wins); this resource makes no Milvus call until that one is deleted";
    }

    private static String annotation(MilvusAlias resource, String key) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    private Duration resyncInterval(MilvusAlias resource) {
        try {
            return Durations.parse(annotation(resource, Annotations.RESYNC_INTERVAL))
                    .map(d -> d.compareTo(MIN_RESYNC) < 0 ? MIN_RESYNC : d)
                    .orElse(settings.resyncInterval());
        } catch (IllegalArgumentException e) {
            return settings.resyncInterval(); // reported as InvalidSpec by validate()
        }
    }

    private Optional<Duration> deletionTimeout(MilvusAlias resource) {
        try {
            Optional<Duration> annotated = Durations.parse(annotation(resource, Annotations.DELETION_TIMEOUT));
            return annotated.isPresent() ? annotated : settings.deletionTimeout();
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignoring annotation %s on %s: %s", Annotations.DELETION_TIMEOUT, AliasClaims.name(resource),
                    e.getMessage());
            return settings.deletionTimeout();
        }
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Optional<Instant> deletionStarted(MilvusAlias resource) {
        String timestamp = resource.getMetadata().getDeletionTimestamp();
        return timestamp == null ? Optional.empty() : Optional.of(Instant.parse(timestamp));
    }

    static AliasBinding desiredBinding(MilvusAliasSpec spec, String connectionDatabase) {
        String database = spec.getDatabase() != null && !spec.getDatabase().isEmpty() ? spec.getDatabase() : connectionDatabase;
        return new AliasBinding(database, spec.getAlias(), spec.getCollectionName());
    }

    static AliasBinding recordedBinding(MilvusAliasStatus status) {
        if (status == null || status.getAlias() == null || status.getCollectionName() == null) {
            return null;
        }
        String database = status.getDatabase() == null ? EndpointResolver.DEFAULT_DATABASE : status.getDatabase();
        return new AliasBinding(database, status.getAlias(), status.getCollectionName());
    }

    /** Checks the API server already enforces, repeated here for objects that bypassed it, plus annotations. */
    static Optional<String> validate(MilvusAlias resource) {
        MilvusAliasSpec spec = resource.getSpec();
        if (spec == null || spec.getConnectionRef() == null || spec.getConnectionRef().getName() == null) {
            return Optional.of("spec.connectionRef.name is required");
        }
        if (!MilvusNames.isValid(spec.getAlias())) {
            return Optional.of("spec.alias '" + spec.getAlias() + "' is not a valid Milvus name: "
                    + "a letter or '_' first, then letters, digits or '_', at most 255 characters");
        }
        if (!MilvusNames.isValid(spec.getCollectionName())) {
            return Optional.of("spec.collectionName '" + spec.getCollectionName() + "' is not a valid Milvus name");
        }
        if (spec.getDatabase() != null && !spec.getDatabase().isEmpty() && !MilvusNames.isValid(spec.getDatabase())) {
            return Optional.of("spec.database '" + spec.getDatabase() + "' is not a valid Milvus name");
        }
        if (spec.getAlias().equals(spec.getCollectionName())) {
            return Optional.of("spec.alias and spec.collectionName must differ");
        }
        for (String key : List.of(Annotations.RESYNC_INTERVAL, Annotations.DELETION_TIMEOUT)) {
            try {
                Durations.parse(annotation(resource, key));
            } catch (IllegalArgumentException e) {
                return Optional.of("annotation " + key + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }
}
