package dev.milvusalias.reconcile;

import java.util.List;
import java.util.Optional;

import dev.milvusalias.api.ClusterMilvusConnection;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusConnection;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/** {@link ClusterView} over the controller's informer caches: no API call per reconcile. */
final class InformerClusterView implements ClusterView {

    private final Context<?> context;
    private final String aliasIndex;

    private InformerClusterView(Context<?> context, String aliasIndex) {
        this.context = context;
        this.aliasIndex = aliasIndex;
    }

    /** @param aliasIndex name of the primary-cache index over spec.alias, or null when the controller has none */
    static ClusterView of(Context<?> context, String aliasIndex) {
        return new InformerClusterView(context, aliasIndex);
    }

    @Override
    public Optional<MilvusConnection> connection(String namespace, String name) {
        return cached(MilvusConnection.class, namespace, name);
    }

    @Override
    public Optional<ClusterMilvusConnection> clusterConnection(String name) {
        return cached(ClusterMilvusConnection.class, null, name);
    }

    @Override
    public Optional<Namespace> namespace(String name) {
        return cached(Namespace.class, null, name);
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return cached(Secret.class, namespace, name);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<MilvusAlias> aliasesNamed(String alias) {
        if (aliasIndex == null) {
            return List.of();
        }
        return ((Context<MilvusAlias>) context).getPrimaryCache().byIndex(aliasIndex, alias);
    }

    /** From the controller's informer for {@code type}; empty when it has none (a kind the operator does not serve). */
    @SuppressWarnings("unchecked")
    private <R extends HasMetadata> Optional<R> cached(Class<R> type, String namespace, String name) {
        var sources = context.eventSourceRetriever().getEventSourcesFor(type);
        if (sources.isEmpty()) {
            return Optional.empty();
        }
        return ((InformerEventSource<R, ?>) sources.get(0)).get(new ResourceID(name, namespace));
    }
}
