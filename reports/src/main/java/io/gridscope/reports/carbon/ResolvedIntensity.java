package io.gridscope.reports.carbon;

import java.util.List;
import java.util.Objects;

/**
 * The intensity an hour is charged with, and the settings tried before it that had no value for that hour (a
 * provider without data for the hour, a profile that does not cover it, a zone missing from the built-in table):
 * what a report counts and shows.
 */
public record ResolvedIntensity(GridIntensity intensity, List<IntensityOrigin> passedOver) {
    public ResolvedIntensity {
        Objects.requireNonNull(intensity, "intensity");
        passedOver = List.copyOf(passedOver);
    }

    public IntensityOrigin origin() {
        return intensity.origin();
    }

    /** True when a setting preferred over the one used had no value for this hour. */
    public boolean fellBack() {
        return !passedOver.isEmpty();
    }
}
