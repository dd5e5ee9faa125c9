package dev.milvusalias.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import io.fabric8.zjsonpatch.JsonPatch;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
  * The fabric8 CRUD dispatcher plus what kubectl needs from a real API server.
  * <p>
  * Added in front of the CRUD store:
  * <ul>
  * <li>{@code /version}, {@code /}, {@code /healthz|livez|readyz}</li>
  * <li>legacy discovery: {@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/<g>}, {@code /apis/<g>/<v>},
  * built from a fixed set of built-in kinds and the CRDs currently stored (so CRDs created later are served too);
  * a GET under {@code /apis/<g>/<v>/} of a group-version it does not serve answers 404, as for a missing CRD</li>
  * <li>{@code /openapi/v3} index and per group-version documents ({@code /openapi/v2} answers 404, which kubectl
  * tolerates)</li>
  * <li>{@code meta.k8s.io/v1 Table} answers for GETs that ask for them (server-side printing)</li>
  * <li>RFC 7386 JSON merge patch and an approximate strategic merge patch (translated into a JSON patch for the CRUD
  * store, whose own merge-patch handling appends to arrays and keeps nulls)</li>
  * <li>query parameters of writes ({@code fieldManager}, {@code fieldValidation}) are dropped before the CRUD store
  * sees them (it would otherwise miss {@code /status} at the end of the path); server-side dry-run answers the
  * would-be object without storing it ({@code kubectl diff})</li>
  * <li>protobuf request bodies of kubectl's typed clients ({@link KubeProtobuf}), API-server defaults for Secrets and
  * Namespaces, Secret {@code stringData} folded into {@code data}</li>
  * <li>list answers of kind {@code <Kind>List}, field selectors on any field (the store knows only
  * {@code metadata.name}/{@code metadata.namespace}), namespace deletion deleting the namespace's objects</li>
  * <li>HTTP streaming watches for {@link SandboxWebServer} ({@link #openHttpWatch})</li>
  * <li>{@code SelfSubjectRulesReview}s answered, not stored: everything is allowed (no RBAC here)</li>
  * <li>Kubernetes {@code Status} bodies for 404s and a JSON {@code Content-Type} on every answer</li>
  * </ul>
  * Everything else, including fabric8's WebSocket watches, is delegated unchanged to {@link KubernetesCrudDispatcher}
  * (through {@link IndexedCrudDispatcher}, which finds objects by name without scanning the store).
  */
class SandboxDispatcher extends IndexedCrudDispatcher {

    static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final String JSON = "application/json";
    private static final String RULES_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

    private final ObjectMapper mapper = Serialization.jsonMapper();
    private final SandboxTables tables = new SandboxTables(mapper);
    /** Serialises writes, so that a merge patch is computed against the state it is applied to. */
    private final Object writeMonitor = new Object();
    private volatile String serverAddress = "127.0.0.1";
    private final Set<HttpWatch> httpWatches = new CopyOnWriteArraySet<>();

    /** Where the events of an HTTP streaming watch go (one JSON watch event per call). */
    interface WatchSink {
        void send(String eventJson);

        boolean isOpen();
    }

    private static final class HttpWatch {
        final AttributeSet query;
        final boolean table;
        final ApiResourceInfo info;
        final String includeObject;
        final WatchSink sink;
        final List<FieldRequirement> extraFields;

        HttpWatch(AttributeSet query, boolean table, ApiResourceInfo info, String includeObject, WatchSink sink,
                List<FieldRequirement> extraFields) {
            this.extraFields = extraFields;
            this.query = query;
            this.table = table;
            this.info = info;
            this.includeObject = includeObject;
            this.sink = sink;
        }
    }

    void setServerAddress(String hostAndPort) {
        this.serverAddress = hostAndPort;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String fullPath = request.getPath();
        int q = fullPath.indexOf('?');
        String path = q < 0 ? fullPath : fullPath.substring(0, q);
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        Map<String, String> query = parseQuery(q < 0 ? "" : fullPath.substring(q + 1));
        MockResponse response;
        try {
            if (request.method() == null) {
                return status(405, "MethodNotAllowed", "this HTTP method is not supported", null);
            }
            if (request.method() == io.fabric8.mockwebserver.dsl.HttpMethod.POST && path.equals(RULES_REVIEWS)) {
                return finish(rulesReview(request), path, request);
            }
            switch (request.method()) {
                case GET:
                    response = get(request, path, query);
                    break;
                case POST:
                case PUT:
                case PATCH:
                case DELETE:
                    synchronized (writeMonitor) {
                        response = write(request, path, query);
                    }
                    break;
                default:
                    response = status(405, "MethodNotAllowed", "method " + request.getMethod() + " is not supported", null);
            }
        } catch (RuntimeException e) {
            response = status(500, "InternalError", "sandbox API server error: " + e, null);
        }
        return finish(response, path, request);
    }

    /**
     * The sandbox has no RBAC: every caller may do everything, and a SelfSubjectRulesReview says so (java-operator-sdk
     * sends one before it elects a leader, to check its Lease rights). The review is answered, not stored.
     */
    private MockResponse rulesReview(RecordedRequest request) {
        JsonNode review = parse(request.getBody() == null ? "{}" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
        ObjectNode answer = review != null && review.isObject() ? (ObjectNode) review : mapper.createObjectNode();
        answer.put("apiVersion", "authorization.k8s.io/v1").put("kind", "SelfSubjectRulesReview");
        ObjectNode status = answer.putObject("status");
        ObjectNode everything = status.putArray("resourceRules").addObject();
        everything.putArray("verbs").add("*");
        everything.putArray("apiGroups").add("*");
        everything.putArray("resources").add("*");
        ObjectNode urls = status.putArray("nonResourceRules").addObject();
        urls.putArray("verbs").add("*");
        urls.putArray("nonResourceURLs").add("*");
        status.put("incomplete", false);
        return json(201, answer);
    }

    // ---------------------------------------------------------------- reads

    private MockResponse get(RecordedRequest request, String path, Map<String, String> query) {
        switch (path) {
            case "/":
                return json(200, discovery().rootPaths());
            case "/version":
                return json(200, discovery().version());
            case "/healthz":
            case "/livez":
            case "/readyz":
                return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody("ok");
            case "/api":
                return json(200, discovery().apiVersions(serverAddress));
            case "/apis":
                return json(200, discovery().apiGroupList());
            case "/api/v1":
                return json(200, discovery().apiResourceList("", "v1"));
            case "/openapi/v3":
                return json(200, discovery().openApiV3Index());
            case "/openapi/v2":
                return status(404, "NotFound", "the sandbox serves OpenAPI v3 only (/openapi/v3)", null);
            default:
                break;
        }
        String[] seg = path.substring(1).split("/");
        if (seg[0].equals("apis") && (seg.length == 2 || seg.length == 3)) {
            SandboxDiscovery d = discovery();
            if (seg.length == 2) {
                return d.hasGroup(seg[1]) ? json(200, d.apiGroup(seg[1]))
                        : status(404, "NotFound", "the server could not find the requested resource", null);
            }
            return d.hasGroupVersion(seg[1], seg[2]) ? json(200, d.apiResourceList(seg[1], seg[2]))
                    : status(404, "NotFound", "the server could not find the requested resource", null);
        }
        if (seg[0].equals("apis") && seg.length > 3 && !discovery().hasGroupVersion(seg[1], seg[2])) {
            // as an API server answers for a kind it does not serve, such as a custom resource whose CRD is missing
            return status(404, "NotFound", "the server could not find the requested resource", null);
        }
        if (path.startsWith("/openapi/v3/")) {
            String key = path.substring("/openapi/v3/".length());
            String[] parts = key.split("/");
            SandboxDiscovery d = discovery();
            if (parts.length == 2 && parts[0].equals("api") && d.hasGroupVersion("", parts[1])) {
                return json(200, d.openApiV3("", parts[1]));
            }
            if (parts.length == 3 && parts[0].equals("apis") && d.hasGroupVersion(parts[1], parts[2])) {
                return json(200, d.openApiV3(parts[1], parts[2]));
            }
            return status(404, "NotFound", "the server could not find the requested resource", null);
        }
        if (isWatch(query)) {
            return super.dispatch(request);
        }
        // the CRUD store only knows metadata.name/metadata.namespace field selectors: filter on the others here
        List<FieldRequirement> extraFields = FieldRequirement.unsupportedByStore(query.get("fieldSelector"));
        RecordedRequest toStore = request;
        if (!extraFields.isEmpty()) {
            toStore = new RecordedRequest(request.getHttpVersion(), request.method(),
                    FieldRequirement.withoutUnsupported(request.getPath()), request.getHeaders(), request.getBody());
        }
        MockResponse response = super.dispatch(toStore);
        if (response == null || response.code() != 200) {
            return response;
        }
        JsonNode body = null;
        if (!extraFields.isEmpty()) {
            body = readBody(response);
            if (body != null && body.path("items").isArray()) {
                com.fasterxml.jackson.databind.node.ArrayNode kept = mapper.createArrayNode();
                body.path("items").forEach(item -> {
                    if (FieldRequirement.matchesAll(extraFields, item)) {
                        kept.add(item);
                    }
                });
                ((ObjectNode) body).set("items", kept);
                response = json(200, body);
            }
        }
        ResourcePath rp = ResourcePath.parse(path);
        if (rp == null || rp.subresource != null) {
            return response;
        }
        ApiResourceInfo info = discovery().find(rp.group, rp.version, rp.plural);
        String accept = request.getHeader("Accept");
        if (accept != null && accept.contains("as=Table")) {
            body = body != null ? body : readBody(response);
            return body == null ? response : json(200, tables.toTable(info, body, query.get("includeObject")));
        }
        if (rp.name == null && info != null) {
            // the CRUD store answers lists as kind "List"; typed Go clients (kubectl describe's event lookup, for one)
            // decode only the real "<Kind>List" of the group/version
            body = body != null ? body : readBody(response);
            if (body != null && "List".equals(body.path("kind").asText())) {
                ((ObjectNode) body).put("kind", info.kind + "List");
                ((ObjectNode) body).put("apiVersion", info.groupVersion());
                return json(200, body);
            }
        }
        return response;
    }

    /** One {@code key=value}, {@code key==value} or {@code key!=value} term of a field selector. */
    static final class FieldRequirement {
        final String key;
        final String value;
        final boolean negated;

        private FieldRequirement(String key, String value, boolean negated) {
            this.key = key;
            this.value = value;
            this.negated = negated;
        }

        static List<FieldRequirement> parse(String selector) {
            List<FieldRequirement> out = new ArrayList<>();
            if (selector == null || selector.isBlank()) {
                return out;
            }
            for (String term : selector.split(",")) {
                String t = term.trim();
                int ne = t.indexOf("!=");
                int eq = t.indexOf('=');
                if (ne > 0) {
                    out.add(new FieldRequirement(t.substring(0, ne).trim(), t.substring(ne + 2).trim(), true));
                } else if (eq > 0) {
                    String v = t.substring(eq + 1);
                    out.add(new FieldRequirement(t.substring(0, eq).trim(), (v.startsWith("=") ? v.substring(1) : v).trim(),
                            false));
                }
            }
            return out;
        }

        boolean supportedByStore() {
            return key.equals("metadata.name") || key.equals("metadata.namespace");
        }

        static List<FieldRequirement> unsupportedByStore(String selector) {
            List<FieldRequirement> out = new ArrayList<>();
            for (FieldRequirement r : parse(selector)) {
                if (!r.supportedByStore()) {
                    out.add(r);
                }
            }
            return out;
        }

        boolean matches(JsonNode obj) {
            JsonNode n = obj;
            for (String part : key.split("\\.")) {
                n = n.path(part);
            }
            String actual = n.isMissingNode() || n.isNull() ? "" : n.asText();
            return negated != actual.equals(value);
        }

        static boolean matchesAll(List<FieldRequirement> requirements, JsonNode obj) {
            for (FieldRequirement r : requirements) {
                if (!r.matches(obj)) {
                    return false;
                }
            }
            return true;
        }

        /** The request URI with only the store-supported terms left in its {@code fieldSelector}. */
        static String withoutUnsupported(String uri) {
            int q = uri.indexOf('?');
            if (q < 0) {
                return uri;
            }
            StringBuilder b = new StringBuilder(uri.substring(0, q));
            char sep = '?';
            for (String pair : uri.substring(q + 1).split("&")) {
                if (pair.startsWith("fieldSelector=")) {
                    String selector = URLDecoder.decode(pair.substring("fieldSelector=".length()), StandardCharsets.UTF_8);
                    List<String> kept = new ArrayList<>();
                    for (String term : selector.split(",")) {
                        List<FieldRequirement> parsed = parse(term);
                        if (!parsed.isEmpty() && parsed.get(0).supportedByStore()) {
                            kept.add(term.trim());
                        }
                    }
                    if (kept.isEmpty()) {
                        continue;
                    }
                    pair = "fieldSelector=" + java.net.URLEncoder.encode(String.join(",", kept), StandardCharsets.UTF_8);
                }
                b.append(sep).append(pair);
                sep = '&';
            }
            return b.toString();
        }
    }

    static boolean isWatch(Map<String, String> query) {
        String w = query.get("watch");
        return w != null && (w.equals("true") || w.equals("1"));
    }

    // ---------------------------------------------------------------- writes

    private MockResponse write(RecordedRequest request, String path, Map<String, String> query) {
        boolean dryRun = query.containsKey("dryRun");
        if (request.method() == io.fabric8.mockwebserver.dsl.HttpMethod.DELETE) {
            ResourcePath rp = ResourcePath.parse(path);
            if (dryRun) {
                Map.Entry<AttributeSet, String> current = rp == null || rp.name == null ? null : findResource(getKey(path));
                return current == null ? status(404, "NotFound", null, path) : json(200, parse(current.getValue()));
            }
            MockResponse response = super.dispatch(request);
            if (response.code() / 100 == 2 && rp != null && rp.name != null && rp.subresource == null) {
                if (rp.group.isEmpty() && "namespaces".equals(rp.plural)) {
                    deleteNamespaceContents(rp.name);
                }
                // an object kept by finalizers: answer with its state now (deletionTimestamp set), like a real server
                Map.Entry<AttributeSet, String> remaining = findResource(getKey(path));
                if (remaining != null) {
                    return json(200, parse(remaining.getValue()));
                }
            }
            return response;
        }
        Headers headers = request.getHeaders();
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        if (KubeProtobuf.isProtobuf(body)) {
            try {
                body = KubeProtobuf.decode(body).toString().getBytes(StandardCharsets.UTF_8);
            } catch (UnsupportedOperationException e) {
                return status(415, "UnsupportedMediaType", e.getMessage(), null);
            }
            headers = headers.newBuilder().set("Content-Type", JSON).build();
        }
        // what the object looks like after this write, as far as we can tell; used when the CRUD store deletes the object
        // (finalizers removed from an object marked for deletion) and answers with an empty body
        JsonNode expected = null;
        if (request.method() == io.fabric8.mockwebserver.dsl.HttpMethod.POST
                || request.method() == io.fabric8.mockwebserver.dsl.HttpMethod.PUT) {
            JsonNode obj = parse(new String(body, StandardCharsets.UTF_8));
            if (obj != null && obj.isObject()) {
                boolean changed = request.method() == io.fabric8.mockwebserver.dsl.HttpMethod.POST && applyDefaults(obj);
                changed |= normalizeSecret(obj);
                if (changed) {
                    body = obj.toString().getBytes(StandardCharsets.UTF_8);
                    headers = headers.newBuilder().set("Content-Type", JSON).build();
                }
                expected = obj;
            }
        } else if (request.method() == io.fabric8.mockwebserver.dsl.HttpMethod.PATCH) {
            String contentType = String.valueOf(request.getHeader("Content-Type")).toLowerCase(Locale.ROOT);
            boolean merge = contentType.startsWith("application/merge-patch+json");
            boolean strategic = contentType.startsWith("application/strategic-merge-patch+json");
            if (contentType.startsWith("application/apply-patch")) {
                return status(415, "UnsupportedMediaType",
                        "the sandbox API server does not support server-side apply; use client-side apply", null);
            }
            Map.Entry<AttributeSet, String> current = findResource(getKey(path));
            if (current == null) {
                return status(404, "NotFound", null, path);
            }
            JsonNode before = parse(current.getValue());
            JsonNode patch = parse(new String(body, StandardCharsets.UTF_8));
            if (before == null || patch == null) {
                return status(400, "BadRequest", "the request body is not valid JSON", null);
            }
            if (merge) {
                expected = MergePatches.applyMergePatch(before, patch);
            } else if (strategic) {
                expected = MergePatches.applyStrategicMergePatch(before, patch);
            } else {
                try {
                    expected = JsonPatch.apply(patch, before);
                } catch (RuntimeException e) {
                    // e.g. a failed "test" operation, or a path that does not exist
                    return status(422, "Invalid", "the JSON patch cannot be applied: " + e.getMessage(), null);
                }
            }
            if (dryRun) {
                return json(200, expected);
            }
            if (expected != null) {
                normalizeSecret(expected);
                // the CRUD store applies JSON patches correctly (and keeps metadata, status subresource, resourceVersion
                // checks and generation its way): hand it the difference
                JsonNode jsonPatch = JsonDiff.asJson(before, expected, DiffFlags.dontNormalizeOpIntoMoveAndCopy());
                body = jsonPatch.toString().getBytes(StandardCharsets.UTF_8);
                headers = headers.newBuilder().set("Content-Type", "application/json-patch+json").build();
            }
        }
        if (dryRun) {
            return dryRunAnswer(request, path, expected);
        }
        RecordedRequest rewritten = new RecordedRequest(request.getHttpVersion(), request.method(), path, headers,
                new Buffer(body));
        MockResponse response = super.dispatch(rewritten);
        boolean emptyBody = response.getBody() == null || response.getBody().size() == 0;
        if (response.code() / 100 == 2 && emptyBody && expected != null) {
            // a real API server answers with the final state of the object, which kubectl and fabric8 decode
            return json(200, expected);
        }
        return response;
    }

    /**
      * Server-side dry-run ({@code kubectl diff}, {@code --dry-run=server}): the object as it would be stored, without
      * storing it. Approximate: the store's own bookkeeping (resourceVersion, generation, status subresource rules) is
      * not simulated.
      */
    private MockResponse dryRunAnswer(RecordedRequest request, String path, JsonNode expected) {
        if (expected == null || !expected.isObject()) {
            return status(400, "BadRequest", "the request body is not a valid object", null);
        }
        ObjectNode obj = (ObjectNode) expected;
        if (request.method() == io.fabric8.mockwebserver.dsl.HttpMethod.PUT) {
            return findResource(getKey(path)) == null ? status(404, "NotFound", null, path) : json(200, obj);
        }
        // POST
        ResourcePath rp = ResourcePath.parse(path);
        ObjectNode meta = obj.withObjectProperty("metadata");
        if (rp != null && rp.namespace != null && !meta.has("namespace")) {
            meta.put("namespace", rp.namespace);
        }
        if (meta.path("name").asText("").isEmpty() && meta.has("generateName")) {
            meta.put("name", meta.path("generateName").asText() + "dryrun");
        }
        if (findResource(getKey(path).add(new Attribute(KubernetesAttributesExtractor.NAME,
                meta.path("name").asText()))) != null) {
            return status(409, "AlreadyExists", obj.path("kind").asText() + " \"" + meta.path("name").asText()
                    + "\" already exists", null);
        }
        meta.put("creationTimestamp", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        meta.put("uid", java.util.UUID.randomUUID().toString());
        meta.put("generation", 1);
        return json(201, obj);
    }

    /** The few API-server defaults that kubectl output relies on. Returns whether {@code obj} was changed. */
    private static boolean applyDefaults(JsonNode obj) {
        if (!"v1".equals(obj.path("apiVersion").asText())) {
            return false;
        }
        ObjectNode o = (ObjectNode) obj;
        String kind = o.path("kind").asText();
        if (kind.equals("Secret") && o.path("type").asText("").isEmpty()) {
            o.put("type", "Opaque");
            return true;
        }
        if (kind.equals("Namespace") && o.path("status").path("phase").asText("").isEmpty()) {
            o.withObjectProperty("status").put("phase", "Active");
            return true;
        }
        return false;
    }

    /** Like a real API server, folds a Secret's write-only {@code stringData} into {@code data} (base64). */
    private static boolean normalizeSecret(JsonNode obj) {
        if (!obj.isObject() || !"v1".equals(obj.path("apiVersion").asText())
                || !"Secret".equals(obj.path("kind").asText()) || !obj.has("stringData")) {
            return false;
        }
        ObjectNode o = (ObjectNode) obj;
        JsonNode stringData = o.remove("stringData");
        if (stringData.isObject() && !stringData.isEmpty()) {
            ObjectNode data = o.withObjectProperty("data");
            for (Map.Entry<String, JsonNode> e : stringData.properties()) {
                data.put(e.getKey(), java.util.Base64.getEncoder()
                        .encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return true;
    }

    /** Deleting a namespace deletes what is in it (at once; objects with finalizers are only marked for deletion). */
    private void deleteNamespaceContents(String namespace) {
        List<String> paths = new ArrayList<>();
        synchronized (getMap()) {
            getMap().keySet().forEach(attributes -> {
                Attribute ns = attributes.getAttribute(KubernetesAttributesExtractor.NAMESPACE);
                Attribute plural = attributes.getAttribute(KubernetesAttributesExtractor.PLURAL);
                Attribute name = attributes.getAttribute(KubernetesAttributesExtractor.NAME);
                Attribute version = attributes.getAttribute(KubernetesAttributesExtractor.VERSION);
                Attribute api = attributes.getAttribute(KubernetesAttributesExtractor.API);
                if (ns == null || plural == null || name == null || version == null
                        || !namespace.equals(first(ns))) {
                    return;
                }
                String prefix = api == null ? "/api/" + first(version) : "/apis/" + first(api) + "/" + first(version);
                paths.add(prefix + "/namespaces/" + namespace + "/" + first(plural) + "/" + first(name));
            });
        }
        paths.forEach(super::handleDelete);
    }

    private static String first(Attribute attribute) {
        return attribute.getValues().isEmpty() ? "" : attribute.getValues().get(0).toString();
    }

    // ---------------------------------------------------------------- HTTP streaming watches

    /**
      * Registers an HTTP streaming watch (kubectl's kind of watch; fabric8 uses WebSockets, which the CRUD dispatcher
      * serves). Objects newer than the requested {@code resourceVersion} (all of them for none or "0") are sent first as
      * ADDED (or MODIFIED, when a resourceVersion was given). Returns the action that unregisters the watch.
      */
    Runnable openHttpWatch(String uri, String accept, WatchSink sink) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        Map<String, String> params = parseQuery(q < 0 ? "" : uri.substring(q + 1));
        AttributeSet query = getAttributeExtractor().fromPath(FieldRequirement.withoutUnsupported(uri));
        ResourcePath rp = ResourcePath.parse(path);
        boolean table = accept != null && accept.contains("as=Table");
        ApiResourceInfo info = rp == null ? null : discovery().find(rp.group, rp.version, rp.plural);
        HttpWatch watch = new HttpWatch(query, table, info, params.get("includeObject"), sink,
                FieldRequirement.unsupportedByStore(params.get("fieldSelector")));
        long since = parseLong(params.get("resourceVersion"));
        synchronized (writeMonitor) {
            List<String> initial = new ArrayList<>();
            synchronized (getMap()) {
                getMap().forEach((attributes, json) -> {
                    if (attributes.matches(query)) {
                        initial.add(json);
                    }
                });
            }
            for (String json : initial) {
                JsonNode obj = parse(json);
                if (obj != null && parseLong(obj.path("metadata").path("resourceVersion").asText()) > since) {
                    send(watch, since == 0 ? "ADDED" : "MODIFIED", obj);
                }
            }
            httpWatches.add(watch);
        }
        return () -> httpWatches.remove(watch);
    }

    private static long parseLong(String s) {
        try {
            return s == null || s.isEmpty() ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void send(HttpWatch watch, String type, JsonNode obj) {
        if (!watch.sink.isOpen()) {
            httpWatches.remove(watch);
            return;
        }
        if (obj == null || !FieldRequirement.matchesAll(watch.extraFields, obj)) {
            return;
        }
        ObjectNode event = mapper.createObjectNode();
        event.put("type", type);
        event.set("object", watch.table ? tables.toTable(watch.info, obj, watch.includeObject) : obj);
        watch.sink.send(event.toString());
    }

    @Override
    protected void changed(String path, AttributeSet oldKey, String oldState, AttributeSet newKey, String newState) {
        if (httpWatches.isEmpty() || Objects.equals(oldState, newState)) {
            return;
        }
        // matched the way the CRUD dispatcher matches its WebSocket watches
        for (HttpWatch watch : httpWatches) {
            boolean matchesOld = oldKey != null && oldKey.matches(watch.query);
            boolean matchesNew = newKey != null && newKey.matches(watch.query);
            if (matchesOld && matchesNew) {
                send(watch, "MODIFIED", parse(newState));
            } else if (matchesOld) {
                send(watch, "DELETED", parse(oldState));
            } else if (matchesNew) {
                send(watch, "ADDED", parse(newState));
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The current API surface: built-ins plus the CRDs stored right now. */
    SandboxDiscovery discovery() {
        List<JsonNode> crds = new ArrayList<>();
        MockResponse list = super.handleGet(CRD_PATH);
        JsonNode body = readBody(list);
        if (body != null) {
            body.path("items").forEach(crds::add);
        }
        return SandboxDiscovery.of(mapper, crds);
    }

    private JsonNode readBody(MockResponse response) {
        if (response == null || response.getBody() == null) {
            return null;
        }
        return parse(new String(response.getBody().getBytes(), StandardCharsets.UTF_8));
    }

    private JsonNode parse(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(s);
        } catch (Exception e) {
            return null;
        }
    }

    private MockResponse json(int code, JsonNode body) {
        try {
            return new MockResponse().setResponseCode(code).setHeader("Content-Type", JSON)
                    .setBody(mapper.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private MockResponse finish(MockResponse response, String path, RecordedRequest request) {
        if (response == null) {
            return status(405, "MethodNotAllowed", "unsupported request " + request.getRequestLine(), null);
        }
        if (response.getWebSocketListener() != null) {
            return response;
        }
        if (request.method() == io.fabric8.mockwebserver.dsl.HttpMethod.PATCH && response.code() == 202) {
            response.setResponseCode(200); // what a real API server answers
        }
        boolean emptyBody = response.getBody() == null || response.getBody().size() == 0;
        if (response.code() == 404 && emptyBody) {
            return status(404, "NotFound", null, path);
        }
        if (response.code() >= 400 && !emptyBody) {
            JsonNode body = readBody(response);
            if (body != null && "Status".equals(body.path("kind").asText()) && body.path("apiVersion").isMissingNode()) {
                ((ObjectNode) body).put("apiVersion", "v1");
                return json(response.code(), body);
            }
        }
        if (!emptyBody && response.getHeaders().get("Content-Type") == null) {
            response.setHeader("Content-Type", JSON);
        }
        return response;
    }

    /** A Kubernetes {@code Status} failure; with {@code path} set, a NotFound message naming the object. */
    MockResponse status(int code, String reason, String message, String path) {
        ObjectNode s = mapper.createObjectNode();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure");
        ResourcePath rp = path == null ? null : ResourcePath.parse(path);
        if (message == null) {
            if (rp != null && rp.name != null) {
                String resource = rp.group.isEmpty() ? rp.plural : rp.plural + "." + rp.group;
                message = resource + " \"" + rp.name + "\" not found";
            } else {
                message = "the server could not find the requested resource";
            }
        }
        s.put("message", message);
        s.put("reason", reason);
        if (rp != null) {
            ObjectNode details = s.putObject("details");
            if (rp.name != null) {
                details.put("name", rp.name);
            }
            if (!rp.group.isEmpty()) {
                details.put("group", rp.group);
            }
            details.put("kind", rp.plural);
        }
        s.put("code", code);
        return json(code, s);
    }

    static Map<String, String> parseQuery(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    /** The parts of a resource URL: {@code /api/v1/...} or {@code /apis/<group>/<version>/...}. */
    static final class ResourcePath {
        final String group;
        final String version;
        final String namespace;
        final String plural;
        final String name;
        final String subresource;

        private ResourcePath(String group, String version, String namespace, String plural, String name,
                String subresource) {
            this.group = group;
            this.version = version;
            this.namespace = namespace;
            this.plural = plural;
            this.name = name;
            this.subresource = subresource;
        }

        static ResourcePath parse(String path) {
            int q = path.indexOf('?');
            String[] seg = (q < 0 ? path : path.substring(0, q)).replaceAll("^/+", "").split("/");
            String group;
            String version;
            int i;
            if (seg.length >= 3 && seg[0].equals("api")) {
                group = "";
                version = seg[1];
                i = 2;
            } else if (seg.length >= 4 && seg[0].equals("apis")) {
                group = seg[1];
                version = seg[2];
                i = 3;
            } else {
                return null;
            }
            String namespace = null;
            if (seg.length - i >= 3 && seg[i].equals("namespaces")) {
                namespace = seg[i + 1];
                i += 2;
            }
            String plural = seg[i];
            String name = seg.length > i + 1 ? seg[i + 1] : null;
            String sub = seg.length > i + 2 ? seg[i + 2] : null;
            return new ResourcePath(group, version, namespace, plural, name, sub);
        }
    }
}
