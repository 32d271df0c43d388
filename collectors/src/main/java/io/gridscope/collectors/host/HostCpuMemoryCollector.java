package io.gridscope.collectors.host;

import io.gridscope.collectors.Collector;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.Sensors;
import oshi.hardware.VirtualMemory;

/**
 * CPU utilisation (total and per logical core, from tick deltas), frequency, load, context switches, memory, swap
 * and sensors, read through OSHI.
 *
 * <p>Series (all carry {@code host}):
 * <ul>
 *   <li>{@code host_cpu_utilization_ratio{cpu="total"|"0".."N-1"}}: busy fraction 0..1 since the previous pass.
 *       The first pass only primes the tick counters and emits no CPU samples.</li>
 *   <li>{@code host_memory_total_bytes}, {@code host_memory_used_bytes} (total − available),
 *       {@code host_memory_available_bytes}, {@code host_swap_total_bytes}, {@code host_swap_used_bytes}.</li>
 *   <li>{@code host_cpu_frequency_hertz{cpu}}: current frequency per logical CPU, where the OS exposes it.</li>
 *   <li>{@code host_load_average{window="1m"|"5m"|"15m"}}: run-queue load averages, where the OS has them.</li>
 *   <li>{@code host_context_switches_per_second}, {@code host_interrupts_per_second}: rates since the previous
 *       pass (absent on the first pass and across a counter reset).</li>
 *   <li>{@code host_cpu_temperature_celsius} and {@code host_fan_speed_rpm{fan}}: only when the machine exposes
 *       them (OSHI reports 0 or NaN otherwise, which is absent here, not zero).</li>
 *   <li>{@code host_info{os,cpu_model,machine_id}}: always 1, carries the host identity.</li>
 *   <li>{@code host_cpu_logical_cores}: logical CPUs (hardware threads) online when the collector started, every
 *       pass; what a CPU power estimate scales per-core watts by on a host without RAPL energy.</li>
 * </ul>
 * OSHI objects are created once and reused between passes. On Linux the counters come from one read per pass of
 * {@code /proc/stat}, {@code /proc/meminfo} and {@code /proc/loadavg} ({@link LinuxProcFiles}), an order of
 * magnitude cheaper than OSHI's per-value reads; OSHI serves other platforms and any pass where /proc fails.
 */
public final class HostCpuMemoryCollector implements Collector {
    public static final String ID = "host";
    public static final String CPU_UTILIZATION = "host_cpu_utilization_ratio";
    public static final String MEMORY_TOTAL = "host_memory_total_bytes";
    public static final String MEMORY_USED = "host_memory_used_bytes";
    public static final String MEMORY_AVAILABLE = "host_memory_available_bytes";
    public static final String SWAP_TOTAL = "host_swap_total_bytes";
    public static final String SWAP_USED = "host_swap_used_bytes";
    public static final String CPU_FREQUENCY = "host_cpu_frequency_hertz";
    public static final String LOAD_AVERAGE = "host_load_average";
    public static final String CONTEXT_SWITCHES = "host_context_switches_per_second";
    public static final String INTERRUPTS = "host_interrupts_per_second";
    public static final String CPU_TEMPERATURE = "host_cpu_temperature_celsius";
    public static final String FAN_SPEED = "host_fan_speed_rpm";
    public static final String INFO = "host_info";
    public static final String LOGICAL_CORES = "host_cpu_logical_cores";
    private static final String[] LOAD_WINDOWS = {"1m", "5m", "15m"};
    private static final Logger log = LoggerFactory.getLogger(HostCpuMemoryCollector.class);

    private final String host;
    private final HostIdentity identity;
    private final CounterRates rates = new CounterRates();
    private LinuxProcFiles proc;
    private List<Path> frequencyFiles = List.of();
    private Sensors sensors;
    private SeriesId infoSeries;
    private SeriesId logicalCoresSeries;
    private int logicalCores;
    private SeriesId[] loadSeries;
    private SeriesId[] frequencySeries;
    private SeriesId contextSwitches, interrupts, cpuTemperature;
    private Labels base;
    private CentralProcessor cpu;
    private GlobalMemory memory;
    private long[] previousTotalTicks;
    private long[][] previousCoreTicks;
    private SeriesId cpuTotalSeries;
    private SeriesId[] coreSeries;
    private SeriesId memTotal, memUsed, memAvailable, swapTotal, swapUsed;

    public HostCpuMemoryCollector(HostIdentity identity) {
        this.host = identity.hostname();
        this.identity = identity;
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
        sensors = si.getHardware().getSensors();
        proc = LinuxProcFiles.detect().orElse(null);
        if (proc != null) {
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < cpu.getLogicalProcessorCount(); i++) {
                Path f = Path.of("/sys/devices/system/cpu/cpu" + i + "/cpufreq/scaling_cur_freq");
                if (Files.isReadable(f)) {
                    files.add(f);
                }
            }
            frequencyFiles = files.size() == cpu.getLogicalProcessorCount() ? List.copyOf(files) : List.of();
        }
        base = Labels.of("host", host);
        Map<String, String> info = base.asMap();
        info.put("os", String.valueOf(si.getOperatingSystem()));
        info.put("cpu_model", cpu.getProcessorIdentifier().getName().strip());
        identity.machineId().ifPresent(id -> info.put("machine_id", id));
        infoSeries = SeriesId.gauge(INFO, Unit.NONE, Labels.of(info));
        logicalCores = cpu.getLogicalProcessorCount();
        logicalCoresSeries = SeriesId.gauge(LOGICAL_CORES, Unit.NONE, base);
        loadSeries = new SeriesId[LOAD_WINDOWS.length];
        for (int i = 0; i < LOAD_WINDOWS.length; i++) {
            loadSeries[i] = SeriesId.gauge(LOAD_AVERAGE, Unit.NONE, base.with("window", LOAD_WINDOWS[i]));
        }
        contextSwitches = SeriesId.gauge(CONTEXT_SWITCHES, Unit.PER_SECOND, base);
        interrupts = SeriesId.gauge(INTERRUPTS, Unit.PER_SECOND, base);
        cpuTemperature = SeriesId.gauge(CPU_TEMPERATURE, Unit.CELSIUS, base);
        cpuTotalSeries = SeriesId.gauge(CPU_UTILIZATION, Unit.RATIO, base.with("cpu", "total"));
        int n = cpu.getLogicalProcessorCount();
        coreSeries = new SeriesId[n];
        for (int i = 0; i < n; i++) {
            coreSeries[i] = SeriesId.gauge(CPU_UTILIZATION, Unit.RATIO, base.with("cpu", Integer.toString(i)));
        }
        frequencySeries = new SeriesId[n];
        for (int i = 0; i < n; i++) {
            frequencySeries[i] = SeriesId.gauge(CPU_FREQUENCY, Unit.HERTZ, base.with("cpu", Integer.toString(i)));
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
        List<Sample> out = new ArrayList<>(coreSeries.length * 2 + 16);
        // On Linux one read of /proc/stat, /proc/meminfo and /proc/loadavg replaces OSHI's per-value re-reads.
        LinuxProcFiles.ProcStat stat = proc == null ? null : read(() -> LinuxProcFiles.parseStat(proc.read("stat")));
        Map<String, Long> mem = proc == null ? null : read(() -> LinuxProcFiles.parseMemInfo(proc.read("meminfo")));
        boolean fastStat = stat != null && stat.totalTicks() != null && stat.cpuTicks().length == coreSeries.length;
        boolean fastMem = mem != null
                && mem.containsKey("MemTotal")
                && mem.containsKey("MemAvailable")
                && mem.containsKey("SwapTotal")
                && mem.containsKey("SwapFree");
        long[] totalTicks = fastStat ? stat.totalTicks() : cpu.getSystemCpuLoadTicks();
        long[][] coreTicks = fastStat ? stat.cpuTicks() : cpu.getProcessorCpuLoadTicks();
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

        long totalBytes = fastMem ? mem.get("MemTotal") : memory.getTotal();
        long availableBytes = fastMem ? mem.get("MemAvailable") : memory.getAvailable();
        out.add(new Sample(memTotal, epochMillis, totalBytes));
        out.add(new Sample(memAvailable, epochMillis, availableBytes));
        out.add(new Sample(memUsed, epochMillis, Math.max(0, totalBytes - availableBytes)));
        if (fastMem) {
            out.add(new Sample(swapTotal, epochMillis, mem.get("SwapTotal")));
            out.add(new Sample(swapUsed, epochMillis, Math.max(0, mem.get("SwapTotal") - mem.get("SwapFree"))));
        } else {
            VirtualMemory vm = memory.getVirtualMemory();
            out.add(new Sample(swapTotal, epochMillis, vm.getSwapTotal()));
            out.add(new Sample(swapUsed, epochMillis, vm.getSwapUsed()));
        }

        out.add(new Sample(infoSeries, epochMillis, 1));
        if (logicalCores > 0) {
            out.add(new Sample(logicalCoresSeries, epochMillis, logicalCores));
        }
        long[] freq = proc == null ? cpu.getCurrentFreq() : readFrequencies();
        for (int i = 0; i < freq.length && i < frequencySeries.length; i++) {
            if (freq[i] > 0) {
                out.add(new Sample(frequencySeries[i], epochMillis, freq[i]));
            }
        }
        double[] load = proc == null
                ? cpu.getSystemLoadAverage(LOAD_WINDOWS.length)
                : Objects.requireNonNullElse(
                        read(() -> LinuxProcFiles.parseLoadAvg(proc.read("loadavg"))), new double[0]);
        for (int i = 0; i < load.length && i < loadSeries.length; i++) {
            if (load[i] >= 0) {
                out.add(new Sample(loadSeries[i], epochMillis, load[i]));
            }
        }
        double[] r = rates.update(
                "cpu",
                epochMillis,
                fastStat ? stat.contextSwitches() : cpu.getContextSwitches(),
                fastStat ? stat.interrupts() : cpu.getInterrupts());
        if (!Double.isNaN(r[0])) {
            out.add(new Sample(contextSwitches, epochMillis, r[0]));
        }
        if (!Double.isNaN(r[1])) {
            out.add(new Sample(interrupts, epochMillis, r[1]));
        }
        sensors(epochMillis, out);
        return Snapshot.of(ID, epochMillis, out);
    }

    /** Current frequency per CPU in Hz from cpufreq (kHz in sysfs); empty where the kernel has no cpufreq. */
    private long[] readFrequencies() {
        long[] out = new long[frequencyFiles.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = Long.parseLong(Files.readString(frequencyFiles.get(i)).strip()) * 1000;
            } catch (IOException | NumberFormatException e) {
                out[i] = -1;
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface ProcRead<T> {
        T get() throws IOException;
    }

    /** A /proc read, or null (and the OSHI path) when the file cannot be read. */
    private static <T> T read(ProcRead<T> r) {
        try {
            return r.get();
        } catch (IOException | RuntimeException e) {
            log.debug("reading /proc failed, using OSHI for this pass: {}", e.toString());
            return null;
        }
    }

    private void sensors(long epochMillis, List<Sample> out) {
        double celsius = sensors.getCpuTemperature();
        if (celsius > 0 && !Double.isNaN(celsius)) {
            out.add(new Sample(cpuTemperature, epochMillis, celsius));
        }
        int[] fans = sensors.getFanSpeeds();
        for (int i = 0; i < fans.length; i++) {
            if (fans[i] > 0) {
                out.add(new Sample(
                        SeriesId.gauge(FAN_SPEED, Unit.NONE, base.with("fan", Integer.toString(i))),
                        epochMillis,
                        fans[i]));
            }
        }
    }
}
