package io.gridscope.console.ui.overview;

import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.host.HostCpuMemoryCollector;
import io.gridscope.console.ui.shell.HostNames;
import io.gridscope.console.ui.shell.TimeRange;
import io.gridscope.history.SeriesData;
import io.gridscope.model.Sample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Overview's state: a {@link HostSummary} per known host (this machine first), each with its latest CPU and
 * memory, its CPU over the shell's range and its source's health. FX thread only; fed every host's samples.
 */
public final class OverviewViewModel {
    /** The metrics a host's summary shows. */
    public static final Set<String> METRICS = Set.of(
            HostCpuMemoryCollector.CPU_UTILIZATION,
            HostCpuMemoryCollector.MEMORY_USED,
            HostCpuMemoryCollector.MEMORY_TOTAL);

    private final ObservableList<HostSummary> hosts = FXCollections.observableArrayList();
    private final ObservableList<HostSummary> readOnlyHosts = FXCollections.unmodifiableObservableList(hosts);
    private final Map<String, HostSummary> hostsByName = new HashMap<>();
    private String localHost = "";
    private TimeRange range = TimeRange.DEFAULT;
    private long rangeNowMillis = System.currentTimeMillis();

    /** Every known host, the local one first, then in the order they appeared (read-only). */
    public ObservableList<HostSummary> hosts() {
        return readOnlyHosts;
    }

    /** The local host's name: it becomes the first known host. */
    public void setLocalHost(String name) {
        localHost = name;
        HostSummary h = summary(name);
        if (!h.local()) {
            // its samples came first (they cross to the FX thread in another batch): it becomes the first row
            h.markLocal();
            hosts.remove(h);
            hosts.add(0, h);
        }
    }

    /** Which source each host's data comes from (host → collector id), as the backend knows it now. */
    public void onHostSources(Map<String, String> hostSources, List<CollectorStatus> statuses) {
        hostSources.forEach((host, source) -> summary(host).setSourceId(source));
        Map<String, String> names = HostNames.of(hostSources);
        hosts.forEach(h -> h.setDisplayName(names.getOrDefault(h.name(), h.name())));
        onStatuses(statuses);
    }

    /** Takes each host's health from its source's current status. */
    public void onStatuses(List<CollectorStatus> statuses) {
        hosts.forEach(h -> h.onStatuses(statuses));
    }

    /** Live samples of every host; those of {@link #METRICS} update the host's summary (a new host gets one). */
    public void onSamples(List<Sample> all) {
        for (Sample s : all) {
            if (METRICS.contains(s.series().metric())) {
                s.series().labels().get("host").ifPresent(host -> summary(host).onSample(s));
            }
        }
    }

    /** CPU history of every host over the current range, for the sparklines. */
    public void onHostCpuHistory(List<SeriesData> history) {
        for (SeriesData d : history) {
            d.series()
                    .labels()
                    .get("host")
                    .map(hostsByName::get)
                    .ifPresent(h -> h.cpu().mergeHistory(d.epochMillis(), d.values(), d.size()));
        }
    }

    /** Every sparkline follows the shell's range; its points for it follow through {@link #onHostCpuHistory}. */
    public void applyRange(TimeRange range, long nowMillis) {
        this.range = range;
        this.rangeNowMillis = nowMillis;
        hosts.forEach(h -> h.cpu().applyRange(range, nowMillis));
    }

    private HostSummary summary(String name) {
        HostSummary h = hostsByName.get(name);
        if (h == null) {
            boolean local = name.equals(localHost);
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
}
