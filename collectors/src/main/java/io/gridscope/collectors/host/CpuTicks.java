package io.gridscope.collectors.host;

import java.util.OptionalDouble;
import oshi.hardware.CentralProcessor.TickType;

/** Pure arithmetic on OSHI tick arrays (indexed by {@link TickType#getIndex()}). */
public final class CpuTicks {
    /**
     * Utilisation is rounded to this step. The kernel counts CPU time in ticks of 1/USER_HZ (10 ms), so one core's
     * busy share over a one-second pass is known to about 0.01 and the whole machine's to 0.01 / cores: digits past
     * 0.001 are noise. Rounded values are exact decimals, which the history store keeps in about a byte each,
     * instead of eight bytes for an arbitrary double.
     */
    public static final double RESOLUTION = 0.001;

    private CpuTicks() {}

    /**
     * Busy fraction (0..1) of the interval between two tick readings: everything except idle and iowait.
     * Empty when there is no previous reading, no time passed, or any counter went backwards (a wrap or reset:
     * that interval has no trustworthy value, and inventing one would put a spike in the history).
     */
    public static OptionalDouble utilization(long[] previous, long[] current) {
        if (previous == null || current == null || previous.length != current.length) {
            return OptionalDouble.empty();
        }
        long total = 0;
        for (int i = 0; i < current.length; i++) {
            long d = current[i] - previous[i];
            if (d < 0) {
                return OptionalDouble.empty();
            }
            total += d;
        }
        if (total <= 0) {
            return OptionalDouble.empty();
        }
        long idle = (current[TickType.IDLE.getIndex()] - previous[TickType.IDLE.getIndex()])
                + (current[TickType.IOWAIT.getIndex()] - previous[TickType.IOWAIT.getIndex()]);
        double busy = (double) (total - idle) / total;
        return OptionalDouble.of(Math.clamp(Math.round(busy / RESOLUTION) * RESOLUTION, 0.0, 1.0));
    }
}
