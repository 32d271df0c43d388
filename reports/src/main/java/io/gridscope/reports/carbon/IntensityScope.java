package io.gridscope.reports.carbon;

import java.util.Locale;

/** Which part of the emissions of generation an intensity counts. */
public enum IntensityScope {
    /** Life-cycle emissions (plant construction, fuel supply and combustion), in CO2 equivalents. */
    LIFECYCLE,
    /** Emissions at the point of generation only (combustion). */
    DIRECT,
    /** The source does not say. */
    UNSPECIFIED;

    /** The lower-case name used in files, labels and reports ({@code lifecycle}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@link #label()} (any case). */
    public static IntensityScope parse(String text) {
        for (IntensityScope s : values()) {
            if (s.label().equalsIgnoreCase(text.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException("scope must be lifecycle, direct or unspecified, not '" + text + "'");
    }
}
