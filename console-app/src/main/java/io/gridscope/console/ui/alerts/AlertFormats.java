package io.gridscope.console.ui.alerts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times, durations and values as the Alerts page writes them. Pure functions. */
public final class AlertFormats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT);
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private AlertFormats() {}

    /** "14:05" today, "Mar 3 14:05" another day; "" for 0 (not set). */
    public static String time(long epochMillis, long nowMillis, ZoneId zone) {
        if (epochMillis == 0) {
            return "";
        }
        ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(zone);
        LocalDate today = Instant.ofEpochMilli(nowMillis).atZone(zone).toLocalDate();
        return t.toLocalDate().equals(today) ? TIME.format(t) : DAY_TIME.format(t);
    }

    /** "2026-03-03 14:05:09"; "" for 0. */
    public static String fullTime(long epochMillis, ZoneId zone) {
        return epochMillis == 0
                ? ""
                : FULL.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    /** "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
    public static String duration(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        if (d.toSeconds() < 60) {
            return d.toSeconds() + " s";
        }
        if (d.toMinutes() < 60) {
            return d.toMinutes() + " min";
        }
        if (d.toHours() < 24) {
            return d.toHours() + " h" + (d.toMinutesPart() == 0 ? "" : " " + d.toMinutesPart() + " min");
        }
        return d.toDays() + " d" + (d.toHoursPart() == 0 ? "" : " " + d.toHoursPart() + " h");
    }

    /** A value or threshold: up to three significant decimals, no trailing zeros; "–" when not a number. */
    public static String value(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "–";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : Math.abs(v) >= 1 ? "%.2f" : "%.3f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
