package io.gridscope.collectors.prometheus.scrape;

import io.gridscope.model.Counters;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Per-second rates and increases of counters between consecutive scrapes, by the reset rule of {@link Counters}
 * (Prometheus'): when a counter drops, the source restarted, and the increase since the reset is the new value
 * itself (never negative).
 * The first observation of a key only primes it. Not thread-safe: one instance per target, used by its scrapes.
 */
public final class CounterRates {
    private record Point(double value, long epochMillis) {}

    private final Map<String, Point> previous = new HashMap<>();

    /** The increase since the previous observation of {@code key}; empty on the first one or a non-advancing clock. */
    public OptionalDouble increase(String key, double value, long epochMillis) {
        if (!Double.isFinite(value)) {
            return OptionalDouble.empty();
        }
        Point prev = previous.put(key, new Point(value, epochMillis));
        if (prev == null || epochMillis <= prev.epochMillis()) {
            return OptionalDouble.empty();
        }
        double inc = Counters.increase(prev.value(), value);
        return Double.isNaN(inc) ? OptionalDouble.empty() : OptionalDouble.of(inc);
    }

    /** The per-second rate since the previous observation; empty when {@link #increase} is. */
    public OptionalDouble ratePerSecond(String key, double value, long epochMillis) {
        Point prev = previous.get(key);
        OptionalDouble inc = increase(key, value, epochMillis);
        if (inc.isEmpty()) {
            return inc;
        }
        return OptionalDouble.of(inc.getAsDouble() / ((epochMillis - prev.epochMillis()) / 1000.0));
    }

    /** True when {@code value} is below the last value seen for {@code key} (the counter was reset). */
    public boolean wouldReset(String key, double value) {
        Point prev = previous.get(key);
        return prev != null && Counters.isReset(prev.value(), value);
    }

    /** Forgets keys not refreshed since {@code epochMillis} (series that disappeared). */
    public void forgetOlderThan(long epochMillis) {
        previous.values().removeIf(p -> p.epochMillis() < epochMillis);
    }

    public int size() {
        return previous.size();
    }
}
