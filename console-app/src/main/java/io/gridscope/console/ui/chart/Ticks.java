package io.gridscope.console.ui.chart;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Tick spacing and labels for the chart axes. Pure functions. */
public final class Ticks {
    private static final long S = 1_000, M = 60 * S, H = 60 * M, D = 24 * H;
    private static final long[] TIME_STEPS = {
        S, 2 * S, 5 * S, 10 * S, 15 * S, 30 * S, M, 2 * M, 5 * M, 10 * M, 15 * M, 30 * M, H, 2 * H, 3 * H, 6 * H,
        12 * H, D, 2 * D, 7 * D, 14 * D, 30 * D
    };
    // parsed once: a pattern is a small program, and an axis formats a dozen labels per redraw
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT);

    private Ticks() {}

    /** 1, 2 or 5 × a power of ten, at least {@code raw}. */
    public static double nice(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-12))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw * (1 - 1e-9)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** The smallest time step that keeps labels at least {@code minPixels} apart. */
    public static long timeStep(long spanMillis, double widthPixels, double minPixels) {
        double perPixel = spanMillis / Math.max(1, widthPixels);
        for (long step : TIME_STEPS) {
            if (step / perPixel >= minPixels) {
                return step;
            }
        }
        return TIME_STEPS[TIME_STEPS.length - 1];
    }

    /** First tick at or after {@code from} aligned to {@code step} in the given zone (days align to midnight). */
    public static long firstTick(long from, long step, ZoneId zone) {
        long offset = zone.getRules().getOffset(Instant.ofEpochMilli(from)).getTotalSeconds() * 1000L;
        long local = from + offset;
        long aligned = Math.floorDiv(local + step - 1, step) * step;
        return aligned - offset;
    }

    /**
     * The label of the time tick at {@code t}: the time of day ("HH:mm:ss" for steps under a minute, else "HH:mm"),
     * except where the day changes since the previous tick ({@code t - step}): a tick at midnight shows the date
     * ("Jan 2"), one past it the date and the time; with steps of a day or more every tick shows the date.
     */
    public static String timeLabel(long t, long step, ZoneId zone) {
        var here = Instant.ofEpochMilli(t).atZone(zone);
        if (step >= D) {
            return DAY.format(here);
        }
        DateTimeFormatter timeOfDay = step < M ? SECONDS : MINUTES;
        var before = Instant.ofEpochMilli(t - step).atZone(zone);
        if (here.toLocalDate().equals(before.toLocalDate())) {
            return timeOfDay.format(here);
        }
        if (here.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) {
            return DAY.format(here);
        }
        return DAY.format(here) + " " + timeOfDay.format(here);
    }

    /** A short number for an axis label: 0.5, 12, 1.5k, 2.3M. */
    public static String number(double v, double step) {
        double a = Math.abs(v);
        if (a >= 1e9) {
            return trim(v / 1e9) + "G";
        }
        if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e4) {
            return trim(v / 1e3) + "k";
        }
        int decimals = step >= 1 ? 0 : (int) Math.min(6, Math.ceil(-Math.log10(step)));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
