package dev.milvusalias.reliability;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;

/**
 * fabric8's mixed mode (recorded expectations first, then CRUD), with one difference that makes the mock answer as a
 * real API server does: the PATCH that removes the last finalizer of an object being deleted returns that object
 * (200), not an empty 202. On the empty answer java-operator-sdk fails with a NullPointerException after every
 * release and retries the cleanup, which would count as a retry and repeat the release's events.
 */
final class MockApiDispatcher extends Dispatcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<ServerRequest, Queue<ServerResponse>> expectations;
    private final MockDispatcher recorded;
    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    /** Every request received, as "METHOD path?query", in order. */
    private final List<String> requests = new CopyOnWriteArrayList<>();

    MockApiDispatcher(Map<ServerRequest, Queue<ServerResponse>> expectations) {
        this.expectations = expectations;
        this.recorded = new MockDispatcher(expectations);
    }

    /** Every request received so far, as "METHOD path?query". */
    List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.add(request.getMethod() + " " + request.getPath());
        Queue<ServerResponse> queue = expectations.get(new SimpleRequest(HttpMethod.valueOf(request.getMethod()),
                request.getPath()));
        if (queue != null && !queue.isEmpty()) {
            return recorded.dispatch(request);
        }
        if (!"PATCH".equalsIgnoreCase(request.getMethod()) || request.getPath().contains("/status")) {
            return crud.dispatch(request);
        }
        MockResponse before = crud.handleGet(request.getPath());
        MockResponse patched = crud.dispatch(request);
        if (patched.code() != 202 || patched.getBody().size() > 0 || before.code() != 200) {
            return patched;
        }
        try {
            JsonNode object = JSON.readTree(new String(before.getBody().getBytes(), StandardCharsets.UTF_8));
            ((ObjectNode) object.get("metadata")).remove("finalizers");
            return new MockResponse().setResponseCode(200).setBody(JSON.writeValueAsString(object));
        } catch (java.io.IOException | RuntimeException e) {
            return patched;
        }
    }
}
