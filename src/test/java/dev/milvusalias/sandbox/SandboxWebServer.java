package dev.milvusalias.sandbox;

import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.HttpUrl;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
  * The HTTP transport of the sandbox: the fabric8 {@link MockWebServer} request handling (used unchanged for every
  * request, including fabric8's WebSocket watches), plus <em>HTTP streaming watches</em>, which the mock web server
  * cannot do (it only sends whole bodies, and treats every {@code watch=true} request as a WebSocket upgrade).
  * kubectl ({@code kubectl get -w}, {@code kubectl wait}, {@code kubectl delete --wait}) and other Go clients watch
  * over a plain chunked HTTP response, one JSON watch event per line.
  * <p>
  * Listens on plain HTTP (no TLS) on the address it is started with.
  */
final class SandboxWebServer extends MockWebServer {

    private Vertx vertx;
    private boolean ownVertx;
    private HttpServer httpServer;
    private InetAddress address;
    private int port = -1;
    private volatile Dispatcher dispatcher;
    private final ApiRequestCounter requests = new ApiRequestCounter();

    @Override
    public void setDispatcher(Dispatcher dispatcher) {
        super.setDispatcher(dispatcher);
        this.dispatcher = dispatcher;
    }

    @Override
    public synchronized void start(InetAddress inetAddress, int port) {
        if (httpServer != null) {
            throw new IllegalStateException("start() already called");
        }
        this.address = inetAddress;
        this.vertx = parentVertx();
        this.ownVertx = vertx == null;
        if (ownVertx) {
            vertx = Vertx.vertx();
        }
        HttpServerOptions options = new HttpServerOptions()
                .setHost(inetAddress.getHostAddress())
                .setPort(port)
                .setWebSocketSubProtocols(List.of("v1.channel.k8s.io", "v2.channel.k8s.io", "v3.channel.k8s.io",
                        "v4.channel.k8s.io"))
                .setHandle100ContinueAutomatically(true);
        HttpServerRequestHandler mockHandler = new HttpServerRequestHandler(vertx) {
            @Override
            protected MockResponse onHttpRequest(RecordedRequest request) {
                return dispatcher.dispatch(request);
            }
        };
        httpServer = vertx.createHttpServer(options);
        httpServer.requestHandler(request -> {
            requests.record(request.getHeader("User-Agent"), request.method().name(), request.path(), request.query());
            if (isHttpWatch(request) && dispatcher instanceof SandboxDispatcher) {
                streamWatch((SandboxDispatcher) dispatcher, request);
            } else {
                mockHandler.handle(request);
            }
        });
        try {
            this.port = httpServer.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                    .actualPort();
        } catch (Exception e) {
            httpServer = null;
            vertx.close();
            throw new IllegalStateException("Unable to start the sandbox API server on "
                    + inetAddress.getHostAddress() + ":" + port, e instanceof java.util.concurrent.ExecutionException
                            ? e.getCause() : e);
        }
    }

    private static boolean isHttpWatch(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET) {
            return false;
        }
        String upgrade = request.getHeader("Upgrade");
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
            return false;
        }
        String watch = request.getParam("watch");
        return "true".equals(watch) || "1".equals(watch);
    }

    private void streamWatch(SandboxDispatcher dispatcher, HttpServerRequest request) {
        HttpServerResponse response = request.response();
        response.setStatusCode(200);
        response.setChunked(true);
        response.putHeader("Content-Type", "application/json");
        response.putHeader("Cache-Control", "no-cache, private");
        AtomicBoolean closed = new AtomicBoolean();
        SandboxDispatcher.WatchSink sink = new SandboxDispatcher.WatchSink() {
            @Override
            public void send(String eventJson) {
                if (!closed.get()) {
                    response.write(eventJson + "\n");
                }
            }

            @Override
            public boolean isOpen() {
                return !closed.get();
            }
        };
        response.writeHead();
        Runnable cancel = dispatcher.openHttpWatch(request.uri(), request.getHeader("Accept"), sink);
        Runnable finish = () -> {
            if (closed.compareAndSet(false, true)) {
                cancel.run();
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            }
        };
        response.closeHandler(v -> finish.run());
        request.connection().closeHandler(v -> finish.run());
        String timeout = request.getParam("timeoutSeconds");
        if (timeout != null && timeout.matches("\\d+") && Long.parseLong(timeout) > 0) {
            vertx.setTimer(TimeUnit.SECONDS.toMillis(Long.parseLong(timeout)), id -> finish.run());
        }
    }

    /** The Vert.x instance the parent class created in its constructor (unused by it, since we start the server). */
    private Vertx parentVertx() {
        try {
            Field f = MockWebServer.class.getDeclaredField("vertx");
            f.setAccessible(true);
            return (Vertx) f.get(this);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Every request received so far, counted by client, verb and resource. */
    ApiRequestCounter requests() {
        return requests;
    }

    @Override
    public synchronized void shutdown() {
        if (httpServer == null) {
            return;
        }
        Dispatcher d = dispatcher;
        if (d != null) {
            d.shutdown();
        }
        try {
            httpServer.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing anyway
        } finally {
            httpServer = null;
            try {
                // when ownVertx is false this is the parent's instance, which would otherwise never be closed
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Override
    public void close() {
        shutdown();
    }

    @Override
    public int getPort() {
        return port;
    }

    @Override
    public String getHostName() {
        return address == null ? "127.0.0.1" : address.getHostAddress();
    }

    @Override
    public HttpUrl url(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return HttpUrl.parse("http://" + getHostName() + ":" + getPort() + "/" + p);
    }

    @Override
    public String toString() {
        return "SandboxWebServer[" + getHostName() + ":" + port + "]";
    }
}
