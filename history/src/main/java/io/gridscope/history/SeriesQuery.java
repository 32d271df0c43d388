package io.gridscope.history;

import io.gridscope.model.Labels;
import java.util.Objects;

/**
 * Which series and which time range: a metric name, labels that must match exactly (a subset of the series'
 * labels), and a half-open range {@code [fromEpochMillis, toEpochMillis)} in UTC.
 */
public record SeriesQuery(String metric, Labels matchers, long fromEpochMillis, long toEpochMillis) {
    public SeriesQuery {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(matchers, "matchers");
        if (toEpochMillis < fromEpochMillis) {
            throw new IllegalArgumentException("range ends before it starts");
        }
    }
}
