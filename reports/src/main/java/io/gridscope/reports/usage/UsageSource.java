package io.gridscope.reports.usage;

import java.util.List;

/**
 * Where the accounting reads measurements: the local history, or a Prometheus server that computes them itself.
 * Implementations bound their reads in time and size and throw {@link UsageException} when the source cannot
 * answer; they never invent a value.
 */
public interface UsageSource {
    /** "local history (1-minute rollups)": how the data were read, for the methodology. */
    String describe();

    /** The grid this source reads a period in (its step is the data resolution). */
    SlotGrid grid(long fromMillis, long toMillis);

    /** The GPUs with any data in the grid's period. */
    List<GpuRef> gpus(SlotGrid grid);

    /** The hosts with CPU or energy-meter data in the grid's period (the hosts of the GPUs are added by the caller). */
    List<String> hosts(SlotGrid grid);

    GpuUsage gpu(GpuRef gpu, SlotGrid grid);

    HostUsage host(String host, SlotGrid grid);
}
