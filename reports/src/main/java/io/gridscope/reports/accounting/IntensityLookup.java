package io.gridscope.reports.accounting;

import io.gridscope.reports.config.Site;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/** The grid carbon intensity of a site at an hour, with where it came from. */
public interface IntensityLookup {
    /**
     * @param site the site, empty for hosts that belong to no site
     * @param hour the start of the hour (UTC) the energy was used in
     */
    Intensity at(Optional<Site> site, Instant hour);

    /**
     * @param gramsPerKwh gCO2e per kWh
     * @param source how it was found, e.g. "built-in table: Germany (DEU), 2023, Our World in Data via CodeCarbon"
     * @param basis "average, lifecycle" or "marginal, direct"
     * @param fallback true for the world average used because nothing else was set
     */
    record Intensity(BigDecimal gramsPerKwh, String source, String basis, boolean fallback) {}

    /** The world average CodeCarbon uses (IEA), flagged as a fallback. */
    Intensity WORLD = new Intensity(
            new BigDecimal("475"),
            "world average 475 gCO2e/kWh (IEA, as used by CodeCarbon): no intensity set for this site",
            "average, lifecycle",
            true);

    /** Fixed values from the sites, else the world average: no tables, no provider. */
    IntensityLookup FIXED_OR_WORLD = (site, hour) -> site.flatMap(s -> s.intensityFixedGramsPerKwh()
                    .map(v -> new Intensity(
                            v,
                            "fixed value for site " + s.id(),
                            s.intensityKind().describe(),
                            false)))
            .orElse(WORLD);
}
