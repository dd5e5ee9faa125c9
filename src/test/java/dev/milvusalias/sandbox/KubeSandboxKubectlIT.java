package dev.milvusalias.sandbox;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
  * Drives the real {@code kubectl} binary against {@link SandboxKubeApi}.
  * <p>
  * Every kubectl call gets {@code --kubeconfig} pointing at a kubeconfig under {@code target/}, and an environment
  * with {@code HOME} and {@code KUBECONFIG} pointing under {@code target/} too, so nothing reads or writes
  * {@code ~/.kube}.
  */
class KubeSandboxKubectlIT {

    private static final Path CRD = Path.of("src/test/resources/sandbox/milvusaliases.milvus.io-v1.yml");
    private static final ResourceDefinitionContext MILVUS_ALIAS = new ResourceDefinitionContext.Builder()
            .withGroup("milvus.io").withVersion("v1alpha1").withKind("MilvusAlias").withPlural("milvusaliases")
            .withNamespaced(true).build();
    private static final String KUBECTL = System.getProperty("kubectl", "kubectl");
    private static final Duration KUBECTL_TIMEOUT = Duration.ofSeconds(20);

    private static SandboxKubeApi api;
    private static KubernetesClient client;
    private static Path work;
    private static Path kubeconfig;
    private static Path home;

    @BeforeAll
    static void startSandbox() throws IOException {
        work = Path.of("target", "kube-sandbox-it").toAbsolutePath();
        deleteRecursively(work);
        home = Files.createDirectories(work.resolve("home"));
        api = SandboxKubeApi.start(List.of(CRD));
        client = api.client();
        kubeconfig = api.writeKubeconfig(work.resolve("kubeconfig"));
    }

    @AfterAll
    static void stopSandbox() {
        if (api != null) {
            api.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void kubeconfigPointsAtTheSandboxAndTheServerListensOnLoopbackOnly() throws IOException {
        assertThat(api.url()).isEqualTo("http://127.0.0.1:" + api.port());
        assertThat(Files.readString(kubeconfig)).contains("server: " + api.url()).contains("current-context: sandbox");

        List<String> listeners = listeningAddresses(api.port());
        assertThat(listeners).as("listening sockets on port %d", api.port()).containsExactly("127.0.0.1");
        for (InetAddress external : nonLoopbackAddresses()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(external, api.port()), 1000);
                throw new AssertionError("the sandbox API answers on " + external);
            } catch (IOException expected) {
                // connection refused: not listening there
            }
        }

        Kubectl.Result context = kubectl("config", "current-context");
        assertThat(context.exitCode).isZero();
        assertThat(context.stdout.trim()).isEqualTo("sandbox");

        Kubectl.Result version = kubectl("version");
        assertThat(version.exitCode).as(version.toString()).isZero();
        assertThat(version.stdout).contains("Server Version: v1.32");
    }

    @Test
    void apiResourcesListsMilvusAliasWithShortNameAndCategory() {
        Kubectl.Result r = kubectl("api-resources");
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout.lines().filter(l -> l.startsWith("milvusaliases")).findFirst())
                .hasValueSatisfying(line -> assertThat(line.split("\\s+"))
                        .containsExactly("milvusaliases", "malias", "milvus.io/v1alpha1", "true", "MilvusAlias"));
        assertThat(r.stdout).contains("secrets").contains("events").contains("namespaces");

        Kubectl.Result byCategory = kubectl("api-resources", "--categories=milvus", "-o", "name");
        assertThat(byCategory.exitCode).as(byCategory.toString()).isZero();
        assertThat(byCategory.stdout.trim()).isEqualTo("milvusaliases.milvus.io");

        Kubectl.Result explain = kubectl("explain", "malias.spec");
        assertThat(explain.exitCode).as(explain.toString()).isZero();
        assertThat(explain.stdout).contains("collectionName").contains("Collection the alias points to.");
    }

    @Test
    void applyGetPatchAndReapply() throws IOException {
        Path manifest = work.resolve("books.yaml");
        Files.writeString(manifest, aliasYaml("books", "books", "books_v1", "Retain"));

        Kubectl.Result created = kubectl("apply", "-f", manifest.toString());
        assertThat(created.exitCode).as(created.toString()).isZero();
        assertThat(created.stdout.trim()).isEqualTo("milvusalias.milvus.io/books created");
        assertThat(created.stderr).doesNotContainIgnoringCase("error").doesNotContainIgnoringCase("warning");

        // the operator side: set the status through the status subresource
        client.genericKubernetesResources(MILVUS_ALIAS).inNamespace("default").withName("books")
                .editStatus(r -> withStatus(r, "default", "True", "AliasBound"));

        Kubectl.Result table = kubectl("get", "malias");
        assertThat(table.exitCode).as(table.toString()).isZero();
        List<String> lines = table.stdout.lines().toList();
        assertThat(lines.get(0).split("\\s+"))
                .containsExactly("NAME", "ALIAS", "COLLECTION", "DATABASE", "READY", "REASON", "AGE");
        String row = lines.stream().filter(l -> l.startsWith("books ")).findFirst().orElseThrow();
        assertThat(row.split("\\s+")).startsWith("books", "books", "books_v1", "default", "True", "AliasBound");
        assertThat(row.split("\\s+")[6]).matches("\\d+s");

        Kubectl.Result yaml = kubectl("get", "milvusaliases", "-o", "yaml");
        assertThat(yaml.exitCode).as(yaml.toString()).isZero();
        assertThat(yaml.stdout)
                .contains("kind: MilvusAlias")
                .contains("name: books")
                .contains("collectionName: books_v1")
                .contains("deletionPolicy: Retain")
                .contains("reason: AliasBound")
                .contains("kubectl.kubernetes.io/last-applied-configuration");

        Kubectl.Result patched = kubectl("patch", "malias", "books", "--type=merge", "-p",
                "{\"spec\":{\"collectionName\":\"books_v2\"}}");
        assertThat(patched.exitCode).as(patched.toString()).isZero();
        assertThat(patched.stdout.trim()).isEqualTo("milvusalias.milvus.io/books patched");
        GenericKubernetesResource afterPatch = alias("books");
        assertThat(spec(afterPatch)).containsEntry("collectionName", "books_v2");
        assertThat(afterPatch.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(conditions(afterPatch)).as("status untouched by a spec patch").hasSize(1);

        Files.writeString(manifest, aliasYaml("books", "books", "books_v3", "Delete"));
        Kubectl.Result reapplied = kubectl("apply", "-f", manifest.toString());
        assertThat(reapplied.exitCode).as(reapplied.toString()).isZero();
        assertThat(reapplied.stdout.trim()).isEqualTo("milvusalias.milvus.io/books configured");
        GenericKubernetesResource afterApply = alias("books");
        assertThat(spec(afterApply)).containsEntry("collectionName", "books_v3").containsEntry("deletionPolicy", "Delete");
        assertThat(afterApply.getMetadata().getGeneration()).isEqualTo(3L);
        assertThat(conditions(afterApply)).hasSize(1);

        Kubectl.Result unchanged = kubectl("apply", "-f", manifest.toString());
        assertThat(unchanged.exitCode).as(unchanged.toString()).isZero();
        assertThat(unchanged.stdout.trim()).isEqualTo("milvusalias.milvus.io/books unchanged");

        Kubectl.Result single = kubectl("get", "malias", "books", "-o", "jsonpath={.spec.collectionName}");
        assertThat(single.stdout).isEqualTo("books_v3");
    }

    @Test
    void diffAndServerSideDryRunLeaveTheStoreAlone() throws IOException {
        Path manifest = work.resolve("dry.yaml");
        Files.writeString(manifest, aliasYaml("dry", "dry", "dry_v1", "Retain"));
        assertThat(kubectl("apply", "-f", manifest.toString()).exitCode).isZero();
        Files.writeString(manifest, aliasYaml("dry", "dry", "dry_v2", "Retain"));

        Kubectl.Result dryRun = kubectl("apply", "--dry-run=server", "-f", manifest.toString());
        assertThat(dryRun.exitCode).as(dryRun.toString()).isZero();
        assertThat(dryRun.stdout.trim()).isEqualTo("milvusalias.milvus.io/dry configured (server dry run)");
        assertThat(spec(alias("dry"))).containsEntry("collectionName", "dry_v1");

        if (Files.isExecutable(Path.of("/usr/bin/diff"))) {
            Kubectl.Result diff = kubectl("diff", "-f", manifest.toString());
            assertThat(diff.exitCode).as("1 = differences found; " + diff).isEqualTo(1);
            assertThat(diff.stdout).contains("-  collectionName: dry_v1").contains("+  collectionName: dry_v2");
        }
    }

    @Test
    void deleteWithFinalizerMarksTheObjectUntilTheFinalizerIsRemoved() throws IOException {
        Path manifest = work.resolve("orders.yaml");
        Files.writeString(manifest, aliasYaml("orders", "orders", "orders_v1", "Delete"));
        assertThat(kubectl("apply", "-f", manifest.toString()).exitCode).isZero();

        client.genericKubernetesResources(MILVUS_ALIAS).inNamespace("default").withName("orders").edit(r -> {
            r.getMetadata().setFinalizers(new ArrayList<>(List.of("milvus.io/alias-cleanup")));
            return r;
        });

        Kubectl.Result deleted = kubectl("delete", "malias", "orders", "--wait=false");
        assertThat(deleted.exitCode).as(deleted.toString()).isZero();
        assertThat(deleted.stdout.trim()).isEqualTo("milvusalias.milvus.io \"orders\" deleted");

        GenericKubernetesResource marked = alias("orders");
        assertThat(marked).as("still there while the finalizer is present").isNotNull();
        assertThat(marked.getMetadata().getDeletionTimestamp()).isNotBlank();
        assertThat(marked.getMetadata().getFinalizers()).containsExactly("milvus.io/alias-cleanup");
        Kubectl.Result stillThere = kubectl("get", "malias", "orders", "-o", "jsonpath={.metadata.deletionTimestamp}");
        assertThat(stillThere.exitCode).as(stillThere.toString()).isZero();
        assertThat(stillThere.stdout).isEqualTo(marked.getMetadata().getDeletionTimestamp());

        // what the operator does once it has cleaned up
        client.genericKubernetesResources(MILVUS_ALIAS).inNamespace("default").withName("orders").edit(r -> {
            r.getMetadata().setFinalizers(new ArrayList<>());
            return r;
        });

        assertThat(alias("orders")).isNull();
        Kubectl.Result gone = kubectl("get", "malias", "orders");
        assertThat(gone.exitCode).isEqualTo(1);
        assertThat(gone.stderr).contains("NotFound").contains("milvusaliases.milvus.io \"orders\" not found");
    }

    @Test
    void otherNamespacesWork() throws IOException {
        assertThat(kubectl("create", "namespace", "other").exitCode).isZero();
        Path manifest = work.resolve("other.yaml");
        Files.writeString(manifest, aliasYaml("invoices", "invoices", "invoices_v1", "Retain"));
        Kubectl.Result applied = kubectl("apply", "-n", "other", "-f", manifest.toString());
        assertThat(applied.exitCode).as(applied.toString()).isZero();

        assertThat(client.genericKubernetesResources(MILVUS_ALIAS).inNamespace("other").withName("invoices").get())
                .isNotNull();
        assertThat(kubectl("get", "malias", "invoices").exitCode).as("not in the default namespace").isEqualTo(1);

        Kubectl.Result all = kubectl("get", "malias", "--all-namespaces");
        assertThat(all.exitCode).as(all.toString()).isZero();
        assertThat(all.stdout.lines().findFirst().orElseThrow()).startsWith("NAMESPACE");
        assertThat(all.stdout).containsPattern("other\\s+invoices\\s+invoices\\s+invoices_v1");

        Kubectl.Result ns = kubectl("get", "ns");
        assertThat(ns.stdout).containsPattern("default\\s+Active").containsPattern("other\\s+Active");
    }

    @Test
    void createSecretGeneric() {
        Kubectl.Result created = kubectl("create", "secret", "generic", "milvus-credentials",
                "--from-literal=username=root", "--from-literal=password=Milvus");
        assertThat(created.exitCode).as(created.toString()).isZero();
        assertThat(created.stdout.trim()).isEqualTo("secret/milvus-credentials created");

        Secret secret = client.secrets().inNamespace("default").withName("milvus-credentials").get();
        assertThat(secret.getType()).isEqualTo("Opaque");
        assertThat(decode(secret.getData().get("username"))).isEqualTo("root");
        assertThat(decode(secret.getData().get("password"))).isEqualTo("Milvus");

        Kubectl.Result listed = kubectl("get", "secrets");
        assertThat(listed.exitCode).as(listed.toString()).isZero();
        assertThat(listed.stdout).containsPattern("milvus-credentials\\s+Opaque\\s+2\\s+\\d+s");
    }

    @Test
    void applySecretManifestWithStringData() throws IOException {
        Path manifest = work.resolve("secret.yaml");
        String yaml = String.join("\n",
                "apiVersion: v1",
                "kind: Secret",
                "metadata:",
                "  name: milvus-token",
                "stringData:",
                "  token: first",
                "");
        Files.writeString(manifest, yaml);
        Kubectl.Result created = kubectl("apply", "-f", manifest.toString());
        assertThat(created.exitCode).as(created.toString()).isZero();
        assertThat(decode(client.secrets().inNamespace("default").withName("milvus-token").get().getData().get("token")))
                .isEqualTo("first");

        Files.writeString(manifest, yaml.replace("first", "second"));
        Kubectl.Result configured = kubectl("apply", "-f", manifest.toString());
        assertThat(configured.exitCode).as(configured.toString()).isZero();
        assertThat(configured.stdout.trim()).isEqualTo("secret/milvus-token configured");
        Secret secret = client.secrets().inNamespace("default").withName("milvus-token").get();
        assertThat(decode(secret.getData().get("token"))).isEqualTo("second");
        assertThat(secret.getStringData()).as("folded into data, like a real API server does").isNullOrEmpty();
    }

    @Test
    void getEventsShowsEventsRecordedThroughTheClient() {
        Kubectl.Result empty = kubectl("get", "events", "-n", "kube-public");
        assertThat(empty.exitCode).as(empty.toString()).isZero();
        assertThat(empty.stderr).contains("No resources found in kube-public namespace.");

        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        client.v1().events().inNamespace("default").resource(new EventBuilder()
                .withNewMetadata().withName("events-alias.1").endMetadata()
                .withNewInvolvedObject().withApiVersion("milvus.io/v1alpha1").withKind("MilvusAlias")
                .withName("events-alias").withNamespace("default").endInvolvedObject()
                .withType("Warning").withReason("CollectionNotFound").withMessage("collection events_v1 does not exist")
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent("milvus-alias-operator").endSource()
                .build()).create();

        Kubectl.Result events = kubectl("get", "events");
        assertThat(events.exitCode).as(events.toString()).isZero();
        assertThat(events.stdout.lines().findFirst().orElseThrow().split("\\s{2,}"))
                .containsExactly("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
        assertThat(events.stdout).containsPattern(
                "\\d+s\\s+Warning\\s+CollectionNotFound\\s+milvusalias/events-alias\\s+collection events_v1 does not exist");

        Kubectl.Result selected = kubectl("get", "events", "--field-selector", "involvedObject.name=events-alias",
                "-o", "name");
        assertThat(selected.stdout.trim()).isEqualTo("event/events-alias.1");
    }

    @Test
    void getWatchStreamsChanges() throws Exception {
        Path manifest = work.resolve("watched.yaml");
        Files.writeString(manifest, aliasYaml("watched", "watched", "watched_v1", "Retain"));
        assertThat(kubectl("apply", "-f", manifest.toString()).exitCode).isZero();

        Path out = work.resolve("watch.out");
        Process watch = kubectlProcess(List.of("get", "malias", "watched", "--watch"), out, work.resolve("watch.err"));
        try {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.readString(out).contains("watched_v1"));
            client.genericKubernetesResources(MILVUS_ALIAS).inNamespace("default").withName("watched")
                    .editStatus(r -> withStatus(r, "default", "False", "CollectionNotFound"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.readString(out).contains("CollectionNotFound"));
            assertThat(watch.isAlive()).isTrue();
        } finally {
            watch.destroy();
            watch.waitFor(5, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String aliasYaml(String name, String alias, String collection, String deletionPolicy) {
        return String.join("\n",
                "apiVersion: milvus.io/v1alpha1",
                "kind: MilvusAlias",
                "metadata:",
                "  name: " + name,
                "spec:",
                "  alias: " + alias,
                "  collectionName: " + collection,
                "  database: default",
                "  connectionRef:",
                "    name: milvus",
                "  deletionPolicy: " + deletionPolicy,
                "");
    }

    private static GenericKubernetesResource withStatus(GenericKubernetesResource r, String database, String ready,
            String reason) {
        r.setAdditionalProperty("status", Map.of(
                "database", database,
                "conditions", List.of(Map.of("type", "Ready", "status", ready, "reason", reason,
                        "message", "set by the test"))));
        return r;
    }

    private static GenericKubernetesResource alias(String name) {
        return client.genericKubernetesResources(MILVUS_ALIAS).inNamespace("default").withName(name).get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> conditions(GenericKubernetesResource r) {
        Map<String, Object> status = (Map<String, Object>) r.getAdditionalProperties().get("status");
        return (List<Object>) status.get("conditions");
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    /** The local addresses (dotted IPv4 or IPv6 hex) of the sockets listening on {@code port}, from /proc/net. */
    private static List<String> listeningAddresses(int port) throws IOException {
        List<String> out = new ArrayList<>();
        String portHex = String.format("%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[1].contains(":") || !"0A".equals(f[3])) { // 0A = LISTEN
                    continue;
                }
                String[] local = f[1].split(":");
                if (local[1].equalsIgnoreCase(portHex)) {
                    out.add(procNetAddress(local[0]).getHostAddress());
                }
            }
        }
        return out;
    }

    /**
      * /proc/net/tcp[6] print addresses as 32-bit words in host (little-endian) byte order. An IPv4-mapped IPv6 address
      * (a dual-stack socket bound to 127.0.0.1) comes back as the plain IPv4 address.
      */
    private static InetAddress procNetAddress(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes);
    }

    /** The IPv4 addresses of this host's non-loopback interfaces that are up. */
    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    private static Kubectl.Result kubectl(String... args) {
        return Kubectl.run(KUBECTL, kubeconfig, home, work, KUBECTL_TIMEOUT, List.of(args));
    }

    private static Process kubectlProcess(List<String> args, Path stdout, Path stderr) throws IOException {
        return Kubectl.processBuilder(KUBECTL, kubeconfig, home, args)
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
