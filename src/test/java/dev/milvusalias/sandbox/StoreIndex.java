package dev.milvusalias.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
  * The keys of the CRUD store by resource plural and by plural and name, so that a request naming its resource finds
  * its few candidates at once instead of matching every stored object.
  * <p>
  * Each group keeps the store's own order (a changed object moves to the end, as in the store's
  * {@code LinkedHashMap}), so a lookup answers the same objects in the same order as a scan of the whole store.
  * A query qualifies when it asks for one plural, or one plural and one name, by equality: every object such a query
  * matches carries that plural (and name), so its group holds all of them. Not thread-safe: the store's lock guards it.
  */
final class StoreIndex {

    /** The CRUD store's wildcard value, equal to any other; keys and queries using it are never grouped. */
    private static final String ANY = "*";

    private final Map<String, Set<AttributeSet>> byPlural = new HashMap<>();
    private final Map<String, Set<AttributeSet>> byName = new HashMap<>();
    /** Stored keys without a plural or name to group them by; every lookup includes them. */
    private final Set<AttributeSet> ungrouped = new LinkedHashSet<>();

    void add(AttributeSet key) {
        String plural = exactValue(key, KubernetesAttributesExtractor.PLURAL);
        String name = exactValue(key, KubernetesAttributesExtractor.NAME);
        if (plural == null || name == null) {
            ungrouped.add(key);
            return;
        }
        byPlural.computeIfAbsent(plural, p -> new LinkedHashSet<>()).add(key);
        byName.computeIfAbsent(nameKey(plural, name), p -> new LinkedHashSet<>()).add(key);
    }

    void remove(AttributeSet key) {
        String plural = exactValue(key, KubernetesAttributesExtractor.PLURAL);
        String name = exactValue(key, KubernetesAttributesExtractor.NAME);
        if (plural == null || name == null) {
            ungrouped.remove(key);
            return;
        }
        removeFrom(byPlural, plural, key);
        removeFrom(byName, nameKey(plural, name), key);
    }

    void clear() {
        byPlural.clear();
        byName.clear();
        ungrouped.clear();
    }

    /**
      * The stored keys that can match the query, in store order (the ungrouped ones last), or null when the query
      * names no single plural and the whole store must be searched.
      */
    List<AttributeSet> candidates(AttributeSet query) {
        String plural = queriedValue(query, KubernetesAttributesExtractor.PLURAL);
        if (plural == null) {
            return null;
        }
        String name = queriedValue(query, KubernetesAttributesExtractor.NAME);
        Collection<AttributeSet> group = name == null ? byPlural.get(plural) : byName.get(nameKey(plural, name));
        List<AttributeSet> out = new ArrayList<>((group == null ? 0 : group.size()) + ungrouped.size());
        if (group != null) {
            out.addAll(group);
        }
        out.addAll(ungrouped);
        return out;
    }

    private static void removeFrom(Map<String, Set<AttributeSet>> groups, String groupKey, AttributeSet key) {
        Set<AttributeSet> group = groups.get(groupKey);
        if (group != null && group.remove(key) && group.isEmpty()) {
            groups.remove(groupKey);
        }
    }

    private static String nameKey(String plural, String name) {
        return plural + '/' + name;
    }

    /** The attribute's only value, unless missing or the wildcard. */
    private static String exactValue(AttributeSet set, String attributeKey) {
        Attribute attribute = set.getAttribute(attributeKey);
        if (attribute == null || attribute.getValues().size() != 1) {
            return null;
        }
        String value = String.valueOf(attribute.getValues().get(0));
        return ANY.equals(value) ? null : value;
    }

    /** The value a query demands by equality, or null when it demands none (or matches by another operator). */
    private static String queriedValue(AttributeSet query, String attributeKey) {
        Attribute attribute = query.getAttribute(attributeKey);
        return attribute == null || attribute.getType() != AttributeType.WITH ? null : exactValue(query, attributeKey);
    }
}
