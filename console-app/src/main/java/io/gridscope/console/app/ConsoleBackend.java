package io.gridscope.console.app;

import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.scheduler.SnapshotSink;
import io.gridscope.history.SeriesData;
import io.gridscope.history.WriterStats;
import io.gridscope.model.Labels;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the console needs from the data path. Every method may do I/O or block: the console calls them only from
 * its background executor, never from the JavaFX thread (a test records the calling threads to prove it).
 */
public interface ConsoleBackend extends AutoCloseable {
    /** The local host's name, shown in the header. */
    String hostName();

    /**
     * Opens the history database and starts the collectors. Snapshots and status changes arrive on the given
     * callbacks, on collector threads.
     *
     * @throws UserFacingException when the data directory or database cannot be used
     */
    void start(SnapshotSink snapshots, Consumer<CollectorStatus> statuses);

    /** Problems found when the database was opened (e.g. a damaged file moved aside); empty when none. */
    List<String> openWarnings();

    /**
     * Stored points of a metric in {@code [fromMillis, toMillis)}, reduced to at most about {@code 2 × maxBuckets}
     * points per series (min and max per bucket), ready to chart. A {@code host} matcher naming a host of a
     * Prometheus server source reads from that server; without a {@code host} matcher, every source is read.
     */
    List<SeriesData> range(String metric, Labels matchers, long fromMillis, long toMillis, int maxBuckets);

    WriterStats writerStats();

    /**
     * Every known host (a {@code host} label value) and the collector id of the source its data comes from: the
     * local host's collectors, a scraped exporter ("prometheus:ID") or a Prometheus server ("promql:ID").
     */
    java.util.Map<String, String> hostSources();

    /** GPU devices (static facts, lost or not) and the processes using them, as of the last NVML pass. */
    GpuState gpuState();

    /** What {@link #gpuState()} returns; empty lists when there is no NVML. */
    record GpuState(
            List<io.gridscope.collectors.nvml.GpuDeviceStatus> devices,
            List<io.gridscope.collectors.nvml.GpuProcess> processes) {
        public static final GpuState NONE = new GpuState(List.of(), List.of());
    }

    /**
     * Asks the GPU collector for PCIe throughput ({@code gpu_pcie_receive_bytes_per_second},
     * {@code gpu_pcie_transmit_bytes_per_second}) until the returned handle is closed. Reading it blocks NVML about
     * 20 ms per GPU, so the console subscribes only while the GPUs page is shown (and the window is not
     * minimised). Closing twice is harmless; without NVML the handle does nothing.
     */
    AutoCloseable subscribePcieThroughput();

    /** Scrapes (or, for a server, queries) a source once, now, and says how it went ("OK: …" or "Failed: …"). */
    String testSource(SourceSpec source);

    /**
     * Starts scraping an exporter into history and the console, or polling a Prometheus server for the console
     * (its history stays there and {@link #range} reads it); its status joins the collectors'.
     */
    void addSource(SourceSpec source);

    void removeSource(String id);

    /** Writes the console's settings to the configuration directory. */
    void saveSettings(UiSettings settings);

    /**
     * Where the accounting reads its file and the history, and keeps its audit log; empty for a data path without
     * a local history. Called once, on the console's I/O thread; what it returns is used on the accounting thread.
     */
    default java.util.Optional<AccountingAccess> accounting() {
        return java.util.Optional.empty();
    }

    /** Where the history database lives, for display. */
    String storeLocation();

    /** What the Alerts page reads and writes; empty where this backend keeps no alerts. */
    default java.util.Optional<AlertAccess> alerts() {
        return java.util.Optional.empty();
    }

    /** Tells the backend whether the window has the focus (desktop notifications go out only while it has not). */
    default void windowFocus(java.util.function.BooleanSupplier focused) {}

    /** Stops collecting and closes the database (flushing what is queued). */
    @Override
    void close();
}
