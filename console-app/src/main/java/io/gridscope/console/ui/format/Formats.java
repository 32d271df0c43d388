package io.gridscope.console.ui.format;

import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.prometheus.scrape.ScrapeManager;
import io.gridscope.console.app.PrometheusServers;
import java.util.List;
import java.util.Locale;

/** How figures read on every page: an absent value is "N/A", never 0. Pure functions, no JavaFX. */
public final class Formats {
    public static final double BYTES_PER_GIB = 1024.0 * 1024 * 1024;

    private Formats() {}

    /** 0.42 → "42 %". */
    public static String percent(double ratio) {
        return Double.isNaN(ratio) ? "N/A" : String.format(Locale.ROOT, "%.0f %%", ratio * 100);
    }

    /** Bytes → GiB with one decimal, no unit ("7.5"). */
    public static String gib(double bytes) {
        return Double.isNaN(bytes) ? "N/A" : String.format(Locale.ROOT, "%.1f", bytes / BYTES_PER_GIB);
    }

    /** Bytes in the largest binary unit that keeps the figure at least 1: "512 B", "1.5 GiB". */
    public static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "N/A";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
    }

    /** {@code v} in {@code fmt} (e.g. "%.0f"), or "N/A". */
    public static String num(double v, String fmt) {
        return Double.isNaN(v) ? "N/A" : String.format(Locale.ROOT, fmt, v);
    }

    /** "exporter source rack7-node", "Prometheus server fleet", or the collector id itself, for a host's source. */
    public static String origin(String collectorId) {
        if (collectorId.startsWith(ScrapeManager.COLLECTOR_ID_PREFIX)) {
            return "exporter source " + collectorId.substring(collectorId.indexOf(':') + 1);
        }
        if (collectorId.startsWith(PrometheusServers.COLLECTOR_ID_PREFIX)) {
            return "Prometheus server " + collectorId.substring(collectorId.indexOf(':') + 1);
        }
        return collectorId.isEmpty() ? "remote" : collectorId;
    }

    /**
     * A collector's state in a few words: "OK · 12 series · 3.1 ms", "unavailable — no driver", and when the pass
     * had warnings "OK · 12 series · 3.1 ms · warning: line 9: ... (+1 more)".
     */
    public static String describe(CollectorStatus s) {
        return switch (s.state()) {
            case OK ->
                String.format(Locale.ROOT, "OK · %d series · %.1f ms", s.lastSampleCount(), s.lastPassNanos() / 1e6)
                        + (s.warnings().isEmpty() ? "" : " · " + warnings(s));
            case STARTING -> "starting";
            case UNAVAILABLE -> "unavailable — " + s.message();
            case FAILED -> "failed — " + s.message();
            case STOPPED -> "stopped";
        };
    }

    /** "warning: line 9: ..." with "(+N more)" when there are several; empty when there are none. */
    public static String warnings(CollectorStatus s) {
        List<String> w = s.warnings();
        if (w.isEmpty()) {
            return "";
        }
        return "warning: " + w.getFirst() + (w.size() > 1 ? " (+" + (w.size() - 1) + " more)" : "");
    }
}
