package io.gridscope.reports.carbon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The grid intensity of each hour of a site, from its {@link IntensitySettings}: the first of live provider (as
 * cached in the history, see {@link IntensityCache}), profile, fixed value and built-in zone that is set and has a
 * value for the hour; else the world average, marked as a {@link GridIntensity#fallback() fallback}. Each answer
 * lists the settings passed over, so a report can count the hours of each source and say where it fell back.
 *
 * <p>{@link #prepare} reads the provider's cached hours of the report's period once; {@link #at} then does no I/O.
 * It never fetches from the provider: fill the cache first ({@link IntensityCache#fill}) where that is wanted, and
 * a report rerun offline gives the same figures. Immutable and thread-safe once prepared.
 */
public final class IntensityResolver {
    private static final long HOUR_MILLIS = 3_600_000;

    private final IntensitySettings settings;
    private final Optional<CachedHours> provider;
    private final Optional<ZoneIntensity> zone;
    private final GridIntensity worldAverage;

    private IntensityResolver(
            IntensitySettings settings,
            Optional<CachedHours> provider,
            Optional<ZoneIntensity> zone,
            GridIntensity worldAverage) {
        this.settings = settings;
        this.provider = provider;
        this.zone = zone;
        this.worldAverage = worldAverage;
    }

    /**
     * A resolver for the hours of {@code [from, to)} with the shipped built-in table.
     *
     * @param history where the provider's hours are stored ({@code HistoryReader::queryRange}); read only when
     *     {@link IntensitySettings#providerZone()} is set
     */
    public static IntensityResolver prepare(
            IntensitySettings settings, Instant from, Instant to, IntensityCache.RangeQuery history) {
        return prepare(settings, from, to, history, BuiltInIntensities.shipped());
    }

    public static IntensityResolver prepare(
            IntensitySettings settings,
            Instant from,
            Instant to,
            IntensityCache.RangeQuery history,
            BuiltInIntensities table) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(table, "table");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the period ends before it starts");
        }
        Optional<CachedHours> cached = settings.providerZone()
                .map(z ->
                        IntensityCache.read(history, ElectricityMapsClient.ID, z, settings.providerScope(), from, to));
        return new IntensityResolver(settings, cached, settings.builtInZone().flatMap(table::lookup), table.fallback());
    }

    /**
     * The intensity of the hour starting at (or containing) {@code hour}.
     *
     * @throws IllegalArgumentException when a provider is set and the hour lies outside the prepared period
     */
    public ResolvedIntensity at(Instant hour) {
        List<IntensityOrigin> passed = new ArrayList<>(4);
        if (provider.isPresent()) {
            CachedHours p = provider.get();
            long h = Math.floorDiv(hour.toEpochMilli(), HOUR_MILLIS) * HOUR_MILLIS;
            if (h < p.from().toEpochMilli() || h >= p.to().toEpochMilli()) {
                throw new IllegalArgumentException(
                        "hour " + hour + " is outside the period prepared, " + p.from() + ".." + p.to());
            }
            Optional<GridIntensity> g = p.at(hour);
            if (g.isPresent()) {
                return new ResolvedIntensity(g.get(), passed);
            }
            passed.add(IntensityOrigin.PROVIDER);
        }
        if (settings.profile().isPresent()) {
            Optional<GridIntensity> g = settings.profile().get().at(hour);
            if (g.isPresent()) {
                return new ResolvedIntensity(g.get(), passed);
            }
            passed.add(IntensityOrigin.PROFILE);
        }
        if (settings.fixed().isPresent()) {
            return new ResolvedIntensity(settings.fixed().get().intensity(), passed);
        }
        if (settings.builtInZone().isPresent()) {
            if (zone.isPresent()) {
                return new ResolvedIntensity(zone.get().intensity(), passed);
            }
            passed.add(IntensityOrigin.BUILT_IN);
        }
        return new ResolvedIntensity(worldAverage, passed);
    }

    /** The built-in row the settings' zone names; empty when none is set or the table has no such zone. */
    public Optional<ZoneIntensity> builtInZone() {
        return zone;
    }

    /** The provider's stored hours of the prepared period; empty when no provider is set. */
    public Optional<CachedHours> providerHours() {
        return provider;
    }

    public IntensitySettings settings() {
        return settings;
    }
}
