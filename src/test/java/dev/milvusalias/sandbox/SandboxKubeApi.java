package dev.milvusalias.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;

/**
  * An embedded, kubectl-compatible Kubernetes API for the local sandbox: the fabric8 mock server in CRUD mode,
  * listening on 127.0.0.1 only (plain HTTP), extended by {@link SandboxDispatcher} with discovery, OpenAPI v3,
  * server-side printing (Tables), correct merge-patch semantics and protobuf request bodies, and by
  * {@link SandboxWebServer} with HTTP streaming watches (as used by {@code kubectl get -w}).
  *
  * <pre>
  * try (SandboxKubeApi api = SandboxKubeApi.start(List.of(crdYaml))) {
  *   api.writeKubeconfig(Path.of("target/sandbox.kubeconfig"));   // kubectl --kubeconfig target/sandbox.kubeconfig ...
  *   KubernetesClient client = api.client();                         // or hand api.url() to an operator
  * }
  * </pre>
  */
public final class SandboxKubeApi implements AutoCloseable {

    /** Name of the context (and cluster and user) in the written kubeconfig. */
    public static final String CONTEXT = "sandbox";
    public static final String DEFAULT_NAMESPACE = "default";

    private static final InetAddress LOOPBACK;

    static {
        try {
            LOOPBACK = InetAddress.getByAddress("localhost", new byte[] { 127, 0, 0, 1 });
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final KubernetesMockServer server;
    private final SandboxWebServer webServer;
    private final SandboxDispatcher dispatcher;
    private final KubernetesClient client;
    private final String url;

    private SandboxKubeApi(KubernetesMockServer server, SandboxWebServer webServer, SandboxDispatcher dispatcher,
            String url) {
        this.server = server;
        this.webServer = webServer;
        this.dispatcher = dispatcher;
        this.url = url;
        this.client = newClient();
    }

    /** Starts on a random free port of 127.0.0.1 and installs the CRDs of the given files (see below). */
    public static SandboxKubeApi start(List<Path> crdFiles) {
        return start(crdFiles, 0);
    }

    /**
      * Starts on the given port of 127.0.0.1 (0 = random) and installs the CustomResourceDefinitions found in the given
      * YAML/JSON files (a file may hold several documents; other kinds in them are created as well). Namespaces
      * {@code default}, {@code kube-system} and {@code kube-public} exist from the start.
      *
      * @throws IllegalStateException when the port cannot be bound
      */
    public static SandboxKubeApi start(List<Path> crdFiles, int port) {
        SandboxDispatcher dispatcher = new SandboxDispatcher();
        SandboxWebServer webServer = new SandboxWebServer();
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
                webServer, new HashMap<>(), dispatcher, false);
        server.init(LOOPBACK, port);
        SandboxKubeApi api = null;
        try {
            String hostPort = LOOPBACK.getHostAddress() + ":" + server.getPort();
            dispatcher.setServerAddress(hostPort);
            api = new SandboxKubeApi(server, webServer, dispatcher, "http://" + hostPort);
            api.bootstrap(crdFiles);
            return api;
        } catch (RuntimeException e) {
            if (api != null) {
                api.close();
            } else {
                server.destroy();
            }
            throw e;
        }
    }

    private void bootstrap(List<Path> crdFiles) {
        for (String ns : List.of(DEFAULT_NAMESPACE, "kube-system", "kube-public")) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
                    .withNewStatus().withPhase("Active").endStatus().build()).create();
        }
        for (Path file : crdFiles) {
            try (InputStream in = Files.newInputStream(file)) {
                for (HasMetadata item : client.load(in).items()) {
                    client.resource(item).create();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    private KubernetesClient newClient() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url + "/")
                .withNamespace(DEFAULT_NAMESPACE)
                .withHttp2Disable(true)
                .withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    public int port() {
        return server.getPort();
    }

    /** A fabric8 client connected to the sandbox (default namespace {@code default}); closed by {@link #close()}. */
    public KubernetesClient client() {
        return client;
    }

    /**
      * Writes a kubeconfig whose current context {@value #CONTEXT} points at this server (namespace
      * {@value #DEFAULT_NAMESPACE}); parent directories are created. Returns {@code file}.
      */
    public Path writeKubeconfig(Path file) {
        String yaml = String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "preferences: {}",
                "clusters:",
                "- name: " + CONTEXT,
                "  cluster:",
                "    server: " + url,
                "contexts:",
                "- name: " + CONTEXT,
                "  context:",
                "    cluster: " + CONTEXT,
                "    user: " + CONTEXT,
                "    namespace: " + DEFAULT_NAMESPACE,
                "current-context: " + CONTEXT,
                "users:",
                "- name: " + CONTEXT,
                "  user: {}",
                "");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            try {
                // kubectl warns about group/world-readable kubeconfigs
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kubeconfig " + file, e);
        }
    }

    /** The requests this server received, by client, verb and resource (for benchmarks). */
    public ApiRequestCounter requests() {
        return webServer.requests();
    }

    SandboxDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.destroy();
        }
    }
}
