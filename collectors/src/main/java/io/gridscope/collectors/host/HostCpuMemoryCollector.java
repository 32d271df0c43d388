package io.gridscope.collectors.host;

import io.gridscope.collectors.Collector;
import io.gridscope.collectors.model.Labels;
import io.gridscope.collectors.model.Sample;
import io.gridscope.collectors.model.SeriesId;
import io.gridscope.collectors.model.Snapshot;
import io.gridscope.collectors.model.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.VirtualMemory;

/**
 * CPU utilisation (total and per logical core, from tick deltas) and memory, read through OSHI.
 *
 * <p>Series (all carry {@code host}):
 * <ul>
 *   <li>{@code host_cpu_utilization_ratio{cpu="total"|"0".."N-1"}}: busy fraction 0..1 since the previous pass.
 *       The first pass only primes the tick counters and emits no CPU samples.</li>
 *   <li>{@code host_memory_total_bytes}, {@code host_memory_used_bytes} (total − available),
 *       {@code host_memory_available_bytes}, {@code host_swap_total_bytes}, {@code host_swap_used_bytes}.</li>
 * </ul>
 * OSHI objects are created once and reused between passes.
 */
public final class HostCpuMemoryCollector implements Collector {
    public static final String ID = "host";
    public static final String CPU_UTILIZATION = "host_cpu_utilization_ratio";
    public static final String MEMORY_TOTAL = "host_memory_total_bytes";
    public static final String MEMORY_USED = "host_memory_used_bytes";
    public static final String MEMORY_AVAILABLE = "host_memory_available_bytes";
    public static final String SWAP_TOTAL = "host_swap_total_bytes";
    public static final String SWAP_USED = "host_swap_used_bytes";

    private final String host;
    private CentralProcessor cpu;
    private GlobalMemory memory;
    private long[] previousTotalTicks;
    private long[][] previousCoreTicks;
    private SeriesId cpuTotalSeries;
    private SeriesId[] coreSeries;
    private SeriesId memTotal, memUsed, memAvailable, swapTotal, swapUsed;

    public HostCpuMemoryCollector(HostIdentity identity) {
        this.host = identity.hostname();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Host CPU & memory";
    }

    private void init() {
        SystemInfo si = new SystemInfo();
        cpu = si.getHardware().getProcessor();
        memory = si.getHardware().getMemory();
        Labels base = Labels.of("host", host);
        cpuTotalSeries = SeriesId.gauge(CPU_UTILIZATION, Unit.RATIO, base.with("cpu", "total"));
        int n = cpu.getLogicalProcessorCount();
        coreSeries = new SeriesId[n];
        for (int i = 0; i < n; i++) {
            coreSeries[i] = SeriesId.gauge(CPU_UTILIZATION, Unit.RATIO, base.with("cpu", Integer.toString(i)));
        }
        memTotal = SeriesId.gauge(MEMORY_TOTAL, Unit.BYTES, base);
        memUsed = SeriesId.gauge(MEMORY_USED, Unit.BYTES, base);
        memAvailable = SeriesId.gauge(MEMORY_AVAILABLE, Unit.BYTES, base);
        swapTotal = SeriesId.gauge(SWAP_TOTAL, Unit.BYTES, base);
        swapUsed = SeriesId.gauge(SWAP_USED, Unit.BYTES, base);
    }

    @Override
    public Snapshot collect(long epochMillis) {
        if (cpu == null) {
            init();
        }
        List<Sample> out = new ArrayList<>(coreSeries.length + 8);
        long[] totalTicks = cpu.getSystemCpuLoadTicks();
        long[][] coreTicks = cpu.getProcessorCpuLoadTicks();
        OptionalDouble total = CpuTicks.utilization(previousTotalTicks, totalTicks);
        if (total.isPresent()) {
            out.add(new Sample(cpuTotalSeries, epochMillis, total.getAsDouble()));
        }
        if (previousCoreTicks != null && previousCoreTicks.length == coreTicks.length) {
            for (int i = 0; i < coreTicks.length && i < coreSeries.length; i++) {
                OptionalDouble u = CpuTicks.utilization(previousCoreTicks[i], coreTicks[i]);
                if (u.isPresent()) {
                    out.add(new Sample(coreSeries[i], epochMillis, u.getAsDouble()));
                }
            }
        }
        previousTotalTicks = totalTicks;
        previousCoreTicks = coreTicks;

        long totalBytes = memory.getTotal();
        long availableBytes = memory.getAvailable();
        out.add(new Sample(memTotal, epochMillis, totalBytes));
        out.add(new Sample(memAvailable, epochMillis, availableBytes));
        out.add(new Sample(memUsed, epochMillis, Math.max(0, totalBytes - availableBytes)));
        VirtualMemory vm = memory.getVirtualMemory();
        out.add(new Sample(swapTotal, epochMillis, vm.getSwapTotal()));
        out.add(new Sample(swapUsed, epochMillis, vm.getSwapUsed()));
        return Snapshot.of(ID, epochMillis, out);
    }
}
