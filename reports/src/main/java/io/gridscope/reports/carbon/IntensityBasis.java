package io.gridscope.reports.carbon;

import java.util.Locale;

/** Which emissions an intensity stands for: the grid's average mix, or the marginal generator that meets new load. */
public enum IntensityBasis {
    /** Emissions of all generation (or consumption) in the zone divided by its energy. */
    AVERAGE,
    /** Emissions of the generation that changes when demand changes. */
    MARGINAL;

    /** The lower-case name used in files, labels and reports ({@code average}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@link #label()} (any case). */
    public static IntensityBasis parse(String text) {
        for (IntensityBasis b : values()) {
            if (b.label().equalsIgnoreCase(text.strip())) {
                return b;
            }
        }
        throw new IllegalArgumentException("basis must be average or marginal, not '" + text + "'");
    }
}
