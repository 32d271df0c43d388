package io.gridscope.model;

/**
 * The unit of a series. Metric names end with the unit's suffix (Prometheus convention), so a name alone says what
 * its numbers mean. Fractions are always ratios in 0..1, never percent.
 */
public enum Unit {
    RATIO("ratio", ""),
    BYTES("bytes", "B"),
    BYTES_PER_SECOND("bytes_per_second", "B/s"),
    WATTS("watts", "W"),
    JOULES("joules", "J"),
    CELSIUS("celsius", "°C"),
    HERTZ("hertz", "Hz"),
    SECONDS("seconds", "s"),
    /** A plain count or level with no physical unit (load average, P-state, process count). */
    NONE("", ""),
    /** Occurrences per second (packets, context switches, IOPS). */
    PER_SECOND("per_second", "/s"),
    /** Grid carbon intensity: grams of CO2 equivalent per kilowatt-hour of electricity. */
    GRAMS_PER_KWH("grams_per_kwh", "g/kWh");

    private final String suffix;
    private final String symbol;

    Unit(String suffix, String symbol) {
        this.suffix = suffix;
        this.symbol = symbol;
    }

    /** The metric-name suffix, e.g. {@code watts}; empty for {@link #NONE}. */
    public String suffix() {
        return suffix;
    }

    /** A short display symbol, e.g. {@code W}; ratios are shown as percent by the UI. */
    public String symbol() {
        return symbol;
    }

    /** The unit's name as stored in the history database. */
    public String storageName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Unit fromStorageName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
