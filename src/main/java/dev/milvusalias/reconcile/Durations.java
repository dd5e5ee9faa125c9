package dev.milvusalias.reconcile;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations users write in annotations: 90s, 10m, 2h, 1h30m, or ISO-8601 (PT10M). */
public final class Durations {

    /** Longest duration accepted: beyond it, date arithmetic overflows and no resync or timeout makes sense. */
    public static final Duration MAX = Duration.ofDays(365);

    /** How much of an unreadable value is echoed back in a message (annotation values can be 256 KiB). */
    static final int ECHO_LIMIT = 64;

    private static final Pattern SIMPLE = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
    // More digits than this cannot be a duration of at most MAX in any unit, and would overflow a long.
    private static final int MAX_DIGITS = 9;

    private Durations() {
    }

    /**
     * Empty for null or blank; throws IllegalArgumentException with a readable message for anything else that
     * is not a duration between zero and {@link #MAX}.
     */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String value = text.strip().toLowerCase(Locale.ROOT);
        Duration d = value.startsWith("pt") ? iso(text, value) : simple(text, value);
        if (d.isNegative()) {
            throw new IllegalArgumentException(quote(text) + " is negative");
        }
        if (d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(quote(text) + " is longer than the maximum of " + MAX.toHours() + "h");
        }
        return Optional.of(d);
    }

    private static Duration iso(String text, String value) {
        try {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw notADuration(text);
        }
    }

    private static Duration simple(String text, String value) {
        Matcher m = SIMPLE.matcher(value);
        if (!m.matches() || (m.group(1) == null && m.group(2) == null && m.group(3) == null)) {
            throw notADuration(text);
        }
        for (int group = 1; group <= 3; group++) {
            if (m.group(group) != null && m.group(group).replaceFirst("^0+(?=.)", "").length() > MAX_DIGITS) {
                throw new IllegalArgumentException(quote(text) + " is longer than the maximum of " + MAX.toHours() + "h");
            }
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
        return d;
    }

    private static IllegalArgumentException notADuration(String text) {
        return new IllegalArgumentException(quote(text) + " is not a duration (examples: 30s, 10m, 1h30m)");
    }

    /** The value in quotes, cut to {@link #ECHO_LIMIT} characters so that a huge annotation stays out of status. */
    private static String quote(String text) {
        return text.length() <= ECHO_LIMIT ? "'" + text + "'"
                : "'" + text.substring(0, ECHO_LIMIT) + "...' (" + text.length() + " characters)";
    }
}
