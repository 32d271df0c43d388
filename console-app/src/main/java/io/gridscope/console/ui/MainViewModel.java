package io.gridscope.console.ui;

import io.gridscope.collectors.host.HostCpuMemoryCollector;
import io.gridscope.collectors.model.CollectorStatus;
import io.gridscope.collectors.model.Sample;
import io.gridscope.collectors.model.SeriesId;
import io.gridscope.console.ui.shell.ShellViewModel;
import io.gridscope.console.ui.shell.TimeRange;
import io.gridscope.history.SeriesData;
import io.gridscope.history.WriterStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
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
    private final TimeSeriesViewModel cpuTotal = new TimeSeriesViewModel("CPU total", LIVE_WINDOW.toMillis());
    private final TimeSeriesViewModel memoryUsed = new TimeSeriesViewModel("Memory used", LIVE_WINDOW.toMillis());
    private final ObservableList<CoreLoad> cores = FXCollections.observableArrayList();
    private final ObservableList<CollectorStatus> statuses = FXCollections.observableArrayList();
    private final ReadOnlyDoubleWrapper memoryTotalBytes = new ReadOnlyDoubleWrapper(this, "memoryTotalBytes", Double.NaN);
    private final ReadOnlyStringWrapper hostName = new ReadOnlyStringWrapper(this, "hostName", "");
    private final ReadOnlyStringWrapper historyStatus = new ReadOnlyStringWrapper(this, "historyStatus", "History: opening…");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    /** The shell's state (page, range, theme), shared by every page. */
    public ShellViewModel shell() {
        return shell;
    }

    /** Current load of one logical CPU. */
    public record CoreLoad(int index, ReadOnlyDoubleWrapper ratio) {}

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
        Map<SeriesId, List<Sample>> bySeries = new LinkedHashMap<>();
        for (Sample s : batch) {
            String metric = s.series().metric();
            if (metric.equals(HostCpuMemoryCollector.CPU_UTILIZATION)) {
                String cpu = s.series().labels().get("cpu").orElse("");
                if (cpu.equals("total")) {
                    bySeries.computeIfAbsent(s.series(), k -> new ArrayList<>()).add(s);
                } else {
                    try {
                        coreLatest.put(Integer.parseInt(cpu), s.value());
                    } catch (NumberFormatException ignored) {
                        // a non-numeric cpu label is not a core
                    }
                }
            } else if (metric.equals(HostCpuMemoryCollector.MEMORY_USED)) {
                bySeries.computeIfAbsent(s.series(), k -> new ArrayList<>()).add(s);
            } else if (metric.equals(HostCpuMemoryCollector.MEMORY_TOTAL)) {
                memoryTotalBytes.set(s.value());
            }
        }
        bySeries.forEach((id, samples) -> {
            samples.sort(Comparator.comparingLong(Sample::epochMillis));
            long[] ts = new long[samples.size()];
            double[] vs = new double[samples.size()];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = samples.get(i).epochMillis();
                vs[i] = samples.get(i).value();
            }
            target(id).append(ts, vs, ts.length);
        });
        coreLatest.forEach(this::setCore);
    }

    /** Switches both charts to a new range; the points for it follow through {@link #onHistory}. */
    public void applyRange(TimeRange range, long nowMillis) {
        for (TimeSeriesViewModel t : List.of(cpuTotal, memoryUsed)) {
            if (range.isLive()) {
                t.followLive(range.window().toMillis());
            } else {
                t.holdFixed(range.fromMillis(nowMillis), range.toMillis(nowMillis));
            }
        }
    }

    /** Points read back from the history database (window opened, or range changed). */
    public void onHistory(List<SeriesData> history) {
        for (SeriesData d : history) {
            TimeSeriesViewModel t = target(d.series());
            if (t != null) {
                t.mergeHistory(d.epochMillis(), d.values(), d.size());
            }
        }
    }

    public void onStatuses(List<CollectorStatus> batch) {
        Map<String, CollectorStatus> latest = new TreeMap<>();
        statuses.forEach(s -> latest.put(s.collectorId(), s));
        batch.forEach(s -> latest.put(s.collectorId(), s));
        statuses.setAll(latest.values());
    }

    public void onWriterStats(String location, WriterStats stats) {
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

    private TimeSeriesViewModel target(SeriesId id) {
        if (id.metric().equals(HostCpuMemoryCollector.CPU_UTILIZATION)
                && id.labels().get("cpu").filter("total"::equals).isPresent()) {
            return cpuTotal;
        }
        if (id.metric().equals(HostCpuMemoryCollector.MEMORY_USED)) {
            return memoryUsed;
        }
        return null;
    }

    private void setCore(int index, double ratio) {
        while (cores.size() <= index) {
            cores.add(new CoreLoad(cores.size(), new ReadOnlyDoubleWrapper(Double.NaN)));
        }
        cores.get(index).ratio().set(ratio);
    }
}
