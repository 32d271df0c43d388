package io.gridscope.console.ui.hosts;

import io.gridscope.collectors.host.HostCpuMemoryCollector;
import io.gridscope.console.ui.chart.ChartSpec;
import io.gridscope.console.ui.chart.ChartViewModel;
import io.gridscope.console.ui.chart.TimeSeriesViewModel;
import io.gridscope.console.ui.format.Formats;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Hosts page's state for the shown host: CPU total, memory and load-average charts, the latest load per core
 * and installed memory (the memory chart's ceiling). FX thread only; fed the shown host's samples in batches.
 */
public final class HostsViewModel {
    private final ChartViewModel cpuChart = new ChartViewModel(new ChartSpec(
            "cpuChart",
            "CPU utilisation",
            "%",
            HostCpuMemoryCollector.CPU_UTILIZATION,
            Labels.of("cpu", "total"),
            null,
            "All cores",
            100,
            0,
            100,
            "host_cpu_utilization_ratio{cpu=\"total\"}: busy share of all logical CPUs, in %, from OSHI tick deltas "
                    + "each second."));
    private final ChartViewModel memoryChart = new ChartViewModel(new ChartSpec(
            "memoryChart",
            "Memory used",
            "GiB",
            HostCpuMemoryCollector.MEMORY_USED,
            Labels.EMPTY,
            null,
            "Used (total − available)",
            1 / Formats.BYTES_PER_GIB,
            0,
            Double.NaN,
            "host_memory_used_bytes: physical memory in use, in GiB (total − "
                    + "available, from OSHI); the axis ends at installed memory."));
    private final ChartViewModel loadChart = new ChartViewModel(new ChartSpec(
            "loadChart",
            "Load average",
            "",
            HostCpuMemoryCollector.LOAD_AVERAGE,
            Labels.EMPTY,
            "window",
            null,
            1,
            0,
            Double.NaN,
            "host_load_average{window=\"1m\"|\"5m\"|\"15m\"}: runnable and uninterruptible tasks "
                    + "averaged over 1, 5 and 15 minutes (no unit; compare with the number of cores), from /proc/loadavg "
                    + "or node_exporter's node_load*."));
    private final TimeSeriesViewModel cpuTotal = cpuChart.line("All cores");
    private final TimeSeriesViewModel memoryUsed = memoryChart.line("Used (total − available)");
    private final ObservableList<CoreLoad> cores = FXCollections.observableArrayList();
    private final ReadOnlyDoubleWrapper memoryTotalBytes =
            new ReadOnlyDoubleWrapper(this, "memoryTotalBytes", Double.NaN);

    /** Current load of one logical CPU. */
    public record CoreLoad(int index, ReadOnlyDoubleWrapper ratio) {}

    public HostsViewModel() {
        // legend in window order (and the same colours on every host), whichever series arrives first
        List.of("1m", "5m", "15m").forEach(loadChart::pin);
    }

    /** CPU, memory and load average, in page order. */
    public List<ChartViewModel> charts() {
        return List.of(cpuChart, memoryChart, loadChart);
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

    public TimeSeriesViewModel cpuTotal() {
        return cpuTotal;
    }

    public TimeSeriesViewModel memoryUsed() {
        return memoryUsed;
    }

    /** One entry per logical CPU seen so far, by index. */
    public ObservableList<CoreLoad> cores() {
        return cores;
    }

    /** Installed memory of the shown host, NaN until reported. */
    public ReadOnlyDoubleProperty memoryTotalBytesProperty() {
        return memoryTotalBytes.getReadOnlyProperty();
    }

    /** Per-core loads and installed memory from the shown host's samples; the charts are fed by their view models. */
    public void onSamples(List<Sample> shownHost) {
        Map<Integer, Double> coreLatest = new TreeMap<>();
        for (Sample s : shownHost) {
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
        coreLatest.forEach(this::setCore);
    }

    /**
     * Another host is shown: the previous one's cores are gone, and the memory ceiling is the new host's as far as
     * it is known already ({@code memoryTotalBytes}, NaN when not yet reported).
     */
    public void showHost(double memoryTotalBytes) {
        cores.clear();
        this.memoryTotalBytes.set(memoryTotalBytes);
    }

    private void setCore(int index, double ratio) {
        while (cores.size() <= index) {
            cores.add(new CoreLoad(cores.size(), new ReadOnlyDoubleWrapper(Double.NaN)));
        }
        cores.get(index).ratio().set(ratio);
    }
}
