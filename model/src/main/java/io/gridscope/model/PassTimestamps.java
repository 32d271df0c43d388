package io.gridscope.model;

import java.time.Duration;

/**
 * The timestamp a collection pass stamps on its samples: its tick on a regular grid when it started close to it,
 * its real start otherwise.
 *
 * <p>A collector runs at a fixed rate, but each pass starts a little late: a millisecond or two on an idle machine,
 * more under load. History stores a series' timestamps as offsets from a regular grid, where an exact cadence costs
 * nothing and every millisecond of jitter costs bits (two bits a sample for 0-3 ms, a fifth of what a whole sample
 * takes). The readings of one pass are themselves spread over the pass (reading NVML and {@code /proc} takes
 * milliseconds), so a start time more exact than that says nothing true. As Prometheus' scrapes do (its
 * {@code --scrape.timestamp-tolerance}, 2 ms there), a pass that starts within {@link #toleranceMillis()} of its tick
 * is stamped with the tick.
 *
 * <p>The grid is the first pass's start plus whole intervals. A pass further from its tick than the tolerance is
 * stamped with its real start and leaves the grid where it is, so one late pass (a GC pause, a busy machine) costs
 * one offset; {@link #MISSES_TO_MOVE} such passes in a row (the wall clock was stepped, or the first pass itself was
 * late) move the grid to the latest one. Stamps always increase while the clock does: a stamp never goes back to
 * or behind the previous one.
 *
 * <p>Effect on figures: a rate between two passes is computed over the stamped interval, off by at most two
 * tolerances (2 % of the interval) for the one interval where a pass started late within the tolerance; increases
 * of counters (energy, bytes) are the counters' own and do not depend on timestamps at all.
 *
 * <p>Not thread-safe: one instance per collector, used by the thread that runs its passes.
 */
public final class PassTimestamps {
    /** The largest tolerance, whatever the interval. */
    public static final Duration MAX_TOLERANCE = Duration.ofMillis(10);
    /** Consecutive passes off the grid after which the grid moves. */
    public static final int MISSES_TO_MOVE = 3;

    private final long intervalMillis;
    private final long toleranceMillis;
    private boolean anchored;
    private long anchorMillis;
    private long lastStampMillis;
    private int misses;

    /** Stamps for a collector running every {@code interval}: tolerance 1 % of it, at most {@link #MAX_TOLERANCE}. */
    public PassTimestamps(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.intervalMillis = Math.max(1, interval.toMillis());
        this.toleranceMillis = Math.min(MAX_TOLERANCE.toMillis(), intervalMillis / 100);
    }

    /** How far (ms) a pass may start from its tick and still be stamped with it; 0 for intervals under 100 ms. */
    public long toleranceMillis() {
        return toleranceMillis;
    }

    /** The timestamp for a pass that starts now ({@code nowEpochMillis}, the wall clock). */
    public long stamp(long nowEpochMillis) {
        if (!anchored) {
            anchored = true;
            anchorMillis = nowEpochMillis;
            lastStampMillis = nowEpochMillis;
            return nowEpochMillis;
        }
        long k = Math.floorDiv(nowEpochMillis - anchorMillis + intervalMillis / 2, intervalMillis);
        long tick = anchorMillis + k * intervalMillis;
        long stamp;
        if (Math.abs(nowEpochMillis - tick) <= toleranceMillis) {
            misses = 0;
            stamp = tick;
        } else {
            stamp = nowEpochMillis;
            if (++misses >= MISSES_TO_MOVE) {
                anchorMillis = nowEpochMillis;
                misses = 0;
            }
        }
        if (stamp <= lastStampMillis && nowEpochMillis > lastStampMillis - toleranceMillis) {
            // a catch-up pass right after one stamped with a tick just ahead of its start
            stamp = lastStampMillis + 1;
        }
        lastStampMillis = stamp;
        return stamp;
    }
}
