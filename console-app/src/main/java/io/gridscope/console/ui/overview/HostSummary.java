package io.gridscope.console.ui.overview;

import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.host.HostCpuMemoryCollector;
import io.gridscope.console.ui.chart.TimeSeriesViewModel;
import io.gridscope.console.ui.format.Formats;
import io.gridscope.model.Sample;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One host's row on the Overview: latest CPU and memory, its CPU over the shell's range (for the sparkline), where
 * its data comes from and that source's health. FX thread only; fed in batches by {@link OverviewViewModel}.
 */
public final class HostSummary {
    private final String name;
    private boolean local;
    private final TimeSeriesViewModel cpu;
    private final ReadOnlyDoubleWrapper memoryUsedBytes =
            new ReadOnlyDoubleWrapper(this, "memoryUsedBytes", Double.NaN);
    private final ReadOnlyDoubleWrapper memoryTotalBytes =
            new ReadOnlyDoubleWrapper(this, "memoryTotalBytes", Double.NaN);
    private final ReadOnlyStringWrapper sourceId = new ReadOnlyStringWrapper(this, "sourceId", "");
    private final ReadOnlyStringWrapper displayName;
    private final ReadOnlyStringWrapper health = new ReadOnlyStringWrapper(this, "health", "starting");
    private final ReadOnlyStringWrapper healthState = new ReadOnlyStringWrapper(this, "healthState", "starting");

    HostSummary(String name, boolean local, long windowMillis) {
        this.name = name;
        this.local = local;
        this.cpu = new TimeSeriesViewModel(name, windowMillis);
        this.displayName = new ReadOnlyStringWrapper(this, "displayName", name);
        if (local) {
            sourceId.set(HostCpuMemoryCollector.ID);
        }
    }

    public String name() {
        return name;
    }

    /**
     * The name the host is shown by: its exporter source's id for a host known by the scraped instance, else
     * {@link #name()} (see {@link io.gridscope.console.ui.shell.HostNames}).
     */
    public ReadOnlyStringProperty displayNameProperty() {
        return displayName.getReadOnlyProperty();
    }

    void setDisplayName(String name) {
        displayName.set(name);
    }

    /** True for the machine the console runs on. */
    public boolean local() {
        return local;
    }

    /**
     * This host turned out to be the machine the console runs on: its samples can reach the view model before the
     * backend has told the local host's name.
     */
    void markLocal() {
        local = true;
        if (sourceId.get().isEmpty()) {
            sourceId.set(HostCpuMemoryCollector.ID);
        }
    }

    /** {@code host_cpu_utilization_ratio{cpu="total"}} of this host over the shell's range. */
    public TimeSeriesViewModel cpu() {
        return cpu;
    }

    public ReadOnlyDoubleProperty memoryUsedBytesProperty() {
        return memoryUsedBytes.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty memoryTotalBytesProperty() {
        return memoryTotalBytes.getReadOnlyProperty();
    }

    /** The collector id of the source this host's data comes from ("host", "prometheus:rack-7"); empty if unknown. */
    public ReadOnlyStringProperty sourceIdProperty() {
        return sourceId.getReadOnlyProperty();
    }

    /** "OK", "starting", or the source's state and message. */
    public ReadOnlyStringProperty healthProperty() {
        return health.getReadOnlyProperty();
    }

    /** The source's state in lower case ("ok", "failed", …): the health label's style. */
    public ReadOnlyStringProperty healthStateProperty() {
        return healthState.getReadOnlyProperty();
    }

    void setSourceId(String id) {
        sourceId.set(id);
    }

    void onSample(Sample s) {
        String metric = s.series().metric();
        if (metric.equals(HostCpuMemoryCollector.CPU_UTILIZATION)) {
            if (s.series().labels().get("cpu").filter("total"::equals).isPresent()) {
                cpu.append(s.epochMillis(), s.value());
            }
        } else if (metric.equals(HostCpuMemoryCollector.MEMORY_USED)) {
            memoryUsedBytes.set(s.value());
        } else if (metric.equals(HostCpuMemoryCollector.MEMORY_TOTAL)) {
            memoryTotalBytes.set(s.value());
        }
    }

    /** Takes the health of this host's source from the current statuses. */
    void onStatuses(Iterable<CollectorStatus> statuses) {
        for (CollectorStatus s : statuses) {
            if (s.collectorId().equals(sourceId.get())) {
                healthState.set(s.state().name().toLowerCase(java.util.Locale.ROOT));
                health.set(
                        s.state() == CollectorState.OK
                                ? s.warnings().isEmpty() ? "OK" : "OK (" + Formats.warnings(s) + ")"
                                : healthState.get() + (s.message().isEmpty() ? "" : ": " + s.message()));
                return;
            }
        }
    }
}
