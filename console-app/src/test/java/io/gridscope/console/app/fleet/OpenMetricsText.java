package io.gridscope.console.app.fleet;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Timestamped samples as OpenMetrics text for {@code promtool tsdb create-blocks-from openmetrics}: family by
 * family, series by series, in time order (the importer rejects a series' samples out of order).
 */
final class OpenMetricsText {
    private final Map<String, Map<String, StringBuilder>> families = new LinkedHashMap<>();

    /**
     * Adds one sample; returns the timestamp Prometheus will store: the importer reads seconds as a double and
     * truncates {@code seconds × 1000}, so a millisecond part can come back one lower.
     *
     * @param labels the label set with its braces, e.g. {@code {Hostname="a",UUID="GPU-1"}}
     */
    long add(String metric, String labels, long epochMillis, double value) {
        String seconds = seconds(epochMillis);
        families.computeIfAbsent(metric, m -> new LinkedHashMap<>())
                .computeIfAbsent(labels, l -> new StringBuilder())
                .append(metric)
                .append(labels)
                .append(' ')
                .append(
                        value == Math.rint(value) && Math.abs(value) < 1e15
                                ? Long.toString((long) value)
                                : Double.toString(value))
                .append(' ')
                .append(seconds)
                .append('\n');
        return stored(seconds);
    }

    /** The timestamp {@code promtool} stores for {@code epochMillis}. */
    static long stored(long epochMillis) {
        return stored(seconds(epochMillis));
    }

    private static long stored(String seconds) {
        return (long) (Double.parseDouble(seconds) * 1000);
    }

    private static String seconds(long epochMillis) {
        return String.format(
                Locale.ROOT, "%d.%03d", Math.floorDiv(epochMillis, 1000), Math.floorMod(epochMillis, 1000));
    }

    void write(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (var f : families.entrySet()) {
                out.write("# TYPE " + f.getKey() + " unknown\n");
                for (StringBuilder series : f.getValue().values()) {
                    out.append(series);
                }
            }
            out.write("# EOF\n");
        }
    }
}
