package dev.milvusalias.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parser for the part of PromQL that the shipped alerts and dashboard use: selectors with matchers, range
 * selectors, functions, aggregations with {@code by}/{@code without}, and binary operators without vector-matching
 * modifiers. Anything else is a parse error, which keeps the shipped expressions simple enough to be evaluated by
 * {@link PromQlEngine}. No Java PromQL engine is published on Maven Central (the Java PromQL parsers there stop at
 * the syntax tree), and promtool is a Go binary.
 */
final class PromQl {

    /** A parsed expression. */
    sealed interface Expr permits NumberLiteral, StringLiteral, Selector, RangeSelector, Call, Aggregation, Binary,
            Negation {
    }

    record NumberLiteral(double value) implements Expr {
    }

    record StringLiteral(String value) implements Expr {
    }

    /** {@code op} is one of =, !=, =~, !~. */
    record LabelMatcher(String label, String op, String value) {

        boolean matches(String actual) {
            String v = actual == null ? "" : actual;
            return switch (op) {
                case "=" -> v.equals(value);
                case "!=" -> !v.equals(value);
                case "=~" -> v.matches(value);
                case "!~" -> !v.matches(value);
                default -> throw new IllegalStateException(op);
            };
        }
    }

    /** An instant vector selector; the metric name, if given, is the matcher {@code __name__ = name}. */
    record Selector(List<LabelMatcher> matchers) implements Expr {

        String metricName() {
            return matchers.stream().filter(m -> m.label().equals("__name__") && m.op().equals("="))
                    .map(LabelMatcher::value).findFirst().orElse(null);
        }
    }

    record RangeSelector(Selector selector, long rangeSeconds) implements Expr {
    }

    record Call(String function, List<Expr> args) implements Expr {
    }

    /** {@code without} false: {@code by (grouping)}; an aggregation without a clause groups by nothing. */
    record Aggregation(String op, List<String> grouping, boolean without, Expr arg) implements Expr {
    }

    record Binary(String op, Expr left, Expr right) implements Expr {
    }

    record Negation(Expr arg) implements Expr {
    }

    static final Set<String> FUNCTIONS = Set.of("rate", "increase", "max_over_time", "absent", "absent_over_time",
            "histogram_quantile");
    static final Set<String> AGGREGATIONS = Set.of("sum", "max", "min", "count", "avg");
    private static final Set<String> COMPARISONS = Set.of("==", "!=", ">", "<", ">=", "<=");

    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(?:(?<duration>\\d+[smhdwy](?![a-zA-Z0-9_]))|(?<number>\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)"
                    + "|(?<ident>[a-zA-Z_:][a-zA-Z0-9_:]*)|(?<string>\"(?:[^\"\\\\]|\\\\.)*\")"
                    + "|(?<op>=~|!~|==|!=|>=|<=|[-+*/%(){}\\[\\],=<>]))");

    private final List<String> tokens = new ArrayList<>();
    private final String source;
    private int next;

    private PromQl(String source) {
        this.source = source;
        Matcher m = TOKEN.matcher(source);
        int at = 0;
        while (at < source.length()) {
            if (source.substring(at).isBlank()) {
                break;
            }
            if (!m.find(at) || m.start() != at) {
                throw error("unexpected character at " + at);
            }
            tokens.add(m.group().strip());
            at = m.end();
        }
    }

    /** Parses {@code source}; throws IllegalArgumentException on anything outside the supported subset. */
    static Expr parse(String source) {
        PromQl parser = new PromQl(source);
        Expr expr = parser.or();
        if (parser.next != parser.tokens.size()) {
            throw parser.error("unexpected '" + parser.tokens.get(parser.next) + "'");
        }
        return expr;
    }

    /** The metric names of every selector in {@code expr}. */
    static Set<String> metricNames(Expr expr) {
        Set<String> names = new TreeSet<>();
        selectors(expr).stream().map(Selector::metricName).filter(java.util.Objects::nonNull).forEach(names::add);
        return names;
    }

    /** Every selector in {@code expr}. */
    static List<Selector> selectors(Expr expr) {
        List<Selector> found = new ArrayList<>();
        collect(expr, found);
        return found;
    }

    private static void collect(Expr expr, List<Selector> found) {
        if (expr instanceof Selector s) {
            found.add(s);
        } else if (expr instanceof RangeSelector r) {
            found.add(r.selector());
        } else if (expr instanceof Call c) {
            c.args().forEach(a -> collect(a, found));
        } else if (expr instanceof Aggregation a) {
            collect(a.arg(), found);
        } else if (expr instanceof Binary b) {
            collect(b.left(), found);
            collect(b.right(), found);
        } else if (expr instanceof Negation n) {
            collect(n.arg(), found);
        }
    }

    /** Seconds of a PromQL duration such as 30s, 5m, 1h. */
    static long durationSeconds(String duration) {
        long amount = Long.parseLong(duration.substring(0, duration.length() - 1));
        return amount * switch (duration.charAt(duration.length() - 1)) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86400;
            case 'w' -> 604800;
            case 'y' -> 31536000;
            default -> throw new IllegalArgumentException(duration);
        };
    }

    // ---- recursive descent, lowest precedence first ----

    private Expr or() {
        return leftAssociative(this::andUnless, Set.of("or"));
    }

    private Expr andUnless() {
        return leftAssociative(this::comparison, Set.of("and", "unless"));
    }

    private Expr comparison() {
        Expr left = additive();
        while (next < tokens.size() && COMPARISONS.contains(tokens.get(next))) {
            String op = tokens.get(next++);
            if (peekIs("bool")) {
                throw error("the bool modifier is not supported");
            }
            left = new Binary(op, left, additive());
        }
        return left;
    }

    private Expr additive() {
        return leftAssociative(this::multiplicative, Set.of("+", "-"));
    }

    private Expr multiplicative() {
        return leftAssociative(this::unary, Set.of("*", "/", "%"));
    }

    /** operand (op operand)*, grouped to the left. */
    private Expr leftAssociative(java.util.function.Supplier<Expr> operand, Set<String> operators) {
        Expr left = operand.get();
        while (next < tokens.size() && operators.contains(tokens.get(next).toLowerCase(Locale.ROOT))) {
            String op = tokens.get(next++).toLowerCase(Locale.ROOT);
            left = new Binary(op, left, operand.get());
        }
        return left;
    }

    private Expr unary() {
        if (accept("-")) {
            return new Negation(unary());
        }
        Expr primary = primary();
        if (accept("[")) {
            if (!(primary instanceof Selector selector)) {
                throw error("a range needs a selector (subqueries are not supported)");
            }
            String duration = take();
            if (!duration.matches("\\d+[smhdwy]")) {
                throw error("not a duration: " + duration);
            }
            expect("]");
            return new RangeSelector(selector, durationSeconds(duration));
        }
        return primary;
    }

    private Expr primary() {
        String token = take();
        if (token.equals("(")) {
            Expr inner = or();
            expect(")");
            return inner;
        }
        if (token.startsWith("\"")) {
            return new StringLiteral(unquote(token));
        }
        if (Character.isDigit(token.charAt(0))) {
            return new NumberLiteral(Double.parseDouble(token));
        }
        if (token.equals("{")) {
            return new Selector(matchers(new ArrayList<>()));
        }
        if (AGGREGATIONS.contains(token)) {
            return aggregation(token);
        }
        if (peekIs("(")) {
            if (!FUNCTIONS.contains(token)) {
                throw error("unsupported function " + token);
            }
            expect("(");
            List<Expr> args = new ArrayList<>();
            do {
                args.add(or());
            } while (accept(","));
            expect(")");
            return new Call(token, args);
        }
        if (!token.matches("[a-zA-Z_:][a-zA-Z0-9_:]*") || Set.of("by", "without", "on", "ignoring").contains(token)) {
            throw error("unexpected '" + token + "'");
        }
        List<LabelMatcher> matchers = new ArrayList<>(List.of(new LabelMatcher("__name__", "=", token)));
        return new Selector(accept("{") ? matchers(matchers) : matchers);
    }

    private Aggregation aggregation(String op) {
        List<String> grouping = List.of();
        boolean without = false;
        boolean grouped = false;
        if (peekIs("by") || peekIs("without")) {
            without = take().equals("without");
            grouping = labelList();
            grouped = true;
        }
        expect("(");
        Expr arg = or();
        expect(")");
        if (!grouped && (peekIs("by") || peekIs("without"))) {
            without = take().equals("without");
            grouping = labelList();
        }
        return new Aggregation(op, grouping, without, arg);
    }

    private List<String> labelList() {
        expect("(");
        List<String> labels = new ArrayList<>();
        if (!peekIs(")")) {
            do {
                labels.add(take());
            } while (accept(","));
        }
        expect(")");
        return List.copyOf(labels);
    }

    private List<LabelMatcher> matchers(List<LabelMatcher> matchers) {
        if (!accept("}")) {
            do {
                String label = take();
                String op = take();
                if (!Set.of("=", "!=", "=~", "!~").contains(op)) {
                    throw error("not a matcher operator: " + op);
                }
                String value = take();
                if (!value.startsWith("\"")) {
                    throw error("a matcher needs a string, got " + value);
                }
                matchers.add(new LabelMatcher(label, op, unquote(value)));
            } while (accept(",") && !peekIs("}"));
            expect("}");
        }
        return List.copyOf(matchers);
    }

    // ---- tokens ----

    private boolean peekIs(String token) {
        return next < tokens.size() && tokens.get(next).toLowerCase(Locale.ROOT).equals(token);
    }

    private boolean accept(String token) {
        if (peekIs(token)) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!accept(token)) {
            throw error("expected '" + token + "'" + (next < tokens.size() ? " at '" + tokens.get(next) + "'" : ""));
        }
    }

    private String take() {
        if (next >= tokens.size()) {
            throw error("unexpected end");
        }
        return tokens.get(next++);
    }

    private static String unquote(String quoted) {
        return quoted.substring(1, quoted.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message + " in: " + source);
    }
}
