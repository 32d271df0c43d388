package io.gridscope.model;

import java.time.Duration;

/**
 * Durations as a person reads them in a message: {@code 2 h}, {@code 1 min 30 s}, {@code 500 ms}, never
 * {@code 7200000 ms}. Every non-zero unit is shown, largest first, so the text is exact.
 */
public final class DurationText {
    private DurationText() {}

    public static String of(Duration d) {
        if (d.isNegative()) {
            return "-" + of(d.negated());
        }
        StringBuilder sb = new StringBuilder();
        part(sb, d.toDays(), "d");
        part(sb, d.toHoursPart(), "h");
        part(sb, d.toMinutesPart(), "min");
        part(sb, d.toSecondsPart(), "s");
        part(sb, d.toMillisPart(), "ms");
        return sb.isEmpty() ? "0 s" : sb.toString();
    }

    public static String ofMillis(long millis) {
        return of(Duration.ofMillis(millis));
    }

    private static void part(StringBuilder sb, long n, String unit) {
        if (n != 0) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(n).append(' ').append(unit);
        }
    }
}
