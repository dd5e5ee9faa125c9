package dev.milvusalias.sandbox;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
  * Counts the requests the sandbox API receives, by client ({@code User-Agent}), verb and resource, the way an API
  * server's audit log or {@code apiserver_request_total} would: {@code patch milvusaliases/status},
  * {@code create events}, {@code update leases}, {@code watch milvusaliases}. Lets a benchmark see how many Kubernetes
  * writes of each kind a change costs.
  */
public final class ApiRequestCounter {

    /**
      * One kind of request.
      *
      * @param userAgent the client's {@code User-Agent} header ("" when absent)
      * @param verb      {@code get}, {@code list}, {@code watch}, {@code create}, {@code update}, {@code patch},
      *                  {@code delete} or {@code deletecollection} (the API server's verbs)
      * @param resource  plural, with the subresource if any ({@code milvusaliases/status}); the path for non-resource
      *                  requests ({@code /version}, {@code /apis})
      */
    public record Key(String userAgent, String verb, String resource) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return verb + " " + resource + " [" + userAgent + "]";
        }

        /** Whether the request changes state (create, update, patch, delete). */
        public boolean isWrite() {
            return !verb.equals("get") && !verb.equals("list") && !verb.equals("watch");
        }
    }

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

    /** Records one request; {@code query} is the raw query string or null. */
    void record(String userAgent, String method, String path, String query) {
        counts.computeIfAbsent(classify(userAgent, method, path, query), k -> new LongAdder()).increment();
    }

    /** The counts so far, sorted by key. */
    public Map<Key, Long> snapshot() {
        Map<Key, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    static Key classify(String userAgent, String method, String path, String query) {
        String agent = userAgent == null ? "" : userAgent;
        String[] seg = trimSlashes(path).split("/");
        // /api/v1/... or /apis/<group>/<version>/..., then optionally namespaces/<ns>/
        int at = seg.length > 0 && seg[0].equals("api") ? 2 : seg.length > 0 && seg[0].equals("apis") ? 3 : -1;
        if (at < 0 || seg.length <= at) {
            return new Key(agent, method.toLowerCase(Locale.ROOT), path);
        }
        if (seg[at].equals("namespaces") && seg.length > at + 2) {
            at += 2;
        }
        String plural = seg[at];
        boolean named = seg.length > at + 1;
        String resource = seg.length > at + 2 ? plural + "/" + seg[at + 2] : plural;
        return new Key(agent, verb(method, named, query), resource);
    }

    private static String verb(String method, boolean named, String query) {
        switch (method.toUpperCase(Locale.ROOT)) {
            case "GET":
                if (query != null && (query.contains("watch=true") || query.contains("watch=1"))) {
                    return "watch";
                }
                return named ? "get" : "list";
            case "POST":
                return "create";
            case "PUT":
                return "update";
            case "PATCH":
                return "patch";
            case "DELETE":
                return named ? "delete" : "deletecollection";
            default:
                return method.toLowerCase(Locale.ROOT);
        }
    }

    private static String trimSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
