package io.gridscope.console.app;

import io.gridscope.collectors.Collector;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.prometheus.exporter.ExporterConfig;
import io.gridscope.collectors.prometheus.exporter.GridscopeExporter;
import io.gridscope.collectors.prometheus.exporter.LatestValuesSink;
import io.gridscope.collectors.scheduler.CollectorScheduler;
import io.gridscope.collectors.scheduler.SnapshotSink;
import io.gridscope.history.HistoryStore;
import java.io.UncheckedIOException;
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
    private final List<String> warnings = new java.util.ArrayList<>();
    private GridscopeExporter exporter;

    private Telemetry(HistoryStore store, CollectorScheduler scheduler) {
        this.store = store;
        this.scheduler = scheduler;
    }

    public static Telemetry open(Path dataDir, List<Collector> collectors, Duration interval, Clock clock) {
        return open(dataDir, collectors, interval, clock, ExporterConfig.disabled());
    }

    /**
     * Also serves the latest local values for Prometheus when {@code exporter} is enabled. An endpoint that cannot
     * start (port taken) is a warning in {@link #openWarnings()}, not a failure: collection goes on without it.
     */
    public static Telemetry open(
            Path dataDir, List<Collector> collectors, Duration interval, Clock clock, ExporterConfig exporter) {
        return open(dataDir, collectors, interval, clock, exporter, StorageSettings.defaults());
    }

    /** Like {@link #open(Path, List, Duration, Clock, ExporterConfig)}, keeping history as {@code storage} says. */
    public static Telemetry open(
            Path dataDir,
            List<Collector> collectors,
            Duration interval,
            Clock clock,
            ExporterConfig exporter,
            StorageSettings storage) {
        return open(dataDir, collectors, interval, clock, exporter, storage, false);
    }

    /**
     * Like {@link #open(Path, List, Duration, Clock, ExporterConfig, StorageSettings)}; with {@code exporterRequired},
     * an endpoint that cannot start is an {@link EndpointUnavailableException}, thrown before the data directory or
     * the database is touched, instead of a warning.
     */
    public static Telemetry open(
            Path dataDir,
            List<Collector> collectors,
            Duration interval,
            Clock clock,
            ExporterConfig exporter,
            StorageSettings storage,
            boolean exporterRequired) {
        return open(
                dataDir,
                collectors,
                interval,
                clock,
                exporter,
                storage,
                exporterRequired,
                io.gridscope.history.HistoryOptions.DEFAULT_COMMIT_WINDOW);
    }

    /**
     * Like {@link #open(Path, List, Duration, Clock, ExporterConfig, StorageSettings, boolean)}, with the history
     * committing samples every {@code commitWindow} (see {@link io.gridscope.history.HistoryOptions#commitWindow()}:
     * a longer window costs less CPU, and a crash loses at most one window of samples).
     */
    public static Telemetry open(
            Path dataDir,
            List<Collector> collectors,
            Duration interval,
            Clock clock,
            ExporterConfig exporter,
            StorageSettings storage,
            boolean exporterRequired,
            Duration commitWindow) {
        LatestValuesSink latest = null;
        GridscopeExporter endpoint = null;
        String endpointWarning = null;
        if (exporter.enabled()) {
            latest = new LatestValuesSink(clock, exporter.staleAfter());
            try {
                endpoint = GridscopeExporter.start(exporter, latest).orElse(null);
            } catch (UncheckedIOException e) {
                if (exporterRequired) {
                    throw new EndpointUnavailableException(e.getMessage(), e);
                }
                endpointWarning = "Prometheus endpoint not started: " + e.getMessage();
            }
        }
        HistoryStore store;
        try {
            Path dir = DataDirectory.prepare(dataDir, "data directory");
            store = HistoryStores.open(
                    dir,
                    storage.applyTo(io.gridscope.history.HistoryOptions.defaults())
                            .withCommitWindow(commitWindow));
        } catch (RuntimeException e) {
            if (endpoint != null) {
                endpoint.close();
            }
            throw e;
        }
        CollectorScheduler scheduler = new CollectorScheduler(clock);
        scheduler.addSink(store::append);
        Telemetry t = new Telemetry(store, scheduler);
        store.openWarnings().forEach(w -> t.warnings.add(w.message()));
        if (latest != null) {
            scheduler.addSink(latest);
        }
        t.exporter = endpoint;
        if (endpointWarning != null) {
            t.warnings.add(endpointWarning);
        }
        for (Collector c : collectors) {
            scheduler.register(c, interval);
        }
        return t;
    }

    /** Gridscope's own endpoint was asked for and cannot listen (the port is taken, the address is not local). */
    public static final class EndpointUnavailableException extends UserFacingException {
        EndpointUnavailableException(String message, Throwable cause) {
            super(message, ExitCodes.IO, cause);
        }
    }

    /** The address Gridscope's own /metrics endpoint listens on, when it runs. */
    public java.util.Optional<String> exporterAddress() {
        return exporter == null
                ? java.util.Optional.empty()
                : java.util.Optional.of(exporter.config().bindAddress());
    }

    /** The port Gridscope's own /metrics endpoint listens on, when it runs. */
    public java.util.OptionalInt exporterPort() {
        return exporter == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(exporter.port());
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

    /** Problems found while opening the database that the user must hear about (a damaged file moved aside). */
    public List<String> openWarnings() {
        return List.copyOf(warnings);
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
        if (exporter != null) {
            exporter.close();
        }
        store.close();
    }
}
