package dev.milvusalias.crd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * What a real API server checks on a {@code spec} before storing it, read from a committed CRD: the OpenAPI rules
 * (required, type string, pattern, minLength, maxLength, enum), then the CEL rules, which mention {@code oldSelf} only
 * on update and apply only where the field exists before and after. Fields the schema does not know are not errors
 * but pruned, as a structural schema without {@code x-kubernetes-preserve-unknown-fields} does. The fabric8 mock
 * server checks none of this; tests use this class to know what a cluster would refuse.
 */
public final class CrdValidation {

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN).addVar("oldSelf", SimpleType.DYN).build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    /** A CEL rule and the spec path it is declared on ("" = spec itself). */
    public record Rule(String path, String expression, String message) {
    }

    private final JSONSchemaProps spec;
    private final List<Rule> rules = new ArrayList<>();

    private CrdValidation(JSONSchemaProps spec) {
        this.spec = spec;
        collect("", spec);
    }

    /** The spec schema of the first version of a CRD file, e.g. {@code crds/milvusaliases.milvus.io.yaml}. */
    public static CrdValidation of(Path crdFile) {
        try {
            CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(crdFile), CustomResourceDefinition.class);
            return new CrdValidation(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
                    .getProperties().get("spec"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CEL rules of the spec, with their paths. */
    public List<Rule> rules() {
        return List.copyOf(rules);
    }

    /** What the API server answers for a spec on create ({@code old} null) or update: empty when it is stored. */
    public List<String> violations(Map<String, Object> old, Map<String, Object> updated) {
        List<String> messages = new ArrayList<>();
        schemaViolations("spec", spec, updated, messages);
        messages.addAll(celViolations(old, updated));
        return messages;
    }

    /** Only the messages of the CEL rules. */
    public List<String> celViolations(Map<String, Object> old, Map<String, Object> updated) {
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
            try {
                Object result = RUNTIME.createProgram(COMPILER.compile(rule.expression()).getAst()).eval(vars);
                if (!Boolean.TRUE.equals(result)) {
                    messages.add(rule.message());
                }
            } catch (Exception e) {
                throw new IllegalStateException("CEL rule " + rule.expression() + " does not evaluate: " + e, e);
            }
        }
        return messages;
    }

    /** Dotted paths of the spec's fields the schema does not know: the API server drops them silently. */
    public List<String> pruned(Map<String, Object> updated) {
        List<String> pruned = new ArrayList<>();
        prunedFields("spec", spec, updated, pruned);
        return pruned;
    }

    private void collect(String path, JSONSchemaProps schema) {
        if (schema.getXKubernetesValidations() != null) {
            schema.getXKubernetesValidations().forEach(v -> rules.add(new Rule(path, v.getRule(), v.getMessage())));
        }
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((name, child) -> collect(path.isEmpty() ? name : path + "." + name, child));
        }
    }

    @SuppressWarnings("unchecked")
    private static void schemaViolations(String path, JSONSchemaProps schema, Object value, List<String> messages) {
        if ("object".equals(schema.getType()) && value instanceof Map<?, ?> map) {
            if (schema.getRequired() != null) {
                schema.getRequired().stream().filter(field -> map.get(field) == null)
                        .forEach(field -> messages.add(path + "." + field + ": Required value"));
            }
            if (schema.getProperties() != null) {
                schema.getProperties().forEach((name, child) -> {
                    Object field = ((Map<String, Object>) map).get(name);
                    if (field != null) {
                        schemaViolations(path + "." + name, child, field, messages);
                    }
                });
            }
            return;
        }
        if (!"string".equals(schema.getType())) {
            return;
        }
        if (!(value instanceof String text)) {
            messages.add(path + ": Invalid value: must be of type string");
            return;
        }
        int length = text.codePointCount(0, text.length());
        if (schema.getMinLength() != null && length < schema.getMinLength()) {
            messages.add(path + ": Invalid value: \"" + text + "\": should be at least " + schema.getMinLength()
                    + " chars long");
        }
        if (schema.getMaxLength() != null && length > schema.getMaxLength()) {
            messages.add(path + ": Too long: may not be longer than " + schema.getMaxLength());
        }
        if (schema.getPattern() != null && !java.util.regex.Pattern.compile(schema.getPattern()).matcher(text).find()) {
            messages.add(path + ": Invalid value: \"" + text + "\": should match '" + schema.getPattern() + "'");
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty() && schema.getEnum().stream().noneMatch(e -> text.equals(e.asText()))) {
            messages.add(path + ": Unsupported value: \"" + text + "\"");
        }
    }

    @SuppressWarnings("unchecked")
    private static void prunedFields(String path, JSONSchemaProps schema, Object value, List<String> pruned) {
        if (!(value instanceof Map<?, ?> map) || schema.getProperties() == null
                || Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())) {
            return;
        }
        ((Map<String, Object>) map).forEach((name, field) -> {
            JSONSchemaProps child = schema.getProperties().get(name);
            if (child == null) {
                pruned.add(path + "." + name);
            } else {
                prunedFields(path + "." + name, child, field, pruned);
            }
        });
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
}
