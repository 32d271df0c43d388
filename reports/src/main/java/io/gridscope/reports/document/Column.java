package io.gridscope.reports.document;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A column of a report table.
 *
 * @param key machine name, snake_case with its unit ("it_kwh", "total_cost"): CSV and JSON headers
 * @param label what people read ("IT energy")
 * @param kind what the values are, and so how formats type and format them
 * @param unit the unit as written next to a figure: "kWh", "kgCO2e", "%", "h", "min", a currency code; "" for text
 * @param scale digits after the point every value of the column is rounded to (0 for text)
 */
public record Column(String key, String label, Kind kind, String unit, int scale) {
    public enum Kind {
        TEXT,
        MONEY,
        ENERGY_KWH,
        CARBON_KG,
        PERCENT,
        HOURS,
        MINUTES,
        COUNT,
        DAY,
        TIME
    }

    public Column {
        Objects.requireNonNull(key);
        Objects.requireNonNull(label);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(unit);
        if (!key.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("column key must be snake_case: " + key);
        }
    }

    public static Column text(String key, String label) {
        return new Column(key, label, Kind.TEXT, "", 0);
    }

    public static Column money(String key, String label, java.util.Currency currency) {
        return new Column(
                key, label, Kind.MONEY, currency.getCurrencyCode(), Math.max(0, currency.getDefaultFractionDigits()));
    }

    public static Column kwh(String key, String label) {
        return new Column(key, label, Kind.ENERGY_KWH, "kWh", 3);
    }

    public static Column kg(String key, String label) {
        return new Column(key, label, Kind.CARBON_KG, "kgCO2e", 3);
    }

    public static Column percent(String key, String label) {
        return new Column(key, label, Kind.PERCENT, "%", 1);
    }

    public static Column hours(String key, String label) {
        return new Column(key, label, Kind.HOURS, "h", 2);
    }

    public static Column minutes(String key, String label) {
        return new Column(key, label, Kind.MINUTES, "min", 1);
    }

    public static Column count(String key, String label) {
        return new Column(key, label, Kind.COUNT, "", 0);
    }

    public static Column day(String key, String label) {
        return new Column(key, label, Kind.DAY, "", 0);
    }

    public static Column time(String key, String label) {
        return new Column(key, label, Kind.TIME, "UTC", 0);
    }

    public boolean numeric() {
        return switch (kind) {
            case MONEY, ENERGY_KWH, CARBON_KG, PERCENT, HOURS, MINUTES, COUNT -> true;
            case TEXT, DAY, TIME -> false;
        };
    }

    /** {@code v} rounded to this column's scale, half-even: the one place a document's figures are rounded. */
    public Value number(BigDecimal v) {
        if (!numeric()) {
            throw new IllegalStateException("column " + key + " holds " + kind + ", not numbers");
        }
        return new Value.Number(v.setScale(scale, RoundingMode.HALF_EVEN));
    }

    /** "IT energy (kWh)": the label with its unit, as headers show it. */
    public String header() {
        return unit.isEmpty() || kind == Kind.TIME ? label : label + " (" + unit + ")";
    }
}
