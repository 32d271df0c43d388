package io.gridscope.reports.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A place whose hosts share a PUE, an electricity tariff and a grid: the hosts it holds are named by glob
 * patterns ({@code *} and {@code ?}) on the {@code host} label.
 *
 * @param pue facility energy ÷ IT energy, at least 1
 * @param zone a zone of the built-in intensity table (ISO country code, {@code US-CA}, {@code SE1}, …)
 * @param intensityFixedGramsPerKwh a fixed grid intensity, when set
 * @param intensityProfile an hourly or monthly intensity profile (CSV), when set
 * @param providerZone the Electricity Maps zone whose cached hourly history is used, when set
 * @param providerTokenFile the file that holds the Electricity Maps token (the token itself is never stored)
 */
public record Site(
        String id,
        String name,
        List<String> hostPatterns,
        BigDecimal pue,
        ZoneId timeZone,
        Optional<String> zone,
        Optional<BigDecimal> intensityFixedGramsPerKwh,
        IntensityKind intensityKind,
        Optional<Path> intensityProfile,
        Optional<String> providerZone,
        Optional<Path> providerTokenFile,
        int line)
        implements Located {

    /** The basis of a fixed or imported intensity: average or marginal, life-cycle or direct. */
    public record IntensityKind(String basis, String scope) {
        public static final IntensityKind DEFAULT = new IntensityKind("average", "lifecycle");

        public String describe() {
            return basis + ", " + scope;
        }
    }

    public Site {
        Objects.requireNonNull(id);
        Objects.requireNonNull(name);
        hostPatterns = List.copyOf(hostPatterns);
        Objects.requireNonNull(pue);
        Objects.requireNonNull(timeZone);
    }

    public boolean holds(String host) {
        return hostPatterns.stream().anyMatch(p -> Globs.matches(p, host));
    }
}
