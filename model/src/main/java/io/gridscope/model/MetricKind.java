package io.gridscope.model;

/** How a series' values behave over time. */
public enum MetricKind {
    /** A value that goes up and down (utilisation, temperature, power). */
    GAUGE,
    /** A cumulative total that only rises, except when its source restarts (energy, bytes sent). */
    COUNTER;

    public String storageName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static MetricKind fromStorageName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
