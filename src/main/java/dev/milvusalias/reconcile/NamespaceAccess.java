package dev.milvusalias.reconcile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.milvusalias.api.ClusterMilvusConnection;
import dev.milvusalias.api.NamespaceSelector;
import dev.milvusalias.api.SelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;

/**
 * Who may use a ClusterMilvusConnection: the namespaces its spec.allowedNamespaces selects. Absent selects no
 * namespace (safe by default), {@code {}} selects every one, anything else is matched against the namespace's
 * labels as the informer cache holds them. A namespace the cache does not know yet is refused (fail closed);
 * its arrival wakes the aliases in it. A malformed selector selects nothing.
 */
public final class NamespaceAccess {

    /** The label the API server puts on every namespace, with the namespace's name as its value. */
    public static final String NAME_LABEL = "kubernetes.io/metadata.name";

    private NamespaceAccess() {
    }

    /** Why MilvusAliases in {@code namespace} may not use {@code connection}, or empty when they may. */
    public static Optional<String> denial(ClusterMilvusConnection connection, String namespace, ClusterView cluster) {
        String name = "ClusterMilvusConnection " + connection.getMetadata().getName();
        NamespaceSelector selector = connection.getSpec() == null ? null : connection.getSpec().getAllowedNamespaces();
        if (selector == null) {
            return Optional.of(name + " allows no namespace: its spec.allowedNamespaces is not set"
                    + " ({} allows every namespace, a label selector some)");
        }
        Optional<String> malformed = malformed(selector);
        if (malformed.isPresent()) {
            return Optional.of(name + " allows no namespace: its spec.allowedNamespaces is invalid (" + malformed.get() + ")");
        }
        if (selectsAll(selector)) {
            return Optional.empty();
        }
        Optional<Namespace> known = cluster.namespace(namespace);
        if (known.isEmpty()) {
            return Optional.of("namespace " + namespace + " is not known to the operator yet, so " + name
                    + " cannot match it against spec.allowedNamespaces (" + describe(selector) + ")");
        }
        if (!matches(selector, labelsOf(known.get()))) {
            return Optional.of(name + " does not allow namespace " + namespace
                    + ": its labels do not match spec.allowedNamespaces (" + describe(selector) + ")");
        }
        return Optional.empty();
    }

    /** Whether {@code selector} selects a namespace carrying {@code labels}; a malformed selector selects nothing. */
    public static boolean matches(NamespaceSelector selector, Map<String, String> labels) {
        if (selector == null || malformed(selector).isPresent()) {
            return false;
        }
        if (selector.getMatchLabels() != null) {
            for (var entry : selector.getMatchLabels().entrySet()) {
                if (!entry.getValue().equals(labels.get(entry.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (SelectorRequirement requirement : selector.getMatchExpressions()) {
                if (!matches(requirement, labels)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A namespace's labels, with kubernetes.io/metadata.name as the API server sets it. */
    static Map<String, String> labelsOf(Namespace namespace) {
        Map<String, String> labels = new HashMap<>();
        if (namespace.getMetadata().getLabels() != null) {
            labels.putAll(namespace.getMetadata().getLabels());
        }
        labels.put(NAME_LABEL, namespace.getMetadata().getName());
        return labels;
    }

    /** kubectl's selector syntax, e.g. "team=search,env in (prod,staging),!legacy". */
    static String describe(NamespaceSelector selector) {
        List<String> parts = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            new TreeMap<>(selector.getMatchLabels()).forEach((key, value) -> parts.add(key + "=" + value));
        }
        if (selector.getMatchExpressions() != null) {
            for (SelectorRequirement r : selector.getMatchExpressions()) {
                String values = r.getValues() == null ? "" : String.join(",", r.getValues());
                parts.add(switch (r.getOperator()) {
                    case In -> r.getKey() + " in (" + values + ")";
                    case NotIn -> r.getKey() + " notin (" + values + ")";
                    case Exists -> r.getKey();
                    case DoesNotExist -> "!" + r.getKey();
                });
            }
        }
        return parts.isEmpty() ? "{}: every namespace" : String.join(",", parts);
    }

    private static boolean selectsAll(NamespaceSelector selector) {
        return (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }

    private static boolean matches(SelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        return switch (requirement.getOperator()) {
            case In -> value != null && requirement.getValues().contains(value);
            case NotIn -> value == null || !requirement.getValues().contains(value);
            case Exists -> value != null;
            case DoesNotExist -> value == null;
        };
    }

    /** What the API server would reject in a LabelSelector, checked again for objects that bypassed the CRD. */
    private static Optional<String> malformed(NamespaceSelector selector) {
        if (selector.getMatchLabels() != null && selector.getMatchLabels().values().stream().anyMatch(v -> v == null)) {
            return Optional.of("a matchLabels entry has no value");
        }
        if (selector.getMatchExpressions() == null) {
            return Optional.empty();
        }
        for (SelectorRequirement r : selector.getMatchExpressions()) {
            if (r == null || r.getKey() == null || r.getKey().isEmpty() || r.getOperator() == null) {
                return Optional.of("a matchExpressions entry needs key and operator");
            }
            boolean hasValues = r.getValues() != null && !r.getValues().isEmpty();
            boolean needsValues = r.getOperator() == SelectorRequirement.Operator.In
                    || r.getOperator() == SelectorRequirement.Operator.NotIn;
            if (hasValues != needsValues) {
                return Optional.of("matchExpressions " + r.getKey() + " " + r.getOperator()
                        + (needsValues ? " needs values" : " takes no values"));
            }
        }
        return Optional.empty();
    }
}
