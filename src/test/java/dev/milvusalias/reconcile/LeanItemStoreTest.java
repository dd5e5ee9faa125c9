package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.milvusalias.api.MilvusAlias;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;

class LeanItemStoreTest {

    @Test
    void keepsTheObjectButNotItsManagedFields() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        alias.getMetadata().setManagedFields(List.of(new ManagedFieldsEntryBuilder().withManager("kubectl").build()));
        LeanItemStore<MilvusAlias> store = new LeanItemStore<>();

        store.put(store.getKey(alias), alias);

        MilvusAlias cached = store.get("team-a/products");
        assertThat(cached.getSpec().getCollectionName()).isEqualTo("v1");
        assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    }
}
