package io.gridscope.console.app;

import io.gridscope.history.HistoryOptions;
import io.gridscope.model.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * How long the history keeps each tier and how large the database may grow, as the user sets them on the Settings
 * page (saved in {@code ui.properties}, read by the console and by {@code gridscope collect}).
 *
 * @param maxBytes 0 for no size cap
 */
public record StorageSettings(Duration rawRetention, Duration minuteRetention, Duration hourRetention, long maxBytes) {
    public static final String KEY_RAW = "history.retention.raw";
    public static final String KEY_MINUTE = "history.retention.minute";
    public static final String KEY_HOUR = "history.retention.hour";
    public static final String KEY_MAX_SIZE = "history.max.size";
    /** A smaller cap would leave room for little more than the rollups of a busy host. */
    public static final long MIN_CAP_BYTES = 64L << 20;

    static final Duration MIN_RAW = Duration.ofHours(1);
    static final Duration MAX_RETENTION = Duration.ofDays(3650);
    private static final Pattern SIZE =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(MB|GB|TB|MiB|GiB|TiB)", Pattern.CASE_INSENSITIVE);

    public static StorageSettings defaults() {
        HistoryOptions d = HistoryOptions.defaults();
        return new StorageSettings(d.rawRetention(), d.minuteRetention(), d.hourRetention(), d.maxBytes());
    }

    /**
     * Checks the Settings page's text; the problems are keyed by field ("raw", "minute", "hour", "size") and empty
     * when all are valid.
     */
    public static Map<String, String> validate(String raw, String minute, String hour, String size) {
        Map<String, String> errors = new LinkedHashMap<>();
        Duration r = duration(raw, "raw", MIN_RAW, errors);
        Duration m = duration(minute, "minute", MIN_RAW, errors);
        Duration h = duration(hour, "hour", MIN_RAW, errors);
        if (r != null && m != null && m.compareTo(r) < 0) {
            errors.put("minute", "at least the raw retention (" + Durations.format(r) + ")");
        }
        if (m != null && h != null && h.compareTo(m) < 0) {
            errors.put("hour", "at least the 1-minute retention (" + Durations.format(m) + ")");
        }
        try {
            long bytes = parseSize(size);
            if (bytes != 0 && bytes < MIN_CAP_BYTES) {
                errors.put("size", "at least 64 MB, or empty for no cap");
            }
        } catch (IllegalArgumentException e) {
            errors.put("size", e.getMessage());
        }
        return errors;
    }

    /** Builds settings from text that {@link #validate} accepted. */
    public static StorageSettings of(String raw, String minute, String hour, String size) {
        Map<String, String> errors = validate(raw, minute, hour, size);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.toString());
        }
        return new StorageSettings(
                Durations.parse(raw), Durations.parse(minute), Durations.parse(hour), parseSize(size));
    }

    private static Duration duration(String text, String field, Duration min, Map<String, String> errors) {
        try {
            Duration d = Durations.parse(text);
            if (d.compareTo(min) < 0 || d.compareTo(MAX_RETENTION) > 0) {
                errors.put(field, "between 1h and 3650d");
                return null;
            }
            return d;
        } catch (RuntimeException e) {
            errors.put(field, "not a duration (e.g. 7d, 90d, 12h)");
            return null;
        }
    }

    /** "10 GB", "512MiB", "1.5TB" → bytes (MB/GB/TB decimal, MiB/GiB/TiB binary); empty or "0" → 0 (no cap). */
    public static long parseSize(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.equals("0")) {
            return 0;
        }
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("a size such as 500 MB, 10 GB or 2 TiB");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2).toUpperCase(Locale.ROOT);
        double factor = switch (unit) {
            case "MB" -> 1e6;
            case "GB" -> 1e9;
            case "TB" -> 1e12;
            case "MIB" -> 1L << 20;
            case "GIB" -> 1L << 30;
            default -> 1L << 40;
        };
        return Math.round(n * factor);
    }

    /** The size as the Settings page shows it: "10 GB", or "" for no cap. */
    public static String formatSize(long bytes) {
        if (bytes == 0) {
            return "";
        }
        java.math.BigDecimal b = java.math.BigDecimal.valueOf(bytes);
        for (String[] u : new String[][] {{"12", "TB"}, {"9", "GB"}, {"6", "MB"}}) {
            int exponent = Integer.parseInt(u[0]);
            if (bytes >= java.math.BigDecimal.TEN.pow(exponent).longValueExact() || u[1].equals("MB")) {
                return b.movePointLeft(exponent).stripTrailingZeros().toPlainString() + " " + u[1];
            }
        }
        throw new AssertionError("unreachable");
    }

    /** The saved settings; a missing or malformed value keeps its default (and is logged). */
    public static StorageSettings load(UiSettings settings) {
        StorageSettings d = defaults();
        String raw = settings.get(KEY_RAW).orElse(Durations.format(d.rawRetention));
        String minute = settings.get(KEY_MINUTE).orElse(Durations.format(d.minuteRetention));
        String hour = settings.get(KEY_HOUR).orElse(Durations.format(d.hourRetention));
        String size = settings.get(KEY_MAX_SIZE).orElse(formatSize(d.maxBytes));
        Map<String, String> errors = validate(raw, minute, hour, size);
        if (!errors.isEmpty()) {
            LoggerFactory.getLogger(StorageSettings.class).warn("ignoring saved history settings: {}", errors);
            return d;
        }
        return of(raw, minute, hour, size);
    }

    public void storeInto(UiSettings settings) {
        settings.put(KEY_RAW, Durations.format(rawRetention));
        settings.put(KEY_MINUTE, Durations.format(minuteRetention));
        settings.put(KEY_HOUR, Durations.format(hourRetention));
        settings.put(KEY_MAX_SIZE, formatSize(maxBytes));
    }

    public HistoryOptions applyTo(HistoryOptions options) {
        return options.withRetention(rawRetention, minuteRetention, hourRetention)
                .withMaxBytes(maxBytes);
    }
}
