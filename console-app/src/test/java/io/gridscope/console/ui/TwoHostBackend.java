package io.gridscope.console.ui;

import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.host.HostCpuMemoryCollector;
import io.gridscope.collectors.scheduler.SnapshotSink;
import io.gridscope.console.app.ConsoleBackend;
import io.gridscope.console.app.SourceSpec;
import io.gridscope.console.app.UiSettings;
import io.gridscope.history.SeriesData;
import io.gridscope.history.WriterStats;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A backend with two hosts that differ in everything a page shows: this machine ({@value #LOCAL}: four cores,
 * 64 GiB, disk {@code sda}, interface {@code eth0}, mount {@code /}) and a scraped one ({@value #REMOTE}: two
 * cores, 8 GiB, disks {@code vda} and {@code zram0}, interface {@code ens3}, mount {@code /srv}). Both report every
 * 100 ms; no history, no GPU.
 */
final class TwoHostBackend implements ConsoleBackend {
    static final String LOCAL = "alpha";
    static final String REMOTE = "beta";
    static final double GIB = 1024.0 * 1024 * 1024;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "two-host-backend");
        t.setDaemon(true);
        return t;
    });

    @Override
    public String hostName() {
        return LOCAL;
    }

    @Override
    public void start(SnapshotSink snapshots, Consumer<CollectorStatus> statuses) {
        statuses.accept(new CollectorStatus("host", "Host", CollectorState.OK, "", 0, 0, 0, 1));
        statuses.accept(new CollectorStatus(
                io.gridscope.collectors.nvml.NvmlCollector.ID,
                "NVIDIA GPUs",
                CollectorState.UNAVAILABLE,
                "NVML library not found",
                0,
                0,
                0,
                1));
        statuses.accept(new CollectorStatus(
                "prometheus:" + REMOTE, REMOTE + " (node_exporter)", CollectorState.OK, "", 0, 0, 0, 1));
        timer.scheduleAtFixedRate(
                () -> {
                    long now = System.currentTimeMillis();
                    snapshots.accept(Snapshot.of("host", now, host(LOCAL, now, 4, 64, List.of("sda"), "eth0", "/")));
                    snapshots.accept(Snapshot.of(
                            "prometheus:" + REMOTE,
                            now,
                            host(REMOTE, now, 2, 8, List.of("vda", "zram0"), "ens3", "/srv")));
                },
                0,
                100,
                TimeUnit.MILLISECONDS);
    }

    private static List<Sample> host(
            String host, long now, int cores, int memoryGib, List<String> disks, String nic, String mount) {
        List<Sample> out = new ArrayList<>();
        Labels h = Labels.of("host", host);
        out.add(gauge(HostCpuMemoryCollector.CPU_UTILIZATION, Unit.RATIO, h.with("cpu", "total"), now, 0.3));
        for (int c = 0; c < cores; c++) {
            out.add(gauge(
                    HostCpuMemoryCollector.CPU_UTILIZATION, Unit.RATIO, h.with("cpu", Integer.toString(c)), now, 0.2));
        }
        out.add(gauge(HostCpuMemoryCollector.MEMORY_TOTAL, Unit.BYTES, h, now, memoryGib * GIB));
        out.add(gauge(HostCpuMemoryCollector.MEMORY_USED, Unit.BYTES, h, now, memoryGib * GIB / 4));
        for (String d : disks) {
            out.add(gauge("host_disk_read_bytes_per_second", Unit.BYTES_PER_SECOND, h.with("disk", d), now, 1e6));
        }
        out.add(gauge(
                "host_network_receive_bytes_per_second", Unit.BYTES_PER_SECOND, h.with("interface", nic), now, 1e5));
        Labels fs = h.with("mountpoint", mount).with("fstype", "ext4");
        out.add(gauge("host_filesystem_size_bytes", Unit.BYTES, fs, now, 100 * GIB));
        out.add(gauge("host_filesystem_used_bytes", Unit.BYTES, fs, now, 40 * GIB));
        out.add(gauge("host_filesystem_available_bytes", Unit.BYTES, fs, now, 60 * GIB));
        return out;
    }

    private static Sample gauge(String metric, Unit unit, Labels labels, long now, double value) {
        return new Sample(SeriesId.gauge(metric, unit, labels), now, value);
    }

    @Override
    public List<String> openWarnings() {
        return List.of();
    }

    @Override
    public List<SeriesData> range(String metric, Labels matchers, long fromMillis, long toMillis, int maxBuckets) {
        return List.of();
    }

    @Override
    public WriterStats writerStats() {
        return new WriterStats(0, 0, 0, 0, "");
    }

    @Override
    public Map<String, String> hostSources() {
        return Map.of(LOCAL, "host", REMOTE, "prometheus:" + REMOTE);
    }

    @Override
    public GpuState gpuState() {
        return GpuState.NONE;
    }

    @Override
    public AutoCloseable subscribePcieThroughput() {
        return () -> {};
    }

    @Override
    public String testSource(SourceSpec source) {
        return "OK";
    }

    @Override
    public void addSource(SourceSpec source) {}

    @Override
    public void removeSource(String id) {}

    @Override
    public void saveSettings(UiSettings settings) {}

    @Override
    public String storeLocation() {
        return "";
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
