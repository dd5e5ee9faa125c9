package dev.milvusalias.monitoring;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands the Go-template actions that the shipped alert annotations use, as Prometheus does: {@code {{ $labels.x }}},
 * {@code {{ $value | humanizePercentage }}} and {@code {{ printf "%.0f" $value }}}. Any other action is an error, so an
 * annotation cannot use something this test does not check.
 */
final class AlertTemplate {

    private static final Pattern ACTION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}");
    private static final Pattern LABEL = Pattern.compile("\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)");

    private AlertTemplate() {
    }

    static String expand(String template, Map<String, String> labels, double value) {
        Matcher m = ACTION.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(action(m.group(1), labels, value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String action(String action, Map<String, String> labels, double value) {
        Matcher label = LABEL.matcher(action);
        if (label.matches()) {
            return labels.getOrDefault(label.group(1), ""); // Go templates print a missing map key as ""
        }
        return switch (action) {
            case "$value | humanizePercentage" -> goG(value * 100, 4) + "%";
            case "printf \"%.0f\" $value" -> new BigDecimal(value).setScale(0, RoundingMode.HALF_EVEN).toPlainString();
            default -> throw new IllegalArgumentException("template action not supported by the test: {{ " + action + " }}");
        };
    }

    /** Go's {@code %.<precision>g}: shortest form, exponent when it is below -4 or at least the precision. */
    static String goG(double value, int precision) {
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            return mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+")
                    + String.format("%02d", Math.abs(exponent));
        }
        return rounded.stripTrailingZeros().toPlainString();
    }
}
