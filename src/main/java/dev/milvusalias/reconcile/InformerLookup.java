package dev.milvusalias.reconcile;

import java.util.Optional;

import dev.milvusalias.api.MilvusConnection;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/** {@link ConnectionLookup} over the controller's informer caches: no API call per reconcile. */
final class InformerLookup implements ConnectionLookup {

    private final Context<?> context;

    private InformerLookup(Context<?> context) {
        this.context = context;
    }

    static ConnectionLookup of(Context<?> context) {
        return new InformerLookup(context);
    }

    @Override
    public Optional<MilvusConnection> connection(String namespace, String name) {
        return cached(MilvusConnection.class, namespace, name);
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return cached(Secret.class, namespace, name);
    }

    @SuppressWarnings("unchecked")
    private <R extends HasMetadata> Optional<R> cached(Class<R> type, String namespace, String name) {
        var source = (InformerEventSource<R, ?>) context.eventSourceRetriever().getEventSourceFor(type);
        return source.get(new ResourceID(name, namespace));
    }
}
