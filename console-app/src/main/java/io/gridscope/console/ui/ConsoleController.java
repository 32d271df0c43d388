package io.gridscope.console.ui;

import io.gridscope.alerts.store.Operator;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.host.HostCpuMemoryCollector;
import io.gridscope.collectors.prometheus.scrape.ScrapeManager;
import io.gridscope.console.app.AccountingService;
import io.gridscope.console.app.AlertConsole;
import io.gridscope.console.app.ConsoleBackend;
import io.gridscope.console.app.PrometheusServers;
import io.gridscope.console.app.ReportsService;
import io.gridscope.console.app.SourceSpec;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.console.fx.FxBatcher;
import io.gridscope.console.ui.chart.ChartSpec;
import io.gridscope.console.ui.chart.ChartViewModel;
import io.gridscope.console.ui.shell.Page;
import io.gridscope.console.ui.shell.TimeRange;
import io.gridscope.console.ui.sources.SourceActions;
import io.gridscope.history.SeriesData;
import io.gridscope.history.WriterStats;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the backend to the view model. All backend calls (I/O) run on the {@code gridscope-console-io} thread;
 * everything bound for the view model crosses to the FX thread through {@link FxBatcher}s, which coalesce updates
 * into at most ten FX pulses a second.
 */
public final class ConsoleController implements AutoCloseable, SourceActions {
    private static final Logger log = LoggerFactory.getLogger(ConsoleController.class);

    /** Built by the first task on the I/O thread (finding the host's identity does I/O); null if that failed. */
    private volatile ConsoleBackend backend;

    private final MainViewModel viewModel;
    private final Executor fx;
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> daemon(r, "gridscope-console-io"));
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "gridscope-console-timer"));
    private final FxBatcher<Sample> samples;
    private final FxBatcher<CollectorStatus> statuses;
    private final FxBatcher<WriterStatsUpdate> writerStats;

    private record WriterStatsUpdate(String location, WriterStats stats) {}

    private final FxBatcher<Runnable> oneOffs;
    private final AccountingController accounting;
    private final ReportsController reports;
    private final AlertController alerts;
    /** Whether the alert console has been given the backend's history (I/O thread only). */
    private boolean alertsAttached;
    /** Whether the window has the focus and is not minimised; the backend reads it from any thread. */
    private volatile boolean windowFocused = true;
    /** Whether the accounting has been given the backend's history (I/O thread only). */
    private boolean accountingAttached;

    private final FxBatcher<ConsoleBackend.GpuState> gpuStates;
    /** Chart-sized reads: about 2 × this many points per series. */
    static final int CHART_BUCKETS = 1_000;

    static final int SPARKLINE_BUCKETS = 150;
    private final AtomicLong rangeGeneration = new AtomicLong();
    private volatile TimeRange requestedRange;
    private volatile String host = "";
    /** The hosts and their sources when the range was last read, and as last sent to the view (I/O thread only). */
    private java.util.Map<String, String> hostSourcesAtLoad = java.util.Map.of();

    private java.util.Map<String, String> hostSourcesShown = java.util.Map.of();
    private volatile boolean started;
    private volatile boolean closing;
    private final List<ChartSpec> chartSpecs;
    private final Set<String> shownMetrics;
    /** Whether the GPUs page is the current page, and whether the window is minimised; written on the FX thread. */
    private volatile boolean gpuPageShown;

    private volatile boolean windowMinimised;
    /** The open PCIe throughput subscription, or null; touched only on the I/O thread. */
    private AutoCloseable pcieSubscription;

    /** @param fx the FX thread's executor ({@code Platform::runLater}) */
    public ConsoleController(ConsoleBackend backend, MainViewModel viewModel, Executor fx) {
        this(() -> backend, viewModel, fx);
    }

    /** With an accounting in the user's currency, on the system clock. */
    public ConsoleController(Supplier<? extends ConsoleBackend> backendFactory, MainViewModel viewModel, Executor fx) {
        this(
                backendFactory,
                viewModel,
                fx,
                new AccountingService(java.time.Clock.systemUTC(), AccountingService.localCurrency()));
    }

    /**
     * @param backendFactory builds the backend; called once, on the I/O thread, before any other backend call (a
     *                       backend may do I/O as it is built, e.g. look up the host's name)
     * @param fx             the FX thread's executor ({@code Platform::runLater})
     * @param accounting     the accounting, started over the backend's history once the backend has started
     */
    public ConsoleController(
            Supplier<? extends ConsoleBackend> backendFactory,
            MainViewModel viewModel,
            Executor fx,
            AccountingService accounting) {
        this(
                backendFactory,
                viewModel,
                fx,
                accounting,
                new AlertConsole(java.time.Clock.systemUTC(), Operator.name(null)));
    }

    /**
     * @param alerts the alert console (the Alerts page), started over the backend's history once the backend has
     *               started
     */
    public ConsoleController(
            Supplier<? extends ConsoleBackend> backendFactory,
            MainViewModel viewModel,
            Executor fx,
            AccountingService accounting,
            AlertConsole alerts) {
        this.viewModel = viewModel;
        this.fx = fx;
        this.samples = new FxBatcher<>(fx, timer, viewModel::onSamples);
        this.statuses = new FxBatcher<>(fx, timer, viewModel::onStatuses);
        this.writerStats = new FxBatcher<>(fx, timer, batch -> {
            WriterStatsUpdate last = batch.get(batch.size() - 1);
            viewModel.onWriterStats(last.location(), last.stats());
        });
        this.oneOffs = new FxBatcher<>(fx, timer, batch -> batch.forEach(Runnable::run));
        this.accounting = new AccountingController(accounting, oneOffs::submit);
        ReportsService reportsService = new ReportsService(java.time.Clock.systemUTC());
        reportsService.follow(accounting);
        this.reports = new ReportsController(reportsService, this.accounting.configState(), oneOffs::submit);
        this.alerts = new AlertController(alerts, oneOffs::submit, viewModel::onAlertBoard);
        this.gpuStates = new FxBatcher<>(fx, timer, batch -> {
            ConsoleBackend.GpuState last = batch.get(batch.size() - 1);
            viewModel.gpus().onDevices(last.devices(), last.processes());
        });
        this.requestedRange = viewModel.shell().rangeProperty().get();
        this.host = viewModel.shell().hostProperty().get();
        // captured here, on the FX thread: both are fixed once the view model exists
        this.chartSpecs = viewModel.charts().stream().map(ChartViewModel::spec).toList();
        this.shownMetrics = Set.copyOf(viewModel.shownMetrics());
        // PCIe throughput costs NVML ~20 ms per GPU and read: asked for only while the GPUs page is shown
        this.gpuPageShown = viewModel.shell().pageProperty().get() == Page.GPUS;
        viewModel.shell().pageProperty().addListener((o, a, page) -> {
            gpuPageShown = page == Page.GPUS;
            syncPcieSubscriptionLater();
        });
        io.execute(() -> {
            try {
                backend = backendFactory.get();
            } catch (RuntimeException e) {
                log.error("console cannot set up its data path", e);
                oneOffs.submit(() -> viewModel.showError("Cannot start collecting: " + e.getMessage()));
            }
        });
    }

    /** What the accounting pages ask of the accounting; answers arrive on the FX thread. */
    public io.gridscope.console.ui.accounting.AccountingActions accounting() {
        return accounting;
    }

    /** What the Reports page asks of the reports; answers arrive on the FX thread. */
    public ReportsController reports() {
        return reports;
    }

    /** What the Alerts page asks of the alert console; answers arrive on the FX thread. */
    public AlertController alerts() {
        return alerts;
    }

    /** The window gained or lost the focus, or was minimised or restored (FX thread). */
    public void windowFocused(boolean focused) {
        windowFocused = focused;
    }

    /** Starts the alert console over the backend's alerts, once (I/O thread); empty when collection did not start. */
    private void attachAlerts(boolean dataPathStarted) {
        if (alertsAttached) {
            return;
        }
        alertsAttached = true;
        try {
            alerts.attach(dataPathStarted && backend != null ? backend.alerts() : java.util.Optional.empty());
        } catch (RuntimeException e) {
            failed("the alert console cannot start", e, "Cannot show the alerts: " + e.getMessage());
        }
    }

    /**
     * A part of the console could not start: the user is told, unless the window closed meanwhile, when a refusal
     * (an executor already shut down) is what closing does, not a fault.
     */
    private void failed(String what, RuntimeException e, String userMessage) {
        if (closing) {
            log.debug("{} while the console closes", what, e);
            return;
        }
        log.error(what, e);
        oneOffs.submit(() -> viewModel.showError(userMessage));
    }

    /** Starts the accounting and the reports over the backend's history, once (I/O thread). */
    private void attachAccounting() {
        if (accountingAttached || backend == null) {
            return;
        }
        accountingAttached = true;
        try {
            java.util.Optional<io.gridscope.console.app.AccountingAccess> access = backend.accounting();
            accounting.attach(access);
            reports.attach(access);
        } catch (RuntimeException e) {
            failed("the accounting cannot start", e, "Cannot start the accounting: " + e.getMessage());
        }
    }

    /** The backend, on the I/O thread. */
    private ConsoleBackend backend() {
        ConsoleBackend b = backend;
        if (b == null) {
            throw new IllegalStateException("the data path could not be set up");
        }
        return b;
    }

    /** The window was minimised or restored (FX thread): a minimised window shows nothing, so reads nothing costly. */
    public void windowMinimised(boolean minimised) {
        windowMinimised = minimised;
        syncPcieSubscriptionLater();
    }

    private void syncPcieSubscriptionLater() {
        if (!closing) {
            onIoUnlessShutDown(
                    this::syncPcieSubscription,
                    "shown state changed while the console closes; the subscription closes with it");
        }
    }

    /** Runs {@code task} on the I/O thread; once that has shut down (the console closed), logs {@code whenRefused}. */
    private void onIoUnlessShutDown(Runnable task, String whenRefused) {
        try {
            io.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug(whenRefused);
        }
    }

    /**
     * The console's own threads keep the process's priority, unlike background collection and evaluation
     * ({@link io.gridscope.model.BackgroundPriority}): the timer hands every batch of updates to the FX thread, and the
     * I/O thread reads what the user just asked to see.
     */
    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Returns at once; opening the database and starting the collectors happen on the I/O thread. */
    public void start() {
        viewModel.applyRange(requestedRange, System.currentTimeMillis());
        io.execute(this::startInBackground);
    }

    private void startInBackground() {
        if (backend == null) {
            return; // why is shown already
        }
        try {
            String host = backend.hostName();
            if (this.host.isEmpty()) {
                this.host = host; // no host remembered: show the local one
            }
            oneOffs.submit(() -> viewModel.setHostName(host));
            backend.windowFocus(() -> windowFocused);
            backend.start(this::onSnapshot, this::onStatus);
            if (closing) {
                log.debug("console closed while its data path was starting; nothing more is set up");
                return;
            }
            attachAccounting();
            attachAlerts(true);
            List<String> warnings = backend.openWarnings();
            if (!warnings.isEmpty()) {
                oneOffs.submit(() -> viewModel.showError(String.join("\n", warnings)));
            }
            started = true;
            syncPcieSubscription();
            loadRange(rangeGeneration.get(), requestedRange);
            pollBackendStateEverySecond();
        } catch (UserFacingException e) {
            log.error("console cannot start its data path: {}", e.getMessage());
            oneOffs.submit(() -> viewModel.showError(e.getMessage()));
        } catch (RuntimeException e) {
            failed("console cannot start its data path", e, "Cannot start collecting: " + e);
        }
        // also without collection: the accounting file can still be edited, and reports say why there are none
        attachAccounting();
        attachAlerts(false);
    }

    /** Polls the backend's state once a second from now on; nothing once the console is closing. */
    private void pollBackendStateEverySecond() {
        try {
            timer.scheduleWithFixedDelay(
                    () -> onIoUnlessShutDown(
                            this::pollBackendState, "console I/O shut down; backend state no longer polled"),
                    0,
                    1,
                    TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("console closed before its backend state was first polled");
        }
    }

    /**
     * Switches the charts to {@code range}: clears them at once (FX thread), then reads the range from history on
     * the I/O thread. A newer request makes an older, still-running read's result be dropped.
     */
    public void changeRange(TimeRange range) {
        long now = System.currentTimeMillis();
        viewModel.applyRange(range, now);
        requestedRange = range;
        reloadLater(range);
    }

    /** Reads {@code range} on the I/O thread once collection runs; any read requested before it is dropped. */
    private void reloadLater(TimeRange range) {
        long generation = rangeGeneration.incrementAndGet();
        io.execute(() -> {
            if (started) {
                loadRange(generation, range);
            }
        });
    }

    /** Shows another host: the charts were cleared by the view model; its history for the range is read here. */
    public void changeHost(String newHost) {
        if (newHost.isEmpty() || newHost.equals(host)) {
            return;
        }
        host = newHost;
        reloadLater(requestedRange);
    }

    private void loadRange(long generation, TimeRange range) {
        if (generation != rangeGeneration.get()) {
            return;
        }
        long now = System.currentTimeMillis();
        long from = range.fromMillis(now);
        long to = range.toMillis(now);
        hostSourcesAtLoad = backend.hostSources();
        Labels hostLabel = Labels.of("host", host);
        List<SeriesData> history = new ArrayList<>();
        List<SeriesData> hostCpu;
        try {
            for (ChartSpec spec : chartSpecs) {
                Labels matchers = hostLabel;
                for (var e : spec.matchers()) {
                    matchers = matchers.with(e.getKey(), e.getValue());
                }
                history.addAll(backend.range(spec.metric(), matchers, from, to, CHART_BUCKETS));
            }
            // every host's CPU for the Overview's sparklines: a few hundred points each is plenty
            hostCpu = backend.range(
                    HostCpuMemoryCollector.CPU_UTILIZATION, Labels.of("cpu", "total"), from, to, SPARKLINE_BUCKETS);
        } catch (RuntimeException e) {
            log.error("reading history for {} failed", range, e);
            oneOffs.submit(() -> viewModel.showError("Cannot read history: " + e.getMessage()));
            return;
        }
        oneOffs.submit(() -> {
            if (generation == rangeGeneration.get()) {
                viewModel.onHistory(history);
                viewModel.onHostCpuHistory(hostCpu);
            }
        });
    }

    /** Scrapes a source once on the I/O thread; {@code result} gets the outcome on the FX thread. */
    @Override
    public void test(SourceSpec source, java.util.function.Consumer<String> result) {
        io.execute(() -> {
            String r;
            try {
                r = backend().testSource(source);
            } catch (RuntimeException e) {
                r = "Failed: " + e.getMessage();
            }
            String outcome = r;
            oneOffs.submit(() -> result.accept(outcome));
        });
    }

    /** Adds a source on the I/O thread; {@code result} gets "" or the error on the FX thread. */
    @Override
    public void add(SourceSpec source, java.util.function.Consumer<String> result) {
        io.execute(() -> {
            String error = "";
            try {
                backend().addSource(source);
            } catch (RuntimeException e) {
                error = e.getMessage();
            }
            String outcome = error;
            oneOffs.submit(() -> result.accept(outcome));
        });
    }

    @Override
    public void remove(String id) {
        io.execute(() -> {
            try {
                backend().removeSource(id);
            } catch (RuntimeException e) {
                log.warn("removing source {} failed", id, e);
                oneOffs.submit(() -> viewModel.showError("Cannot remove source " + id + ": " + e.getMessage()));
            }
        });
        viewModel.removeStatus(ScrapeManager.COLLECTOR_ID_PREFIX + id);
        viewModel.removeStatus(PrometheusServers.collectorId(id));
    }

    /** Saves settings on the I/O thread; a failure is shown, not thrown. */
    public void saveSettings(UiSettings settings) {
        io.execute(() -> {
            try {
                backend().saveSettings(settings);
            } catch (RuntimeException e) {
                log.warn("saving settings failed: {}", e.getMessage());
                oneOffs.submit(() -> viewModel.showError(e.getMessage()));
            }
        });
    }

    /**
     * Opens or closes the PCIe throughput subscription to match what is shown: open only while the GPUs page is the
     * current page of a window that is not minimised. I/O thread only.
     */
    private void syncPcieSubscription() {
        boolean wanted = gpuPageShown && !windowMinimised && started && !closing;
        if (wanted && pcieSubscription == null) {
            try {
                pcieSubscription = backend.subscribePcieThroughput();
            } catch (RuntimeException e) {
                log.warn("cannot ask for PCIe throughput", e);
            }
        } else if (!wanted && pcieSubscription != null) {
            AutoCloseable s = pcieSubscription;
            pcieSubscription = null;
            try {
                s.close();
            } catch (Exception e) {
                log.warn("closing the PCIe throughput subscription failed", e);
            }
        }
    }

    private void pollBackendState() {
        try {
            ConsoleBackend.GpuState gpu = backend.gpuState();
            gpuStates.submit(gpu);
            java.util.Map<String, String> hostSources = backend.hostSources();
            if (!hostSources.equals(hostSourcesShown)) {
                hostSourcesShown = hostSources;
                oneOffs.submit(() -> viewModel.onHostSources(hostSources));
            }
            if (started && !hostSources.equals(hostSourcesAtLoad)) {
                // a host or its source became known (e.g. a Prometheus server answered after the window opened): the
                // shown host's history or other hosts' sparklines may live there, so read the range again
                loadRange(rangeGeneration.incrementAndGet(), requestedRange);
            }
            writerStats.submit(new WriterStatsUpdate(backend.storeLocation(), backend.writerStats()));
        } catch (RuntimeException e) {
            log.warn("reading writer health and GPU state failed", e);
        }
    }

    private void onStatus(CollectorStatus status) {
        if (!closing) {
            statuses.submit(status);
        }
    }

    private void onSnapshot(Snapshot snapshot) {
        if (closing) {
            return; // the window is gone: the last passes only go to history
        }
        List<Sample> shown = new ArrayList<>();
        for (Sample s : snapshot.samples()) {
            if (shownMetrics.contains(s.series().metric())) {
                shown.add(s);
            }
        }
        samples.submitAll(shown);
    }

    /** Stops the timers and closes the backend. Call from any thread but the FX thread (it waits for I/O). */
    @Override
    public void close() {
        closing = true;
        reports.close(); // before the backend: it reads the history
        accounting.close(); // so does the accounting
        alerts.close(); // so does the alert console
        // updates still arriving from the collectors and the I/O thread are dropped, not handed to a stopped timer
        for (FxBatcher<?> b : List.of(samples, statuses, writerStats, oneOffs, gpuStates)) {
            b.close();
        }
        timer.shutdownNow();
        // closes it: nothing is wanted once closing
        onIoUnlessShutDown(this::syncPcieSubscription, "console I/O already shut down");
        io.shutdown();
        try {
            if (!io.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("console I/O thread still busy after 10 s; closing the backend anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (backend != null) {
            backend.close();
        }
    }
}
