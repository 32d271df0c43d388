package io.gridscope.alerts.store;

import io.gridscope.model.Durations;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * End times for snoozes and silences as people write them: a duration from now ({@code 1h}, {@code 30m},
 * {@code +2h}), {@code tomorrow 09:00}, {@code today 18:00}, a local date-time ({@code 2026-12-03 09:00} or with
 * {@code T}) in the user's time zone, or an instant with its offset ({@code 2026-12-03T08:00:00Z}). The quick picks
 * of the console are {@link #QUICK_PICKS}.
 */
public final class Until {
    public static final List<String> QUICK_PICKS = List.of("1h", "4h", "tomorrow 09:00");

    private Until() {}

    /** @throws IllegalArgumentException naming the accepted forms, or when the time is not in the future */
    public static Instant parse(String text, Instant now, ZoneId zone) {
        String t = text.strip();
        Instant at = parseAny(t, now, zone);
        if (!at.isAfter(now)) {
            throw new IllegalArgumentException("'" + text + "' is not in the future");
        }
        return at;
    }

    private static Instant parseAny(String t, Instant now, ZoneId zone) {
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        try {
            if (lower.startsWith("tomorrow") || lower.startsWith("today")) {
                boolean tomorrow = lower.startsWith("tomorrow");
                String rest = t.substring(tomorrow ? 8 : 5).strip();
                LocalTime time = rest.isEmpty() ? LocalTime.of(9, 0) : LocalTime.parse(rest);
                LocalDate day = LocalDate.ofInstant(now, zone).plusDays(tomorrow ? 1 : 0);
                return ZonedDateTime.of(day, time, zone).toInstant();
            }
            if (Character.isDigit(lower.isEmpty() ? 'x' : lower.charAt(0)) && lower.contains("-")) {
                if (lower.endsWith("z") || lower.matches(".*[+-]\\d\\d:\\d\\d$")) {
                    return java.time.OffsetDateTime.parse(t.replace(' ', 'T')).toInstant();
                }
                return LocalDateTime.parse(t.replace(' ', 'T')).atZone(zone).toInstant();
            }
            return now.plus(Durations.parse(lower.startsWith("+") ? t.substring(1) : t));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + t + "' is not an end time: write a duration (1h, 30m), 'tomorrow"
                    + " 09:00', '2026-12-03 09:00' (local time) or '2026-12-03T08:00:00Z'");
        }
    }
}
