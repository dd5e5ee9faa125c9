package dev.milvusalias.reconcile;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasSpec;
import dev.milvusalias.api.MilvusConnection;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * What besides its own resource makes a MilvusAlias reconcile, and the primary-cache indexes that
 * map those events back to the aliases concerned: its connection, the connection's Secrets, a failing
 * Milvus answering again, and the owner of a contested alias letting go of it.
 */
final class AliasEventSources {

    /** Primary-cache index: "namespace/connection" of each MilvusAlias. */
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
     * @param recoveries where to register for "this connection answers again" (endpoint key = namespace/name)
     * @param handover wakes the next claimants when an owner is released
     */
    static List<EventSource<?, MilvusAlias>> prepare(EventSourceContext<MilvusAlias> context,
            Consumer<Consumer<String>> recoveries, ClaimHandover handover) {
        context.getPrimaryCache().addIndexer(BY_CONNECTION, alias -> List.of(connectionKey(alias)));
        context.getPrimaryCache().addIndexer(BY_ALIAS, alias -> alias.getSpec() == null || alias.getSpec().getAlias() == null
                ? List.of() : List.of(alias.getSpec().getAlias()));

        // The connection appearing or changing.
        InformerEventSource<MilvusConnection, MilvusAlias> connections = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(MilvusConnection.class, MilvusAlias.class)
                        .withItemStore(new LeanItemStore<>())
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
                        .withItemStore(new LeanItemStore<>())
                        .withSecondaryToPrimaryMapper(secret -> {
                            String namespace = secret.getMetadata().getNamespace();
                            Set<ResourceID> aliases = new HashSet<>();
                            connections.list(namespace, c -> referencesSecret(c, secret.getMetadata().getName()))
                                    .forEach(c -> aliases.addAll(aliasesUsing(context, namespace, c.getMetadata().getName())));
                            return aliases;
                        })
                        .build(),
                context);

        // A failing Milvus answering again: its aliases are retried now, not at the end of their backoff.
        SimpleInboundEventSource<MilvusAlias> recovered = new SimpleInboundEventSource<>("milvus-recovered");
        recoveries.accept(endpointKey -> context.getPrimaryCache().byIndex(BY_CONNECTION, endpointKey)
                .forEach(alias -> recovered.propagateEvent(ResourceID.fromResource(alias))));
        return List.of(connections, secrets, recovered, handover.eventSource(context));
    }

    /** Whether the connection reads its credentials or CA from the Secret {@code secretName}. */
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
}
