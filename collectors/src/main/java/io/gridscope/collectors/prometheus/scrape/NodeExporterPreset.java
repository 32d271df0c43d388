package io.gridscope.collectors.prometheus.scrape;

import io.gridscope.collectors.host.HostCpuMemoryCollector;
import io.gridscope.collectors.model.Labels;
import io.gridscope.collectors.model.Sample;
import io.gridscope.collectors.model.SeriesId;
import io.gridscope.collectors.model.Unit;
import io.gridscope.collectors.prometheus.exposition.ParsedSample;
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
 *   <li>{@code host_network_receive_bytes_per_second{device}}, {@code host_network_transmit_bytes_per_second{device}}
 *       from the byte counters, with Prometheus' reset rule.</li>
 *   <li>{@code host_load1} (unit-less).</li>
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
    public static final String LOAD1 = "host_load1";

    private final CounterRates rates = new CounterRates();
    private Map<String, double[]> previousCpu = Map.of();

    @Override
    public List<Sample> map(ScrapeTarget target, ScrapeResult result) {
        long t = result.epochMillis();
        Labels host = Labels.of("host", target.instance());
        List<Sample> out = new ArrayList<>();
        Map<String, double[]> cpu = new TreeMap<>(); // cpu -> {idle+iowait, all}
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
                case "node_load1" -> gauge(out, LOAD1, Unit.NONE, host, t, v);
                case "node_network_receive_bytes_total", "node_network_transmit_bytes_total" -> {
                    String device = s.label("device");
                    if (device != null) {
                        boolean rx = s.name().contains("receive");
                        OptionalDouble rate = rates.ratePerSecond(s.name() + "\0" + device, v, t);
                        if (rate.isPresent()) {
                            gauge(out, rx ? NETWORK_RECEIVE : NETWORK_TRANSMIT, Unit.BYTES_PER_SECOND,
                                    host.with("device", device), t, rate.getAsDouble());
                        }
                    }
                }
                default -> {
                    // not mapped
                }
            }
        }
        cpuUtilization(out, host, t, cpu);
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
            gauge(out, CPU_UTILIZATION, Unit.RATIO, host.with("cpu", e.getKey()), t, Math.clamp(1 - idle / all, 0.0, 1.0));
            idleDelta += idle;
            allDelta += all;
            any = true;
        }
        if (any && allDelta > 0) {
            gauge(out, CPU_UTILIZATION, Unit.RATIO, host.with("cpu", "total"), t,
                    Math.clamp(1 - idleDelta / allDelta, 0.0, 1.0));
        }
        previousCpu = cpu;
    }

    private static void gauge(List<Sample> out, String metric, Unit unit, Labels labels, long t, double v) {
        if (Double.isFinite(v)) {
            out.add(new Sample(SeriesId.gauge(metric, unit, labels), t, v));
        }
    }
}
