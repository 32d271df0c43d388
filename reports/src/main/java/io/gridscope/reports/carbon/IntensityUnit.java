package io.gridscope.reports.carbon;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A unit of carbon intensity, a mass of CO2 (or CO2e) per amount of electricity, with its exact factor to grams
 * per kilowatt-hour. Parse one with {@link IntensityUnits#parse}.
 *
 * @param symbol      canonical symbol ({@code g/kWh}, {@code lb/MWh})
 * @param gramsPerKwh how many g/kWh one of this unit is, exactly ({@code 0.45359237} for lb/MWh)
 */
public record IntensityUnit(String symbol, BigDecimal gramsPerKwh) {
    public IntensityUnit {
        Objects.requireNonNull(symbol, "symbol");
        if (gramsPerKwh.signum() <= 0) {
            throw new IllegalArgumentException("factor must be positive");
        }
    }

    /** {@code value} of this unit in g/kWh. */
    public double toGramsPerKwh(double value) {
        return value * gramsPerKwh.doubleValue();
    }

    /** {@code grams} g/kWh in this unit. */
    public double fromGramsPerKwh(double grams) {
        return grams / gramsPerKwh.doubleValue();
    }

    @Override
    public String toString() {
        return symbol;
    }
}
