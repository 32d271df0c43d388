package io.gridscope.reports.carbon;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A live provider's hourly intensities for one zone and range, as stored in the history by {@link IntensityCache}:
 * what a report uses, the same offline and on every rerun. Immutable.
 */
public final class CachedHours {
    private static final long HOUR_MILLIS = 3_600_000;

    private final String source;
    private final String zone;
    private final IntensityScope scope;
    private final Instant from;
    private final Instant to;
    private final long[] hours;
    private final double[] grams;
    private final boolean[] estimated;

    CachedHours(
            String source,
            String zone,
            IntensityScope scope,
            Instant from,
            Instant to,
            long[] hours,
            double[] grams,
            boolean[] estimated) {
        this.source = Objects.requireNonNull(source);
        this.zone = Objects.requireNonNull(zone);
        this.scope = Objects.requireNonNull(scope);
        this.from = from;
        this.to = to;
        this.hours = hours;
        this.grams = grams;
        this.estimated = estimated;
    }

    /** The hour of {@code t} when it lies in the range read; origin {@link IntensityOrigin#PROVIDER}. */
    public Optional<GridIntensity> at(Instant t) {
        int i = Arrays.binarySearch(hours, Math.floorDiv(t.toEpochMilli(), HOUR_MILLIS) * HOUR_MILLIS);
        if (i < 0) {
            return Optional.empty();
        }
        return Optional.of(new GridIntensity(
                grams[i],
                IntensityBasis.AVERAGE,
                scope,
                IntensityOrigin.PROVIDER,
                source,
                "zone " + zone,
                estimated[i]));
    }

    /** True when the hour starting at (or containing) {@code t} is stored. */
    public boolean contains(Instant t) {
        return Arrays.binarySearch(hours, Math.floorDiv(t.toEpochMilli(), HOUR_MILLIS) * HOUR_MILLIS) >= 0;
    }

    /** How many hours of the range are stored. */
    public int size() {
        return hours.length;
    }

    /** How many stored hours the provider marked as estimated. */
    public int estimatedHours() {
        int n = 0;
        for (boolean e : estimated) {
            n += e ? 1 : 0;
        }
        return n;
    }

    /** Start of the range read (inclusive, on the hour). */
    public Instant from() {
        return from;
    }

    /** End of the range read (exclusive, on the hour). */
    public Instant to() {
        return to;
    }

    public String zone() {
        return zone;
    }

    @Override
    public String toString() {
        return "CachedHours[" + source + " zone " + zone + ", " + scope.label() + ", " + hours.length + " hours of "
                + from + ".." + to + "]";
    }
}
