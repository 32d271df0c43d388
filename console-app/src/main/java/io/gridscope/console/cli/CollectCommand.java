package io.gridscope.console.cli;

import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.host.HostIdentity;
import io.gridscope.collectors.host.JnaPriorityCalls;
import io.gridscope.collectors.prometheus.exporter.ExporterConfig;
import io.gridscope.console.app.AccountingPublisher;
import io.gridscope.console.app.Alerting;
import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.CollectionSettings;
import io.gridscope.console.app.CollectorLock;
import io.gridscope.console.app.DataDirectory;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.LocalCollectors;
import io.gridscope.console.app.PrometheusSources;
import io.gridscope.console.app.SourceSpec;
import io.gridscope.console.app.Telemetry;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.console.app.secrets.SecretStoreException;
import io.gridscope.console.app.secrets.SecretVault;
import io.gridscope.history.WriterStats;
import io.gridscope.model.BackgroundPriority;
import io.gridscope.model.DurationText;
import io.gridscope.reports.config.AccountingFile;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code ./gridscope collect}: headless collection into the history database. */
@Command(
        name = "collect",
        mixinStandardHelpOptions = true,
        description = "Collect local telemetry into the history database without opening the console.",
        footer = {
            "",
            "Collects as the console does, with the settings saved in it: data directory,",
            "sampling interval, Prometheus endpoint, retention and size cap, and the",
            "Prometheus exporter sources (scraped into the history). An option given here",
            "wins over the saved value.",
            "Stops after --duration, or on Ctrl-C; everything collected until then is",
            "stored. Prints one summary line on exit.",
            "",
            "Examples:",
            "  ./gridscope collect --duration 30s",
            "  ./gridscope collect --exporter-port 9464 --exporter-address 0.0.0.0"
        })
public final class CollectCommand implements Callable<Integer> {
    /**
     * How long the history writer gathers samples before it commits them. Each commit rewrites the open chunk of
     * every series, so committing every 5 s instead of every second costs a fifth of the writer's CPU. A crash of
     * the process (kill -9, out of memory) loses at most the last 5 s of samples (a power cut, with the history's
     * synchronous=NORMAL, also the last commits before it); a console open beside it as a viewer sees samples up to
     * 5 s later. Ctrl-C, SIGTERM and the end of --duration commit everything first.
     */
    static final Duration COMMIT_WINDOW = Duration.ofSeconds(5);

    /**
     * How often alert rules are evaluated by default: the cadence at which samples reach the history, so a console
     * beside the service shows an alert together with the samples that raised it. Each evaluation costs the same
     * whatever it finds; evaluating every 5 s instead of every second takes most of the alert thread's CPU away. An
     * event (XID, GPU lost) or a threshold crossing is seen within 5 s, well inside the shortest built-in {@code for}.
     */
    static final Duration EVALUATION_INTERVAL = COMMIT_WINDOW;

    static final Duration MIN_EVALUATION_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_EVALUATION_INTERVAL = Duration.ofMinutes(5);

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long to collect, e.g. 30s, 10m, 2h. Default: until Ctrl-C.")
    Duration duration;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            converter = IntervalConverter.class,
            description = "Sampling interval, 200ms to 1h (default: the one saved in the console's Settings, else "
                    + "1s). Shorter passes cost more CPU than they show (NVML calls take milliseconds per GPU); "
                    + "longer ones leave gaps in every chart.")
    Duration interval;

    @Option(
            names = "--evaluation-interval",
            paramLabel = "DURATION",
            converter = EvaluationIntervalConverter.class,
            description = "How often alert rules are evaluated, 1s to 5m (default: 5s, the cadence at which samples "
                    + "reach the history).")
    Duration evaluationInterval;

    @Option(
            names = "--exporter-port",
            paramLabel = "PORT",
            description = "Also serve the latest values for Prometheus on http://ADDR:PORT/metrics (default: as "
                    + "saved in the console's Settings, off unless enabled there; 9464 is the conventional port, 0 "
                    + "picks a free one). A port that is taken is an error (exit 3).")
    Integer exporterPort;

    @Option(
            names = "--exporter-address",
            paramLabel = "ADDR",
            description = "Address the endpoint listens on (default: as saved in Settings, else 127.0.0.1, this "
                    + "machine only). 0.0.0.0 or a network address lets a fleet Prometheus scrape it, and anyone "
                    + "who can reach the port read it.")
    String exporterAddress;

    @Spec
    CommandSpec spec;

    /**
     * The secret stores collect can read without a person, built only when a source keeps its secret in one: the
     * keyring on the session bus (if it answers unlocked) and the encrypted file when {@value
     * SecretVault#PASSPHRASE_FILE_ENV} names its passphrase file. Null when no source needs them or the passphrase
     * file does not open the encrypted file (said on {@code err}; those sources are then not scraped).
     */
    private static SecretVault headlessSecrets(AppPaths paths, java.util.List<SourceSpec> sources, PrintWriter err) {
        if (sources.stream().noneMatch(s -> s.auth().needsStoredSecret())) {
            return null;
        }
        try {
            SecretVault vault = SecretVault.forHeadless(paths.configDir(), System.getenv());
            vault.probeKeyring();
            return vault;
        } catch (SecretStoreException e) {
            err.println("gridscope: warning: stored secrets cannot be read: " + e.getMessage());
            return null;
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        long t0 = System.nanoTime();
        // thread priorities through JNA, loaded anyway, rather than the JDK's foreign function interface
        JnaPriorityCalls.load().ifPresent(BackgroundPriority::use);
        PrintWriter err = spec.commandLine().getErr();
        // the console's saved settings, so both collect the same way into the same history
        AppPaths paths = DataDirMixin.paths(spec);
        CollectionSettings saved = CollectionSettings.load(UiSettings.load(paths.configDir()));
        saved.warnings().forEach(w -> err.println("gridscope: warning: " + w));
        ExporterConfig exporter = exporter(saved.exporter());
        Clock clock = Clock.systemUTC();
        HostIdentity identity = HostIdentity.detect();
        boolean dataDirExisted = java.nio.file.Files.exists(paths.dataDir());
        CollectorLock lock = lock(paths);
        Telemetry telemetry;
        try {
            telemetry = Telemetry.open(
                    paths.dataDir(),
                    LocalCollectors.create(identity),
                    interval != null ? interval : saved.interval(),
                    clock,
                    exporter,
                    saved.storage(),
                    true,
                    COMMIT_WINDOW);
        } catch (Telemetry.EndpointUnavailableException e) {
            lock.close();
            if (!dataDirExisted) {
                removeCreated(paths);
            }
            throw new UserFacingException(
                    e.getMessage() + " (choose another --exporter-port, 0 for any free one, or stop what listens "
                            + "there)",
                    e.exitCode(),
                    e);
        }
        Alerting alerting = startAlerting(
                paths,
                telemetry,
                identity.hostname(),
                clock,
                evaluationInterval == null ? EVALUATION_INTERVAL : evaluationInterval,
                err);
        PrometheusSources sources = new PrometheusSources(
                clock,
                snapshot -> {
                    telemetry.store().append(snapshot);
                    if (alerting != null) {
                        alerting.accept(snapshot);
                    }
                },
                snapshot -> {},
                s -> {});
        SecretVault secrets = headlessSecrets(paths, saved.sources(), err);
        for (SourceSpec source : saved.sources()) {
            if (source.type() == SourceSpec.Type.PROMETHEUS_SERVER) {
                err.println("gridscope: source " + source.id() + " is a Prometheus server: its history stays there, "
                        + "nothing to collect");
                continue;
            }
            try {
                sources.add(
                        secrets == null ? source : source.withAuth(source.auth().resolvedWith(secrets)));
            } catch (UserFacingException e) {
                err.println("gridscope: warning: source " + source.id() + " not scraped: " + e.getMessage());
            } catch (SecretStoreException e) {
                err.println(
                        "gridscope: warning: source " + source.id() + " not scraped: its secret: " + e.getMessage());
            }
        }
        if (telemetry.exporterPort().isPresent()) {
            String address = telemetry.exporterAddress().orElseThrow();
            String host = address.contains(":") ? "[" + address + "]" : address;
            err.println("gridscope: serving metrics on http://" + host + ":"
                    + telemetry.exporterPort().getAsInt() + "/metrics");
            if (!isLoopback(address)) {
                err.println("gridscope: warning: the Prometheus endpoint listens on " + address
                        + ", beyond this machine: anyone who can reach port "
                        + telemetry.exporterPort().getAsInt()
                        + " can read this host's telemetry");
            }
        }
        telemetry.openWarnings().forEach(w -> err.println("gridscope: warning: " + w));
        BackgroundPriority.unavailable()
                .ifPresent(why -> err.println("gridscope: collection threads keep the normal CPU priority: " + why));
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        boolean[] interrupted = {false};
        Thread hook = new Thread(
                () -> {
                    interrupted[0] = true;
                    stop.countDown();
                    try {
                        // Let the main thread write what is queued and print the summary before the JVM exits.
                        finished.await(15, TimeUnit.SECONDS);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                },
                "gridscope-collect-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        AccountingPublisher accounting = new AccountingPublisher(
                telemetry.store(),
                AccountingFile.in(paths.configDir()),
                identity.hostname(),
                clock,
                alerting == null ? s -> {} : alerting::accept);
        try {
            telemetry.start();
            accounting.start(AccountingPublisher.DEFAULT_PERIOD);
            if (duration == null) {
                stop.await();
            } else {
                stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
            List<CollectorStatus> statuses = new ArrayList<>(telemetry.statuses());
            statuses.addAll(sources.exporterStatuses());
            sources.close();
            accounting.close();
            if (alerting != null) {
                alerting.close();
            }
            telemetry.close();
            WriterStats ws = telemetry.store().writerStats();
            double seconds = (System.nanoTime() - t0) / 1e9;
            PrintWriter out = spec.commandLine().getOut();
            String collectors = statuses.stream().map(CollectCommand::describe).collect(Collectors.joining(", "));
            out.printf(
                    "collected %d samples in %.1f s into %s (%s)%s%n",
                    ws.samplesWritten(),
                    seconds,
                    telemetry.store().file(),
                    collectors,
                    ws.samplesDropped() > 0 ? "; " + ws.samplesDropped() + " samples dropped: " + ws.lastError() : "");
            out.flush();
            if (!ws.healthy()) {
                spec.commandLine().getErr().println("gridscope: " + ws.lastError());
                return ExitCodes.FAILURE;
            }
            return interrupted[0] ? ExitCodes.INTERRUPTED : ExitCodes.OK;
        } finally {
            sources.close();
            if (alerting != null) {
                alerting.close();
            }
            lock.close();
            finished.countDown();
            if (!interrupted[0]) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // the JVM is exiting; the hook is running or has run
                }
            }
        }
    }

    /** The data directory's collector lock, or a clear refusal naming the process that holds it. */
    private static CollectorLock lock(AppPaths paths) {
        DataDirectory.prepare(paths.dataDir(), "data directory"); // the lock file lives in it
        try {
            return CollectorLock.tryAcquire(paths.dataDir(), "collect")
                    .orElseThrow(() -> new UserFacingException(
                            "another Gridscope process collects into " + paths.dataDir() + ": "
                                    + CollectorLock.holder(paths.dataDir())
                                            .map(Object::toString)
                                            .orElse("unknown")
                                    + ". One process collects and evaluates alerts per data directory; stop that one"
                                    + " or choose another --data-dir (the console opens beside it as a viewer)",
                            ExitCodes.IO));
        } catch (java.io.IOException e) {
            throw new UserFacingException(
                    "cannot lock " + paths.dataDir().resolve(CollectorLock.FILE_NAME) + ": " + e.getMessage(),
                    ExitCodes.IO,
                    e);
        }
    }

    /** Removes the data directory this run created for its lock, when nothing else was written there. */
    private static void removeCreated(AppPaths paths) {
        try {
            java.nio.file.Files.deleteIfExists(paths.dataDir().resolve(CollectorLock.FILE_NAME));
            java.nio.file.Files.deleteIfExists(paths.dataDir());
        } catch (java.io.IOException e) {
            // something else is in it: leave it
        }
    }

    /** Alert evaluation beside collection; a failure to start it is reported and collection goes on. */
    private static Alerting startAlerting(
            AppPaths paths, Telemetry telemetry, String host, Clock clock, Duration every, PrintWriter err) {
        try {
            java.util.List<io.gridscope.alerts.service.AlertNotifier> notifiers = new ArrayList<>();
            notifiers.add(new StderrNotifier(err));
            io.gridscope.alerts.notify.DbusNotifier desktop = io.gridscope.alerts.notify.DbusNotifier.forSessionBus();
            io.gridscope.alerts.notify.DesktopNotifier.Availability available = desktop.availability();
            if (available.available()) {
                notifiers.add(new io.gridscope.alerts.service.DesktopAlertNotifier(
                        desktop,
                        new io.gridscope.alerts.store.AlertActions(paths.dataDir(), clock),
                        io.gridscope.alerts.store.Operator.name(null),
                        () -> true));
            } else {
                desktop.close();
                err.println("gridscope: desktop notifications off: " + available.reason());
            }
            Alerting a = Alerting.start(paths, telemetry.store(), host, clock, every, notifiers);
            telemetry.addSink(a::accept);
            return a;
        } catch (java.sql.SQLException | io.gridscope.history.HistoryException e) {
            err.println("gridscope: error: alert rules are not evaluated: " + e.getMessage());
            err.flush();
            return null;
        }
    }

    /** Notifications of a headless collect: one line each on stderr (journald keeps them for a service). */
    static final class StderrNotifier implements io.gridscope.alerts.service.AlertNotifier {
        private final PrintWriter err;

        StderrNotifier(PrintWriter err) {
            this.err = err;
        }

        @Override
        public String name() {
            return "log";
        }

        @Override
        public void send(io.gridscope.alerts.service.AlertNotice notice) {
            synchronized (err) {
                err.println("gridscope: alert " + notice.alert().id() + ": " + notice.title());
                err.flush();
            }
        }
    }

    /** The endpoint to run: the saved one, with what was given here instead. */
    private ExporterConfig exporter(ExporterConfig saved) {
        boolean enabled = exporterPort != null || saved.enabled();
        if (!enabled) {
            if (exporterAddress != null) {
                throw new UserFacingException(
                        "--exporter-address needs --exporter-port (Gridscope's Prometheus endpoint is off in "
                                + "Settings)",
                        ExitCodes.USAGE);
            }
            return saved;
        }
        String address = exporterAddress != null ? exporterAddress.strip() : saved.bindAddress();
        if (exporterAddress != null) {
            try {
                InetAddress.getByName(address);
            } catch (UnknownHostException | SecurityException e) {
                throw new UserFacingException(
                        "invalid --exporter-address '" + exporterAddress + "': not an IP address or host name "
                                + "(examples: 127.0.0.1, 0.0.0.0, ::1)",
                        ExitCodes.USAGE,
                        e);
            }
        }
        try {
            return new ExporterConfig(
                    true, address, exporterPort != null ? exporterPort : saved.port(), saved.staleAfter());
        } catch (IllegalArgumentException e) {
            throw new UserFacingException(
                    "invalid --exporter-" + (exporterPort != null ? "port" : "address") + ": " + e.getMessage(),
                    ExitCodes.USAGE,
                    e);
        }
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code --interval}: a duration within {@link CollectionSettings#MIN_INTERVAL} and its maximum. */
    static final class IntervalConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = DurationConverter.parse(value);
            try {
                return CollectionSettings.checkInterval(d);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage() + ": the interval must be between "
                        + DurationText.of(CollectionSettings.MIN_INTERVAL) + " and "
                        + DurationText.of(CollectionSettings.MAX_INTERVAL));
            }
        }
    }

    /** {@code --evaluation-interval}: 1 s to 5 min. */
    static final class EvaluationIntervalConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = DurationConverter.parse(value);
            if (d.compareTo(MIN_EVALUATION_INTERVAL) < 0 || d.compareTo(MAX_EVALUATION_INTERVAL) > 0) {
                throw new TypeConversionException("'" + value + "': the evaluation interval must be between "
                        + DurationText.of(MIN_EVALUATION_INTERVAL) + " and "
                        + DurationText.of(MAX_EVALUATION_INTERVAL));
            }
            return d;
        }
    }

    private static String describe(CollectorStatus s) {
        String state = s.state().name().toLowerCase(Locale.ROOT);
        return s.collectorId() + " "
                + (s.state() == CollectorState.OK || s.message().isEmpty() ? state : state + ": " + s.message())
                + (s.warnings().isEmpty()
                        ? ""
                        : " (warning: " + s.warnings().getFirst()
                                + (s.warnings().size() > 1
                                        ? "; +" + (s.warnings().size() - 1) + " more"
                                        : "")
                                + ")");
    }
}
