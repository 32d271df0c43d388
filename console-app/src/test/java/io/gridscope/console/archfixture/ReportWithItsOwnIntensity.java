package io.gridscope.console.archfixture;

import io.gridscope.reports.accounting.IntensityLookup;

/** Chooses a grid-intensity lookup of its own: what {@code ArchitectureTest} must refuse outside AccountingIntensity. */
public final class ReportWithItsOwnIntensity {
    public IntensityLookup lookup() {
        return IntensityLookup.FIXED_OR_WORLD;
    }
}
