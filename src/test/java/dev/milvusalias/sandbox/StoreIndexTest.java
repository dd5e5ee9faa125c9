package dev.milvusalias.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class StoreIndexTest {

    private final StoreIndex index = new StoreIndex();
    /** The store as fabric8 keeps it: keys in insertion order, a changed key re-inserted at the end. */
    private final Set<AttributeSet> store = new LinkedHashSet<>();

    @Test
    void aQueryByNameGetsWhatAScanOfTheStoreWouldInTheSameOrder() {
        AttributeSet a1 = put(key("milvusaliases", "ns1", "a", "app", "x"));
        AttributeSet a2 = put(key("milvusaliases", "ns2", "a", "app", "y"));
        put(key("milvusaliases", "ns1", "b", "app", "x"));
        put(key("secrets", "ns1", "a", "app", "x"));
        change(a1, key("milvusaliases", "ns1", "a", "app", "z")); // moves to the end

        for (AttributeSet query : List.of(
                query("milvusaliases", "a"),
                query("milvusaliases", "a").add(new Attribute("namespace", "ns1")),
                query("milvusaliases", "a").add(new Attribute("labels:app", "z")),
                query("milvusaliases", null),
                query("milvusaliases", null).add(new Attribute("labels:app", "x")),
                query("secrets", "b"),
                query("configmaps", null))) {
            assertThat(matches(index.candidates(query), query)).as("%s", query).isEqualTo(scan(query));
        }
        assertThat(matches(index.candidates(query("milvusaliases", "a")), query("milvusaliases", "a")))
                .extracting(k -> k.getAttribute("namespace").getValues().get(0).toString())
                .containsExactly("ns2", "ns1");
        assertThat(scan(query("milvusaliases", "a"))).doesNotContain(a1).contains(a2);
    }

    @Test
    void aRemovedObjectIsNoCandidateAnyMore() {
        AttributeSet a = put(key("milvusaliases", "ns1", "a", "app", "x"));
        index.remove(a);
        store.remove(a);

        assertThat(index.candidates(query("milvusaliases", "a"))).isEmpty();
        assertThat(index.candidates(query("milvusaliases", null))).isEmpty();
    }

    @Test
    void queriesWithoutOnePluralByEqualityAreLeftToAFullScan() {
        put(key("milvusaliases", "ns1", "a", "app", "x"));

        assertThat(index.candidates(new AttributeSet(new Attribute("name", "a")))).isNull();
        assertThat(index.candidates(new AttributeSet(new Attribute("plural", "milvusaliases", AttributeType.WITHOUT))))
                .isNull();
        assertThat(index.candidates(new AttributeSet(new Attribute("plural", "*")))).isNull();
    }

    @Test
    void keysWithoutPluralOrNameAreCandidatesOfEveryQuery() {
        AttributeSet odd = new AttributeSet(new Attribute("plural", "milvusaliases"), new Attribute("name", "*"));
        index.add(odd);
        put(key("milvusaliases", "ns1", "a", "app", "x"));

        assertThat(index.candidates(query("milvusaliases", "a"))).endsWith(odd);
        assertThat(index.candidates(query("secrets", "b"))).containsExactly(odd);
    }

    private AttributeSet put(AttributeSet key) {
        store.add(key);
        index.add(key);
        return key;
    }

    private void change(AttributeSet from, AttributeSet to) {
        store.remove(from);
        index.remove(from);
        put(to);
    }

    private List<AttributeSet> scan(AttributeSet query) {
        return store.stream().filter(k -> k.matches(query)).collect(Collectors.toList());
    }

    private static List<AttributeSet> matches(List<AttributeSet> candidates, AttributeSet query) {
        List<AttributeSet> out = new ArrayList<>(candidates);
        out.removeIf(k -> !k.matches(query));
        return out;
    }

    private static AttributeSet key(String plural, String namespace, String name, String label, String value) {
        return new AttributeSet(new Attribute("api", "milvus.io"), new Attribute("version", "v1alpha1"),
                new Attribute("plural", plural), new Attribute("namespace", namespace), new Attribute("name", name),
                new Attribute("labels:" + label, value));
    }

    private static AttributeSet query(String plural, String name) {
        AttributeSet q = new AttributeSet(new Attribute("api", "milvus.io"), new Attribute("version", "v1alpha1"),
                new Attribute("plural", plural));
        return name == null ? q : q.add(new Attribute("name", name));
    }
}
