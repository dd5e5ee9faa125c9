package dev.milvusalias.config;

import java.time.Clock;
import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import dev.milvusalias.health.Leadership;
import dev.milvusalias.metrics.AliasReadinessMetrics;
import dev.milvusalias.metrics.MeteredAliasStore;
import dev.milvusalias.metrics.MeteredEventRecorder;
import dev.milvusalias.metrics.Meters;
import dev.milvusalias.metrics.MicrometerAliasMetrics;
import dev.milvusalias.metrics.OperatorMetrics;
import dev.milvusalias.metrics.OperatorSdkMetrics;
import dev.milvusalias.milvus.AliasStore;
import dev.milvusalias.milvus.guard.GuardedAliasStore;
import dev.milvusalias.milvus.grpc.GrpcAliasStore;
import dev.milvusalias.reconcile.AliasMetrics;
import dev.milvusalias.reconcile.AliasStatusFactory;
import dev.milvusalias.reconcile.EventRecorder;
import dev.milvusalias.reconcile.KubernetesEventRecorder;
import dev.milvusalias.reconcile.SecretCache;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;

/** The one place where the operator's parts are built and handed to each other. */
@ApplicationScoped
public class Wiring {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    AliasStore aliasStore(OperatorSettings settings, MeterRegistry registry) {
        GrpcAliasStore grpc = new GrpcAliasStore(settings.connectTimeout(), settings.callTimeout());
        Meters.removeExisting(registry, "milvus.alias.milvus.clients", Tags.empty());
        Gauge.builder("milvus.alias.milvus.clients", grpc, GrpcAliasStore::openClients)
                .description("Open Milvus clients (one per MilvusConnection in use)")
                .register(registry);
        // A bulkhead and circuit per connection, so one slow Milvus cannot starve the others.
        GuardedAliasStore guarded = new GuardedAliasStore(grpc, settings.connectionMaxInFlight(),
                settings.connectionQueueWait(), settings.callTimeout());
        // Decorator: times every call by RPC and outcome (milvus_alias_milvus_call_seconds).
        return new MeteredAliasStore(guarded, registry);
    }

    void closeClients(@Disposes AliasStore store) {
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // shutting down; nothing left to do
            }
        }
    }

    /** The Secrets connections name, read on demand and kept for milvus-alias.secret-cache-ttl (none is watched). */
    @Produces
    @Singleton
    SecretCache secretCache(KubernetesClient client, OperatorSettings settings) {
        return SecretCache.reading(client, settings.secretCacheTtl());
    }

    @Produces
    @Singleton
    AliasStatusFactory aliasStatusFactory(Clock clock, KubernetesClient client, OperatorSettings settings) {
        return new AliasStatusFactory(clock, StatusSealKey.loadOrCreate(client, settings.operatorNamespace()));
    }

    @Produces
    @Singleton
    EventRecorder eventRecorder(KubernetesClient client, Clock clock, MeterRegistry registry) {
        // Decorator: counts events by type and reason, switches and drift corrections (milvus_alias_events_total...).
        return new MeteredEventRecorder(new KubernetesEventRecorder(client, clock), registry);
    }

    // ---- operability: metrics the reconcilers report to, leader election ----

    /** Created at startup so that milvus_alias_aliases{reason} exists (at 0) before the first reconcile. */
    @Produces
    @Singleton
    @Startup
    AliasReadinessMetrics aliasReadinessMetrics(MeterRegistry registry) {
        return new AliasReadinessMetrics(registry);
    }

    @Produces
    @Singleton
    @Startup
    OperatorMetrics operatorMetrics(MeterRegistry registry) {
        return new OperatorMetrics(registry);
    }

    /** What the alias reconciler reports: Ready reasons and deletion timeouts. */
    @Produces
    @Singleton
    AliasMetrics aliasMetrics(AliasReadinessMetrics readiness, OperatorMetrics operator) {
        return new MicrometerAliasMetrics(readiness, operator);
    }

    /**
     * java-operator-sdk's metrics. Replaces the Quarkus extension's default Metrics bean (the same MicrometerMetricsV2)
     * so that reconcilers' exceptions reach updateErrorStatus unwrapped; see {@link OperatorSdkMetrics}.
     */
    @Produces
    @Singleton
    Metrics operatorSdkMetrics(MeterRegistry registry) {
        return OperatorSdkMetrics.micrometer(registry);
    }

    /** Whether this replica reconciles; a MeterBinder (milvus_alias_leader) and data of the liveness check. */
    @Produces
    @Singleton
    Leadership leadership(LeaderElectionSettings settings) {
        return new Leadership(settings.enabled(), LeaderElectionFactory.identity(settings, System::getenv),
                () -> System.exit(1));
    }

    /**
     * With milvus-alias.parent-pid (set by {@code make run}'s sandbox), the operator ends when that process does; the
     * watch starts before the Quarkus Operator SDK starts the operator, which may wait for the API server.
     */
    void exitWithParent(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event,
            OperatorSettings settings) {
        settings.parentPid()
                .ifPresent(pid -> ParentProcessWatch.start(pid, Duration.ofSeconds(1), () -> System.exit(0)));
    }

    /** Before the Quarkus Operator SDK stops the operator (which ends its leadership): that is no lost lease. */
    void shuttingDown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event,
            Leadership leadership) {
        leadership.shuttingDown();
    }

    /**
     * The Quarkus Operator SDK enables leader election when this bean is not null (it has no property of its own
     * for the Lease). Null, hence {@code @Dependent}, when milvus-alias.leader-election.enabled is false.
     */
    @Produces
    @Dependent
    LeaderElectionConfiguration leaderElection(LeaderElectionSettings settings, Leadership leadership) {
        return LeaderElectionFactory.create(settings, System::getenv, leadership.callbacks()).orElse(null);
    }
}
