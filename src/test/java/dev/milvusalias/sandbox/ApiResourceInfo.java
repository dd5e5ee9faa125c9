package dev.milvusalias.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** What the sandbox knows about one served resource type (built-in or from a CRD). */
final class ApiResourceInfo {

    /** One column of a server-side printed table. */
    static final class Column {
        final String name;
        final String type;
        final String format;
        final String description;
        final int priority;
        final String jsonPath;

        Column(String name, String type, String format, String description, int priority, String jsonPath) {
            this.name = name;
            this.type = type;
            this.format = format == null ? "" : format;
            this.description = description == null ? "" : description;
            this.priority = priority;
            this.jsonPath = jsonPath;
        }
    }

    final String group;
    final String version;
    final String plural;
    final String singular;
    final String kind;
    final boolean namespaced;
    final List<String> shortNames;
    final List<String> categories;
    final boolean statusSubresource;
    /** Printer columns of a CRD version (without the leading Name column); null for built-in kinds. */
    final List<Column> crdColumns;
    /** The CRD version's openAPIV3Schema, or null. */
    final JsonNode schema;

    ApiResourceInfo(String group, String version, String plural, String singular, String kind, boolean namespaced,
            List<String> shortNames, List<String> categories, boolean statusSubresource, List<Column> crdColumns,
            JsonNode schema) {
        this.group = group == null ? "" : group;
        this.version = version;
        this.plural = plural;
        this.singular = singular;
        this.kind = kind;
        this.namespaced = namespaced;
        this.shortNames = shortNames == null ? List.of() : List.copyOf(shortNames);
        this.categories = categories == null ? List.of() : List.copyOf(categories);
        this.statusSubresource = statusSubresource;
        this.crdColumns = crdColumns;
        this.schema = schema;
    }

    static ApiResourceInfo builtin(String group, String version, String plural, String kind, boolean namespaced,
            List<String> shortNames, List<String> categories) {
        return new ApiResourceInfo(group, version, plural, kind.toLowerCase(), kind, namespaced, shortNames, categories,
                false, null, null);
    }

    String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The URL prefix of this group/version, e.g. {@code /api/v1} or {@code /apis/milvus.io/v1alpha1}. */
    String apiPrefix() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    static List<Column> columnsFromCrd(JsonNode crdVersion) {
        JsonNode cols = crdVersion.path("additionalPrinterColumns");
        List<Column> out = new ArrayList<>();
        if (!cols.isArray() || cols.isEmpty()) {
            // what a real API server does when a CRD version declares no printer columns
            out.add(new Column("Age", "date", "", "", 0, ".metadata.creationTimestamp"));
            return out;
        }
        for (JsonNode c : cols) {
            out.add(new Column(c.path("name").asText(), c.path("type").asText("string"), c.path("format").asText(""),
                    c.path("description").asText(""), c.path("priority").asInt(0), c.path("jsonPath").asText()));
        }
        return out;
    }
}
