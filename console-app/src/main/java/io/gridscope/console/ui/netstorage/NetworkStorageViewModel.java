package io.gridscope.console.ui.netstorage;

import io.gridscope.console.fx.RowList;
import io.gridscope.console.ui.chart.ChartSpec;
import io.gridscope.console.ui.chart.ChartViewModel;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javafx.collections.ObservableList;

/**
 * The Network & Storage page's state for the shown host: per-interface and per-disk charts and the latest size and
 * usage of every mounted file system. FX thread only; fed the shown host's samples in batches.
 */
public final class NetworkStorageViewModel {
    public static final String FS_SIZE = "host_filesystem_size_bytes";
    public static final String FS_USED = "host_filesystem_used_bytes";
    public static final String FS_AVAILABLE = "host_filesystem_available_bytes";
    public static final Set<String> FILESYSTEM_METRICS = Set.of(FS_SIZE, FS_USED, FS_AVAILABLE);

    /** Per interface and per disk, one line each. */
    private final List<ChartViewModel> charts = List.of(
            perLabel(
                    "netReceiveChart",
                    "Network received",
                    "MB/s",
                    "host_network_receive_bytes_per_second",
                    "interface",
                    1e-6,
                    "Bytes received per second, per interface (host_network_receive_bytes_per_second)."),
            perLabel(
                    "netTransmitChart",
                    "Network sent",
                    "MB/s",
                    "host_network_transmit_bytes_per_second",
                    "interface",
                    1e-6,
                    "Bytes sent per second, per interface (host_network_transmit_bytes_per_second)."),
            perLabel(
                    "netReceiveErrorsChart",
                    "Receive errors",
                    "/s",
                    "host_network_receive_errors_per_second",
                    "interface",
                    1,
                    "Receive errors per second, per interface (host_network_receive_errors_per_second)."),
            perLabel(
                    "netTransmitErrorsChart",
                    "Transmit errors",
                    "/s",
                    "host_network_transmit_errors_per_second",
                    "interface",
                    1,
                    "Transmit errors per second, per interface (host_network_transmit_errors_per_second)."),
            perLabel(
                    "diskReadChart",
                    "Disk read",
                    "MB/s",
                    "host_disk_read_bytes_per_second",
                    "disk",
                    1e-6,
                    "Bytes read per second, per disk (host_disk_read_bytes_per_second)."),
            perLabel(
                    "diskWriteChart",
                    "Disk written",
                    "MB/s",
                    "host_disk_write_bytes_per_second",
                    "disk",
                    1e-6,
                    "Bytes written per second, per disk (host_disk_write_bytes_per_second)."),
            perLabel(
                    "diskReadsChart",
                    "Disk reads",
                    "IOPS",
                    "host_disk_reads_per_second",
                    "disk",
                    1,
                    "Read operations per second, per disk (host_disk_reads_per_second)."),
            perLabel(
                    "diskWritesChart",
                    "Disk writes",
                    "IOPS",
                    "host_disk_writes_per_second",
                    "disk",
                    1,
                    "Write operations per second, per disk (host_disk_writes_per_second)."));

    private final RowList<FileSystemRow> fileSystems = new RowList<>(FileSystemRow::mountpoint);

    private static ChartViewModel perLabel(
            String id, String title, String unit, String metric, String label, double scale, String tooltip) {
        return new ChartViewModel(
                new ChartSpec(id, title, unit, metric, Labels.EMPTY, label, null, scale, 0, Double.NaN, tooltip));
    }

    /** Latest size and usage of one mounted file system. */
    public record FileSystemRow(
            String mountpoint, String type, double sizeBytes, double usedBytes, double availableBytes) {
        /** Used share of what the user can have (used + available), 0..1; NaN when unknown. */
        public double usedRatio() {
            double denom = usedBytes + availableBytes;
            return denom > 0 ? usedBytes / denom : Double.NaN;
        }
    }

    public List<ChartViewModel> charts() {
        return charts;
    }

    /** File systems sorted by mount point, updated from live samples. */
    public ObservableList<FileSystemRow> fileSystems() {
        return fileSystems;
    }

    /** Another host is shown: its file systems arrive with its next samples. */
    public void showHost() {
        fileSystems.clear();
    }

    /** File-system rows from the shown host's samples; the charts are fed by their view models. */
    public void onSamples(List<Sample> shownHost) {
        Map<String, double[]> changed = new TreeMap<>();
        Map<String, String> types = new TreeMap<>();
        for (Sample s : shownHost) {
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
        // a file system's row is updated in place: the table keeps its cells as the usage changes
        fileSystems.update(List.copyOf(rows.values()));
    }

    private double[] current(String mount) {
        for (FileSystemRow r : fileSystems) {
            if (r.mountpoint().equals(mount)) {
                return new double[] {r.sizeBytes(), r.usedBytes(), r.availableBytes()};
            }
        }
        return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
}
