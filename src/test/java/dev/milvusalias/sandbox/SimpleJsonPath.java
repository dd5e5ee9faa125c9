package dev.milvusalias.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
  * A deliberately small evaluator for the JSONPath subset that CRD additionalPrinterColumns use
  * (the Kubernetes dialect without the surrounding braces):
  * <ul>
  * <li>{@code .field}, {@code ['field']}, {@code ["field"]} (a backslash escapes a dot in a dotted name)</li>
  * <li>{@code [n]} (negative counts from the end), {@code [*]}, {@code .*}</li>
  * <li>{@code ..field} (recursive descent)</li>
  * <li>filters {@code [?(@.a.b == "x")]} with {@code == != < <= > >=} against string, number, boolean literals,
  * and existence filters {@code [?(@.a)]}</li>
  * </ul>
  * Anything else fails with {@link IllegalArgumentException}.
  */
final class SimpleJsonPath {

    private SimpleJsonPath() {
    }

    /** Evaluates {@code path} against {@code root}; returns every match in document order (possibly empty). */
    static List<JsonNode> evaluate(JsonNode root, String path) {
        String p = path.trim();
        if (p.startsWith("{") && p.endsWith("}")) {
            p = p.substring(1, p.length() - 1).trim();
        }
        if (p.startsWith("$")) {
            p = p.substring(1);
        }
        List<JsonNode> current = new ArrayList<>();
        if (root != null) {
            current.add(root);
        }
        Parser parser = new Parser(p);
        while (!parser.done()) {
            current = parser.step(current);
        }
        return current;
    }

    /** Returns the first match, or {@code null}. */
    static JsonNode first(JsonNode root, String path) {
        List<JsonNode> result = evaluate(root, path);
        return result.isEmpty() ? null : result.get(0);
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        boolean done() {
            return i >= s.length();
        }

        List<JsonNode> step(List<JsonNode> in) {
            char c = s.charAt(i);
            if (c == '.') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '.') {
                    i += 2;
                    List<JsonNode> all = new ArrayList<>();
                    for (JsonNode n : in) {
                        descendants(n, all);
                    }
                    if (!done() && s.charAt(i) == '[') {
                        return all; // the bracket is applied to every descendant by the next step
                    }
                    return children(all, readName());
                }
                i++;
                if (done()) {
                    return in;
                }
                if (s.charAt(i) == '*') {
                    i++;
                    return wildcard(in);
                }
                return children(in, readName());
            }
            if (c == '[') {
                return bracket(in);
            }
            // a leading bare name ("spec.alias") is tolerated
            return children(in, readName());
        }

        private String readName() {
            StringBuilder b = new StringBuilder();
            while (!done()) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length()) {
                    b.append(s.charAt(i + 1));
                    i += 2;
                    continue;
                }
                if (c == '.' || c == '[') {
                    break;
                }
                b.append(c);
                i++;
            }
            if (b.length() == 0) {
                throw new IllegalArgumentException("empty field name at " + i + " in " + s);
            }
            return b.toString();
        }

        private List<JsonNode> bracket(List<JsonNode> in) {
            int close = findClosingBracket(i);
            String inner = s.substring(i + 1, close).trim();
            i = close + 1;
            if (inner.equals("*")) {
                return wildcard(in);
            }
            if (inner.startsWith("?(") && inner.endsWith(")")) {
                return filter(in, inner.substring(2, inner.length() - 1).trim());
            }
            if ((inner.startsWith("'") && inner.endsWith("'")) || (inner.startsWith("\"") && inner.endsWith("\""))) {
                return children(in, inner.substring(1, inner.length() - 1));
            }
            if (inner.contains(":")) {
                return slice(in, inner);
            }
            int index = Integer.parseInt(inner);
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode n : in) {
                if (n.isArray()) {
                    int idx = index < 0 ? n.size() + index : index;
                    if (idx >= 0 && idx < n.size()) {
                        out.add(n.get(idx));
                    }
                }
            }
            return out;
        }

        private int findClosingBracket(int open) {
            int depth = 0;
            char quote = 0;
            for (int j = open; j < s.length(); j++) {
                char c = s.charAt(j);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                    continue;
                }
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '[') {
                    depth++;
                } else if (c == ']') {
                    depth--;
                    if (depth == 0) {
                        return j;
                    }
                }
            }
            throw new IllegalArgumentException("unclosed '[' in " + s);
        }

        private static List<JsonNode> slice(List<JsonNode> in, String inner) {
            String[] parts = inner.split(":", -1);
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode n : in) {
                if (!n.isArray()) {
                    continue;
                }
                int size = n.size();
                int from = parts[0].isBlank() ? 0 : Integer.parseInt(parts[0].trim());
                int to = parts.length < 2 || parts[1].isBlank() ? size : Integer.parseInt(parts[1].trim());
                from = from < 0 ? Math.max(0, size + from) : Math.min(from, size);
                to = to < 0 ? Math.max(0, size + to) : Math.min(to, size);
                for (int k = from; k < to; k++) {
                    out.add(n.get(k));
                }
            }
            return out;
        }

        private static List<JsonNode> filter(List<JsonNode> in, String expression) {
            String[] ops = { "==", "!=", "<=", ">=", "<", ">" };
            String op = null;
            int at = -1;
            for (String candidate : ops) {
                int idx = indexOutsideQuotes(expression, candidate);
                if (idx >= 0 && (at < 0 || idx < at)) {
                    at = idx;
                    op = candidate;
                }
            }
            String left = op == null ? expression : expression.substring(0, at).trim();
            if (!left.startsWith("@")) {
                throw new IllegalArgumentException("filter must start with @: " + expression);
            }
            String leftPath = left.substring(1);
            JsonNode literal = op == null ? null : parseLiteral(expression.substring(at + op.length()).trim());
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode n : in) {
                Iterable<JsonNode> candidates = n.isArray() ? n : List.of(n);
                for (JsonNode item : candidates) {
                    List<JsonNode> lhs = leftPath.isEmpty() ? List.of(item) : evaluate(item, leftPath);
                    if (op == null) {
                        if (!lhs.isEmpty()) {
                            out.add(item);
                        }
                    } else if (!lhs.isEmpty() && compare(lhs.get(0), op, literal)) {
                        out.add(item);
                    }
                }
            }
            return out;
        }

        private static int indexOutsideQuotes(String text, String needle) {
            char quote = 0;
            for (int j = 0; j < text.length(); j++) {
                char c = text.charAt(j);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                    continue;
                }
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (text.startsWith(needle, j)) {
                    return j;
                }
            }
            return -1;
        }

        private static JsonNode parseLiteral(String text) {
            var factory = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
            if ((text.startsWith("'") && text.endsWith("'")) || (text.startsWith("\"") && text.endsWith("\""))) {
                return factory.textNode(text.substring(1, text.length() - 1));
            }
            if (text.equals("true") || text.equals("false")) {
                return factory.booleanNode(Boolean.parseBoolean(text));
            }
            try {
                return factory.numberNode(new BigDecimal(text));
            } catch (NumberFormatException e) {
                return factory.textNode(text);
            }
        }

        private static boolean compare(JsonNode value, String op, JsonNode literal) {
            int cmp;
            if (value.isNumber() && literal.isNumber()) {
                cmp = value.decimalValue().compareTo(literal.decimalValue());
            } else if (value.isBoolean() && literal.isBoolean()) {
                cmp = Boolean.compare(value.booleanValue(), literal.booleanValue());
            } else if (value.isValueNode() && literal.isValueNode()) {
                cmp = value.asText().compareTo(literal.asText());
            } else {
                return false;
            }
            switch (op) {
                case "==":
                    return cmp == 0;
                case "!=":
                    return cmp != 0;
                case "<":
                    return cmp < 0;
                case "<=":
                    return cmp <= 0;
                case ">":
                    return cmp > 0;
                default:
                    return cmp >= 0;
            }
        }

        private static List<JsonNode> children(List<JsonNode> in, String name) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode n : in) {
                if (n.isObject() && n.has(name)) {
                    out.add(n.get(name));
                }
            }
            return out;
        }

        private static List<JsonNode> wildcard(List<JsonNode> in) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode n : in) {
                if (n.isContainerNode()) {
                    n.elements().forEachRemaining(out::add);
                }
            }
            return out;
        }

        private static void descendants(JsonNode n, List<JsonNode> out) {
            out.add(n);
            if (n.isObject()) {
                for (Map.Entry<String, JsonNode> field : n.properties()) {
                    descendants(field.getValue(), out);
                }
            } else if (n.isArray()) {
                for (JsonNode child : n) {
                    descendants(child, out);
                }
            }
        }
    }
}
