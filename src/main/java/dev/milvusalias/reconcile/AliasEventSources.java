package dev.milvusalias.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.milvusalias.api.ClusterMilvusConnection;
import dev.milvusalias.api.ConnectionKind;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.config.OperatorSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * What besides its own resource makes a MilvusAlias reconcile, and the primary-cache indexes that
 * map those events back to the aliases concerned: its connection (of either kind), the labels of its
 * namespace (for a ClusterMilvusConnection), a failing Milvus answering again, and the owner of a
 * contested alias letting go of it. Secrets are not watched: they are read on demand ({@link SecretCache}),
 * and an alias waiting on one looks again after the cache's TTL.
 */
final class AliasEventSources {

    /** Primary-cache index: {@link Connection#key} of the connection each MilvusAlias names. */
    static final String BY_CONNECTION = "byConnection";
    /** Primary-cache index: spec.alias of each MilvusAlias (conflicts are found across namespaces). */
    static final String BY_ALIAS = "byAlias";

    private AliasEventSources() {
    }

    /** Spec, metadata (annotations, finalizers) and deletion changes reconcile; status-only changes do not. */
    public static class RelevantChange implements OnUpdateFilter<MilvusAlias> {
        @Override
        public boolean accept(MilvusAlias updated, MilvusAlias old) {
            var n = updated.getMetadata();
            var o = old.getMetadata();
            return !Objects.equals(n.getGeneration(), o.getGeneration())
                    || !Objects.equals(n.getAnnotations(), o.getAnnotations())
                    || !Objects.equals(n.getDeletionTimestamp(), o.getDeletionTimestamp());
        }
    }

    /**
     * @param recoveries where to register for "this connection answers again" (the endpoint key, as {@link Connection#key()})
     * @param handover wakes the next claimants when an owner is released
     */
    static List<EventSource<?, MilvusAlias>> prepare(EventSourceContext<MilvusAlias> context, OperatorSettings settings,
            Consumer<Consumer<String>> recoveries, ClaimHandover handover) {
        context.getPrimaryCache().addIndexer(BY_CONNECTION, alias -> Connection.keyUsedBy(alias).stream().toList());
        context.getPrimaryCache().addIndexer(BY_ALIAS, alias -> alias.getSpec() == null || alias.getSpec().getAlias() == null
                ? List.of() : List.of(alias.getSpec().getAlias()));
        List<EventSource<?, MilvusAlias>> sources = new ArrayList<>();

        // The connection appearing or its spec changing (its own status writes would wake every alias for nothing).
        InformerEventSource<MilvusConnection, MilvusAlias> connections = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(MilvusConnection.class, MilvusAlias.class)
                        .withItemStore(new LeanItemStore<>())
                        .withOnUpdateFilter(AliasEventSources::specChanged)
                        .withSecondaryToPrimaryMapper(connection -> aliasesUsing(context, Connection.of(connection)))
                        .withPrimaryToSecondaryMapper((MilvusAlias alias) -> Connection
                                .idUsedBy(alias, ConnectionKind.MilvusConnection).stream().collect(Collectors.toSet()))
                        .build(),
                context);
        sources.add(connections);

        // A ClusterMilvusConnection appearing or changing (its allowedNamespaces too), and namespace labels changing.
        InformerEventSource<ClusterMilvusConnection, MilvusAlias> shared = null;
        if (settings.clusterConnections().enabled()) {
            shared = new InformerEventSource<>(
                    InformerEventSourceConfiguration.from(ClusterMilvusConnection.class, MilvusAlias.class)
                            .withItemStore(new LeanItemStore<>())
                            .withWatchAllNamespaces()
                            .withOnUpdateFilter(AliasEventSources::specChanged)
                            .withSecondaryToPrimaryMapper(connection -> aliasesUsing(context, Connection.of(connection)))
                            .withPrimaryToSecondaryMapper((MilvusAlias alias) -> Connection
                                    .idUsedBy(alias, ConnectionKind.ClusterMilvusConnection).stream()
                                    .collect(Collectors.toSet()))
                            .build(),
                    context);
            sources.add(shared);
            sources.add(new InformerEventSource<>(
                    InformerEventSourceConfiguration.from(Namespace.class, MilvusAlias.class)
                            .withItemStore(new LeanItemStore<>())
                            .withWatchAllNamespaces()
                            .withOnUpdateFilter((updated, old) -> !Objects.equals(
                                    updated.getMetadata().getLabels(), old.getMetadata().getLabels()))
                            .withOnDeleteFilter((namespace, finalStateUnknown) -> false)
                            .withSecondaryToPrimaryMapper(namespace -> aliases(context, cache -> cache
                                    .list(namespace.getMetadata().getName(), AliasEventSources::usesClusterConnection)))
                            .withPrimaryToSecondaryMapper((MilvusAlias alias) -> Set.of())
                            .build(),
                    context));
        }

        // A failing Milvus answering again: its aliases are retried now, not at the end of their backoff.
        SimpleInboundEventSource<MilvusAlias> recovered = new SimpleInboundEventSource<>("milvus-recovered");
        recoveries.accept(endpointKey -> context.getPrimaryCache().byIndex(BY_CONNECTION, endpointKey)
                .forEach(alias -> recovered.propagateEvent(ResourceID.fromResource(alias))));
        sources.add(recovered);
        // The owner of a contested alias letting go of it: the next-oldest claimant takes over at once.
        sources.add(handover.eventSource(context));
        return sources;
    }

    private static boolean specChanged(HasMetadata updated, HasMetadata old) {
        return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration());
    }

    private static Set<ResourceID> aliasesUsing(EventSourceContext<MilvusAlias> context, Connection connection) {
        return aliases(context, cache -> cache.byIndex(BY_CONNECTION, connection.key()).stream());
    }

    /**
     * The aliases a secondary resource's event concerns, found in the primary cache; none while that cache is still
     * filling: the secondary informers start alongside it ({@code OperatorStart}), and every alias reconciles once
     * event processing starts anyway.
     */
    static Set<ResourceID> aliases(EventSourceContext<MilvusAlias> context,
            Function<IndexerResourceCache<MilvusAlias>, Stream<MilvusAlias>> query) {
        IndexerResourceCache<MilvusAlias> cache = context.getPrimaryCache();
        if (cache instanceof AbstractEventSource<?, ?> primary && !primary.isRunning()) {
            return Set.of();
        }
        return query.apply(cache).map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    private static boolean usesClusterConnection(MilvusAlias alias) {
        return Connection.idUsedBy(alias, ConnectionKind.ClusterMilvusConnection).isPresent();
    }
}
