package dev.milvusalias.sandbox;

import dev.milvusalias.api.Condition;
import dev.milvusalias.api.ConnectionReference;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasSpec;
import dev.milvusalias.api.MilvusAliasStatus;
import dev.milvusalias.sandbox.LiveView.Row;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The live view of {@code make run}: a pure function from MilvusAlias objects and the emulator's aliases to text. */
class SandboxLiveViewTest {

    private static final Map<String, Map<String, String>> NO_ALIASES = Map.of("default", Map.of());

    private static Row row(String name, String collection, String ready, String reason) {
        return new Row("default", name, name, "default", collection, ready, reason, false, false, false);
    }

    private static Map<String, Map<String, String>> milvus(String alias, String collection) {
        return Map.of("default", Map.of(alias, collection));
    }

    @Test
    void boundAliasShowsSpecReadyAndWhatMilvusSays() {
        assertThat(LiveView.render(List.of(row("products", "products_v1", "True", "Bound")),
                milvus("products", "products_v1")))
                .isEqualTo("products   products -> products_v1   Ready=True (Bound)   milvus: products -> products_v1");
    }

    @Test
    void beforeTheFirstReconcileTheAliasIsPendingAndAbsent() {
        assertThat(LiveView.render(List.of(row("products", "products_v1", null, null)), NO_ALIASES))
                .isEqualTo("products   products -> products_v1   Ready=? (pending)    milvus: products (absent)");
    }

    @Test
    void aSpecChangeNotReconciledYetIsMarked() {
        Row switching = new Row("default", "products", "products", "default", "products_v2", "True", "Bound", true,
                false, false);
        assertThat(LiveView.render(List.of(switching), milvus("products", "products_v1")))
                .isEqualTo("products   products -> products_v2   Ready=True (Bound), reconciling   "
                        + "milvus: products -> products_v1");
    }

    @Test
    void failuresShowTheirReason() {
        assertThat(LiveView.render(List.of(row("products", "products_v9", "False", "CollectionNotFound")),
                milvus("products", "products_v1")))
                .isEqualTo("products   products -> products_v9   Ready=False (CollectionNotFound)   "
                        + "milvus: products -> products_v1");
    }

    @Test
    void deletingAndDeletedObjectsShowTheDropOrWhatWasLeft() {
        Row deleting = new Row("default", "products", "products", "default", "products_v1", "True", "Bound", false,
                true, false);
        assertThat(LiveView.render(List.of(deleting), milvus("products", "products_v1")))
                .isEqualTo("products   products -> products_v1   Ready=True (Bound), deleting   milvus: products -> products_v1");

        Row deleted = row("products", "products_v1", "True", "Bound").asDeleted();
        assertThat(LiveView.render(List.of(deleted), NO_ALIASES))
                .isEqualTo("products   (deleted)" + " ".repeat(38) + "milvus: products (dropped)");
        assertThat(LiveView.render(List.of(deleted), milvus("products", "products_v2")))
                .isEqualTo("products   (deleted)" + " ".repeat(38) + "milvus: products -> products_v2 (left in place)");
    }

    @Test
    void aliasesWithoutAnObjectOtherNamespacesAndDatabasesAreShownSorted() {
        Row other = new Row("team-a", "orders", "orders", "search", "orders_v1", "True", "Bound", false, false, false);
        Row products = row("products", "products_v1", "True", "Bound");
        String view = LiveView.render(List.of(other, products), Map.of(
                "default", Map.of("products", "products_v1", "legacy", "products_v1"),
                "search", Map.of("orders", "orders_v1")));

        assertThat(view.lines()).containsExactly(
                "products   products -> products_v1   Ready=True (Bound)   milvus: products -> products_v1",
                "team-a/orders   search.orders -> orders_v1   Ready=True (Bound)   milvus: search.orders -> orders_v1",
                "-          (no MilvusAlias)" + " ".repeat(31) + "milvus: legacy -> products_v1");
    }

    @Test
    void emptyView() {
        assertThat(LiveView.render(List.of(), NO_ALIASES))
                .isEqualTo("-          (no MilvusAlias)" + " ".repeat(31) + "milvus: no aliases");
    }

    @Test
    void trackerRemembersDeletedObjectsUntilTheyComeBack() {
        LiveView.Tracker tracker = new LiveView.Tracker();
        Row products = row("products", "products_v1", "True", "Bound");
        Row orders = row("orders", "orders_v1", "True", "Bound");

        assertThat(tracker.update(List.of(products, orders))).containsExactly(products, orders);
        assertThat(tracker.update(List.of(orders))).containsExactly(orders, products.asDeleted());
        assertThat(tracker.update(List.of(orders))).containsExactly(orders, products.asDeleted());
        Row recreated = row("products", "products_v2", null, null);
        assertThat(tracker.update(List.of(orders, recreated))).containsExactly(orders, recreated);
    }

    @Test
    void rowOfAMilvusAliasReadsSpecStatusAndGeneration() {
        MilvusAlias a = new MilvusAlias();
        a.setMetadata(new ObjectMetaBuilder().withNamespace("default").withName("products").withGeneration(2L).build());
        MilvusAliasSpec spec = new MilvusAliasSpec();
        spec.setConnectionRef(new ConnectionReference("milvus"));
        spec.setAlias("products");
        spec.setCollectionName("products_v2");
        a.setSpec(spec);

        assertThat(Row.of(a)).isEqualTo(new Row("default", "products", "products", "default", "products_v2", null, null,
                false, false, false));

        MilvusAliasStatus status = new MilvusAliasStatus();
        status.setObservedGeneration(1L);
        status.setDatabase("search");
        status.setConditions(List.of(new Condition("Ready", "True", "Bound", "", "2026-01-01T00:00:00Z", 1L)));
        a.setStatus(status);
        a.getMetadata().setDeletionTimestamp("2026-01-01T00:00:01Z");

        assertThat(Row.of(a)).isEqualTo(new Row("default", "products", "products", "search", "products_v2", "True",
                "Bound", true, true, false));
    }
}
