package io.gridscope.collectors.host;

import io.gridscope.model.Counters;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Per-second rates from cumulative counters (bytes sent, disk reads, context switches), keyed by whatever the
 * counters belong to (an interface, a disk).
 *
 * <p>The first reading of a key only primes it. Increases follow {@link Counters} (Prometheus' rule): a counter that
 * went down was reset (a driver reload, an interface re-created) and restarted from zero, so the increase over that
 * interval is the new reading itself, never a negative or a huge one.
 *
 * <p>Not thread-safe; one instance per collector.
 */
public final class CounterRates {
    private final Map<String, long[]> previous = new HashMap<>();

    /**
     * Feeds the current readings for {@code key} and returns one rate per counter (per second), NaN where there is
     * no value (first reading, no time passed, a negative reading).
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
        return Counters.ratePerSecond(previous, current, elapsedMillis);
    }
}
