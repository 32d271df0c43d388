package io.gridscope.console.cli;

import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.host.HostIdentity;
import io.gridscope.collectors.prometheus.exporter.ExporterConfig;
import io.gridscope.console.app.CollectionSettings;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.LocalCollectors;
import io.gridscope.console.app.PrometheusSources;
import io.gridscope.console.app.SourceSpec;
import io.gridscope.console.app.Telemetry;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.history.WriterStats;
import java.io.PrintWriter;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./gridscope collect}: headless collection into the history database. */
@Command(
        name = "collect",
        mixinStandardHelpOptions = true,
        description = "Collect local telemetry into the history database without opening the console.",
        footer = {
            "",
            "Collects as the console does, with the settings saved in it: data directory, sampling interval,",
            "Prometheus endpoint, retention and size cap, and the Prometheus exporter sources (scraped into the",
            "history). An option given here wins over the saved value.",
            "Stops after --duration, or on Ctrl-C; everything collected until then is stored.",
            "Prints one summary line on exit."
        })
public final class CollectCommand implements Callable<Integer> {
    @Mixin
    DataDirMixin dataDir;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long to collect, e.g. 30s, 10m, 2h. Default: until Ctrl-C.")
    Duration duration;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Sampling interval (default: the one saved in the console's Settings, else 1s).")
    Duration interval;

    @Option(
            names = "--exporter-port",
            paramLabel = "PORT",
            description = "Also serve the latest values for Prometheus on http://127.0.0.1:PORT/metrics "
                    + "(default: as saved in the console's Settings, off unless enabled there; 9464 is the "
                    + "conventional port).")
    Integer exporterPort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        long t0 = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        // the console's saved settings, so both collect the same way into the same history
        CollectionSettings saved =
                CollectionSettings.load(UiSettings.load(dataDir.paths().configDir()));
        saved.warnings().forEach(w -> err.println("gridscope: warning: " + w));
        ExporterConfig exporter;
        try {
            exporter = exporterPort == null ? saved.exporter() : ExporterConfig.loopback(exporterPort);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException("invalid --exporter-port: " + e.getMessage(), ExitCodes.USAGE, e);
        }
        Clock clock = Clock.systemUTC();
        Telemetry telemetry = Telemetry.open(
                dataDir.dataDir(),
                LocalCollectors.create(HostIdentity.detect()),
                interval != null ? interval : saved.interval(),
                clock,
                exporter,
                saved.storage());
        PrometheusSources sources = new PrometheusSources(clock, telemetry.store()::append, snapshot -> {}, s -> {});
        for (SourceSpec source : saved.sources()) {
            if (source.type() == SourceSpec.Type.PROMETHEUS_SERVER) {
                err.println("gridscope: source " + source.id() + " is a Prometheus server: its history stays there, "
                        + "nothing to collect");
                continue;
            }
            try {
                sources.add(source);
            } catch (UserFacingException e) {
                err.println("gridscope: warning: source " + source.id() + " not scraped: " + e.getMessage());
            }
        }
        telemetry
                .exporterPort()
                .ifPresent(p -> spec.commandLine()
                        .getErr()
                        .println("gridscope: serving metrics on http://127.0.0.1:" + p + "/metrics"));
        telemetry.openWarnings().forEach(w -> spec.commandLine().getErr().println("gridscope: warning: " + w));
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
        try {
            telemetry.start();
            if (duration == null) {
                stop.await();
            } else {
                stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
            List<CollectorStatus> statuses = new ArrayList<>(telemetry.statuses());
            statuses.addAll(sources.exporterStatuses());
            sources.close();
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

    private static String describe(CollectorStatus s) {
        String state = s.state().name().toLowerCase(Locale.ROOT);
        return s.collectorId() + " "
                + (s.state() == CollectorState.OK || s.message().isEmpty() ? state : state + ": " + s.message());
    }
}
