package io.gridscope.history;

import io.gridscope.model.BackgroundPriority;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Write-side maintenance of a writable history: retention of every tier and of the events, and the size cap (see
 * {@link Retention}), measured against {@link HistoryOptions#clock()} with the store's own options.
 *
 * <p><b>Lifecycle.</b> Only {@link HistoryStore#open} creates one, for a file it has opened, migrated and holds the
 * writer of; a {@link HistoryReader} never has one, so reading a history never deletes anything. When {@link
 * HistoryOptions#maintenanceInterval()} is positive, a {@code gridscope-history-retention} thread runs a pass at that
 * interval (the first after at most a minute); with {@link java.time.Duration#ZERO} no thread is started and passes
 * run only through {@link #enforceRetention()}. {@link #close()} stops the thread, waiting for a running pass.
 *
 * <p><b>Threading.</b> Each pass opens its own connection and deletes in short transactions beside the writer
 * (WAL). Passes never overlap: a direct call waits for a background pass and vice versa. A failing background
 * pass is logged and retried at the next interval; it never stops the schedule.
 */
final class HistoryMaintenance implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HistoryMaintenance.class);

    private final Path file;
    private final String url;
    private final HistoryOptions options;
    private final Object passLock = new Object();
    private final ScheduledExecutorService scheduler;

    HistoryMaintenance(Path file, HistoryOptions options) {
        this.file = file;
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        this.options = options;
        long every = options.maintenanceInterval().toMillis();
        if (every > 0) {
            scheduler = Executors.newSingleThreadScheduledExecutor(
                    BackgroundPriority.daemonThreads("gridscope-history-retention"));
            scheduler.scheduleWithFixedDelay(
                    this::backgroundPass, Math.min(every, 60_000), every, TimeUnit.MILLISECONDS);
        } else {
            scheduler = null;
        }
    }

    private void backgroundPass() {
        try {
            RetentionRun run = enforceRetention();
            log.debug("history retention: {}", run);
        } catch (RuntimeException e) {
            log.warn("history retention failed; it is retried at the next pass: {}", e.getMessage());
        }
    }

    /**
     * Deletes what is older than each tier's and the events' retention, then the oldest data while the database is
     * over {@link HistoryOptions#maxBytes()}.
     *
     * @throws HistoryException when the database cannot be changed
     */
    RetentionRun enforceRetention() {
        synchronized (passLock) {
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(10_000);
            config.setSynchronous(Durability.SAMPLES); // a lost deletion is done again by the next pass
            try (Connection c = DriverManager.getConnection(url, config.toProperties())) {
                return Retention.run(c, options, options.clock().millis());
            } catch (SQLException e) {
                throw new HistoryException("cannot apply retention to " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Stops the background thread, if any, waiting up to 10 s for a pass in progress. */
    @Override
    public void close() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
