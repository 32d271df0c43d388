package io.gridscope.collectors.prometheus.exposition;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A metric family's type. Prometheus text {@code untyped} is read as {@link #UNKNOWN}, as OpenMetrics names it.
 * Each type knows the sample-name suffixes its samples may carry in OpenMetrics.
 */
public enum MetricType {
    COUNTER(List.of("_total", "_created")),
    GAUGE(List.of("")),
    HISTOGRAM(List.of("_count", "_sum", "_bucket", "_created")),
    GAUGEHISTOGRAM(List.of("_gcount", "_gsum", "_bucket")),
    SUMMARY(List.of("", "_count", "_sum", "_created")),
    STATESET(List.of("")),
    INFO(List.of("_info")),
    UNKNOWN(List.of(""));

    private final List<String> openMetricsSuffixes;

    MetricType(List<String> openMetricsSuffixes) {
        this.openMetricsSuffixes = openMetricsSuffixes;
    }

    /** Suffixes appended to the family name to form its OpenMetrics sample names ({@code ""} = the bare name). */
    public List<String> openMetricsSuffixes() {
        return openMetricsSuffixes;
    }

    /** Lower-case name as written in {@code # TYPE} lines and in check output. */
    public String textName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type named in an OpenMetrics {@code # TYPE} line ({@code untyped} is not valid there). */
    static Optional<MetricType> fromOpenMetrics(String s) {
        return switch (s) {
            case "counter" -> Optional.of(COUNTER);
            case "gauge" -> Optional.of(GAUGE);
            case "histogram" -> Optional.of(HISTOGRAM);
            case "gaugehistogram" -> Optional.of(GAUGEHISTOGRAM);
            case "summary" -> Optional.of(SUMMARY);
            case "stateset" -> Optional.of(STATESET);
            case "info" -> Optional.of(INFO);
            case "unknown" -> Optional.of(UNKNOWN);
            default -> Optional.empty();
        };
    }

    /** The type named in a Prometheus text 0.0.4 {@code # TYPE} line. */
    static Optional<MetricType> fromPrometheusText(String s) {
        return switch (s) {
            case "counter" -> Optional.of(COUNTER);
            case "gauge" -> Optional.of(GAUGE);
            case "histogram" -> Optional.of(HISTOGRAM);
            case "summary" -> Optional.of(SUMMARY);
            case "untyped" -> Optional.of(UNKNOWN);
            default -> Optional.empty();
        };
    }
}
