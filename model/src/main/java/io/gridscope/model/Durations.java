package io.gridscope.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration syntax of settings, source forms and the command line: {@code 500ms}, {@code 30s}, {@code 10m},
 * {@code 2h}, {@code 7d}, combinations like {@code 1h30m}, or ISO-8601 {@code PT30S}. Plain Java, so that settings,
 * views and the CLI's picocli converter share it.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    /** @throws IllegalArgumentException when {@code value} is not a positive duration, with a message saying so */
    public static Duration parse(String value) {
        String v = value.strip();
        if (v.startsWith("P") || v.startsWith("p")) {
            try {
                return positive(Duration.parse(v), value);
            } catch (DateTimeParseException e) {
                throw invalid(value);
            }
        }
        Matcher m = PART.matcher(v);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                throw invalid(value);
            }
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw invalid(value);
            }
            total = total.plus(
                    switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        case "d" -> Duration.ofDays(n);
                        default -> throw invalid(value);
                    });
            end = m.end();
        }
        if (end == 0 || end != v.length()) {
            throw invalid(value);
        }
        return positive(total, value);
    }

    /** As {@link #parse}, but {@code 0}, {@code 0s} (any zero amount) is allowed and means no wait. */
    public static Duration parseOrZero(String value) {
        String v = value.strip();
        if (v.matches("0+(ms|s|m|h|d)?")) {
            return Duration.ZERO;
        }
        return parse(value);
    }

    /** The short form {@link #parse} reads back: {@code 1h30m}, {@code 15s}, {@code 500ms}. */
    public static String format(Duration d) {
        StringBuilder sb = new StringBuilder();
        long days = d.toDays();
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (d.toHoursPart() > 0) {
            sb.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            sb.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            sb.append(d.toSecondsPart()).append('s');
        }
        if (d.toMillisPart() > 0 || sb.isEmpty()) {
            sb.append(d.toMillisPart()).append("ms");
        }
        return sb.toString();
    }

    private static Duration positive(Duration d, String value) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("'" + value + "' must be a positive duration");
        }
        return d;
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException(
                "'" + value + "' is not a duration (examples: 500ms, 30s, 10m, 2h, 7d, 1h30m)");
    }
}
