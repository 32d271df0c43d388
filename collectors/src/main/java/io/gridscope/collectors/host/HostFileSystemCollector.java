package io.gridscope.collectors.host;

import io.gridscope.collectors.Collector;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * root reserve). OSHI lists the local file systems every {@value HostNetworkCollector#REFRESH_PASSES} passes;
 * each pass reads their space through the JDK's {@link FileStore} (one {@code statvfs} each), which is cheaper than
 * OSHI's {@code updateAttributes} (it re-reads the mount table). Scheduler thread only.
 */
public final class HostFileSystemCollector implements Collector {
    public static final String ID = "host_filesystem";
    public static final String SIZE = "host_filesystem_size_bytes";
    public static final String USED = "host_filesystem_used_bytes";
    public static final String AVAILABLE = "host_filesystem_available_bytes";
    private static final Logger log = LoggerFactory.getLogger(HostFileSystemCollector.class);

    private final Labels base;
    private FileSystem fileSystem;
    private final PeriodicList<Mount> mounts = new PeriodicList<>(this::list, HostNetworkCollector.REFRESH_PASSES);

    /** A mounted file system: its identity from OSHI, its space from the JDK's statvfs-backed FileStore. */
    private record Mount(Labels labels, FileStore store) {}

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

    private List<Mount> list() {
        List<Mount> out = new ArrayList<>();
        for (OSFileStore fs : fileSystem.getFileStores(true)) {
            try {
                FileStore store = Files.getFileStore(Path.of(fs.getMount()));
                out.add(new Mount(
                        base.with("mountpoint", fs.getMount())
                                .with("fstype", fs.getType())
                                .with("device", fs.getVolume()),
                        store));
            } catch (IOException | RuntimeException e) {
                log.debug("skipping file system {}: {}", fs.getMount(), e.toString());
            }
        }
        return List.copyOf(out);
    }

    @Override
    public Snapshot collect(long epochMillis) {
        if (fileSystem == null) {
            fileSystem = new SystemInfo().getOperatingSystem().getFileSystem();
        }
        List<Mount> current = mounts.next();
        List<Sample> out = new ArrayList<>(current.size() * 3);
        for (Mount m : current) {
            long total;
            long free;
            long usable;
            try {
                total = m.store.getTotalSpace();
                free = m.store.getUnallocatedSpace();
                usable = m.store.getUsableSpace();
            } catch (IOException e) {
                continue; // unmounted since the last refresh
            }
            if (total <= 0) {
                continue;
            }
            out.add(new Sample(SeriesId.gauge(SIZE, Unit.BYTES, m.labels), epochMillis, total));
            out.add(new Sample(SeriesId.gauge(USED, Unit.BYTES, m.labels), epochMillis, Math.max(0, total - free)));
            out.add(new Sample(SeriesId.gauge(AVAILABLE, Unit.BYTES, m.labels), epochMillis, usable));
        }
        return Snapshot.of(ID, epochMillis, out);
    }
}
