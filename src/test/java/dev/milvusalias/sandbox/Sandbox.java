package dev.milvusalias.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.milvusalias.emulator.MilvusEmulator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
  * The local sandbox of {@code make run}: an embedded Kubernetes API ({@link SandboxKubeApi}) with the project's CRDs
  * from {@code crds/}, a kubeconfig for kubectl, and a Milvus emulator on 127.0.0.1 seeded with the demo collections
  * {@code products_v1} and {@code products_v2} (database {@code default}, both loaded). The examples
  * {@code examples/milvus-connection.yaml} (its URI pointed at the emulator) and {@code examples/products-alias.yaml}
  * are applied as {@code kubectl apply} would, so a later {@code kubectl apply -f examples/products-v2.yaml} is an
  * ordinary three-way merge. The operator is not part of it: {@link SandboxMain} runs the packaged one,
  * {@code SandboxKubectlIT} runs it in-process.
  *
  * <pre>
  * try (Sandbox sandbox = Sandbox.start(Sandbox.Options.defaults(Path.of(".")).withMilvusPort(0))) {
  *   sandbox.kubeconfig(); sandbox.apiUrl(); sandbox.emulator().aliasTarget("default", "products");
  * }
  * </pre>
  */
public final class Sandbox implements AutoCloseable {

    public static final int DEFAULT_MILVUS_PORT = 19530;
    public static final String DATABASE = MilvusEmulator.DEFAULT_DATABASE;
    public static final List<String> DEMO_COLLECTIONS = List.of("products_v1", "products_v2");
    /** The examples applied at start, relative to the project directory; the others are for the user to apply. */
    public static final List<String> APPLIED_EXAMPLES = List.of("examples/milvus-connection.yaml",
            "examples/products-alias.yaml");
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    /**
      * @param projectDir the repository root (holds {@code crds/} and {@code examples/})
      * @param workDir    where the kubeconfig goes ({@code target/sandbox} for {@code make run})
      * @param milvusPort port of the emulator on 127.0.0.1, 0 for a free one
      * @param apiPort    port of the Kubernetes API on 127.0.0.1, 0 for a free one
      */
    public record Options(Path projectDir, Path workDir, int milvusPort, int apiPort) {
        public Options {
            Objects.requireNonNull(projectDir, "projectDir");
            Objects.requireNonNull(workDir, "workDir");
            if (milvusPort < 0 || milvusPort > 65535 || apiPort < 0 || apiPort > 65535) {
                throw new IllegalArgumentException("ports must be 0..65535");
            }
        }

        /** What {@code make run} uses: work directory {@code target/sandbox}, Milvus on 19530, API on a free port. */
        public static Options defaults(Path projectDir) {
            return new Options(projectDir, projectDir.resolve("target").resolve("sandbox"), DEFAULT_MILVUS_PORT, 0);
        }

        public Options withWorkDir(Path dir) {
            return new Options(projectDir, dir, milvusPort, apiPort);
        }

        public Options withMilvusPort(int port) {
            return new Options(projectDir, workDir, port, apiPort);
        }

        public Options withApiPort(int port) {
            return new Options(projectDir, workDir, milvusPort, port);
        }
    }

    /** The emulator's port is taken (another Milvus, or another sandbox). */
    public static final class PortBusyException extends IllegalStateException {
        private final int port;

        PortBusyException(int port, Throwable cause) {
            super("127.0.0.1:" + port + " is already in use", cause);
            this.port = port;
        }

        public int port() {
            return port;
        }
    }

    private final SandboxKubeApi api;
    private final MilvusEmulator emulator;
    private final Path kubeconfig;
    private final List<Path> crdFiles;
    private boolean closed;

    private Sandbox(SandboxKubeApi api, MilvusEmulator emulator, Path kubeconfig, List<Path> crdFiles) {
        this.api = api;
        this.emulator = emulator;
        this.kubeconfig = kubeconfig;
        this.crdFiles = crdFiles;
    }

    /**
      * Starts the API server and the emulator, writes {@code <workDir>/kubeconfig}, seeds the emulator and applies the
      * examples. Whatever was started is stopped again if a later step fails.
      *
      * @throws PortBusyException when the emulator's port is taken
      */
    public static Sandbox start(Options options) {
        Path project = options.projectDir().toAbsolutePath().normalize();
        List<Path> crds = crdFiles(project.resolve("crds"));
        if (options.milvusPort() != 0) {
            requireFree(options.milvusPort());
        }
        SandboxKubeApi api = SandboxKubeApi.start(crds, options.apiPort());
        MilvusEmulator emulator = null;
        try {
            Path kubeconfig = api.writeKubeconfig(options.workDir().toAbsolutePath().normalize().resolve("kubeconfig"));
            try {
                emulator = MilvusEmulator.builder().port(options.milvusPort()).build();
            } catch (UncheckedIOException e) {
                throw new PortBusyException(options.milvusPort(), e);
            }
            for (String collection : DEMO_COLLECTIONS) {
                emulator.createCollection(DATABASE, collection);
                emulator.load(DATABASE, collection);
            }
            Sandbox sandbox = new Sandbox(api, emulator, kubeconfig, crds);
            for (String example : APPLIED_EXAMPLES) {
                sandbox.apply(project.resolve(example));
            }
            return sandbox;
        } catch (RuntimeException e) {
            if (emulator != null) {
                emulator.close();
            }
            api.close();
            throw e;
        }
    }

    private static List<Path> crdFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> crds = files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
            if (crds.isEmpty()) {
                throw new IllegalStateException("no CRDs in " + dir);
            }
            return crds;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the CRDs in " + dir, e);
        }
    }

    /** Fails fast (the emulator itself retries a busy port for a few seconds, for its restart()). */
    private static void requireFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), port));
        } catch (IOException e) {
            throw new PortBusyException(port, e);
        }
    }

    /**
      * Creates the objects of a manifest in namespace {@code default} the way {@code kubectl apply} creates them: with
      * the {@value #LAST_APPLIED} annotation. A MilvusConnection's {@code spec.uri} is pointed at this emulator.
      */
    void apply(Path manifest) {
        List<GenericKubernetesResource> items = new ArrayList<>();
        try (InputStream in = Files.newInputStream(manifest)) {
            Object loaded = client().getKubernetesSerialization().unmarshal(in);
            if (loaded instanceof GenericKubernetesResource single) {
                items.add(single);
            } else if (loaded instanceof List<?> many) {
                for (Object o : many) {
                    items.add(toGeneric(o));
                }
            } else {
                items.add(toGeneric(loaded));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest, e);
        }
        for (GenericKubernetesResource item : items) {
            if ("MilvusConnection".equals(item.getKind())) {
                spec(item).put("uri", emulator.uri());
            }
            item.getMetadata().setNamespace(SandboxKubeApi.DEFAULT_NAMESPACE);
            Map<String, String> annotations = new LinkedHashMap<>();
            if (item.getMetadata().getAnnotations() != null) {
                annotations.putAll(item.getMetadata().getAnnotations());
            }
            annotations.remove(LAST_APPLIED);
            item.getMetadata().setAnnotations(annotations);
            String lastApplied = lastAppliedConfiguration(item);
            annotations.put(LAST_APPLIED, lastApplied);
            client().resource(item).create();
        }
    }

    private GenericKubernetesResource toGeneric(Object o) {
        if (o instanceof GenericKubernetesResource g) {
            return g;
        }
        var serialization = client().getKubernetesSerialization();
        return serialization.unmarshal(serialization.asJson(o), GenericKubernetesResource.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource item) {
        return (Map<String, Object>) item.getAdditionalProperties().get("spec");
    }

    /** kubectl's annotation: the applied object as compact JSON with sorted keys, without the annotation itself. */
    static String lastAppliedConfiguration(GenericKubernetesResource item) {
        ObjectMapper sorted = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        try {
            Map<?, ?> tree = sorted.readValue(io.fabric8.kubernetes.client.utils.Serialization.asJson(item), Map.class);
            return sorted.writeValueAsString(tree) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ accessors

    /** The kubeconfig for kubectl: {@code <workDir>/kubeconfig}, context {@value SandboxKubeApi#CONTEXT}. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The API server's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String apiUrl() {
        return api.url();
    }

    public int apiPort() {
        return api.port();
    }

    public SandboxKubeApi api() {
        return api;
    }

    /** A client of the sandbox API (namespace {@code default}); closed with the sandbox. */
    public KubernetesClient client() {
        return api.client();
    }

    public MilvusEmulator emulator() {
        return emulator;
    }

    public int milvusPort() {
        return emulator.port();
    }

    /** The CRD files installed, from {@code crds/}. */
    public List<Path> crdFiles() {
        return crdFiles;
    }

    /** Stops the emulator and the API server; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            emulator.close();
        } finally {
            api.close();
        }
    }
}
