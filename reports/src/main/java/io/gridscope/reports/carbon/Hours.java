package io.gridscope.reports.carbon;

import java.time.Instant;

/** Whole UTC hours: the grid intensity's unit of time. */
final class Hours {
    static final long MILLIS = 3_600_000L;

    private Hours() {}

    static Instant floor(Instant t) {
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), MILLIS) * MILLIS);
    }

    static Instant ceil(Instant t) {
        Instant f = floor(t);
        return f.equals(t) ? t : f.plusMillis(MILLIS);
    }

    static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
