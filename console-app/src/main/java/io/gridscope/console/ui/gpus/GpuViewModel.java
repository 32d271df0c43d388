package io.gridscope.console.ui.gpus;

import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.nvml.GpuDeviceStatus;
import io.gridscope.collectors.nvml.GpuInfo;
import io.gridscope.collectors.nvml.GpuProcess;
import io.gridscope.collectors.nvml.NvmlCollector;
import io.gridscope.console.fx.RowList;
import io.gridscope.console.ui.chart.ChartSpec;
import io.gridscope.console.ui.chart.ChartViewModel;
import io.gridscope.console.ui.format.Formats;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
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
 * The GPUs page's data: one row per GPU (latest values; absent fields stay NaN and show as N/A), one row per MIG
 * instance, the GPU processes, and why there are no GPUs when NVML is unavailable. FX thread only, fed in batches.
 */
public final class GpuViewModel {
    /**
     * Latest state of one GPU. NaN = not reported by this GPU (unsupported), shown as N/A. PCIe throughput is only
     * read while the GPUs page is shown, so it is NaN until then.
     *
     * @param migEnabled whether the GPU is in MIG mode (false also when the GPU has no MIG)
     */
    public record GpuRow(
            String uuid,
            int index,
            String name,
            boolean lost,
            double utilization,
            double memoryUsedBytes,
            double memoryReservedBytes,
            double memoryTotalBytes,
            double powerWatts,
            double powerLimitWatts,
            double temperatureCelsius,
            double smClockHertz,
            String clockEventReasons,
            double eccUncorrected,
            boolean migEnabled,
            double pcieReceiveBytesPerSecond,
            double pcieTransmitBytesPerSecond,
            double pcieLinkGeneration,
            double pcieLinkWidth,
            double pcieMaxLinkGeneration,
            double pcieMaxLinkWidth,
            String host) {}

    /**
     * Latest state of one MIG instance. Ids, profile and parent come from the GPU's static facts (absent until the
     * first device poll, or when the driver does not give them); memory and utilisation from the instance's series
     * (label {@code mig_uuid}); NaN where not reported. NVML gives no utilisation for MIG instances: it stays NaN.
     *
     * @param gpuIndex       the parent GPU's NVML index, -1 while unknown
     * @param processCount   processes NVML places in this instance
     */
    public record MigRow(
            String gpuUuid,
            int gpuIndex,
            String migUuid,
            java.util.OptionalLong gpuInstanceId,
            java.util.OptionalLong computeInstanceId,
            java.util.Optional<String> profile,
            double memoryUsedBytes,
            double memoryReservedBytes,
            double memoryTotalBytes,
            double utilization,
            int processCount) {}

    private final ChartViewModel utilization = chart(
            "gpuUtilizationChart",
            "GPU utilisation",
            "%",
            NvmlCollector.UTILIZATION,
            100,
            0,
            100,
            "Share of time a kernel ran, per GPU (gpu_utilization_ratio): "
                    + "a busy flag, not SM saturation. Not reported for MIG instances.");
    private final ChartViewModel memory = chart(
            "gpuMemoryChart",
            "GPU memory used",
            "GiB",
            NvmlCollector.MEMORY_USED,
            1 / Formats.BYTES_PER_GIB,
            0,
            Double.NaN,
            "Memory used per GPU, excluding driver-reserved memory (gpu_memory_used_bytes).");
    private final ChartViewModel power = chart(
            "gpuPowerChart",
            "GPU power",
            "W",
            NvmlCollector.POWER,
            1,
            0,
            Double.NaN,
            "Board power draw per GPU (gpu_power_watts; a 1 s average on Ampere and newer).");
    private final ChartViewModel temperature = chart(
            "gpuTemperatureChart",
            "GPU temperature",
            "°C",
            NvmlCollector.TEMPERATURE,
            1,
            0,
            Double.NaN,
            "GPU core temperature (gpu_temperature_celsius).");
    private final ChartViewModel pcieReceive = chart(
            "gpuPcieReceiveChart",
            "PCIe received",
            "MB/s",
            NvmlCollector.PCIE_RECEIVE,
            1e-6,
            0,
            Double.NaN,
            "Bytes per second the GPU received over PCIe, in MB/s "
                    + "(gpu_pcie_receive_bytes_per_second, from NVML's PCIe throughput counter, a 20 ms sample). "
                    + "Read only while this page is shown: each read blocks NVML for about 20 ms.");
    private final ChartViewModel pcieTransmit = chart(
            "gpuPcieTransmitChart",
            "PCIe sent",
            "MB/s",
            NvmlCollector.PCIE_TRANSMIT,
            1e-6,
            0,
            Double.NaN,
            "Bytes per second the GPU sent over PCIe, in MB/s "
                    + "(gpu_pcie_transmit_bytes_per_second, from NVML's PCIe throughput counter, a 20 ms sample). "
                    + "Read only while this page is shown: each read blocks NVML for about 20 ms.");

    // a GPU's row is updated in place: its table keeps its cells (and its selection) as values change every second
    private final RowList<GpuRow> gpus = new RowList<>(r -> r.host() + "/" + r.uuid());
    private final ObservableList<GpuProcess> processes = FXCollections.observableArrayList();
    private final RowList<MigRow> migs = new RowList<>(MigRow::migUuid);
    private final javafx.beans.property.ReadOnlyBooleanWrapper migMode =
            new javafx.beans.property.ReadOnlyBooleanWrapper(this, "migMode");
    /** Per MIG instance: used, reserved, total, utilisation. */
    private final Map<String, double[]> migLatest = new TreeMap<>();

    private final Map<String, String> migParents = new TreeMap<>();
    private final ReadOnlyStringWrapper unavailable = new ReadOnlyStringWrapper(this, "unavailable", "");
    private final Map<String, double[]> latest = new TreeMap<>();
    private final Map<String, Set<String>> reasons = new TreeMap<>();
    private final Map<String, GpuDeviceStatus> devices = new TreeMap<>();

    private static final List<String> FIELDS = List.of(
            NvmlCollector.UTILIZATION,
            NvmlCollector.MEMORY_USED,
            NvmlCollector.MEMORY_RESERVED,
            NvmlCollector.MEMORY_TOTAL,
            NvmlCollector.POWER,
            NvmlCollector.POWER_LIMIT,
            NvmlCollector.TEMPERATURE,
            NvmlCollector.CLOCK,
            NvmlCollector.ECC_ERRORS,
            NvmlCollector.PCIE_RECEIVE,
            NvmlCollector.PCIE_TRANSMIT,
            NvmlCollector.PCIE_LINK_GENERATION,
            NvmlCollector.PCIE_LINK_WIDTH);
    /** What is kept per MIG instance, in {@link #migLatest}'s order. */
    private static final List<String> MIG_FIELDS = List.of(
            NvmlCollector.MEMORY_USED,
            NvmlCollector.MEMORY_RESERVED,
            NvmlCollector.MEMORY_TOTAL,
            NvmlCollector.UTILIZATION);

    public static final Set<String> METRICS;

    static {
        Set<String> m = new java.util.HashSet<>(FIELDS);
        m.add(NvmlCollector.CLOCK_EVENT);
        m.add(NvmlCollector.UP);
        METRICS = Set.copyOf(m);
    }

    private static ChartViewModel chart(
            String id, String title, String unit, String metric, double scale, double min, double max, String tooltip) {
        // a MIG instance's series carry its GPU's uuid too: they are not the GPU's line
        return new ChartViewModel(new ChartSpec(
                id, title, unit, metric, Labels.EMPTY, "gpu_uuid", null, scale, min, max, tooltip, Set.of("mig_uuid")));
    }

    public List<ChartViewModel> charts() {
        return List.of(utilization, memory, power, temperature, pcieReceive, pcieTransmit);
    }

    /** MIG instances of every GPU in MIG mode, by GPU index then GPU instance id; empty when none. */
    public ObservableList<MigRow> migs() {
        return migs;
    }

    /** Whether some GPU is in MIG mode or some MIG instance reports (the MIG section is shown only then). */
    public javafx.beans.property.ReadOnlyBooleanProperty migModeProperty() {
        return migMode.getReadOnlyProperty();
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

    /** The GPU's host (its series' {@code host} label; this machine for NVML devices). */
    private final Map<String, String> gpuHosts = new TreeMap<>();

    private String localHost = "";
    private String shownHost = "";
    private String shownHostName = "";
    private final ReadOnlyStringWrapper noGpuNotice = new ReadOnlyStringWrapper(this, "noGpuNotice", "");

    /** The local host's name: NVML's devices belong to it. */
    public void setLocalHost(String name) {
        localHost = name;
        rebuild();
    }

    /** The host the GPUs page shows (empty: this machine, its name not known yet). */
    public void showHost(String host) {
        showHost(host, host);
    }

    /** The host the GPUs page shows, and the name it is shown by (a scraped host's source id). */
    public void showHost(String host, String name) {
        shownHost = host;
        shownHostName = name.equals(host) ? host : name + " (" + host + ")";
        updateNotice();
    }

    /**
     * Why the shown host has no GPU to show, in plain words with what to do: no GPU driver on this machine, or no
     * GPU series from a remote host. Empty while the shown host has a GPU, or this machine's driver is still being
     * looked for.
     */
    public ReadOnlyStringProperty noGpuNoticeProperty() {
        return noGpuNotice.getReadOnlyProperty();
    }

    private void updateNotice() {
        boolean local = shownHost.isEmpty() || shownHost.equals(localHost);
        boolean shownHasGpu = gpus.stream()
                .anyMatch(r -> r.host().equals(shownHost) || (local && r.host().isEmpty()));
        if (shownHasGpu) {
            noGpuNotice.set("");
        } else if (!local) {
            noGpuNotice.set(
                    "No GPU figures from " + shownHostName + ": none of its sources reports GPU series. Add the "
                            + "host's dcgm-exporter (port 9400) on the Sources page to see its GPUs here.");
        } else if (!unavailable.get().isEmpty()) {
            noGpuNotice.set("No NVIDIA GPU driver is present on this machine (" + unavailable.get() + "), so there "
                    + "are no GPU figures to show. Install the NVIDIA driver and restart Gridscope to see this "
                    + "machine's GPUs; to watch GPUs elsewhere, add their dcgm-exporter on the Sources page.");
        } else {
            noGpuNotice.set("");
        }
    }

    public void onSamples(List<Sample> batch) {
        boolean changed = false;
        for (Sample s : batch) {
            String metric = s.series().metric();
            if (!METRICS.contains(metric)) {
                continue;
            }
            Labels l = s.series().labels();
            String uuid = l.get("gpu_uuid").orElse(null);
            if (uuid == null) {
                continue;
            }
            String migUuid = l.get("mig_uuid").orElse(null);
            if (migUuid != null) {
                int field = MIG_FIELDS.indexOf(metric);
                if (field >= 0) {
                    migLatest.computeIfAbsent(migUuid, k -> nan(MIG_FIELDS.size()))[field] = s.value();
                    migParents.put(migUuid, uuid);
                    changed = true;
                }
                continue;
            }
            double[] v = latest.computeIfAbsent(uuid, k -> nan(FIELDS.size() + 1));
            l.get("host").ifPresent(h -> gpuHosts.put(uuid, h));
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

    public void onDevices(List<GpuDeviceStatus> statuses, List<GpuProcess> procs) {
        devices.clear();
        statuses.forEach(d -> devices.put(d.info().uuid(), d));
        processes.setAll(procs);
        rebuild();
    }

    public void onStatus(CollectorStatus s) {
        if (!s.collectorId().equals(NvmlCollector.ID)) {
            return;
        }
        unavailable.set(
                s.state() == CollectorState.UNAVAILABLE || s.state() == CollectorState.FAILED ? s.message() : "");
        updateNotice();
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
            boolean mig = d != null && d.info().migEnabled().orElse(false);
            rows.put(
                    String.format("%04d-%s", index + 1, uuid),
                    new GpuRow(
                            uuid,
                            index,
                            name,
                            lost,
                            v[0],
                            v[1],
                            v[2],
                            v[3],
                            v[4],
                            v[5],
                            v[6],
                            v[7],
                            r,
                            v[8],
                            mig,
                            v[9],
                            v[10],
                            v[11],
                            v[12],
                            d == null ? Double.NaN : orNaN(d.info().maxPcieLinkGeneration()),
                            d == null ? Double.NaN : orNaN(d.info().maxPcieLinkWidth()),
                            gpuHosts.getOrDefault(uuid, d != null ? localHost : "")));
        }
        gpus.update(List.copyOf(rows.values()));
        rebuildMigs();
        updateNotice();
    }

    private void rebuildMigs() {
        Map<String, GpuInfo.MigInfo> known = new TreeMap<>();
        Map<String, String> parents = new TreeMap<>(migParents);
        boolean anyMigMode = false;
        for (GpuDeviceStatus d : devices.values()) {
            anyMigMode |= d.info().migEnabled().orElse(false);
            for (GpuInfo.MigInfo m : d.info().migDevices()) {
                known.put(m.migUuid(), m);
                parents.put(m.migUuid(), d.info().uuid());
            }
        }
        Map<String, Integer> processCounts = new TreeMap<>();
        for (GpuProcess p : processes) {
            p.migUuid().ifPresent(m -> processCounts.merge(m, 1, Integer::sum));
        }
        java.util.List<MigRow> rows = new java.util.ArrayList<>();
        for (Map.Entry<String, String> e : parents.entrySet()) {
            String migUuid = e.getKey();
            GpuDeviceStatus parent = devices.get(e.getValue());
            GpuInfo.MigInfo info = known.get(migUuid);
            double[] v = migLatest.getOrDefault(migUuid, nan(MIG_FIELDS.size()));
            double total = Double.isNaN(v[2]) && info != null ? orNaN(info.memoryTotalBytes()) : v[2];
            rows.add(new MigRow(
                    e.getValue(),
                    parent == null ? -1 : parent.info().index(),
                    migUuid,
                    info == null ? java.util.OptionalLong.empty() : info.gpuInstanceId(),
                    info == null ? java.util.OptionalLong.empty() : info.computeInstanceId(),
                    info == null ? java.util.Optional.empty() : info.profile(),
                    v[0],
                    v[1],
                    total,
                    v[3],
                    processCounts.getOrDefault(migUuid, 0)));
        }
        rows.sort(java.util.Comparator.comparingInt((MigRow r) -> r.gpuIndex() < 0 ? Integer.MAX_VALUE : r.gpuIndex())
                .thenComparing(MigRow::gpuUuid)
                .thenComparingLong(r -> r.gpuInstanceId().orElse(Long.MAX_VALUE))
                .thenComparingLong(r -> r.computeInstanceId().orElse(Long.MAX_VALUE))
                .thenComparing(MigRow::migUuid));
        migs.update(rows);
        migMode.set(anyMigMode || !rows.isEmpty());
    }

    private static double orNaN(java.util.OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : Double.NaN;
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }
}
