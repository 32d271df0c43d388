package io.gridscope.reports.carbon;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a site's grid intensity comes from. {@link IntensityResolver} tries, per hour, in this order, the first that
 * is set and has a value for the hour: the live provider's cached hours, the profile, the fixed value, the built-in
 * zone; and the world average when none gives one.
 *
 * @param providerZone  the Electricity Maps zone whose cached hours to use ({@code DE}, {@code US-CAL-CISO})
 * @param providerScope the emission factors asked of the provider: life-cycle (the provider's default) or direct
 * @param profile       an imported hourly or monthly profile
 * @param fixed         a typed value
 * @param builtInZone   a zone, ISO code or country name of the built-in table ({@link BuiltInIntensities#lookup})
 */
public record IntensitySettings(
        Optional<String> providerZone,
        IntensityScope providerScope,
        Optional<IntensityProfile> profile,
        Optional<FixedIntensity> fixed,
        Optional<String> builtInZone) {
    /** Nothing set: every hour gets the world average, as a fallback. */
    public static final IntensitySettings NONE = new IntensitySettings(
            Optional.empty(), IntensityScope.LIFECYCLE, Optional.empty(), Optional.empty(), Optional.empty());

    public IntensitySettings {
        Objects.requireNonNull(providerZone, "providerZone");
        Objects.requireNonNull(providerScope, "providerScope");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(fixed, "fixed");
        Objects.requireNonNull(builtInZone, "builtInZone");
        if (providerScope == IntensityScope.UNSPECIFIED) {
            throw new IllegalArgumentException("the provider's scope must be lifecycle or direct");
        }
        providerZone = providerZone.map(String::strip).filter(z -> !z.isEmpty());
        builtInZone = builtInZone.map(String::strip).filter(z -> !z.isEmpty());
    }

    public IntensitySettings withProvider(String zone, IntensityScope scope) {
        return new IntensitySettings(Optional.of(zone), scope, profile, fixed, builtInZone);
    }

    public IntensitySettings withProfile(IntensityProfile p) {
        return new IntensitySettings(providerZone, providerScope, Optional.of(p), fixed, builtInZone);
    }

    public IntensitySettings withFixed(FixedIntensity f) {
        return new IntensitySettings(providerZone, providerScope, profile, Optional.of(f), builtInZone);
    }

    public IntensitySettings withBuiltInZone(String zone) {
        return new IntensitySettings(providerZone, providerScope, profile, fixed, Optional.of(zone));
    }
}
