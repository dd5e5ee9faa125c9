package dev.milvusalias.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer cache that keeps no {@code metadata.managedFields}: the API server attaches them to
 * every object (a few hundred bytes to kilobytes each), and the operator never reads them (it patches
 * with JSON patches, not server-side apply). Memory then grows with what the operator uses.
 */
public class LeanItemStore<V extends HasMetadata> extends BasicItemStore<V> {

    public LeanItemStore() {
        super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public V put(String key, V obj) {
        if (obj.getMetadata() != null) {
            obj.getMetadata().setManagedFields(null);
        }
        return super.put(key, obj);
    }
}
