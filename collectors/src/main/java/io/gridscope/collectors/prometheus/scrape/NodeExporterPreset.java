package io.gridscope.collectors.prometheus.scrape;

import static java.lang.Double.NaN;

import io.gridscope.collectors.host.HostCpuMemoryCollector;
import io.gridscope.collectors.prometheus.exposition.ParsedSample;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Maps node_exporter's families onto the series the local host collector emits, so a remote host looks like a local
 * one. The {@code host} label is the target's {@code instance}.
 *
 * <ul>
 *   <li>{@code host_cpu_utilization_ratio{cpu="0".."N-1","total"}}: 1 − (idle + iowait) / all modes, from
 *       {@code node_cpu_seconds_total} deltas between scrapes. The first scrape only primes; a CPU whose counters
 *       went backwards (reboot) is skipped for that interval.</li>
 *   <li>{@code host_memory_total_bytes}, {@code host_memory_available_bytes}, {@code host_memory_used_bytes}
 *       (total − available), {@code host_swap_total_bytes}, {@code host_swap_used_bytes} (total − free).</li>
 *   <li>{@code host_network_{receive,transmit}_{bytes,errors}_per_second{interface}} from the byte and error
 *       counters ({@code device} becomes {@code interface}), with Prometheus' reset rule.</li>
 *   <li>{@code host_disk_{read,write}_bytes_per_second{disk}}, {@code host_disk_{reads,writes}_per_second{disk}} from
 *       {@code node_disk_*} counters ({@code device} becomes {@code disk}).</li>
 *   <li>{@code host_filesystem_{size,available,used}_bytes{mountpoint,fstype,device}}, used = size − free, for file
 *       systems node_exporter could read ({@code node_filesystem_device_error} 0 or absent).</li>
 *   <li>{@code host_load_average{window="1m"|"5m"|"15m"}} (unit-less) from {@code node_load1/5/15}.</li>
 * </ul>
 * Not thread-safe: holds the previous scrape's counters.
 */
public final class NodeExporterPreset implements ScrapePreset {
    // The names the local collector uses, so a remote host's series line up with a local one's.
    private static final String CPU_UTILIZATION = HostCpuMemoryCollector.CPU_UTILIZATION;
    private static final String MEMORY_TOTAL = HostCpuMemoryCollector.MEMORY_TOTAL;
    private static final String MEMORY_USED = HostCpuMemoryCollector.MEMORY_USED;
    private static final String MEMORY_AVAILABLE = HostCpuMemoryCollector.MEMORY_AVAILABLE;
    private static final String SWAP_TOTAL = HostCpuMemoryCollector.SWAP_TOTAL;
    private static final String SWAP_USED = HostCpuMemoryCollector.SWAP_USED;
    public static final String NETWORK_RECEIVE = "host_network_receive_bytes_per_second";
    public static final String NETWORK_TRANSMIT = "host_network_transmit_bytes_per_second";
    private static final String LOAD_AVERAGE = HostCpuMemoryCollector.LOAD_AVERAGE;
    /** node_exporter counter → (Gridscope rate series, the label its {@code device} becomes, unit). */
    private static final Map<String, String[]> RATES = Map.of(
            "node_network_receive_bytes_total", new String[] {NETWORK_RECEIVE, "interface", "B"},
            "node_network_transmit_bytes_total", new String[] {NETWORK_TRANSMIT, "interface", "B"},
            "node_network_receive_errs_total", new String[] {"host_network_receive_errors_per_second", "interface", ""},
            "node_network_transmit_errs_total",
                    new String[] {"host_network_transmit_errors_per_second", "interface", ""},
            "node_disk_read_bytes_total", new String[] {"host_disk_read_bytes_per_second", "disk", "B"},
            "node_disk_written_bytes_total", new String[] {"host_disk_write_bytes_per_second", "disk", "B"},
            "node_disk_reads_completed_total", new String[] {"host_disk_reads_per_second", "disk", ""},
            "node_disk_writes_completed_total", new String[] {"host_disk_writes_per_second", "disk", ""});

    private final CounterRates rates = new CounterRates();
    private Map<String, double[]> previousCpu = Map.of();

    @Override
    public List<Sample> map(ScrapeTarget target, ScrapeResult result) {
        long t = result.epochMillis();
        Labels host = Labels.of("host", target.instance());
        List<Sample> out = new ArrayList<>();
        Map<String, double[]> cpu = new TreeMap<>(); // cpu -> {idle+iowait, all}
        Map<Labels, double[]> fileSystems = new java.util.LinkedHashMap<>(); // -> {size, avail, free, error}
        double memTotal = Double.NaN;
        double memAvailable = Double.NaN;
        double swapTotal = Double.NaN;
        double swapFree = Double.NaN;
        for (ParsedSample s : result.samples()) {
            double v = s.value();
            switch (s.name()) {
                case "node_cpu_seconds_total" -> {
                    String c = s.label("cpu");
                    String mode = s.label("mode");
                    if (c != null && mode != null && Double.isFinite(v)) {
                        double[] acc = cpu.computeIfAbsent(c, k -> new double[2]);
                        if (mode.equals("idle") || mode.equals("iowait")) {
                            acc[0] += v;
                        }
                        acc[1] += v;
                    }
                }
                case "node_memory_MemTotal_bytes" -> memTotal = v;
                case "node_memory_MemAvailable_bytes" -> memAvailable = v;
                case "node_memory_SwapTotal_bytes" -> swapTotal = v;
                case "node_memory_SwapFree_bytes" -> swapFree = v;
                case "node_load1" -> gauge(out, LOAD_AVERAGE, Unit.NONE, host.with("window", "1m"), t, v);
                case "node_load5" -> gauge(out, LOAD_AVERAGE, Unit.NONE, host.with("window", "5m"), t, v);
                case "node_load15" -> gauge(out, LOAD_AVERAGE, Unit.NONE, host.with("window", "15m"), t, v);
                case "node_filesystem_size_bytes",
                        "node_filesystem_avail_bytes",
                        "node_filesystem_free_bytes",
                        "node_filesystem_device_error" -> {
                    String mount = s.label("mountpoint");
                    if (mount != null) {
                        Labels fs = host.with("mountpoint", mount)
                                .with("fstype", nullToEmpty(s.label("fstype")))
                                .with("device", nullToEmpty(s.label("device")));
                        double[] acc = fileSystems.computeIfAbsent(fs, k -> new double[] {NaN, NaN, NaN, 0});
                        acc[
                                switch (s.name()) {
                                    case "node_filesystem_size_bytes" -> 0;
                                    case "node_filesystem_avail_bytes" -> 1;
                                    case "node_filesystem_free_bytes" -> 2;
                                    default -> 3;
                                }] = v;
                    }
                }
                default -> {
                    String[] rate = RATES.get(s.name());
                    String device = s.label("device");
                    if (rate != null && device != null) {
                        OptionalDouble r = rates.ratePerSecond(s.name() + "\0" + device, v, t);
                        if (r.isPresent()) {
                            gauge(
                                    out,
                                    rate[0],
                                    rate[2].equals("B") ? Unit.BYTES_PER_SECOND : Unit.PER_SECOND,
                                    host.with(rate[1], device),
                                    t,
                                    r.getAsDouble());
                        }
                    }
                }
            }
        }
        cpuUtilization(out, host, t, cpu);
        fileSystems.forEach((fs, v) -> {
            if (v[3] == 0) { // node_exporter sets device_error 1 for mounts it could not stat
                gauge(out, "host_filesystem_size_bytes", Unit.BYTES, fs, t, v[0]);
                gauge(out, "host_filesystem_available_bytes", Unit.BYTES, fs, t, v[1]);
                gauge(out, "host_filesystem_used_bytes", Unit.BYTES, fs, t, v[0] - v[2]);
            }
        });
        gauge(out, MEMORY_TOTAL, Unit.BYTES, host, t, memTotal);
        gauge(out, MEMORY_AVAILABLE, Unit.BYTES, host, t, memAvailable);
        gauge(out, MEMORY_USED, Unit.BYTES, host, t, Math.max(0, memTotal - memAvailable));
        gauge(out, SWAP_TOTAL, Unit.BYTES, host, t, swapTotal);
        gauge(out, SWAP_USED, Unit.BYTES, host, t, Math.max(0, swapTotal - swapFree));
        rates.forgetOlderThan(t);
        return out;
    }

    private void cpuUtilization(List<Sample> out, Labels host, long t, Map<String, double[]> cpu) {
        double idleDelta = 0;
        double allDelta = 0;
        boolean any = false;
        for (Map.Entry<String, double[]> e : cpu.entrySet()) {
            double[] prev = previousCpu.get(e.getKey());
            double[] now = e.getValue();
            if (prev == null || now[0] < prev[0] || now[1] < prev[1]) {
                continue; // first scrape, or counters reset
            }
            double idle = now[0] - prev[0];
            double all = now[1] - prev[1];
            if (all <= 0) {
                continue;
            }
            gauge(
                    out,
                    CPU_UTILIZATION,
                    Unit.RATIO,
                    host.with("cpu", e.getKey()),
                    t,
                    Math.clamp(1 - idle / all, 0.0, 1.0));
            idleDelta += idle;
            allDelta += all;
            any = true;
        }
        if (any && allDelta > 0) {
            gauge(
                    out,
                    CPU_UTILIZATION,
                    Unit.RATIO,
                    host.with("cpu", "total"),
                    t,
                    Math.clamp(1 - idleDelta / allDelta, 0.0, 1.0));
        }
        previousCpu = cpu;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static void gauge(List<Sample> out, String metric, Unit unit, Labels labels, long t, double v) {
        if (Double.isFinite(v)) {
            out.add(new Sample(SeriesId.gauge(metric, unit, labels), t, v));
        }
    }
}
