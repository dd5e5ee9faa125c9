package dev.milvusalias.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code jcmd Thread.print} output and tells where the reconcile threads are: for each thread running a
 * reconcile (java-operator-sdk names them ReconcilerExecutor-... while they do), its state, the first frame of a
 * library it is inside (gRPC = waiting for Milvus, fabric8 = waiting for the API server, with the request's verb)
 * and the operator's or java-operator-sdk's frame that called it.
 */
final class ThreadDumps {

    private static final List<String> LIBRARIES = List.of("io.grpc.", "io.milvus.", "io.fabric8.", "io.vertx.",
            "io.javaoperatorsdk.", "dev.milvusalias.");

    /** The frame of a fabric8 request, named after its verb: handlePatch, handleCreate, handleUpdate, ... */
    private static final String FABRIC8_REQUEST = "io.fabric8.kubernetes.client.dsl.internal.OperationSupport.handle";

    private ThreadDumps() {
    }

    /** "count × signature" lines, most frequent first, over all dumps; the last line counts threads per dump. */
    static List<String> summarize(List<String> dumps) {
        Map<String, Integer> bySignature = new LinkedHashMap<>();
        int reconcileThreads = 0;
        int allThreads = 0;
        for (String dump : dumps) {
            for (String block : dump.split("\n\n")) {
                String trimmed = block.strip();
                if (!trimmed.startsWith("\"")) {
                    continue;
                }
                allThreads++;
                String name = trimmed.substring(1, trimmed.indexOf('"', 1));
                if (!name.startsWith("ReconcilerExecutor")) {
                    continue;
                }
                reconcileThreads++;
                bySignature.merge(signature(trimmed), 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(bySignature.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Integer> e : sorted) {
            lines.add(e.getValue() + " x " + e.getKey());
        }
        int count = Math.max(1, dumps.size());
        lines.add(String.format("%d dump(s): %.0f threads each, %.0f of them reconcile threads", dumps.size(),
                (double) allThreads / count, (double) reconcileThreads / count));
        return lines;
    }

    /**
     * "STATE in &lt;library frame&gt; (&lt;fabric8 request&gt;) &lt;- &lt;caller&gt;", e.g. "WAITING in
     * OperationSupport.waitForResult (handlePatch) &lt;- ResourceOperations.jsonPatchPrimaryStatus": the caller is the
     * first frame of the operator or of java-operator-sdk below the library.
     */
    static String signature(String block) {
        String state = "?";
        String library = null;
        String request = null;
        String caller = null;
        for (String line : block.split("\n")) {
            String l = line.strip();
            if (l.startsWith("java.lang.Thread.State:")) {
                state = l.substring("java.lang.Thread.State:".length()).strip().split(" ")[0];
            } else if (l.startsWith("at ")) {
                String frame = l.substring(3);
                if (library == null && LIBRARIES.stream().anyMatch(frame::startsWith)) {
                    library = method(frame);
                }
                boolean verb = frame.startsWith(FABRIC8_REQUEST) && !frame.startsWith(FABRIC8_REQUEST + "Response");
                if (request == null && verb) {
                    request = method(frame).substring(method(frame).indexOf('.') + 1);
                }
                if (caller == null && (frame.startsWith("dev.milvusalias.") || frame.startsWith("io.javaoperatorsdk."))) {
                    caller = method(frame);
                }
            }
        }
        String where = library == null ? "(JDK only: idle in the pool)" : "in " + library;
        return state + " " + where + (request == null ? "" : " (" + request + ")")
                + (caller == null || caller.equals(library) ? "" : " <- " + caller);
    }

    /** {@code pkg.Class.method(File.java:12)} without the package and the line. */
    private static String method(String frame) {
        String noLine = frame.contains("(") ? frame.substring(0, frame.indexOf('(')) : frame;
        String[] parts = noLine.split("\\.");
        if (parts.length < 2) {
            return noLine;
        }
        String method = parts[parts.length - 1];
        if (method.startsWith("lambda$")) {
            // lambda$describe$0: the method the lambda is in
            method = method.substring("lambda$".length()).split("\\$")[0];
        }
        return parts[parts.length - 2] + "." + method;
    }
}
