package io.gridscope.collectors.scheduler;

import java.time.Duration;

/**
 * How long a failing periodic task (a collector, a scrape target, a Prometheus server poll) waits before its next
 * attempt: {@code interval × 2^(failures−1)}, capped at {@code max}, but never below the interval itself.
 */
public final class Backoff {
    private Backoff() {}

    /** The wait after {@code failures} consecutive failures; the plain interval when there was none. */
    public static Duration delay(Duration interval, int failures, Duration max) {
        if (failures <= 0) {
            return interval;
        }
        Duration cap = interval.compareTo(max) > 0 ? interval : max;
        int shift = Math.min(failures - 1, 20);
        long millis = interval.toMillis();
        long scaled = millis > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : millis << shift;
        return scaled >= cap.toMillis() ? cap : Duration.ofMillis(scaled);
    }
}
