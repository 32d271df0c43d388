package io.gridscope.console.app;

import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.host.HostIdentity;
import io.gridscope.collectors.nvml.NvmlCollector;
import io.gridscope.collectors.prometheus.exporter.ExporterConfig;
import io.gridscope.collectors.prometheus.scrape.ScrapeException;
import io.gridscope.collectors.prometheus.scrape.ScrapeResult;
import io.gridscope.collectors.prometheus.scrape.Scraper;
import io.gridscope.collectors.scheduler.CollectorScheduler;
import io.gridscope.collectors.scheduler.SnapshotSink;
import io.gridscope.history.SeriesData;
import io.gridscope.history.SeriesQuery;
import io.gridscope.history.WriterStats;
import io.gridscope.model.Labels;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** The real data path: local collectors, the scheduler and the history database in {@code paths.dataDir()}. */
public final class LiveBackend implements ConsoleBackend {
    private final AppPaths paths;
    private final Clock clock;
    private final HostIdentity host;
    private volatile Telemetry telemetry;
    private AccountingPublisher publisher;
    private volatile NvmlCollector nvml;
    private volatile PrometheusSources sources;
    private CollectorLock lock;
    private volatile HistoryFollower viewer;
    private volatile java.util.Optional<CollectorLock.Holder> collector = java.util.Optional.empty();
    private volatile Alerting alerting;
    private volatile String alertingProblem = "";
    private io.gridscope.alerts.notify.DbusNotifier desktopNotifier;
    private volatile java.util.function.BooleanSupplier windowFocused = () -> true;
    private String operator = io.gridscope.alerts.store.Operator.name(null);

    private final Duration interval;

    public LiveBackend(AppPaths paths, Clock clock) {
        this(paths, clock, CollectorScheduler.DEFAULT_INTERVAL);
    }

    private final ExporterConfig exporter;

    public LiveBackend(AppPaths paths, Clock clock, Duration interval) {
        this(paths, clock, interval, ExporterConfig.disabled());
    }

    public LiveBackend(AppPaths paths, Clock clock, Duration interval, ExporterConfig exporter) {
        this(paths, clock, interval, exporter, StorageSettings.defaults());
    }

    private final StorageSettings storage;

    public LiveBackend(
            AppPaths paths, Clock clock, Duration interval, ExporterConfig exporter, StorageSettings storage) {
        this.storage = storage;
        this.paths = paths;
        this.clock = clock;
        this.interval = interval;
        this.exporter = exporter;
        this.host = HostIdentity.detect();
    }

    @Override
    public String hostName() {
        return host.hostname();
    }

    @Override
    public synchronized void start(SnapshotSink snapshots, Consumer<CollectorStatus> statuses) {
        if (telemetry != null || viewer != null) {
            throw new IllegalStateException("already started");
        }
        DataDirectory.prepare(paths.dataDir(), "data directory"); // the lock file lives in it
        try {
            lock = CollectorLock.tryAcquire(paths.dataDir(), "console").orElse(null);
        } catch (java.io.IOException e) {
            throw new UserFacingException(
                    "cannot lock " + paths.dataDir().resolve(CollectorLock.FILE_NAME) + ": " + e.getMessage(),
                    ExitCodes.IO,
                    e);
        }
        if (lock == null) {
            // a collect service owns this data directory: show what it stores
            collector = CollectorLock.holder(paths.dataDir())
                    .or(() -> java.util.Optional.of(
                            new CollectorLock.Holder(0, "another process", java.time.Instant.EPOCH)));
            viewer = HistoryFollower.start(paths.dataDir(), clock, snapshots);
            return;
        }
        List<io.gridscope.collectors.Collector> collectors = LocalCollectors.create(host);
        collectors.stream()
                .filter(c -> c instanceof NvmlCollector)
                .map(c -> (NvmlCollector) c)
                .findFirst()
                .ifPresent(n -> nvml = n);
        Telemetry t;
        try {
            t = Telemetry.open(paths.dataDir(), collectors, interval, clock, exporter, storage);
        } catch (RuntimeException e) {
            lock.close();
            lock = null;
            throw e;
        }
        t.addSink(snapshots);
        t.addStatusListener(statuses);
        alerting = startAlerting(t);
        Alerting a = alerting;
        if (a != null) {
            t.addSink(a::accept);
        }
        t.start();
        // exporters go into the history and the live view; servers to the live view only (they keep their history)
        sources = new PrometheusSources(
                clock,
                snapshot -> {
                    t.store().append(snapshot);
                    if (a != null) {
                        a.accept(snapshot);
                    }
                },
                snapshots,
                statuses);
        // budget status and today's idle cost, stored for alert rules
        publisher = new AccountingPublisher(
                t.store(),
                io.gridscope.reports.config.AccountingFile.in(paths.configDir()),
                host.hostname(),
                clock,
                a == null ? x -> {} : a::accept);
        publisher.start(AccountingPublisher.DEFAULT_PERIOD);
        telemetry = t;
    }

    /**
     * Alert evaluation in this console (it holds the collector lock). Desktop notifications go out while the
     * window does not have the focus (minimised, behind another window, or closed while collection goes on); a
     * failure to start alerting is a warning, collection goes on.
     */
    private Alerting startAlerting(Telemetry t) {
        try {
            List<io.gridscope.alerts.service.AlertNotifier> notifiers = new java.util.ArrayList<>();
            io.gridscope.alerts.notify.DbusNotifier desktop = io.gridscope.alerts.notify.DbusNotifier.forSessionBus();
            desktopNotifier = desktop;
            notifiers.add(new io.gridscope.alerts.service.DesktopAlertNotifier(
                    desktop,
                    new io.gridscope.alerts.store.AlertActions(paths.dataDir(), clock),
                    operator,
                    () -> !windowFocused.getAsBoolean()));
            return Alerting.start(paths, t.store(), host.hostname(), clock, Alerting.DEFAULT_INTERVAL, notifiers);
        } catch (java.sql.SQLException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LiveBackend.class).error("alert rules are not evaluated", e);
            alertingProblem = "Alert rules are not evaluated: " + e.getMessage();
            return null;
        }
    }

    @Override
    public List<String> openWarnings() {
        List<String> out = new java.util.ArrayList<>();
        collector.ifPresent(h -> out.add("Another Gridscope process collects into " + paths.dataDir() + ": " + h
                + ". This window shows what it stores, and its alert rules raise the alerts; sources and"
                + " collection settings are that process's."));
        Telemetry t = telemetry;
        if (t != null) {
            out.addAll(t.openWarnings());
        }
        if (!alertingProblem.isEmpty()) {
            out.add(alertingProblem);
        }
        return out;
    }

    @Override
    public void windowFocus(java.util.function.BooleanSupplier focused) {
        windowFocused = focused;
    }

    @Override
    public java.util.Optional<AlertAccess> alerts() {
        return java.util.Optional.of(new AlertAccess(
                paths.configDir(), paths.dataDir(), () -> HistoryStores.openReader(paths.dataDir()), collector));
    }

    @Override
    public List<SeriesData> range(String metric, Labels matchers, long fromMillis, long toMillis, int maxBuckets) {
        HistoryFollower v = viewer;
        if (v != null) {
            return v
                    .reader()
                    .queryForChart(new SeriesQuery(metric, matchers, fromMillis, toMillis), maxBuckets)
                    .stream()
                    .map(ChartPoints::envelope)
                    .toList();
        }
        Telemetry t = telemetry;
        PrometheusSources ps = sources;
        if (t == null || ps == null) {
            return List.of();
        }
        PrometheusServers p = ps.servers();
        java.util.Optional<String> host = matchers.get("host");
        if (host.isPresent() && p.knows(host.get())) {
            return p.range(metric, matchers, fromMillis, toMillis, maxBuckets * 2);
        }
        List<SeriesData> local =
                t.store().queryForChart(new SeriesQuery(metric, matchers, fromMillis, toMillis), maxBuckets).stream()
                        .map(ChartPoints::envelope)
                        .toList();
        if (host.isPresent()) {
            return local;
        }
        List<SeriesData> all = new java.util.ArrayList<>(local);
        all.addAll(p.range(metric, matchers, fromMillis, toMillis, maxBuckets * 2));
        return all;
    }

    @Override
    public java.util.Map<String, String> hostSources() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put(host.hostname(), io.gridscope.collectors.host.HostCpuMemoryCollector.ID);
        PrometheusSources ps = sources;
        if (ps != null) {
            ps.hostSources().forEach(out::putIfAbsent);
        }
        return out;
    }

    @Override
    public WriterStats writerStats() {
        Telemetry t = telemetry;
        return t == null ? new WriterStats(0, 0, 0, 0, "") : t.store().writerStats();
    }

    @Override
    public GpuState gpuState() {
        NvmlCollector n = nvml;
        return n == null ? GpuState.NONE : new GpuState(n.devices(), n.processes());
    }

    @Override
    public AutoCloseable subscribePcieThroughput() {
        NvmlCollector n = nvml;
        return n == null ? () -> {} : n.subscribePcieThroughput();
    }

    @Override
    public String testSource(SourceSpec source) {
        if (source.type() == SourceSpec.Type.PROMETHEUS_SERVER) {
            return PrometheusServers.test(source, clock);
        }
        try (Scraper scraper = new Scraper(source.toTarget(), clock)) {
            ScrapeResult r = scraper.scrape();
            return String.format(
                            java.util.Locale.ROOT,
                            "OK: %d samples, %d families in %.0f ms (%s)",
                            r.samples().size(),
                            r.families().size(),
                            r.durationNanos() / 1e6,
                            r.format())
                    + (r.warnings().isEmpty() ? "" : "; warning: " + String.join("; ", r.warnings()));
        } catch (ScrapeException e) {
            return "Failed: " + e.getMessage();
        }
    }

    @Override
    public void addSource(SourceSpec source) {
        if (viewer != null) {
            throw new UserFacingException(
                    "Sources are scraped by the process that collects into this data directory ("
                            + collector.map(Object::toString).orElse("another process")
                            + "); add it there, or stop that process and reopen the console",
                    ExitCodes.FAILURE);
        }
        PrometheusSources ps = sources;
        if (ps == null) {
            throw new UserFacingException("not collecting yet; try again in a moment", ExitCodes.FAILURE);
        }
        ps.add(source);
    }

    @Override
    public void removeSource(String id) {
        PrometheusSources ps = sources;
        if (ps != null) {
            ps.remove(id);
        }
    }

    @Override
    public void saveSettings(UiSettings settings) {
        try {
            settings.save(paths.configDir());
        } catch (java.io.IOException e) {
            throw new UserFacingException(
                    "cannot save settings in " + paths.configDir() + ": " + e.getMessage(), ExitCodes.IO, e);
        }
    }

    /**
     * The configuration directory, the data directory and a reader of this data path's history: opened on its own
     * read-only connections (beside the writer), with the store's retention so a range is read from the tier that
     * holds it, and without a second integrity check. It fails while collection has not started.
     */
    @Override
    public java.util.Optional<AccountingAccess> accounting() {
        if (viewer != null) {
            // another process collects: read its history; changes of the accounting file go to the file trail
            return java.util.Optional.of(new AccountingAccess(
                    paths.configDir(), paths.dataDir(), () -> HistoryStores.openReader(paths.dataDir())));
        }
        return java.util.Optional.of(new AccountingAccess(
                paths.configDir(),
                paths.dataDir(),
                () -> {
                    Telemetry t = telemetry;
                    if (t == null) {
                        throw new UserFacingException(
                                "The history is not open: collection did not start (see the message above).",
                                ExitCodes.IO);
                    }
                    io.gridscope.history.HistoryOptions o = t.store().options();
                    return HistoryStores.openReader(
                            t.store().file().getParent(),
                            new io.gridscope.history.HistoryOptions(
                                    o.rawRetention(),
                                    o.minuteRetention(),
                                    o.hourRetention(),
                                    o.maxBytes(),
                                    o.maxQueuedSamples(),
                                    o.chunkMaxSamples(),
                                    o.chunkMaxSpan(),
                                    o.maintenanceInterval(),
                                    false,
                                    o.clock(),
                                    o.eventRetention(),
                                    o.commitWindow()));
                },
                java.util.Optional.of(() -> {
                    Telemetry t = telemetry;
                    if (t == null) {
                        throw new UserFacingException(
                                "The history is not open: collection did not start (see the message above).",
                                ExitCodes.IO);
                    }
                    return t.store();
                })));
    }

    @Override
    public String storeLocation() {
        Telemetry t = telemetry;
        return t == null ? paths.dataDir().toString() : t.store().file().toString();
    }

    @Override
    public synchronized void close() {
        if (viewer != null) {
            viewer.close();
            viewer = null;
        }
        if (alerting != null) {
            alerting.close();
            alerting = null;
        }
        if (desktopNotifier != null) {
            desktopNotifier.close();
            desktopNotifier = null;
        }
        if (publisher != null) {
            publisher.close();
            publisher = null;
        }
        if (sources != null) {
            sources.close();
            sources = null;
        }
        if (telemetry != null) {
            telemetry.close();
            telemetry = null;
        }
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }
}
