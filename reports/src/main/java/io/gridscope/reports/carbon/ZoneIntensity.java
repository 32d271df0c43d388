package io.gridscope.reports.carbon;

import java.util.List;
import java.util.Objects;

/**
 * One row of the built-in table: the annual average intensity of a country or region.
 *
 * @param zone         the key: ISO 3166-1 alpha-3 for countries ({@code DEU}), {@code US-CA} for US states,
 *                     Electricity Maps zone keys for bidding zones ({@code SE-SE1}), {@code WORLD}
 * @param aliases      other names it is found by (alpha-2 code, country names, {@code SE1})
 * @param name         display name
 * @param gramsPerKwh  g CO2e/kWh (CO2 only where the source counts only CO2: see {@link #source()})
 * @param year         the year the figure describes
 * @param basis        average or marginal
 * @param scope        life-cycle, direct, or not said by the source
 * @param source       who published it and through which file it came
 * @param licence      the licence of the file and of the data
 */
public record ZoneIntensity(
        String zone,
        List<String> aliases,
        String name,
        double gramsPerKwh,
        int year,
        IntensityBasis basis,
        IntensityScope scope,
        String source,
        String licence) {
    public ZoneIntensity {
        Objects.requireNonNull(zone, "zone");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(licence, "licence");
        if (!Double.isFinite(gramsPerKwh) || gramsPerKwh < 0) {
            throw new IllegalArgumentException(zone + ": intensity must be finite and not negative");
        }
    }

    /** This row as the intensity of an hour, with origin {@link IntensityOrigin#BUILT_IN}. */
    public GridIntensity intensity() {
        return intensity(IntensityOrigin.BUILT_IN);
    }

    GridIntensity intensity(IntensityOrigin origin) {
        return new GridIntensity(gramsPerKwh, basis, scope, origin, source, zone + " " + name + ", " + year, false);
    }
}
