package io.gridscope.console.ui;

import io.gridscope.collectors.model.CollectorState;
import io.gridscope.collectors.model.CollectorStatus;
import io.gridscope.collectors.model.Labels;
import io.gridscope.collectors.model.Sample;
import io.gridscope.collectors.nvml.GpuDeviceStatus;
import io.gridscope.collectors.nvml.GpuProcess;
import io.gridscope.collectors.nvml.NvmlCollector;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The GPUs page's data: one row per GPU (latest values; absent fields stay NaN and show as N/A), the GPU processes,
 * and why there are no GPUs when NVML is unavailable. FX thread only, fed in batches.
 */
public final class GpuViewModel {
    /** Latest state of one GPU. NaN = not reported by this GPU (unsupported), shown as N/A. */
    public record GpuRow(String uuid, int index, String name, boolean lost, double utilization, double memoryUsedBytes,
            double memoryReservedBytes, double memoryTotalBytes, double powerWatts, double powerLimitWatts,
            double temperatureCelsius, double smClockHertz, String clockEventReasons, double eccUncorrected) {}

    private final ChartViewModel utilization = chart("gpuUtilizationChart", "GPU utilisation", "%",
            NvmlCollector.UTILIZATION, 100, 0, 100, "Share of time a kernel ran, per GPU (gpu_utilization_ratio): "
                    + "a busy flag, not SM saturation. Not reported for MIG instances.");
    private final ChartViewModel memory = chart("gpuMemoryChart", "GPU memory used", "GiB", NvmlCollector.MEMORY_USED,
            1 / MainViewModel.BYTES_PER_GIB, 0, Double.NaN, "Memory used per GPU, excluding driver-reserved memory (gpu_memory_used_bytes).");
    private final ChartViewModel power = chart("gpuPowerChart", "GPU power", "W", NvmlCollector.POWER, 1, 0, Double.NaN,
            "Board power draw per GPU (gpu_power_watts; a 1 s average on Ampere and newer).");
    private final ChartViewModel temperature = chart("gpuTemperatureChart", "GPU temperature", "°C",
            NvmlCollector.TEMPERATURE, 1, 0, Double.NaN, "GPU core temperature (gpu_temperature_celsius).");

    private final ObservableList<GpuRow> gpus = FXCollections.observableArrayList();
    private final ObservableList<GpuProcess> processes = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper unavailable = new ReadOnlyStringWrapper(this, "unavailable", "");
    private final Map<String, double[]> latest = new TreeMap<>();
    private final Map<String, Set<String>> reasons = new TreeMap<>();
    private final Map<String, GpuDeviceStatus> devices = new TreeMap<>();

    private static final List<String> FIELDS = List.of(NvmlCollector.UTILIZATION, NvmlCollector.MEMORY_USED,
            NvmlCollector.MEMORY_RESERVED, NvmlCollector.MEMORY_TOTAL, NvmlCollector.POWER, NvmlCollector.POWER_LIMIT,
            NvmlCollector.TEMPERATURE, NvmlCollector.CLOCK, NvmlCollector.ECC_ERRORS);
    static final Set<String> METRICS;

    static {
        Set<String> m = new java.util.HashSet<>(FIELDS);
        m.add(NvmlCollector.CLOCK_EVENT);
        m.add(NvmlCollector.UP);
        METRICS = Set.copyOf(m);
    }

    private static ChartViewModel chart(String id, String title, String unit, String metric, double scale, double min,
            double max, String tooltip) {
        return new ChartViewModel(new ChartSpec(id, title, unit, metric, Labels.EMPTY, "gpu_uuid", null, scale, min,
                max, tooltip));
    }

    public List<ChartViewModel> charts() {
        return List.of(utilization, memory, power, temperature);
    }

    public ObservableList<GpuRow> gpus() {
        return gpus;
    }

    public ObservableList<GpuProcess> processes() {
        return processes;
    }

    /** Why no GPU is shown (NVML missing, driver mismatch...); empty while NVML works. */
    public ReadOnlyStringProperty unavailableProperty() {
        return unavailable.getReadOnlyProperty();
    }

    void onSamples(List<Sample> batch) {
        boolean changed = false;
        for (Sample s : batch) {
            String metric = s.series().metric();
            if (!METRICS.contains(metric)) {
                continue;
            }
            Labels l = s.series().labels();
            String uuid = l.get("gpu_uuid").orElse(null);
            if (uuid == null || l.get("mig_uuid").isPresent()) {
                continue;
            }
            double[] v = latest.computeIfAbsent(uuid, k -> nan(FIELDS.size() + 1));
            if (metric.equals(NvmlCollector.CLOCK)) {
                if (l.get("clock").filter("sm"::equals).isPresent()) {
                    v[FIELDS.indexOf(metric)] = s.value();
                }
            } else if (metric.equals(NvmlCollector.ECC_ERRORS)) {
                if (l.get("type").filter("uncorrected"::equals).isPresent()) {
                    v[FIELDS.indexOf(metric)] = s.value();
                }
            } else if (metric.equals(NvmlCollector.CLOCK_EVENT)) {
                Set<String> r = reasons.computeIfAbsent(uuid, k -> new TreeSet<>());
                String reason = l.get("reason").orElse("?");
                if (s.value() > 0) {
                    r.add(reason);
                } else {
                    r.remove(reason);
                }
            } else if (metric.equals(NvmlCollector.UP)) {
                v[FIELDS.size()] = s.value();
            } else {
                v[FIELDS.indexOf(metric)] = s.value();
            }
            changed = true;
        }
        if (changed) {
            rebuild();
        }
    }

    void onDevices(List<GpuDeviceStatus> statuses, List<GpuProcess> procs) {
        devices.clear();
        statuses.forEach(d -> devices.put(d.info().uuid(), d));
        processes.setAll(procs);
        rebuild();
    }

    void onStatus(CollectorStatus s) {
        if (!s.collectorId().equals(NvmlCollector.ID)) {
            return;
        }
        unavailable.set(s.state() == CollectorState.UNAVAILABLE || s.state() == CollectorState.FAILED
                ? s.message() : "");
    }

    private void rebuild() {
        Map<String, GpuRow> rows = new TreeMap<>();
        Set<String> uuids = new TreeSet<>(latest.keySet());
        uuids.addAll(devices.keySet());
        for (String uuid : uuids) {
            double[] v = latest.getOrDefault(uuid, nan(FIELDS.size() + 1));
            GpuDeviceStatus d = devices.get(uuid);
            int index = d == null ? -1 : d.info().index();
            String name = d == null ? "" : d.info().name();
            boolean lost = (d != null && d.lost()) || v[FIELDS.size()] == 0;
            String r = String.join(", ", reasons.getOrDefault(uuid, Set.of()));
            rows.put(String.format("%04d-%s", index + 1, uuid), new GpuRow(uuid, index, name, lost, v[0], v[1], v[2],
                    v[3], v[4], v[5], v[6], v[7], r, v[8]));
        }
        gpus.setAll(rows.values());
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }
}
