package io.gridscope.collectors.nvml;

/**
 * Turns NVML's energy counter (millijoules since the driver was loaded) into a series that never goes backwards.
 *
 * <p>A driver reload restarts the counter near zero. When a reading is lower than the previous one, the previous
 * reading becomes an offset added to everything after it, so the emitted total continues from where it was (the
 * energy between the last reading before the reset and the reset itself is unknown and not invented). The result is
 * neither negative nor a jump.
 *
 * <p>Not thread-safe; one instance per GPU, used from the collector thread.
 */
public final class EnergyCounter {
    private long lastRawMillijoules = -1;
    private long offsetMillijoules;
    private int resets;

    /** Feeds a raw reading and returns the continuous total in millijoules. */
    public long update(long rawMillijoules) {
        if (rawMillijoules < 0) {
            throw new IllegalArgumentException("energy counter reading must not be negative: " + rawMillijoules);
        }
        if (lastRawMillijoules >= 0 && rawMillijoules < lastRawMillijoules) {
            offsetMillijoules += lastRawMillijoules;
            resets++;
        }
        lastRawMillijoules = rawMillijoules;
        return offsetMillijoules + rawMillijoules;
    }

    /** How many counter resets were absorbed. */
    public int resets() {
        return resets;
    }
}
