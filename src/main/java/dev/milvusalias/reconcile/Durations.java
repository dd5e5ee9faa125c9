package dev.milvusalias.reconcile;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations users write in annotations: 90s, 10m, 2h, 1h30m, or ISO-8601 (PT10M). */
public final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private Durations() {
    }

    /** Empty for null or blank; throws IllegalArgumentException with a readable message otherwise. */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("pt")) {
            try {
                return Optional.of(Duration.parse(value.toUpperCase(Locale.ROOT)));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 30s, 10m, 1h30m)");
            }
        }
        Matcher m = SIMPLE.matcher(value);
        if (!m.matches() || (m.group(1) == null && m.group(2) == null && m.group(3) == null)) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 30s, 10m, 1h30m)");
        }
        Duration d = Duration.ZERO;
        if (m.group(1) != null) {
            d = d.plusHours(Long.parseLong(m.group(1)));
        }
        if (m.group(2) != null) {
            d = d.plusMinutes(Long.parseLong(m.group(2)));
        }
        if (m.group(3) != null) {
            d = d.plusSeconds(Long.parseLong(m.group(3)));
        }
        return Optional.of(d);
    }
}
