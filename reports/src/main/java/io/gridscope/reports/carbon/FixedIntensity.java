package io.gridscope.reports.carbon;

import java.util.Objects;

/**
 * An intensity the user typed for a site, with what it is and where it comes from.
 *
 * @param gramsPerKwh gCO2e/kWh, finite and not negative
 * @param basis       average or marginal
 * @param scope       life-cycle or direct
 * @param source      where the figure comes from, for reports ({@code "supplier's 2025 fuel mix disclosure"});
 *                    blank means {@code "fixed value"}
 */
public record FixedIntensity(double gramsPerKwh, IntensityBasis basis, IntensityScope scope, String source) {
    public FixedIntensity {
        if (!Double.isFinite(gramsPerKwh) || gramsPerKwh < 0) {
            throw new IllegalArgumentException("a fixed intensity must be a number of g/kWh, not negative");
        }
        if (gramsPerKwh > IntensityProfile.MAX_GRAMS_PER_KWH) {
            throw new IllegalArgumentException(gramsPerKwh + " g/kWh is more than any grid emits ("
                    + (int) IntensityProfile.MAX_GRAMS_PER_KWH + " g/kWh at most): check the unit");
        }
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(scope, "scope");
        source = source == null || source.isBlank() ? "fixed value" : source.strip();
    }

    /** This value as the intensity of an hour, origin {@link IntensityOrigin#FIXED}. */
    public GridIntensity intensity() {
        return new GridIntensity(gramsPerKwh, basis, scope, IntensityOrigin.FIXED, source, "fixed", false);
    }
}
