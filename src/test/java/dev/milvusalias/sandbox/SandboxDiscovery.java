package dev.milvusalias.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
  * Builds the discovery and OpenAPI documents kubectl reads: {@code /api}, {@code /apis}, {@code /api/v1},
  * {@code /apis/<group>[/<version>]}, and {@code /openapi/v3[/...]}.
  * <p>
  * Only the legacy (unaggregated) discovery format is served: kubectl asks for the aggregated
  * {@code apidiscovery.k8s.io} format first but accepts {@code application/json} APIVersions/APIGroupList answers and
  * then walks the per-group-version documents.
  * <p>
  * The OpenAPI v3 documents exist so that {@code kubectl apply}'s default {@code --validate=strict} is satisfied: kubectl
  * only validates client-side when the server's OpenAPI does <em>not</em> advertise the {@code fieldValidation} query
  * parameter on the PATCH operation of the kind. Every PATCH operation here advertises it (the sandbox accepts and
  * ignores it), so kubectl leaves validation to the server. CRD schemas are included so {@code kubectl explain} works
  * for custom resources.
  */
final class SandboxDiscovery {

    static final String KUBE_MAJOR = "1";
    static final String KUBE_MINOR = "32";
    static final String GIT_VERSION = "v1.32.0-sandbox";

    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    private static final List<ApiResourceInfo> BUILTINS = List.of(
            ApiResourceInfo.builtin("", "v1", "namespaces", "Namespace", false, List.of("ns"), List.of()),
            ApiResourceInfo.builtin("", "v1", "secrets", "Secret", true, List.of(), List.of()),
            ApiResourceInfo.builtin("", "v1", "configmaps", "ConfigMap", true, List.of("cm"), List.of()),
            ApiResourceInfo.builtin("", "v1", "events", "Event", true, List.of("ev"), List.of()),
            ApiResourceInfo.builtin("", "v1", "serviceaccounts", "ServiceAccount", true, List.of("sa"), List.of()),
            ApiResourceInfo.builtin("", "v1", "services", "Service", true, List.of("svc"), List.of("all")),
            ApiResourceInfo.builtin("", "v1", "pods", "Pod", true, List.of("po"), List.of("all")),
            ApiResourceInfo.builtin("apps", "v1", "deployments", "Deployment", true, List.of("deploy"), List.of("all")),
            ApiResourceInfo.builtin("apps", "v1", "statefulsets", "StatefulSet", true, List.of("sts"), List.of("all")),
            ApiResourceInfo.builtin("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition",
                    false, List.of("crd", "crds"), List.of("api-extensions")),
            ApiResourceInfo.builtin("coordination.k8s.io", "v1", "leases", "Lease", true, List.of(), List.of()),
            // (a real server gives these the short name "ev" too, which makes kubectl warn about the ambiguity on "get ev")
            ApiResourceInfo.builtin("events.k8s.io", "v1", "events", "Event", true, List.of(), List.of()));

    private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

    private final ObjectMapper mapper;
    private final List<ApiResourceInfo> resources;

    private SandboxDiscovery(ObjectMapper mapper, List<ApiResourceInfo> resources) {
        this.mapper = mapper;
        this.resources = resources;
    }

    /** A snapshot of the served API: the built-in kinds plus every served version of the given CRDs. */
    static SandboxDiscovery of(ObjectMapper mapper, List<JsonNode> crds) {
        List<ApiResourceInfo> all = new ArrayList<>(BUILTINS);
        for (JsonNode crd : crds) {
            JsonNode spec = crd.path("spec");
            JsonNode names = spec.path("names");
            boolean namespaced = !"Cluster".equals(spec.path("scope").asText("Namespaced"));
            for (JsonNode v : spec.path("versions")) {
                if (!v.path("served").asBoolean(true)) {
                    continue;
                }
                all.add(new ApiResourceInfo(spec.path("group").asText(), v.path("name").asText(),
                        names.path("plural").asText(),
                        names.path("singular").asText(names.path("kind").asText().toLowerCase()),
                        names.path("kind").asText(), namespaced, strings(names.path("shortNames")),
                        strings(names.path("categories")), v.path("subresources").has("status"),
                        ApiResourceInfo.columnsFromCrd(v), v.path("schema").path("openAPIV3Schema")));
            }
        }
        return new SandboxDiscovery(mapper, all);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    List<ApiResourceInfo> resources() {
        return resources;
    }

    ApiResourceInfo find(String group, String version, String plural) {
        String g = group == null ? "" : group;
        return resources.stream()
                .filter(r -> r.group.equals(g) && r.version.equals(version) && r.plural.equals(plural))
                .findFirst().orElse(null);
    }

    /** Group name to its versions, preferred version first (Kubernetes version priority). */
    private Map<String, List<String>> groups() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (ApiResourceInfo r : resources) {
            if (r.group.isEmpty()) {
                continue;
            }
            List<String> versions = groups.computeIfAbsent(r.group, g -> new ArrayList<>());
            if (!versions.contains(r.version)) {
                versions.add(r.version);
            }
        }
        groups.values().forEach(v -> v.sort(SandboxDiscovery::compareKubeVersions));
        return groups;
    }

    /** Orders "v2" before "v1" before "v1beta2" before "v1beta1" before "v1alpha1" before anything else. */
    static int compareKubeVersions(String a, String b) {
        Matcher ma = KUBE_VERSION.matcher(a);
        Matcher mb = KUBE_VERSION.matcher(b);
        boolean ka = ma.matches();
        boolean kb = mb.matches();
        if (ka != kb) {
            return ka ? -1 : 1;
        }
        if (!ka) {
            return a.compareTo(b);
        }
        int stabilityA = ma.group(2) == null ? 2 : ma.group(2).equals("beta") ? 1 : 0;
        int stabilityB = mb.group(2) == null ? 2 : mb.group(2).equals("beta") ? 1 : 0;
        if (stabilityA != stabilityB) {
            return Integer.compare(stabilityB, stabilityA);
        }
        int major = Integer.compare(Integer.parseInt(mb.group(1)), Integer.parseInt(ma.group(1)));
        if (major != 0) {
            return major;
        }
        return ma.group(3) == null ? 0 : Integer.compare(Integer.parseInt(mb.group(3)), Integer.parseInt(ma.group(3)));
    }

    boolean hasGroupVersion(String group, String version) {
        return resources.stream().anyMatch(r -> r.group.equals(group) && r.version.equals(version));
    }

    boolean hasGroup(String group) {
        return resources.stream().anyMatch(r -> r.group.equals(group));
    }

    ObjectNode version() {
        ObjectNode v = mapper.createObjectNode();
        v.put("major", KUBE_MAJOR);
        v.put("minor", KUBE_MINOR);
        v.put("gitVersion", GIT_VERSION);
        v.put("gitCommit", "0000000000000000000000000000000000000000");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2024-12-11T00:00:00Z");
        v.put("goVersion", "go1.23.4");
        v.put("compiler", "gc");
        v.put("platform", "linux/amd64");
        return v;
    }

    ObjectNode rootPaths() {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode paths = root.putArray("paths");
        paths.add("/api");
        paths.add("/api/v1");
        paths.add("/apis");
        paths.add("/apis/");
        for (Map.Entry<String, List<String>> g : groups().entrySet()) {
            paths.add("/apis/" + g.getKey());
            g.getValue().forEach(v -> paths.add("/apis/" + g.getKey() + "/" + v));
        }
        paths.add("/healthz");
        paths.add("/livez");
        paths.add("/openapi/v3");
        paths.add("/readyz");
        paths.add("/version");
        return root;
    }

    ObjectNode apiVersions(String serverAddress) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("kind", "APIVersions");
        doc.putArray("versions").add("v1");
        ObjectNode cidr = doc.putArray("serverAddressByClientCIDRs").addObject();
        cidr.put("clientCIDR", "0.0.0.0/0");
        cidr.put("serverAddress", serverAddress);
        return doc;
    }

    ObjectNode apiGroupList() {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("kind", "APIGroupList");
        doc.put("apiVersion", "v1");
        ArrayNode groups = doc.putArray("groups");
        groups().forEach((name, versions) -> groups.add(apiGroupBody(name, versions)));
        return doc;
    }

    ObjectNode apiGroup(String group) {
        ObjectNode doc = apiGroupBody(group, groups().get(group));
        doc.put("kind", "APIGroup");
        doc.put("apiVersion", "v1");
        return doc;
    }

    private ObjectNode apiGroupBody(String name, List<String> versions) {
        ObjectNode g = mapper.createObjectNode();
        g.put("name", name);
        ArrayNode vs = g.putArray("versions");
        for (String v : versions) {
            ObjectNode gv = vs.addObject();
            gv.put("groupVersion", name + "/" + v);
            gv.put("version", v);
        }
        ObjectNode preferred = g.putObject("preferredVersion");
        preferred.put("groupVersion", name + "/" + versions.get(0));
        preferred.put("version", versions.get(0));
        return g;
    }

    ObjectNode apiResourceList(String group, String version) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("kind", "APIResourceList");
        doc.put("apiVersion", "v1");
        doc.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode list = doc.putArray("resources");
        for (ApiResourceInfo r : resources) {
            if (!r.group.equals(group) || !r.version.equals(version)) {
                continue;
            }
            ObjectNode res = list.addObject();
            res.put("name", r.plural);
            res.put("singularName", r.singular);
            res.put("namespaced", r.namespaced);
            res.put("kind", r.kind);
            ArrayNode verbs = res.putArray("verbs");
            (r.plural.equals("namespaces") ? List.of("create", "delete", "get", "list", "patch", "update", "watch") : VERBS)
                    .forEach(verbs::add);
            if (!r.shortNames.isEmpty()) {
                ArrayNode sn = res.putArray("shortNames");
                r.shortNames.forEach(sn::add);
            }
            if (!r.categories.isEmpty()) {
                ArrayNode cat = res.putArray("categories");
                r.categories.forEach(cat::add);
            }
            res.put("storageVersionHash", hash(r.groupVersion() + "/" + r.kind).substring(0, 11));
            if (r.statusSubresource) {
                ObjectNode status = list.addObject();
                status.put("name", r.plural + "/status");
                status.put("singularName", "");
                status.put("namespaced", r.namespaced);
                status.put("kind", r.kind);
                ArrayNode sv = status.putArray("verbs");
                List.of("get", "patch", "update").forEach(sv::add);
            }
        }
        return doc;
    }

    /** {@code /openapi/v3}: the index of per group-version documents, with a content hash as kubectl caches by it. */
    ObjectNode openApiV3Index() {
        ObjectNode doc = mapper.createObjectNode();
        ObjectNode paths = doc.putObject("paths");
        Map<String, String> gvs = new LinkedHashMap<>();
        resources.forEach(r -> gvs.put(openApiKey(r.group, r.version), r.group + "|" + r.version));
        gvs.keySet().stream().sorted(Comparator.naturalOrder()).forEach(key -> {
            String[] gv = gvs.get(key).split("\\|", -1);
            String body;
            try {
                body = mapper.writeValueAsString(openApiV3(gv[0], gv[1]));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash(body));
        });
        return doc;
    }

    static String openApiKey(String group, String version) {
        return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
    }

    /** The OpenAPI v3 document of one group/version. */
    ObjectNode openApiV3(String group, String version) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", GIT_VERSION);
        ObjectNode paths = doc.putObject("paths");
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        for (ApiResourceInfo r : resources) {
            if (!r.group.equals(group) || !r.version.equals(version)) {
                continue;
            }
            String itemPath = r.apiPrefix() + (r.namespaced ? "/namespaces/{namespace}/" : "/") + r.plural + "/{name}";
            ObjectNode item = paths.putObject(itemPath);
            item.set("get", operation(r, "get", "read" + r.kind));
            item.set("patch", operation(r, "patch", "patch" + r.kind));
            if (r.schema != null && r.schema.isObject()) {
                ObjectNode schema = r.schema.deepCopy();
                ObjectNode props = schema.has("properties") ? (ObjectNode) schema.get("properties")
                        : schema.putObject("properties");
                if (!props.has("apiVersion")) {
                    props.putObject("apiVersion").put("type", "string")
                            .put("description", "APIVersion defines the versioned schema of this representation of an object.");
                }
                if (!props.has("kind")) {
                    props.putObject("kind").put("type", "string")
                            .put("description", "Kind is a string value representing the REST resource this object represents.");
                }
                if (!props.has("metadata")) {
                    props.putObject("metadata").put("type", "object")
                            .put("description", "Standard object's metadata.");
                }
                schema.putArray("x-kubernetes-group-version-kind").add(gvk(r));
                schemas.set(schemaName(r), schema);
            }
        }
        return doc;
    }

    private ObjectNode operation(ApiResourceInfo r, String action, String operationId) {
        ObjectNode op = mapper.createObjectNode();
        op.put("operationId", operationId);
        op.put("x-kubernetes-action", action);
        op.set("x-kubernetes-group-version-kind", gvk(r));
        ArrayNode params = op.putArray("parameters");
        if ("patch".equals(action)) {
            for (String p : List.of("dryRun", "fieldManager", "fieldValidation", "force")) {
                ObjectNode param = params.addObject();
                param.put("name", p);
                param.put("in", "query");
                param.putObject("schema").put("type", "force".equals(p) ? "boolean" : "string");
            }
            // No strategic-merge-patch here on purpose: kubectl would then try to compute a strategic merge patch from this
            // (schema-less) document. Without it kubectl falls back to its compiled-in types for built-in kinds and to JSON
            // merge patches for custom resources.
            ObjectNode content = op.putObject("requestBody").putObject("content");
            for (String type : List.of("application/json-patch+json", "application/merge-patch+json")) {
                content.putObject(type).putObject("schema").put("type", "object");
            }
        }
        ObjectNode ok = op.putObject("responses").putObject("200");
        ok.put("description", "OK");
        ok.putObject("content").putObject("application/json").putObject("schema").put("type", "object");
        return op;
    }

    private ObjectNode gvk(ApiResourceInfo r) {
        ObjectNode gvk = mapper.createObjectNode();
        gvk.put("group", r.group);
        gvk.put("version", r.version);
        gvk.put("kind", r.kind);
        return gvk;
    }

    /** Kubernetes names CRD schemas after the reversed group, e.g. {@code io.milvus.v1alpha1.MilvusAlias}. */
    private static String schemaName(ApiResourceInfo r) {
        String[] parts = r.group.split("\\.");
        StringBuilder b = new StringBuilder();
        for (int i = parts.length - 1; i >= 0; i--) {
            b.append(parts[i]).append('.');
        }
        return b + r.version + "." + r.kind;
    }

    private static String hash(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-512");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8))).toUpperCase();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
