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

/**
 * {@link ClusterView} over the controller's informer caches (no API call per reconcile) and, for the Secrets that
 * connections name, the {@link SecretCache} (a GET when its entry is older than the TTL).
 */
final class InformerClusterView implements ClusterView {

    private final Context<?> context;
    private final String aliasIndex;
    private final SecretCache secrets;

    private InformerClusterView(Context<?> context, String aliasIndex, SecretCache secrets) {
        this.context = context;
        this.aliasIndex = aliasIndex;
        this.secrets = secrets;
    }

    /** @param aliasIndex name of the primary-cache index over spec.alias, or null when the controller has none */
    static ClusterView of(Context<?> context, String aliasIndex, SecretCache secrets) {
        return new InformerClusterView(context, aliasIndex, secrets);
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
        return secrets.get(namespace, name);
    }

    @Override
    public void forgetSecret(String namespace, String name, Secret stale) {
        secrets.forget(namespace, name, stale);
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
