package io.gridscope.reports.usage;

import java.util.Objects;

/**
 * What was measured of one host besides its GPUs, slot by slot. NaN marks a slot without data.
 *
 * @param raplJoules CPU package + DRAM energy from RAPL counters in each slot; null when the host has no readable
 *     RAPL meter
 * @param cpuUtilizationRatio mean CPU utilisation (all cores) in each slot, 0..1
 * @param logicalCores the host's logical CPUs (0 when unknown)
 * @param memoryBytes mean installed memory in each slot
 */
public record HostUsage(
        String host, double[] raplJoules, double[] cpuUtilizationRatio, int logicalCores, double[] memoryBytes) {
    public HostUsage {
        Objects.requireNonNull(host);
        Objects.requireNonNull(cpuUtilizationRatio);
        Objects.requireNonNull(memoryBytes);
    }
}
