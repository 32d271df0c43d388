package io.gridscope.collectors.host;

import io.gridscope.collectors.Collector;
import io.gridscope.collectors.model.Labels;
import io.gridscope.collectors.model.Sample;
import io.gridscope.collectors.model.SeriesId;
import io.gridscope.collectors.model.Snapshot;
import io.gridscope.collectors.model.Unit;
import java.util.ArrayList;
import java.util.List;
import oshi.SystemInfo;
import oshi.software.os.FileSystem;
import oshi.software.os.OSFileStore;

/**
 * Local file systems (network and pseudo file systems excluded, as OSHI's local-only listing does), read through
 * OSHI.
 *
 * <p>Series (labels {@code host}, {@code mountpoint}, {@code fstype}, {@code device}):
 * {@code host_filesystem_size_bytes}, {@code host_filesystem_used_bytes} (size − free),
 * {@code host_filesystem_available_bytes} (what an unprivileged user can still write; less than free by the
 * root reserve). File stores are reused ({@code updateAttributes}) and the list refreshed every
 * {@value HostNetworkCollector#REFRESH_PASSES} passes. Scheduler thread only.
 */
public final class HostFileSystemCollector implements Collector {
    public static final String ID = "host_filesystem";
    public static final String SIZE = "host_filesystem_size_bytes";
    public static final String USED = "host_filesystem_used_bytes";
    public static final String AVAILABLE = "host_filesystem_available_bytes";

    private final Labels base;
    private FileSystem fileSystem;
    private List<OSFileStore> stores = List.of();
    private int passesSinceRefresh;

    public HostFileSystemCollector(HostIdentity identity) {
        this.base = Labels.of("host", identity.hostname());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Host file systems";
    }

    @Override
    public Snapshot collect(long epochMillis) {
        if (fileSystem == null) {
            fileSystem = new SystemInfo().getOperatingSystem().getFileSystem();
        }
        boolean refreshed = false;
        if (passesSinceRefresh-- <= 0) {
            stores = fileSystem.getFileStores(true);
            passesSinceRefresh = HostNetworkCollector.REFRESH_PASSES;
            refreshed = true;
        }
        List<Sample> out = new ArrayList<>(stores.size() * 3);
        for (OSFileStore fs : stores) {
            if (!refreshed && !fs.updateAttributes()) {
                continue;
            }
            long total = fs.getTotalSpace();
            if (total <= 0) {
                continue;
            }
            Labels labels = base.with("mountpoint", fs.getMount()).with("fstype", fs.getType())
                    .with("device", fs.getVolume());
            out.add(new Sample(SeriesId.gauge(SIZE, Unit.BYTES, labels), epochMillis, total));
            out.add(new Sample(SeriesId.gauge(USED, Unit.BYTES, labels), epochMillis,
                    Math.max(0, total - fs.getFreeSpace())));
            out.add(new Sample(SeriesId.gauge(AVAILABLE, Unit.BYTES, labels), epochMillis, fs.getUsableSpace()));
        }
        return Snapshot.of(ID, epochMillis, out);
    }
}
