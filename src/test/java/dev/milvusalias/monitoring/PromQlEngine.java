package dev.milvusalias.monitoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleBinaryOperator;

import dev.milvusalias.monitoring.PromQl.Aggregation;
import dev.milvusalias.monitoring.PromQl.Binary;
import dev.milvusalias.monitoring.PromQl.Call;
import dev.milvusalias.monitoring.PromQl.Expr;
import dev.milvusalias.monitoring.PromQl.Negation;
import dev.milvusalias.monitoring.PromQl.NumberLiteral;
import dev.milvusalias.monitoring.PromQl.RangeSelector;
import dev.milvusalias.monitoring.PromQl.Selector;

/**
 * Evaluates {@link PromQl} expressions at an instant over in-memory series, with Prometheus' semantics for what the
 * shipped alerts use: the 5-minute lookback of instant selectors, left-open range windows, {@code rate}/{@code
 * increase} with counter resets and Prometheus' extrapolation, {@code max_over_time}, {@code absent} and
 * {@code absent_over_time}, aggregations,
 * and one-to-one vector matching (arithmetic, filtering comparisons, {@code and}/{@code or}/{@code unless}).
 * {@code AlertRulesTest} checks it against Prometheus' own results in the promtool-format cases.
 */
final class PromQlEngine {

    static final long LOOKBACK_SECONDS = 300;

    /** One series: labels including {@code __name__}, and samples by time in seconds (NaN-free, no stale markers). */
    record Series(Map<String, String> labels, TreeMap<Long, Double> samples) {
    }

    /** One element of an instant vector. */
    record Sample(Map<String, String> labels, double value) {
    }

    private final List<Series> series;

    PromQlEngine(List<Series> series) {
        this.series = series;
    }

    /** The instant vector {@code expr} yields at {@code time} (seconds); a scalar result is an error. */
    List<Sample> instantVector(Expr expr, long time) {
        Object value = eval(expr, time);
        if (!(value instanceof List<?>)) {
            throw new IllegalArgumentException("not an instant vector: " + expr);
        }
        @SuppressWarnings("unchecked")
        List<Sample> samples = (List<Sample>) value;
        return samples;
    }

    /** A Double (scalar) or a List of Sample (instant vector). */
    private Object eval(Expr expr, long time) {
        if (expr instanceof NumberLiteral n) {
            return n.value();
        }
        if (expr instanceof Selector s) {
            return select(s, time);
        }
        if (expr instanceof Negation n) {
            return map(eval(n.arg(), time), v -> -v);
        }
        if (expr instanceof Call c) {
            return call(c, time);
        }
        if (expr instanceof Aggregation a) {
            return aggregate(a, instantVector(a.arg(), time));
        }
        if (expr instanceof Binary b) {
            return binary(b.op(), eval(b.left(), time), eval(b.right(), time));
        }
        throw new IllegalArgumentException("cannot evaluate " + expr);
    }

    private List<Sample> select(Selector selector, long time) {
        List<Sample> out = new ArrayList<>();
        for (Series s : matching(selector)) {
            Map.Entry<Long, Double> latest = s.samples().floorEntry(time);
            if (latest != null && latest.getKey() > time - LOOKBACK_SECONDS) {
                out.add(new Sample(s.labels(), latest.getValue()));
            }
        }
        return out;
    }

    private List<Series> matching(Selector selector) {
        return series.stream()
                .filter(s -> selector.matchers().stream().allMatch(m -> m.matches(s.labels().get(m.label()))))
                .toList();
    }

    private Object call(Call call, long time) {
        switch (call.function()) {
            case "rate", "increase", "max_over_time" -> {
                RangeSelector range = (RangeSelector) call.args().get(0);
                List<Sample> out = new ArrayList<>();
                for (Series s : matching(range.selector())) {
                    // Prometheus 3: the window is (time - range, time].
                    var window = s.samples().subMap(time - range.rangeSeconds(), false, time, true);
                    Double value = switch (call.function()) {
                        case "max_over_time" -> window.values().stream().max(Double::compare).orElse(null);
                        default -> extrapolatedDelta(window, time, range.rangeSeconds(),
                                call.function().equals("rate"));
                    };
                    if (value != null) {
                        out.add(new Sample(withoutName(s.labels()), value));
                    }
                }
                return out;
            }
            case "absent", "absent_over_time" -> {
                Expr arg = call.args().get(0);
                boolean present = arg instanceof RangeSelector range
                        ? matching(range.selector()).stream().anyMatch(s -> !s.samples()
                                .subMap(time - range.rangeSeconds(), false, time, true).isEmpty())
                        : !instantVector(arg, time).isEmpty();
                if (present) {
                    return List.of();
                }
                // The labels of the argument's equality matchers, other than the name.
                Map<String, String> labels = new TreeMap<>();
                PromQl.selectors(call.args().get(0)).forEach(s -> s.matchers().stream()
                        .filter(m -> m.op().equals("=") && !m.label().equals("__name__"))
                        .forEach(m -> labels.put(m.label(), m.value())));
                return List.of(new Sample(labels, 1));
            }
            default -> throw new IllegalArgumentException("not evaluated here: " + call.function());
        }
    }

    /** Prometheus' extrapolatedRate for counters: increase over the window, or per second with {@code perSecond}. */
    private static Double extrapolatedDelta(Map<Long, Double> window, long time, long range, boolean perSecond) {
        if (window.size() < 2) {
            return null;
        }
        List<Map.Entry<Long, Double>> points = new ArrayList<>(window.entrySet());
        double first = points.get(0).getValue();
        double last = points.get(points.size() - 1).getValue();
        double delta = last - first;
        for (int i = 1; i < points.size(); i++) {
            double previous = points.get(i - 1).getValue();
            if (points.get(i).getValue() < previous) {
                delta += previous; // counter reset
            }
        }
        double firstTime = points.get(0).getKey();
        double lastTime = points.get(points.size() - 1).getKey();
        double sampled = lastTime - firstTime;
        double toStart = firstTime - (time - range);
        double toEnd = time - lastTime;
        double average = sampled / (points.size() - 1);
        if (delta > 0 && first >= 0) {
            double toZero = sampled * (first / delta);
            toStart = Math.min(toStart, toZero);
        }
        double threshold = average * 1.1;
        double interval = sampled + (toStart < threshold ? toStart : average / 2) + (toEnd < threshold ? toEnd : average / 2);
        double result = delta * (interval / sampled);
        return perSecond ? result / range : result;
    }

    private static List<Sample> aggregate(Aggregation aggregation, List<Sample> input) {
        Map<Map<String, String>, List<Double>> groups = new LinkedHashMap<>();
        for (Sample sample : input) {
            Map<String, String> key = new TreeMap<>();
            sample.labels().forEach((label, value) -> {
                boolean listed = aggregation.grouping().contains(label);
                if (!label.equals("__name__") && listed != aggregation.without()) {
                    key.put(label, value);
                }
            });
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(sample.value());
        }
        List<Sample> out = new ArrayList<>();
        groups.forEach((labels, values) -> out.add(new Sample(labels, switch (aggregation.op()) {
            case "sum" -> values.stream().mapToDouble(Double::doubleValue).sum();
            case "max" -> values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            case "min" -> values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            case "avg" -> values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            case "count" -> values.size();
            default -> throw new IllegalArgumentException(aggregation.op());
        })));
        return out;
    }

    private static Object binary(String op, Object left, Object right) {
        boolean comparison = switch (op) {
            case "==", "!=", ">", "<", ">=", "<=" -> true;
            default -> false;
        };
        if (left instanceof Double l && right instanceof Double r) {
            if (comparison) {
                throw new IllegalArgumentException("comparisons between scalars need bool");
            }
            return arithmetic(op).applyAsDouble(l, r);
        }
        if (left instanceof Double || right instanceof Double) {
            boolean scalarLeft = left instanceof Double;
            double scalar = (Double) (scalarLeft ? left : right);
            @SuppressWarnings("unchecked")
            List<Sample> vector = (List<Sample>) (scalarLeft ? right : left);
            List<Sample> out = new ArrayList<>();
            for (Sample s : vector) {
                double l = scalarLeft ? scalar : s.value();
                double r = scalarLeft ? s.value() : scalar;
                if (comparison) {
                    if (compare(op, l, r)) {
                        out.add(s); // a filter keeps the vector's sample as it is
                    }
                } else {
                    out.add(new Sample(withoutName(s.labels()), arithmetic(op).applyAsDouble(l, r)));
                }
            }
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Sample> l = (List<Sample>) left;
        @SuppressWarnings("unchecked")
        List<Sample> r = (List<Sample>) right;
        Map<Map<String, String>, Sample> rightBySignature = new LinkedHashMap<>();
        r.forEach(s -> rightBySignature.put(withoutName(s.labels()), s));
        List<Sample> out = new ArrayList<>();
        switch (op) {
            case "and" -> l.stream().filter(s -> rightBySignature.containsKey(withoutName(s.labels()))).forEach(out::add);
            case "unless" -> l.stream().filter(s -> !rightBySignature.containsKey(withoutName(s.labels()))).forEach(out::add);
            case "or" -> {
                out.addAll(l);
                var leftSignatures = l.stream().map(s -> withoutName(s.labels())).toList();
                r.stream().filter(s -> !leftSignatures.contains(withoutName(s.labels()))).forEach(out::add);
            }
            default -> {
                for (Sample s : l) {
                    Sample match = rightBySignature.get(withoutName(s.labels()));
                    if (match == null) {
                        continue;
                    }
                    if (comparison) {
                        if (compare(op, s.value(), match.value())) {
                            out.add(s);
                        }
                    } else {
                        out.add(new Sample(withoutName(s.labels()), arithmetic(op).applyAsDouble(s.value(), match.value())));
                    }
                }
            }
        }
        return out;
    }

    private static DoubleBinaryOperator arithmetic(String op) {
        return switch (op) {
            case "+" -> Double::sum;
            case "-" -> (a, b) -> a - b;
            case "*" -> (a, b) -> a * b;
            case "/" -> (a, b) -> a / b;
            case "%" -> (a, b) -> a % b;
            default -> throw new IllegalArgumentException("not an arithmetic operator: " + op);
        };
    }

    private static boolean compare(String op, double l, double r) {
        return switch (op) {
            case "==" -> l == r;
            case "!=" -> l != r;
            case ">" -> l > r;
            case "<" -> l < r;
            case ">=" -> l >= r;
            case "<=" -> l <= r;
            default -> throw new IllegalArgumentException(op);
        };
    }

    private static Object map(Object value, java.util.function.DoubleUnaryOperator f) {
        if (value instanceof Double d) {
            return f.applyAsDouble(d);
        }
        @SuppressWarnings("unchecked")
        List<Sample> vector = (List<Sample>) value;
        return vector.stream().map(s -> new Sample(withoutName(s.labels()), f.applyAsDouble(s.value()))).toList();
    }

    private static Map<String, String> withoutName(Map<String, String> labels) {
        Map<String, String> copy = new TreeMap<>(labels);
        copy.remove("__name__");
        return copy;
    }
}
