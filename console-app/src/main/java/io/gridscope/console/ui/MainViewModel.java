package io.gridscope.console.ui;

import io.gridscope.collectors.host.HostCpuMemoryCollector;
import io.gridscope.collectors.model.CollectorStatus;
import io.gridscope.collectors.model.Labels;
import io.gridscope.collectors.model.Sample;
import io.gridscope.console.ui.shell.ShellViewModel;
import io.gridscope.console.ui.shell.TimeRange;
import io.gridscope.history.SeriesData;
import io.gridscope.history.WriterStats;
import java.time.Duration;
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
    public static final Duration LIVE_WINDOW = Duration.ofMinutes(15);
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
    private final List<ChartViewModel> charts = new ArrayList<>(List.of(cpuChart, memoryChart));
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

    /** Metrics the console shows; others are not sent to the FX thread. */
    public java.util.Set<String> shownMetrics() {
        java.util.Set<String> out = new java.util.HashSet<>();
        charts.forEach(c -> out.add(c.spec().metric()));
        out.add(HostCpuMemoryCollector.CPU_UTILIZATION);
        out.add(HostCpuMemoryCollector.MEMORY_TOTAL);
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

    public void setHostName(String name) {
        hostName.set(name);
    }

    public void showError(String message) {
        error.set(message);
    }

    /** Live samples from the collectors (one batch may hold several passes). */
    public void onSamples(List<Sample> batch) {
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
    }

    /** Switches every chart to a new range; the points for it follow through {@link #onHistory}. */
    public void applyRange(TimeRange range, long nowMillis) {
        for (ChartViewModel c : charts) {
            c.applyRange(range, nowMillis);
        }
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
        statuses.setAll(latest.values());
    }

    /** Where the history database lives, e.g. "/home/ada/.local/share/gridscope/history.db". */
    public ReadOnlyStringProperty historyLocationProperty() {
        return historyLocation.getReadOnlyProperty();
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

    private void setCore(int index, double ratio) {
        while (cores.size() <= index) {
            cores.add(new CoreLoad(cores.size(), new ReadOnlyDoubleWrapper(Double.NaN)));
        }
        cores.get(index).ratio().set(ratio);
    }
}
