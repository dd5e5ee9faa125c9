package dev.milvusalias.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Evaluates the CEL rules of the committed MilvusAlias CRD with a CEL implementation, the way the
 * API server applies them: rules that mention oldSelf only on update, and only where the field
 * exists before and after. The fabric8 mock server ignores CEL, so this is the test that proves the
 * immutability and consistency rules a real cluster enforces.
 */
class CrdCelRulesTest {

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN).addVar("oldSelf", SimpleType.DYN).build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    /** A rule and the spec path it is declared on ("" = spec itself). */
    record Rule(String path, String expression, String message) {
    }

    private static List<Rule> rules;

    @BeforeAll
    static void loadRules() throws IOException {
        CustomResourceDefinition crd = Serialization.unmarshal(
                Files.readString(Path.of("crds/milvusaliases.milvus.io.yaml")), CustomResourceDefinition.class);
        JSONSchemaProps spec = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
                .getProperties().get("spec");
        rules = new ArrayList<>();
        collect("", spec, rules);
    }

    private static void collect(String path, JSONSchemaProps schema, List<Rule> into) {
        if (schema.getXKubernetesValidations() != null) {
            schema.getXKubernetesValidations().forEach(v -> into.add(new Rule(path, v.getRule(), v.getMessage())));
        }
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((name, child) -> collect(path.isEmpty() ? name : path + "." + name, child, into));
        }
    }

    @Test
    void theCrdCarriesTheRules() {
        assertThat(rules).extracting(Rule::path).contains("", "alias", "connectionRef");
    }

    @Test
    void aValidSpecIsAccepted() throws Exception {
        assertThat(violations(null, spec("products", "products_v1", null, "milvus"))).isEmpty();
    }

    @Test
    void aliasEqualToCollectionIsRejectedOnCreate() throws Exception {
        assertThat(violations(null, spec("products", "products", null, "milvus")))
                .anyMatch(m -> m.contains("must differ"));
    }

    @Test
    void switchingTheCollectionIsAllowed() throws Exception {
        assertThat(violations(spec("products", "products_v1", "search", "milvus"),
                spec("products", "products_v2", "search", "milvus"))).isEmpty();
    }

    @Test
    void aliasIsImmutable() throws Exception {
        assertThat(violations(spec("products", "v1", null, "milvus"), spec("items", "v1", null, "milvus")))
                .anyMatch(m -> m.contains("alias is immutable"));
    }

    @Test
    void connectionRefIsImmutable() throws Exception {
        assertThat(violations(spec("products", "v1", null, "milvus"), spec("products", "v1", null, "other")))
                .anyMatch(m -> m.contains("connectionRef is immutable"));
    }

    @Test
    void connectionKindIsPartOfTheImmutableReference() throws Exception {
        Map<String, Object> namespaced = spec("products", "v1", null, "milvus");
        Map<String, Object> shared = withKind(spec("products", "v1", null, "milvus"), "ClusterMilvusConnection");

        assertThat(violations(defaulted(namespaced), defaulted(shared)))
                .anyMatch(m -> m.contains("connectionRef is immutable"));
        assertThat(violations(defaulted(shared), defaulted(namespaced)))
                .anyMatch(m -> m.contains("connectionRef is immutable"));
    }

    @Test
    void anObjectStoredWithoutKindMayNameTheDefaultKindExplicitly() throws Exception {
        // Stored before connectionRef.kind existed; the API server applies the schema default on read and on write.
        Map<String, Object> stored = spec("products", "v1", null, "milvus");
        Map<String, Object> explicit = withKind(spec("products", "v1", null, "milvus"), "MilvusConnection");

        assertThat(connectionKindDefault()).isEqualTo("MilvusConnection");
        assertThat(violations(defaulted(stored), defaulted(explicit))).isEmpty();
    }

    @Test
    void namespaceSelectorRequirementsNeedValuesExactlyForInAndNotIn() throws Exception {
        CustomResourceDefinition crd = Serialization.unmarshal(
                Files.readString(Path.of("crds/clustermilvusconnections.milvus.io.yaml")), CustomResourceDefinition.class);
        JSONSchemaProps requirement = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
                .getProperties().get("spec").getProperties().get("allowedNamespaces").getProperties()
                .get("matchExpressions").getItems().getSchema();
        String rule = requirement.getXKubernetesValidations().get(0).getRule();

        assertThat(holds(rule, Map.of("key", "team", "operator", "In", "values", List.of("search")))).isTrue();
        assertThat(holds(rule, Map.of("key", "team", "operator", "NotIn", "values", List.of("ads")))).isTrue();
        assertThat(holds(rule, Map.of("key", "team", "operator", "Exists"))).isTrue();
        assertThat(holds(rule, Map.of("key", "team", "operator", "DoesNotExist", "values", List.of()))).isTrue();
        assertThat(holds(rule, Map.of("key", "team", "operator", "In"))).isFalse();
        assertThat(holds(rule, Map.of("key", "team", "operator", "NotIn", "values", List.of()))).isFalse();
        assertThat(holds(rule, Map.of("key", "team", "operator", "Exists", "values", List.of("x")))).isFalse();
    }

    private static boolean holds(String rule, Map<String, Object> self) throws Exception {
        var ast = COMPILER.compile(rule).getAst();
        return Boolean.TRUE.equals(RUNTIME.createProgram(ast).eval(Map.of("self", self)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withKind(Map<String, Object> spec, String kind) {
        Map<String, Object> ref = new HashMap<>((Map<String, Object>) spec.get("connectionRef"));
        ref.put("kind", kind);
        spec.put("connectionRef", ref);
        return spec;
    }

    /** The spec as the API server sees it after applying the schema default of connectionRef.kind. */
    private static Map<String, Object> defaulted(Map<String, Object> spec) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> ref = new HashMap<>((Map<String, Object>) spec.get("connectionRef"));
        ref.putIfAbsent("kind", connectionKindDefault());
        Map<String, Object> copy = new HashMap<>(spec);
        copy.put("connectionRef", ref);
        return copy;
    }

    private static String connectionKindDefault() throws IOException {
        CustomResourceDefinition crd = Serialization.unmarshal(
                Files.readString(Path.of("crds/milvusaliases.milvus.io.yaml")), CustomResourceDefinition.class);
        return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec")
                .getProperties().get("connectionRef").getProperties().get("kind").getDefault().asText();
    }

    @Test
    void databaseCanBeNeitherChangedNorAddedNorRemoved() throws Exception {
        assertThat(violations(spec("p", "v1", "a", "m"), spec("p", "v1", "b", "m"))).anyMatch(m -> m.contains("database"));
        assertThat(violations(spec("p", "v1", null, "m"), spec("p", "v1", "b", "m"))).anyMatch(m -> m.contains("database"));
        assertThat(violations(spec("p", "v1", "a", "m"), spec("p", "v1", null, "m"))).anyMatch(m -> m.contains("database"));
        assertThat(violations(spec("p", "v1", "a", "m"), spec("p", "v1", "a", "m"))).isEmpty();
    }

    /** Messages of the rules that reject the change from {@code old} (null on create) to {@code updated}. */
    private static List<String> violations(Map<String, Object> old, Map<String, Object> updated) throws Exception {
        List<String> messages = new ArrayList<>();
        for (Rule rule : rules) {
            boolean transition = rule.expression().contains("oldSelf");
            Object self = at(updated, rule.path());
            Object oldSelf = old == null ? null : at(old, rule.path());
            if (self == null || (transition && oldSelf == null)) {
                continue; // the API server skips rules on absent fields, and transition rules on create
            }
            Map<String, Object> vars = new HashMap<>();
            vars.put("self", self);
            if (transition) {
                vars.put("oldSelf", oldSelf);
            }
            var ast = COMPILER.compile(rule.expression()).getAst();
            Object result = RUNTIME.createProgram(ast).eval(vars);
            if (!Boolean.TRUE.equals(result)) {
                messages.add(rule.message());
            }
        }
        return messages;
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> spec, String path) {
        Object node = spec;
        if (path.isEmpty()) {
            return node;
        }
        for (String part : path.split("\\.")) {
            node = node instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(part) : null;
        }
        return node;
    }

    private static Map<String, Object> spec(String alias, String collection, String database, String connection) {
        Map<String, Object> spec = new HashMap<>();
        spec.put("alias", alias);
        spec.put("collectionName", collection);
        spec.put("connectionRef", Map.of("name", connection));
        spec.put("deletionPolicy", "Delete");
        if (database != null) {
            spec.put("database", database);
        }
        return spec;
    }
}
