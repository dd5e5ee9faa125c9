package dev.milvusalias.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * A rendered set of Kubernetes objects (kustomize or Helm output) and the questions the deploy tests ask
 * of it. Objects are parsed into fabric8's typed model, so a misspelt field shows up as an unknown
 * property (see {@link #unknownFields()}) instead of being silently dropped by the API server.
 */
final class Manifests {

    static final Path DEPLOY = Path.of("deploy");
    static final String OPERATOR_NAMESPACE = "milvus-alias-system";
    static final String NAME = "milvus-alias-operator";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private final List<HasMetadata> objects;

    private Manifests(List<HasMetadata> objects) {
        this.objects = List.copyOf(objects);
    }

    /** Parses a multi-document YAML stream; empty documents (Helm leaves some) are skipped. */
    static Manifests parse(String yaml) {
        List<HasMetadata> parsed = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            boolean blank = document.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"));
            if (!blank) {
                parsed.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
            }
        }
        return new Manifests(parsed);
    }

    /** Runs `kubectl kustomize DIR` (kubectl's built-in kustomize) and parses the result. */
    static Manifests kustomize(Path dir) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new IOException(
                    "kubectl 1.30+ renders the kustomize manifests: `make prereqs` says how to install it", e);
        }
        var stdout = process.getInputStream().readAllBytes();
        var stderr = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("kubectl kustomize %s failed: %s", dir, new String(stderr, StandardCharsets.UTF_8))
                .isZero();
        return parse(new String(stdout, StandardCharsets.UTF_8));
    }

    /**
     * Renders {@code base} (a directory under deploy/) with kustomize {@code components} added, as a user's overlay
     * would: through a kustomization written to target/ (an overlay inside deploy/ could not include deploy/).
     */
    static Manifests kustomizeWithComponents(Path base, List<Path> components) throws IOException, InterruptedException {
        Path overlay = Path.of("target/kustomize-overlays", base.toString().replace('/', '-'));
        java.nio.file.Files.createDirectories(overlay);
        StringBuilder kustomization = new StringBuilder("resources:\n  - ../../../" + base + "\ncomponents:\n");
        components.forEach(c -> kustomization.append("  - ../../../").append(c).append('\n'));
        java.nio.file.Files.writeString(overlay.resolve("kustomization.yaml"), kustomization);
        return kustomize(overlay);
    }

    List<HasMetadata> all() {
        return objects;
    }

    <T extends HasMetadata> List<T> ofType(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name
                + " among " + ids()));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        List<T> matches = ofType(type).stream().filter(o -> name.equals(o.getMetadata().getName())).toList();
        assertThat(matches).as("%s %s", type.getSimpleName(), name).hasSizeLessThanOrEqualTo(1);
        return matches.stream().findFirst();
    }

    List<GenericKubernetesResource> ofKind(String kind) {
        return ofType(GenericKubernetesResource.class).stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    Deployment deployment() {
        List<Deployment> deployments = ofType(Deployment.class);
        assertThat(deployments).hasSize(1);
        return deployments.get(0);
    }

    Container operatorContainer() {
        List<Container> containers = deployment().getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    List<CustomResourceDefinition> crds() {
        return ofType(CustomResourceDefinition.class);
    }

    /** "Kind namespace/name" of every object, for failure messages and set comparisons. */
    Set<String> ids() {
        Set<String> ids = new TreeSet<>();
        for (HasMetadata o : objects) {
            String ns = o.getMetadata().getNamespace();
            ids.add(o.getKind() + " " + (ns == null ? "" : ns + "/") + o.getMetadata().getName());
        }
        return ids;
    }

    /**
     * Rules flattened to one "apiGroup resource verb" line per combination, with "[names]" appended when
     * the rule is limited to resourceNames, so that two sets compare regardless of how rules are grouped.
     */
    static Set<String> grants(List<PolicyRule> rules) {
        Set<String> grants = new TreeSet<>();
        for (PolicyRule rule : rules) {
            assertThat(rule.getNonResourceURLs()).as("nonResourceURLs").isNullOrEmpty();
            String names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                    ? ""
                    : " " + new TreeSet<>(rule.getResourceNames());
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        grants.add((group.isEmpty() ? "core" : group) + " " + resource + " " + verb + names);
                    }
                }
            }
        }
        return grants;
    }

    /**
     * Paths of fields that the typed model did not recognise (kept in additionalProperties), e.g.
     * "Deployment milvus-alias-system/x: spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem".
     * Custom resources without a model (ServiceMonitor) and CRDs (generated) are not checked.
     */
    List<String> unknownFields() {
        List<String> unknown = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof GenericKubernetesResource || o instanceof CustomResourceDefinition) {
                continue;
            }
            String id = o.getKind() + " " + o.getMetadata().getName();
            collectUnknown(o, "", id, unknown, new IdentityHashMap<>());
        }
        return unknown;
    }

    private static void collectUnknown(Object value, String path, String id, List<String> out,
            IdentityHashMap<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknown(item, path + "[" + i++ + "]", id, out, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknown(v, path + "[" + k + "]", id, out, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            if (field.equals("additionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> out.add(id + ": " + join(path, String.valueOf(k))));
                }
            } else {
                collectUnknown(child, join(path, field), id, out, seen);
            }
        }
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** The *.yaml files of a directory other than kustomization.yaml, by file name. */
    static Map<String, String> yamlFiles(Path dir) throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        try (Stream<Path> listing = java.nio.file.Files.list(dir)) {
            for (Path file : listing.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".yaml") && !name.equals("kustomization.yaml")) {
                    files.put(name, java.nio.file.Files.readString(file));
                }
            }
        }
        return files;
    }
}
