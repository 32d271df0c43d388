package io.gridscope.reports.accounting;

import io.gridscope.reports.usage.GpuRef;

/**
 * Receives what the engine books while it computes a report, on the computing thread: every {@link Charge}
 * (resource by resource, in time order within a resource; the filter of the request applied), and per GPU how
 * busy it was.
 */
public interface ChargeSink {
    ChargeSink NONE = c -> {};

    void charge(Charge charge);

    /**
     * How one GPU was used over the period.
     *
     * @param periodMillis the length of the period
     * @param knownMillis the time with a utilisation reading
     * @param busyMillis the part of {@code knownMillis} at or above the idle threshold
     * @param utilisationMillis utilisation × time summed over {@code knownMillis} (÷ knownMillis = the mean)
     */
    default void gpuUse(
            GpuRef gpu, long periodMillis, double knownMillis, double busyMillis, double utilisationMillis) {}
}
