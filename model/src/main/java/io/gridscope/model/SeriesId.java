package io.gridscope.model;

import java.util.Objects;

/**
 * The identity of a time series: metric name plus sorted labels, with the unit and kind that belong to that name.
 *
 * <p>The metric name must end with the unit's suffix ({@code _watts}, {@code _ratio}); counters end with
 * {@code _total}. The check happens here so no part of Gridscope can invent an unlabelled unit.
 */
public record SeriesId(String metric, Labels labels, Unit unit, MetricKind kind) {
    private static final String TOTAL = "_total";

    // The checks, equals and hashCode are written out: collectors make ids for their samples at every pass, and a
    // regular expression, string concatenation or the record's generated methods cost more there.
    public SeriesId {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(kind, "kind");
        if (!PromNames.isMetricName(metric)) {
            throw new IllegalArgumentException("invalid metric name: '" + metric + "'");
        }
        int baseEnd = metric.length();
        if (kind == MetricKind.COUNTER) {
            if (!metric.endsWith(TOTAL)) {
                throw new IllegalArgumentException("counter '" + metric + "' must end with _total");
            }
            baseEnd -= TOTAL.length();
        }
        String suffix = unit.suffix();
        if (!suffix.isEmpty() && !endsWithSuffix(metric, baseEnd, suffix)) {
            throw new IllegalArgumentException(
                    "metric '" + metric + "' must end with _" + suffix + (kind == MetricKind.COUNTER ? "_total" : ""));
        }
    }

    /** Whether {@code metric}'s first {@code end} characters end with {@code "_" + suffix}. */
    private static boolean endsWithSuffix(String metric, int end, String suffix) {
        int at = end - suffix.length();
        return at >= 1 && metric.charAt(at - 1) == '_' && metric.startsWith(suffix, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesId other
                && unit == other.unit
                && kind == other.kind
                && metric.equals(other.metric)
                && labels.equals(other.labels);
    }

    @Override
    public int hashCode() {
        return (metric.hashCode() * 31 + labels.hashCode()) * 31 + unit.hashCode() * 7 + kind.ordinal();
    }

    public static SeriesId gauge(String metric, Unit unit, Labels labels) {
        return new SeriesId(metric, labels, unit, MetricKind.GAUGE);
    }

    public static SeriesId counter(String metric, Unit unit, Labels labels) {
        return new SeriesId(metric, labels, unit, MetricKind.COUNTER);
    }

    /** {@code metric{a="1"}}: the form used in logs, the CLI and the UI. */
    @Override
    public String toString() {
        return labels.isEmpty() ? metric : metric + labels.canonical();
    }
}
