package dev.milvusalias.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
  * Server-side printing: turns an object or a list into a {@code meta.k8s.io/v1} {@code Table}, which is what kubectl
  * asks for ({@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}) for its human-readable output.
  * <p>
  * Custom resources get a {@code Name} column followed by the CRD version's additionalPrinterColumns (or {@code Age}
  * when it declares none), like a real API server. A few built-in kinds get their usual columns; others get
  * {@code Name} and {@code Age}.
  */
final class SandboxTables {

    private static final String NAME_DESCRIPTION = "Name must be unique within a namespace. "
            + "Is required when creating resources, although some resources may allow a client to request the generation "
            + "of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration "
            + "definition. Cannot be updated.";

    private final ObjectMapper mapper;

    SandboxTables(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    private static final class Col {
        final ApiResourceInfo.Column def;
        final Function<JsonNode, Object> cell;

        Col(ApiResourceInfo.Column def, Function<JsonNode, Object> cell) {
            this.def = def;
            this.cell = cell;
        }
    }

    /**
      * @param info the resource type (may be null for unknown types)
      * @param body a single object or a list ({@code items})
      * @param includeObject {@code None}, {@code Object} or {@code PartialObjectMetadata} (the default)
      */
    ObjectNode toTable(ApiResourceInfo info, JsonNode body, String includeObject) {
        List<Col> cols = columns(info);
        ObjectNode table = mapper.createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode meta = table.putObject("metadata");
        if (body.path("metadata").has("resourceVersion")) {
            meta.put("resourceVersion", body.path("metadata").path("resourceVersion").asText());
        }
        ArrayNode defs = table.putArray("columnDefinitions");
        for (Col c : cols) {
            ObjectNode d = defs.addObject();
            d.put("name", c.def.name);
            d.put("type", c.def.type);
            d.put("format", c.def.format);
            d.put("description", c.def.description);
            d.put("priority", c.def.priority);
        }
        ArrayNode rows = table.putArray("rows");
        List<JsonNode> objects = new ArrayList<>();
        if (body.has("items") && body.path("items").isArray()) {
            body.path("items").forEach(objects::add);
        } else {
            objects.add(body);
        }
        for (JsonNode obj : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Col c : cols) {
                Object value;
                try {
                    value = c.cell.apply(obj);
                } catch (RuntimeException e) {
                    value = null;
                }
                cells.add(value == null ? mapper.nullNode() : mapper.valueToTree(value));
            }
            if ("Object".equalsIgnoreCase(includeObject)) {
                row.set("object", obj);
            } else if (!"None".equalsIgnoreCase(includeObject)) {
                ObjectNode partial = row.putObject("object");
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", "meta.k8s.io/v1");
                partial.set("metadata", obj.path("metadata").deepCopy());
            }
        }
        return table;
    }

    private List<Col> columns(ApiResourceInfo info) {
        List<Col> cols = new ArrayList<>();
        cols.add(new Col(new ApiResourceInfo.Column("Name", "string", "name", NAME_DESCRIPTION, 0, null),
                o -> o.path("metadata").path("name").asText()));
        if (info != null && info.crdColumns != null) {
            for (ApiResourceInfo.Column c : info.crdColumns) {
                cols.add(new Col(c, o -> crdCell(c, o)));
            }
            return cols;
        }
        String kind = info == null ? "" : info.group + "/" + info.kind;
        switch (kind) {
            case "/Namespace":
                cols.add(col("Status", "string", o -> o.path("status").path("phase").asText("Active")));
                break;
            case "/Secret":
                cols.add(col("Type", "string", o -> o.path("type").asText("Opaque")));
                cols.add(col("Data", "integer", o -> o.path("data").size() + o.path("stringData").size()));
                break;
            case "/ConfigMap":
                cols.add(col("Data", "integer", o -> o.path("data").size() + o.path("binaryData").size()));
                break;
            case "/Event":
            case "events.k8s.io/Event":
                return eventColumns(info.group.isEmpty());
            case "apiextensions.k8s.io/CustomResourceDefinition":
                cols.add(col("Created At", "date", o -> o.path("metadata").path("creationTimestamp").asText(null)));
                return cols;
            default:
                break;
        }
        cols.add(col("Age", "string", o -> age(o.path("metadata").path("creationTimestamp").asText(null))));
        return cols;
    }

    private List<Col> eventColumns(boolean core) {
        List<Col> cols = new ArrayList<>();
        cols.add(col("Last Seen", "string", o -> age(firstText(o, "lastTimestamp", "deprecatedLastTimestamp",
                "eventTime", "firstTimestamp", "deprecatedFirstTimestamp", "metadata.creationTimestamp"))));
        cols.add(col("Type", "string", o -> o.path("type").asText("")));
        cols.add(col("Reason", "string", o -> o.path("reason").asText("")));
        String objectField = core ? "involvedObject" : "regarding";
        cols.add(col("Object", "string", o -> {
            JsonNode ref = o.path(objectField);
            return ref.path("kind").asText("").toLowerCase() + "/" + ref.path("name").asText("");
        }));
        cols.add(col("Message", "string", o -> o.path(core ? "message" : "note").asText("").trim()));
        cols.add(new Col(new ApiResourceInfo.Column("Name", "string", "name", NAME_DESCRIPTION, 1, null),
                o -> o.path("metadata").path("name").asText()));
        return cols;
    }

    private static String firstText(JsonNode o, String... fields) {
        for (String f : fields) {
            JsonNode n = o;
            for (String part : f.split("\\.")) {
                n = n.path(part);
            }
            if (n.isTextual() && !n.asText().isEmpty()) {
                return n.asText();
            }
        }
        return null;
    }

    private static Col col(String name, String type, Function<JsonNode, Object> cell) {
        return new Col(new ApiResourceInfo.Column(name, type, "", "", 0, null), cell);
    }

    private Object crdCell(ApiResourceInfo.Column c, JsonNode obj) {
        JsonNode value = SimpleJsonPath.first(obj, c.jsonPath);
        if (value == null || value.isNull()) {
            return null;
        }
        switch (c.type) {
            case "date":
                return value.isTextual() ? age(value.asText()) : null;
            case "integer":
                return value.isNumber() ? value.asLong() : value.isTextual() ? parseLongOrNull(value.asText()) : null;
            case "number":
                return value.isNumber() ? value.asDouble() : null;
            case "boolean":
                return value.isBoolean() ? value.asBoolean() : Boolean.parseBoolean(value.asText());
            default:
                if (value.isValueNode()) {
                    return value.asText();
                }
                try {
                    return mapper.writeValueAsString(value);
                } catch (Exception e) {
                    return value.toString();
                }
        }
    }

    private static Long parseLongOrNull(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Age of a timestamp as kubectl users expect it ("42s", "3m5s", "2d4h", ...); "&lt;unknown&gt;" when absent. */
    static String age(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return "<unknown>";
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(timestamp).toInstant();
        } catch (RuntimeException e) {
            try {
                t = Instant.parse(timestamp);
            } catch (RuntimeException e2) {
                return "<invalid>";
            }
        }
        return humanDuration(Duration.between(t, Instant.now()));
    }

    /** Kubernetes' usual coarse, human-readable rendering of a duration. */
    static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 180) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? (hours / 24) + "d" : (hours / 24) + "d" + h + "h";
        }
        if (hours < 24 * 365 * 2) {
            return (hours / 24) + "d";
        }
        if (hours < 24 * 365 * 8) {
            long days = (hours / 24) % 365;
            return days == 0 ? (hours / 24 / 365) + "y" : (hours / 24 / 365) + "y" + days + "d";
        }
        return (hours / 24 / 365) + "y";
    }
}
