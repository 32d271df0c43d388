package io.gridscope.collectors.prometheus.exposition;

import java.util.List;

/**
 * An OpenMetrics exemplar attached to a counter {@code _total} or a histogram bucket sample.
 *
 * @param labelPairs        alternating label names and values, in exposition order
 * @param value             the exemplar's value
 * @param timestampSeconds  epoch seconds (may be fractional); NaN when the exemplar has no timestamp
 */
public record Exemplar(List<String> labelPairs, double value, double timestampSeconds) {
    public Exemplar {
        labelPairs = List.copyOf(labelPairs);
    }

    public boolean hasTimestamp() {
        return !Double.isNaN(timestampSeconds);
    }
}
