package dev.milvusalias.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
  * Patch semantics the fabric8 CRUD mock gets wrong or lacks.
  * <p>
  * The mock applies {@code application/merge-patch+json} with Jackson's "reader for updating", which appends to
  * arrays and stores {@code null}s instead of deleting keys. Real API servers implement RFC 7386 (JSON merge patch),
  * where arrays are replaced and {@code null} deletes. {@link #applyMergePatch} implements RFC 7386.
  * <p>
  * {@code application/strategic-merge-patch+json} (what kubectl sends for built-in kinds such as Secrets) is not
  * supported by the mock at all; {@link #applyStrategicMergePatch} is a simplification that is good enough for the
  * maps and scalar fields of the few built-in kinds a sandbox user touches: {@code $patch}/{@code $retainKeys}/
  * {@code $setElementOrder}/{@code $deleteFromPrimitiveList} directives are honoured or dropped, lists of objects are
  * merged by their {@code name} key when both sides have one, other lists are replaced.
  */
final class MergePatches {

    private MergePatches() {
    }

    /** RFC 7386: returns a new document; neither argument is modified. */
    static JsonNode applyMergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : ((ObjectNode) patch).objectNode();
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                result.remove(key);
            } else {
                result.set(key, applyMergePatch(result.get(key), value));
            }
        }
        return result;
    }

    /** Approximate strategic merge patch; see the class comment for what is (not) covered. */
    static JsonNode applyStrategicMergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        JsonNode directive = patch.get("$patch");
        if (directive != null) {
            String d = directive.asText();
            if ("delete".equals(d)) {
                return null;
            }
            if ("replace".equals(d)) {
                ObjectNode copy = ((ObjectNode) patch).deepCopy();
                stripDirectives(copy);
                return copy;
            }
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : ((ObjectNode) patch).objectNode();
        JsonNode retainKeys = patch.get("$retainKeys");
        if (retainKeys != null && retainKeys.isArray()) {
            List<String> keep = new ArrayList<>();
            retainKeys.forEach(k -> keep.add(k.asText()));
            result.properties().removeIf(e -> !keep.contains(e.getKey()));
        }
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.startsWith("$setElementOrder/") || key.equals("$patch") || key.equals("$retainKeys")) {
                continue;
            }
            if (key.startsWith("$deleteFromPrimitiveList/")) {
                String list = key.substring("$deleteFromPrimitiveList/".length());
                JsonNode existing = result.get(list);
                if (existing != null && existing.isArray() && value.isArray()) {
                    ArrayNode kept = result.arrayNode();
                    existing.forEach(e -> {
                        boolean delete = false;
                        for (JsonNode v : value) {
                            delete |= v.equals(e);
                        }
                        if (!delete) {
                            kept.add(e);
                        }
                    });
                    result.set(list, kept);
                }
                continue;
            }
            if (value.isNull()) {
                result.remove(key);
            } else if (value.isArray() && result.get(key) != null && result.get(key).isArray()
                    && isNamedObjectList(value) && isNamedObjectList(result.get(key))) {
                result.set(key, mergeNamedLists((ArrayNode) result.get(key), (ArrayNode) value));
            } else if (value.isArray()) {
                ArrayNode copy = value.deepCopy();
                copy.forEach(e -> {
                    if (e.isObject()) {
                        stripDirectives((ObjectNode) e);
                    }
                });
                result.set(key, copy);
            } else {
                JsonNode merged = applyStrategicMergePatch(result.get(key), value);
                if (merged == null) {
                    result.remove(key);
                } else {
                    result.set(key, merged);
                }
            }
        }
        return result;
    }

    private static boolean isNamedObjectList(JsonNode array) {
        if (array.isEmpty()) {
            return true;
        }
        for (JsonNode e : array) {
            if (!e.isObject() || !e.has("name")) {
                return false;
            }
        }
        return true;
    }

    private static ArrayNode mergeNamedLists(ArrayNode existing, ArrayNode patch) {
        ArrayNode out = existing.deepCopy();
        for (JsonNode p : patch) {
            String name = p.get("name").asText();
            int found = -1;
            for (int k = 0; k < out.size(); k++) {
                if (name.equals(out.get(k).path("name").asText())) {
                    found = k;
                    break;
                }
            }
            JsonNode merged = applyStrategicMergePatch(found >= 0 ? out.get(found) : null, p);
            if (found >= 0) {
                if (merged == null) {
                    out.remove(found);
                } else {
                    out.set(found, merged);
                }
            } else if (merged != null) {
                out.add(merged);
            }
        }
        return out;
    }

    private static void stripDirectives(ObjectNode node) {
        node.properties().removeIf(e -> e.getKey().startsWith("$"));
        node.properties().forEach(e -> {
            if (e.getValue().isObject()) {
                stripDirectives((ObjectNode) e.getValue());
            }
        });
    }
}
