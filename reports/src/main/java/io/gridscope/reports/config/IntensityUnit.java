package io.gridscope.reports.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Units a grid intensity may be written in, with the exact factor to gCO2e/kWh. */
public final class IntensityUnit {
    private static final Map<String, BigDecimal> FACTORS = Map.of(
            "g/kwh", BigDecimal.ONE,
            "kg/kwh", new BigDecimal("1000"),
            "t/kwh", new BigDecimal("1000000"),
            "kg/mwh", BigDecimal.ONE,
            "g/mwh", new BigDecimal("0.001"),
            "lbs/mwh", new BigDecimal("0.45359237"),
            "lb/mwh", new BigDecimal("0.45359237"));
    public static final String KNOWN = "g/kWh, kg/kWh, t/kWh, g/MWh, kg/MWh, lbs/MWh";

    private IntensityUnit() {}

    /** The factor that turns a value in {@code unit} into gCO2e/kWh (1 lb = 0.45359237 kg exactly). */
    public static Optional<BigDecimal> factorToGramsPerKwh(String unit) {
        String u = unit.strip()
                .toLowerCase(Locale.ROOT)
                .replace("co2e", "")
                .replace("co2", "")
                .replace(" ", "");
        return Optional.ofNullable(FACTORS.get(u));
    }
}
