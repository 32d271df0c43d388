package io.gridscope.collectors.prometheus.exposition;

import java.util.Objects;

/**
 * A metric family's metadata as exposed: name, type, help text (unescaped, empty when absent) and unit (OpenMetrics
 * {@code # UNIT}, empty when absent). Immutable.
 */
public record MetricFamilyInfo(String name, MetricType type, String help, String unit) {
    public MetricFamilyInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(unit, "unit");
    }
}
