package io.gridscope.reports.carbon;

import java.util.Objects;

/**
 * One grid carbon intensity and where it comes from: what an hour of electricity is charged with.
 *
 * @param gramsCo2ePerKwh grams of CO2 equivalent per kilowatt-hour, finite and not negative
 * @param basis           average or marginal
 * @param scope           life-cycle or direct emissions (or not said by the source)
 * @param origin          the kind of setting that gave the value
 * @param source          who published the figure, for reports ({@code "Electricity Maps"}, the built-in table's
 *                        source, {@code "profile grid.csv"}, {@code "fixed value"})
 * @param detail          what of that source: zone and year, hour or month ({@code "DEU Germany, 2023"})
 * @param estimated       the source marked the value as estimated (Electricity Maps' {@code isEstimated})
 */
public record GridIntensity(
        double gramsCo2ePerKwh,
        IntensityBasis basis,
        IntensityScope scope,
        IntensityOrigin origin,
        String source,
        String detail,
        boolean estimated) {
    public GridIntensity {
        if (!Double.isFinite(gramsCo2ePerKwh) || gramsCo2ePerKwh < 0) {
            throw new IllegalArgumentException(
                    "intensity must be a finite number of g/kWh, not negative, got " + gramsCo2ePerKwh);
        }
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(detail, "detail");
        if (source.isBlank()) {
            throw new IllegalArgumentException("an intensity needs its source");
        }
    }

    /** True for the world average used because nothing else was set or had a value: reports must say so. */
    public boolean fallback() {
        return origin == IntensityOrigin.WORLD_AVERAGE;
    }
}
