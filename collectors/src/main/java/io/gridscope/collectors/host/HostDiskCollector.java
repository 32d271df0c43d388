package io.gridscope.collectors.host;

import io.gridscope.collectors.Collector;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import oshi.SystemInfo;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * Per physical disk I/O, read through OSHI.
 *
 * <p>Series (labels {@code host}, {@code disk}), per second since the previous pass, absent on the first pass and
 * across a counter reset: {@code host_disk_read_bytes_per_second}, {@code host_disk_write_bytes_per_second},
 * {@code host_disk_reads_per_second} and {@code host_disk_writes_per_second} (IOPS), and
 * {@code host_disk_busy_ratio} (fraction of wall time with I/O in flight, 0..1).
 *
 * <p>Disk objects are reused ({@code updateAttributes}) and the list refreshed every
 * {@value HostNetworkCollector#REFRESH_PASSES} passes. On Linux the counters come from one read of
 * {@code /proc/diskstats} per pass ({@link LinuxProcFiles}) instead of OSHI's per-disk udev queries.
 * Scheduler thread only.
 */
public final class HostDiskCollector implements Collector {
    public static final String ID = "host_disk";
    public static final String READ_BYTES = "host_disk_read_bytes_per_second";
    public static final String WRITE_BYTES = "host_disk_write_bytes_per_second";
    public static final String READS = "host_disk_reads_per_second";
    public static final String WRITES = "host_disk_writes_per_second";
    public static final String BUSY = "host_disk_busy_ratio";

    private static final String[] METRICS = {READ_BYTES, WRITE_BYTES, READS, WRITES, BUSY};
    private static final Unit[] UNITS = {
        Unit.BYTES_PER_SECOND, Unit.BYTES_PER_SECOND, Unit.PER_SECOND, Unit.PER_SECOND, Unit.RATIO
    };

    private final RateSeries series;
    private final PeriodicList<HWDiskStore> disks;
    private HardwareAbstractionLayer hardware;
    private LinuxProcFiles proc;

    public HostDiskCollector(HostIdentity identity) {
        this.series = new RateSeries(Labels.of("host", identity.hostname()), "disk", METRICS, UNITS);
        this.disks = new PeriodicList<>(() -> hardware.getDiskStores(), HostNetworkCollector.REFRESH_PASSES);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Host disks";
    }

    @Override
    public Snapshot collect(long epochMillis) {
        if (hardware == null) {
            hardware = new SystemInfo().getHardware();
            proc = LinuxProcFiles.detect().orElse(null);
        }
        List<HWDiskStore> list = disks.next();
        List<Sample> out = new ArrayList<>(list.size() * METRICS.length);
        Set<String> seen = new HashSet<>();
        Map<String, long[]> stats = proc == null
                ? null
                : proc.tryRead("diskstats").map(LinuxProcFiles::parseDiskStats).orElse(null);
        for (HWDiskStore disk : list) {
            String name = disk.getName();
            String kernelName = name.startsWith("/dev/") ? name.substring(5) : name;
            long[] fast = stats == null ? null : stats.get(kernelName);
            double[] r;
            if (fast != null) {
                // /proc/diskstats: reads, bytes read, writes, bytes written, ms doing I/O
                r = series.rates(name, epochMillis, fast[1], fast[3], fast[0], fast[2], fast[4]);
            } else {
                if (!disks.refreshed() && !disk.updateAttributes()) {
                    continue;
                }
                r = series.rates(
                        name,
                        disk.getTimeStamp(),
                        disk.getReadBytes(),
                        disk.getWriteBytes(),
                        disk.getReads(),
                        disk.getWrites(),
                        disk.getTransferTime());
            }
            seen.add(name);
            // transfer time is in ms: its rate per second / 1000 is the busy fraction
            r[4] = Double.isNaN(r[4]) ? Double.NaN : Math.clamp(r[4] / 1000.0, 0.0, 1.0);
            series.emit(out, name, r, epochMillis);
        }
        if (disks.refreshed()) {
            series.retain(seen);
        }
        return Snapshot.of(ID, epochMillis, out);
    }
}
