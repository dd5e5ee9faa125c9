package dev.milvusalias.reconcile;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.milvusalias.api.ConnectionKind;
import dev.milvusalias.api.MilvusAlias;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * The MilvusAliases that name a connection, for the connection controllers: a MilvusAlias informer whose
 * only events are deletions, and only while the connection they name is being deleted itself (it waits,
 * InUse, for the last one), so alias churn costs the connection nothing.
 */
final class ConnectionUsers {

    static final String NAME = "users";

    private ConnectionUsers() {
    }

    /** The informer for a controller of {@code kind}. */
    static <P extends HasMetadata> InformerEventSource<MilvusAlias, P> eventSource(Class<P> primary, ConnectionKind kind,
            EventSourceContext<P> context) {
        var config = InformerEventSourceConfiguration.from(MilvusAlias.class, primary);
        if (kind == ConnectionKind.ClusterMilvusConnection) {
            config.withWatchAllNamespaces(); // a MilvusConnection's users are in the namespaces its controller watches
        }
        return new InformerEventSource<>(
                config.withName(NAME)
                        .withOnAddFilter(alias -> false)
                        .withOnUpdateFilter((updated, old) -> false)
                        .withSecondaryToPrimaryMapper(gone -> Connection.idUsedBy(gone, kind).stream()
                                .filter(id -> context.getPrimaryCache().get(id)
                                        .filter(HasMetadata::isMarkedForDeletion).isPresent())
                                .collect(Collectors.toSet()))
                        .withPrimaryToSecondaryMapper((P connection) -> Set.of())
                        .build(),
                context);
    }

    /** The aliases that name {@code connection}, by namespace/name, from the informer above. */
    @SuppressWarnings("unchecked")
    static List<MilvusAlias> of(Context<?> context, Connection connection) {
        var users = (InformerEventSource<MilvusAlias, ?>) context.eventSourceRetriever()
                .getEventSourceFor(MilvusAlias.class, NAME);
        Stream<MilvusAlias> named = connection.namespace() == null ? users.list(connection::usedBy)
                : users.list(connection.namespace(), connection::usedBy);
        return named.sorted(Comparator.comparing(AliasClaims::name)).toList();
    }
}
