package io.gridscope.console.app;

import io.gridscope.alerts.rules.RuleFile;
import io.gridscope.alerts.service.AlertNotifier;
import io.gridscope.alerts.service.AlertService;
import io.gridscope.history.HistoryStore;
import io.gridscope.history.WriterStats;
import io.gridscope.model.BackgroundPriority;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerting in the process that collects (the console or {@code collect}): the {@link AlertService} on the rules of
 * the configuration directory, fed by every snapshot that reaches the history, and Gridscope's own health as series
 * for the sources pack, appended every {@value #SELF_PERIOD_SECONDS} s to the history and to the engine:
 * {@code gridscope_history_write_ok} (1 while writes succeed), {@code gridscope_history_dropped_samples_total}
 * (samples and events dropped by the writer) and {@code gridscope_data_dir_available_bytes}.
 */
public final class Alerting implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Alerting.class);
    public static final int SELF_PERIOD_SECONDS = 5;
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final String WRITE_OK = "gridscope_history_write_ok";
    public static final String DROPPED = "gridscope_history_dropped_samples_total";
    public static final String DATA_DIR_AVAILABLE = "gridscope_data_dir_available_bytes";

    private final AlertService service;
    private final HistoryStore store;
    private final AppPaths paths;
    private final String host;
    private final Clock clock;
    private ScheduledExecutorService self;

    private Alerting(AlertService service, HistoryStore store, AppPaths paths, String host, Clock clock) {
        this.service = service;
        this.store = store;
        this.paths = paths;
        this.host = host;
        this.clock = clock;
    }

    /** Opens the alert records in the store's data directory, restores open alerts and starts evaluating. */
    public static Alerting start(
            AppPaths paths,
            HistoryStore store,
            String host,
            Clock clock,
            Duration interval,
            List<AlertNotifier> notifiers)
            throws SQLException {
        AlertService s = new AlertService(paths.dataDir(), RuleFile.in(paths.configDir()), clock, interval, notifiers);
        s.start();
        Alerting a = new Alerting(s, store, paths, host, clock);
        s.addListener(a.pushed);
        a.self = Executors.newSingleThreadScheduledExecutor(BackgroundPriority.daemonThreads("gridscope-alerts-self"));
        a.self.scheduleWithFixedDelay(a::publishSelf, 0, SELF_PERIOD_SECONDS, TimeUnit.SECONDS);
        return a;
    }

    public AlertService service() {
        return service;
    }

    /** The sink for snapshots that reach the history. */
    public void accept(Snapshot s) {
        service.accept(s);
    }

    private final io.gridscope.alerts.service.PushedAlerts pushed = new io.gridscope.alerts.service.PushedAlerts();
    private volatile io.gridscope.alerts.service.AlertmanagerBridge bridge;

    /** The link that pushes this process's alerts to Alertmanager; empty when the rules file names none. */
    public java.util.Optional<io.gridscope.alerts.service.AlertmanagerBridge> alertmanager() {
        return java.util.Optional.ofNullable(bridge);
    }

    /** Opens, replaces or closes the push link as the rules file's {@code [alertmanager]} says. */
    private void updateBridge() {
        java.util.Optional<io.gridscope.alerts.rules.AlertmanagerTarget> target =
                service.rules().alertmanager().filter(io.gridscope.alerts.rules.AlertmanagerTarget::push);
        io.gridscope.alerts.service.AlertmanagerBridge b = bridge;
        if (b != null && target.isPresent() && b.target().equals(target.get())) {
            return;
        }
        if (b != null) {
            b.close();
            bridge = null;
        }
        if (target.isEmpty()) {
            return;
        }
        try {
            b = io.gridscope.alerts.service.AlertmanagerBridge.open(
                    target.get(),
                    paths.dataDir(),
                    clock,
                    io.gridscope.alerts.store.Operator.name(null),
                    true,
                    pushed::current);
            b.start();
            bridge = b;
            log.info("pushing alerts to Alertmanager {}", target.get().url());
        } catch (IOException | RuntimeException e) {
            log.error(
                    "alerts are not pushed to Alertmanager {}: {}", target.get().url(), e.toString());
        }
    }

    private void publishSelf() {
        updateBridge();
        try {
            Snapshot s = selfSnapshot();
            store.append(s);
            service.accept(s);
        } catch (RuntimeException e) {
            log.warn("Gridscope's own health series: {}", e.toString());
        }
    }

    Snapshot selfSnapshot() {
        long now = clock.millis();
        Labels l = Labels.of("host", host);
        WriterStats ws = store.writerStats();
        List<Sample> out = new ArrayList<>();
        out.add(new Sample(SeriesId.gauge(WRITE_OK, Unit.NONE, l), now, ws.healthy() ? 1 : 0));
        out.add(new Sample(SeriesId.counter(DROPPED, Unit.NONE, l), now, ws.samplesDropped() + ws.eventsDropped()));
        try {
            long free = Files.getFileStore(paths.dataDir()).getUsableSpace();
            out.add(new Sample(SeriesId.gauge(DATA_DIR_AVAILABLE, Unit.BYTES, l), now, free));
        } catch (IOException e) {
            log.debug("free space of {}: {}", paths.dataDir(), e.toString());
        }
        return Snapshot.of("gridscope", now, out);
    }

    @Override
    public void close() {
        if (self != null) {
            self.shutdownNow();
        }
        service.close();
        if (bridge != null) {
            bridge.close();
            bridge = null;
        }
    }
}
