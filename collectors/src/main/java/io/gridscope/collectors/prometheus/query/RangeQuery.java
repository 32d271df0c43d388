package io.gridscope.collectors.prometheus.query;

import java.time.Duration;
import java.time.Instant;

/**
 * A range query's evaluation grid: start and end aligned to multiples of the step (start down, end up), so that
 * refreshes evaluate at the same instants. Immutable.
 *
 * @param startMillis epoch millis, a multiple of {@code stepMillis}
 * @param endMillis   epoch millis, a multiple of {@code stepMillis}, ≥ start
 * @param stepMillis  resolution, ≥ 1 ms
 */
public record RangeQuery(long startMillis, long endMillis, long stepMillis) {
    /** Prometheus refuses more points than this per series. */
    public static final long MAX_POINTS = 11_000;

    public RangeQuery {
        if (stepMillis <= 0) {
            throw new IllegalArgumentException("step must be positive");
        }
        if (endMillis < startMillis) {
            throw new IllegalArgumentException("range end is before its start");
        }
        long points = (endMillis - startMillis) / stepMillis + 1;
        if (points > MAX_POINTS) {
            throw new IllegalArgumentException("range of " + points + " points exceeds Prometheus' limit of "
                    + MAX_POINTS + " per series; use a step of at least "
                    + Duration.ofMillis(Math.ceilDiv(endMillis - startMillis, MAX_POINTS - 1)));
        }
    }

    /** Aligns {@code [start, end]} outwards to the step grid. */
    public static RangeQuery aligned(Instant start, Instant end, Duration step) {
        long s = step.toMillis();
        if (s <= 0) {
            throw new IllegalArgumentException("step must be at least 1 ms, got " + step);
        }
        long from = Math.floorDiv(start.toEpochMilli(), s) * s;
        long to = Math.ceilDiv(end.toEpochMilli(), s) * s;
        return new RangeQuery(from, to, s);
    }

    public long points() {
        return (endMillis - startMillis) / stepMillis + 1;
    }
}
