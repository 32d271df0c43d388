package io.gridscope.collectors.host;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Per-second rates from cumulative counters (bytes sent, disk reads, context switches), keyed by whatever the
 * counters belong to (an interface, a disk).
 *
 * <p>The first reading of a key only primes it. A counter that went down is either a 32-bit wrap (the previous value
 * was in the top half of the 32-bit range and the new one is small: the delta goes through 2^32) or a reset (a
 * driver reload, an interface re-created): that interval has no trustworthy value and yields no rate, never a
 * negative or a huge one.
 *
 * <p>Not thread-safe; one instance per collector.
 */
public final class CounterRates {
    private static final long TWO_POW_32 = 1L << 32;

    private final Map<String, long[]> previous = new HashMap<>();

    /**
     * Feeds the current readings for {@code key} and returns one rate per counter (per second), NaN where there is
     * no trustworthy value (first reading, no time passed, reset).
     */
    public double[] update(String key, long timestampMillis, long... counters) {
        long[] prev = previous.get(key);
        long[] current = Arrays.copyOf(counters, counters.length + 1);
        current[counters.length] = timestampMillis;
        previous.put(key, current);
        double[] rates = new double[counters.length];
        Arrays.fill(rates, Double.NaN);
        if (prev == null || prev.length != current.length) {
            return rates;
        }
        long dt = timestampMillis - prev[counters.length];
        for (int i = 0; i < counters.length; i++) {
            OptionalDouble r = perSecond(prev[i], counters[i], dt);
            if (r.isPresent()) {
                rates[i] = r.getAsDouble();
            }
        }
        return rates;
    }

    /** Forgets keys that no longer exist (a removed interface), so the map does not grow without bound. */
    public void retain(Set<String> keys) {
        previous.keySet().retainAll(keys);
    }

    /** The per-second increase from {@code previous} to {@code current} over {@code elapsedMillis}. */
    public static OptionalDouble perSecond(long previous, long current, long elapsedMillis) {
        if (elapsedMillis <= 0 || previous < 0 || current < 0) {
            return OptionalDouble.empty();
        }
        long delta;
        if (current >= previous) {
            delta = current - previous;
        } else if (previous < TWO_POW_32 && previous >= TWO_POW_32 / 2 && current < TWO_POW_32 / 2) {
            delta = current + TWO_POW_32 - previous;
        } else {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(delta * 1000.0 / elapsedMillis);
    }
}
