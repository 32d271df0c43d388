package io.gridscope.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity of a time series: metric name plus sorted labels, with the unit and kind that belong to that name.
 *
 * <p>The metric name must end with the unit's suffix ({@code _watts}, {@code _ratio}); counters end with
 * {@code _total}. The check happens here so no part of Gridscope can invent an unlabelled unit.
 */
public record SeriesId(String metric, Labels labels, Unit unit, MetricKind kind) {
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    public SeriesId {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(kind, "kind");
        if (!METRIC.matcher(metric).matches()) {
            throw new IllegalArgumentException("invalid metric name: '" + metric + "'");
        }
        String base = kind == MetricKind.COUNTER ? stripTotal(metric) : metric;
        if (!unit.suffix().isEmpty() && !base.endsWith("_" + unit.suffix())) {
            throw new IllegalArgumentException("metric '" + metric + "' must end with _" + unit.suffix()
                    + (kind == MetricKind.COUNTER ? "_total" : ""));
        }
    }

    private static String stripTotal(String metric) {
        if (!metric.endsWith("_total")) {
            throw new IllegalArgumentException("counter '" + metric + "' must end with _total");
        }
        return metric.substring(0, metric.length() - "_total".length());
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
