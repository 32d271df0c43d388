package io.gridscope.console.ui;

import io.gridscope.collectors.host.HostCpuMemoryCollector;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.console.ui.shell.ShellViewModel;
import io.gridscope.console.ui.shell.TimeRange;
import io.gridscope.history.SeriesData;
import io.gridscope.history.WriterStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State of the main window, updated only on the FX thread from batches. Plain JavaFX properties: testable as a
 * plain JUnit object, no scene needed.
 */
public final class MainViewModel {
    static final String FS_SIZE = "host_filesystem_size_bytes";
    static final String FS_USED = "host_filesystem_used_bytes";
    static final String FS_AVAILABLE = "host_filesystem_available_bytes";
    static final java.util.Set<String> FILESYSTEM_METRICS = java.util.Set.of(FS_SIZE, FS_USED, FS_AVAILABLE);
    static final double BYTES_PER_GIB = 1024.0 * 1024 * 1024;

    private final ShellViewModel shell = new ShellViewModel();
    private final ChartViewModel cpuChart = new ChartViewModel(new ChartSpec("cpuChart", "CPU utilisation", "%",
            HostCpuMemoryCollector.CPU_UTILIZATION, Labels.of("cpu", "total"), null, "All cores", 100, 0, 100,
            "host_cpu_utilization_ratio{cpu=\"total\"}: busy share of all logical CPUs, in %, from OSHI tick deltas "
                    + "each second."));
    private final ChartViewModel memoryChart = new ChartViewModel(new ChartSpec("memoryChart", "Memory used", "GiB",
            HostCpuMemoryCollector.MEMORY_USED, Labels.EMPTY, null, "Used (total − available)", 1 / BYTES_PER_GIB,
            0, Double.NaN, "host_memory_used_bytes: physical memory in use, in GiB (total − available, from OSHI); "
                    + "the axis ends at installed memory."));
    private final ChartViewModel loadChart = perLabel("loadChart", "Load average", "", HostCpuMemoryCollector.LOAD_AVERAGE,
            "window", 1, "host_load_average{window=\"1m\"|\"5m\"|\"15m\"}: runnable and uninterruptible tasks "
                    + "averaged over 1, 5 and 15 minutes (no unit; compare with the number of cores), from /proc/loadavg "
                    + "or node_exporter's node_load*.");
    /** Network & Storage: per interface and per disk, one line each. */
    private final List<ChartViewModel> networkStorageCharts = List.of(
            perLabel("netReceiveChart", "Network received", "MB/s", "host_network_receive_bytes_per_second",
                    "interface", 1e-6, "Bytes received per second, per interface (host_network_receive_bytes_per_second)."),
            perLabel("netTransmitChart", "Network sent", "MB/s", "host_network_transmit_bytes_per_second",
                    "interface", 1e-6, "Bytes sent per second, per interface (host_network_transmit_bytes_per_second)."),
            perLabel("netReceiveErrorsChart", "Receive errors", "/s", "host_network_receive_errors_per_second",
                    "interface", 1, "Receive errors per second, per interface (host_network_receive_errors_per_second)."),
            perLabel("netTransmitErrorsChart", "Transmit errors", "/s", "host_network_transmit_errors_per_second",
                    "interface", 1, "Transmit errors per second, per interface (host_network_transmit_errors_per_second)."),
            perLabel("diskReadChart", "Disk read", "MB/s", "host_disk_read_bytes_per_second", "disk", 1e-6,
                    "Bytes read per second, per disk (host_disk_read_bytes_per_second)."),
            perLabel("diskWriteChart", "Disk written", "MB/s", "host_disk_write_bytes_per_second", "disk", 1e-6,
                    "Bytes written per second, per disk (host_disk_write_bytes_per_second)."),
            perLabel("diskReadsChart", "Disk reads", "IOPS", "host_disk_reads_per_second", "disk", 1,
                    "Read operations per second, per disk (host_disk_reads_per_second)."),
            perLabel("diskWritesChart", "Disk writes", "IOPS", "host_disk_writes_per_second", "disk", 1,
                    "Write operations per second, per disk (host_disk_writes_per_second)."));
    private final List<ChartViewModel> charts = new ArrayList<>(List.of(cpuChart, memoryChart, loadChart));
    private final ObservableList<FileSystemRow> fileSystems = FXCollections.observableArrayList();

    private final GpuViewModel gpus = new GpuViewModel();
    private final ObservableList<HostSummary> hosts = FXCollections.observableArrayList();
    private final Map<String, HostSummary> hostsByName = new java.util.HashMap<>();
    private static final java.util.Set<String> HOST_SUMMARY_METRICS = java.util.Set.of(
            HostCpuMemoryCollector.CPU_UTILIZATION, HostCpuMemoryCollector.MEMORY_USED,
            HostCpuMemoryCollector.MEMORY_TOTAL);
    private TimeRange range = TimeRange.DEFAULT;
    private long rangeNowMillis = System.currentTimeMillis();

    {
        // legend in window order (and the same colours on every host), whichever series arrives first
        List.of("1m", "5m", "15m").forEach(loadChart::line);
        shell.hostProperty().addListener((o, a, b) -> hostChanged(System.currentTimeMillis()));
        charts.addAll(networkStorageCharts);
        charts.addAll(gpus.charts());
    }

    public GpuViewModel gpus() {
        return gpus;
    }

    private static ChartViewModel perLabel(String id, String title, String unit, String metric, String label,
            double scale, String tooltip) {
        return new ChartViewModel(new ChartSpec(id, title, unit, metric, Labels.EMPTY, label, null, scale, 0,
                Double.NaN, tooltip));
    }

    /** Latest size and usage of one mounted file system. */
    public record FileSystemRow(String mountpoint, String type, double sizeBytes, double usedBytes,
            double availableBytes) {
        /** Used share of what the user can have (used + available), 0..1; NaN when unknown. */
        public double usedRatio() {
            double denom = usedBytes + availableBytes;
            return denom > 0 ? usedBytes / denom : Double.NaN;
        }
    }

    public List<ChartViewModel> networkStorageCharts() {
        return networkStorageCharts;
    }

    /** File systems sorted by mount point, updated from live samples. */
    public ObservableList<FileSystemRow> fileSystems() {
        return fileSystems;
    }
    private final TimeSeriesViewModel cpuTotal = cpuChart.line("All cores");
    private final TimeSeriesViewModel memoryUsed = memoryChart.line("Used (total − available)");
    private final ObservableList<CoreLoad> cores = FXCollections.observableArrayList();
    private final ObservableList<CollectorStatus> statuses = FXCollections.observableArrayList();
    private final ReadOnlyDoubleWrapper memoryTotalBytes = new ReadOnlyDoubleWrapper(this, "memoryTotalBytes", Double.NaN);
    private final ReadOnlyStringWrapper hostName = new ReadOnlyStringWrapper(this, "hostName", "");
    private final ReadOnlyStringWrapper historyStatus = new ReadOnlyStringWrapper(this, "historyStatus", "History: opening…");
    private final ReadOnlyStringWrapper historyLocation = new ReadOnlyStringWrapper(this, "historyLocation", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    /** The shell's state (page, range, theme), shared by every page. */
    public ShellViewModel shell() {
        return shell;
    }

    /** Current load of one logical CPU. */
    public record CoreLoad(int index, ReadOnlyDoubleWrapper ratio) {}

    /** Every chart of every page; the controller feeds them and reads their ranges from history. */
    public List<ChartViewModel> charts() {
        return charts;
    }

    public ChartViewModel cpuChart() {
        return cpuChart;
    }

    public ChartViewModel memoryChart() {
        return memoryChart;
    }

    public ChartViewModel loadChart() {
        return loadChart;
    }

    /** Metrics the console shows; others are not sent to the FX thread. */
    public java.util.Set<String> shownMetrics() {
        java.util.Set<String> out = new java.util.HashSet<>();
        charts.forEach(c -> out.add(c.spec().metric()));
        out.addAll(HOST_SUMMARY_METRICS); // per-core tiles and memory total too
        out.addAll(FILESYSTEM_METRICS);
        out.addAll(GpuViewModel.METRICS);
        return out;
    }

    public TimeSeriesViewModel cpuTotal() {
        return cpuTotal;
    }

    public TimeSeriesViewModel memoryUsed() {
        return memoryUsed;
    }

    public ObservableList<CoreLoad> cores() {
        return cores;
    }

    public ObservableList<CollectorStatus> statuses() {
        return statuses;
    }

    public ReadOnlyDoubleProperty memoryTotalBytesProperty() {
        return memoryTotalBytes.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty hostNameProperty() {
        return hostName.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty historyStatusProperty() {
        return historyStatus.getReadOnlyProperty();
    }

    /** A problem that stops the data path (e.g. unusable data directory); empty when all is well. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /**
     * The local host's name: it becomes the first known host, and the one shown unless another was remembered.
     */
    public void setHostName(String name) {
        hostName.set(name);
        gpus.setLocalHost(name);
        summary(name, true);
        if (shell.hostProperty().get().isEmpty()) {
            shell.hostProperty().set(name);
        }
    }

    /** Every known host, the local one first, then in the order they appeared. */
    public ObservableList<HostSummary> hosts() {
        return hosts;
    }

    private HostSummary summary(String name, boolean local) {
        HostSummary h = hostsByName.get(name);
        if (h == null) {
            h = new HostSummary(name, local, range.length().toMillis());
            h.cpu().applyRange(range, rangeNowMillis);
            hostsByName.put(name, h);
            if (local) {
                hosts.add(0, h);
            } else {
                hosts.add(h);
            }
        }
        return h;
    }

    /** Which source each remote host's data comes from (host → collector id), as the backend knows it now. */
    public void onHostSources(Map<String, String> hostSources) {
        hostSources.forEach((host, source) -> summary(host, host.equals(hostName.get())).setSourceId(source));
        hosts.forEach(h -> h.onStatuses(statuses));
    }

    /**
     * The pages switched to another host ({@link ShellViewModel#hostProperty()}): its charts, cores and file systems
     * are cleared at once; the controller reads the host's history for the current range.
     */
    private void hostChanged(long nowMillis) {
        cores.clear();
        fileSystems.clear();
        memoryTotalBytes.set(Double.NaN);
        for (ChartViewModel c : charts) {
            c.applyRange(range, nowMillis);
        }
    }

    /** CPU history of every host over the current range, for the Overview's sparklines. */
    public void onHostCpuHistory(List<SeriesData> history) {
        for (SeriesData d : history) {
            d.series().labels().get("host").map(hostsByName::get)
                    .ifPresent(h -> h.cpu().mergeHistory(d.epochMillis(), d.values(), d.size()));
        }
    }

    public void showError(String message) {
        error.set(message);
    }

    /**
     * Live samples from the collectors and sources (one batch may hold several passes, several hosts). Every host's
     * summary is updated; the pages get the samples of the host shown.
     */
    public void onSamples(List<Sample> all) {
        String shown = shell.hostProperty().get();
        List<Sample> batch = new ArrayList<>(all.size());
        for (Sample s : all) {
            String host = s.series().labels().get("host").orElse(null);
            if (host == null) {
                continue;
            }
            if (HOST_SUMMARY_METRICS.contains(s.series().metric())) {
                summary(host, host.equals(hostName.get())).onSample(s);
            }
            if (host.equals(shown)) {
                batch.add(s);
            }
        }
        Map<Integer, Double> coreLatest = new TreeMap<>();
        for (Sample s : batch) {
            String metric = s.series().metric();
            if (metric.equals(HostCpuMemoryCollector.CPU_UTILIZATION)) {
                String cpu = s.series().labels().get("cpu").orElse("");
                if (!cpu.equals("total")) {
                    try {
                        coreLatest.put(Integer.parseInt(cpu), s.value());
                    } catch (NumberFormatException ignored) {
                        // a non-numeric cpu label is not a core
                    }
                }
            } else if (metric.equals(HostCpuMemoryCollector.MEMORY_TOTAL)) {
                memoryTotalBytes.set(s.value());
            }
        }
        for (ChartViewModel c : charts) {
            c.onSamples(batch);
        }
        coreLatest.forEach(this::setCore);
        updateFileSystems(batch);
        gpus.onSamples(all);
    }

    /** Switches every chart to a new range; the points for it follow through {@link #onHistory}. */
    public void applyRange(TimeRange range, long nowMillis) {
        this.range = range;
        this.rangeNowMillis = nowMillis;
        for (ChartViewModel c : charts) {
            c.applyRange(range, nowMillis);
        }
        hosts.forEach(h -> h.cpu().applyRange(range, nowMillis));
    }

    /** Points read back from the history database (window opened, or range changed). */
    public void onHistory(List<SeriesData> history) {
        for (ChartViewModel c : charts) {
            c.onHistory(history);
        }
    }

    public void onStatuses(List<CollectorStatus> batch) {
        Map<String, CollectorStatus> latest = new TreeMap<>();
        statuses.forEach(s -> latest.put(s.collectorId(), s));
        batch.forEach(s -> latest.put(s.collectorId(), s));
        batch.forEach(gpus::onStatus);
        statuses.setAll(latest.values());
        hosts.forEach(h -> h.onStatuses(statuses));
    }

    /** Where the history database lives, e.g. "/home/ada/.local/share/gridscope/history.db". */
    public ReadOnlyStringProperty historyLocationProperty() {
        return historyLocation.getReadOnlyProperty();
    }

    /** Forgets a collector's status (a removed source). */
    public void removeStatus(String collectorId) {
        statuses.removeIf(s -> s.collectorId().equals(collectorId));
    }

    public void onWriterStats(String location, WriterStats stats) {
        if (!location.isEmpty()) {
            historyLocation.set(location);
        }
        StringBuilder sb = new StringBuilder("History: ").append(String.format("%,d", stats.samplesWritten()))
                .append(" samples stored this session");
        if (stats.samplesDropped() > 0) {
            sb.append(", ").append(String.format("%,d", stats.samplesDropped())).append(" dropped");
        }
        if (!stats.healthy()) {
            sb.append(" — ").append(stats.lastError());
        }
        historyStatus.set(sb.toString());
    }

    private void updateFileSystems(List<Sample> batch) {
        Map<String, double[]> changed = new TreeMap<>();
        Map<String, String> types = new TreeMap<>();
        for (Sample s : batch) {
            String m = s.series().metric();
            if (!FILESYSTEM_METRICS.contains(m)) {
                continue;
            }
            String mount = s.series().labels().get("mountpoint").orElse("?");
            double[] v = changed.computeIfAbsent(mount, k -> current(k));
            int i = m.equals(FS_SIZE) ? 0 : m.equals(FS_USED) ? 1 : 2;
            v[i] = s.value();
            types.put(mount, s.series().labels().get("fstype").orElse(""));
        }
        if (changed.isEmpty()) {
            return;
        }
        Map<String, FileSystemRow> rows = new TreeMap<>();
        fileSystems.forEach(r -> rows.put(r.mountpoint(), r));
        changed.forEach((mount, v) -> rows.put(mount, new FileSystemRow(mount, types.get(mount), v[0], v[1], v[2])));
        fileSystems.setAll(rows.values());
    }

    private double[] current(String mount) {
        for (FileSystemRow r : fileSystems) {
            if (r.mountpoint().equals(mount)) {
                return new double[] {r.sizeBytes(), r.usedBytes(), r.availableBytes()};
            }
        }
        return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }

    private void setCore(int index, double ratio) {
        while (cores.size() <= index) {
            cores.add(new CoreLoad(cores.size(), new ReadOnlyDoubleWrapper(Double.NaN)));
        }
        cores.get(index).ratio().set(ratio);
    }
}
