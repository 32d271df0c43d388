package io.gridscope.console.app;

import io.gridscope.collectors.Collector;
import io.gridscope.collectors.model.CollectorStatus;
import io.gridscope.collectors.scheduler.CollectorScheduler;
import io.gridscope.collectors.scheduler.SnapshotSink;
import io.gridscope.history.HistoryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * The running data path: collectors on the scheduler thread → snapshots → the history writer (and any other sink,
 * such as the console's live view). Shared by the console and {@code ./gridscope collect}.
 *
 * <p>{@link #open} does I/O (creates the data directory, opens the database): call it off the UI thread.
 */
public final class Telemetry implements AutoCloseable {
    private final HistoryStore store;
    private final CollectorScheduler scheduler;

    private Telemetry(HistoryStore store, CollectorScheduler scheduler) {
        this.store = store;
        this.scheduler = scheduler;
    }

    public static Telemetry open(Path dataDir, List<Collector> collectors, Duration interval, Clock clock) {
        Path dir = DataDirectory.prepare(dataDir, "data directory");
        HistoryStore store = HistoryStores.open(dir);
        CollectorScheduler scheduler = new CollectorScheduler(clock);
        scheduler.addSink(store::append);
        for (Collector c : collectors) {
            scheduler.register(c, interval);
        }
        return new Telemetry(store, scheduler);
    }

    public void addSink(SnapshotSink sink) {
        scheduler.addSink(sink);
    }

    public void addStatusListener(Consumer<CollectorStatus> listener) {
        scheduler.addStatusListener(listener);
    }

    public void start() {
        scheduler.start();
    }

    public HistoryStore store() {
        return store;
    }

    public Collection<CollectorStatus> statuses() {
        return scheduler.statuses();
    }

    /** Stops collecting, then writes what is queued and closes the database. */
    @Override
    public void close() {
        scheduler.close();
        store.close();
    }
}
