package io.gridscope.console.cli;

import io.gridscope.collectors.host.HostIdentity;
import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.LocalCollectors;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.collectors.prometheus.exporter.ExporterConfig;
import io.gridscope.console.app.StorageSettings;
import io.gridscope.console.app.Telemetry;
import io.gridscope.console.app.UiSettings;
import io.gridscope.history.WriterStats;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
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
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Collect local telemetry into the history database without opening the console.",
        footer = {"", "Stops after --duration, or on Ctrl-C; everything collected until then is stored.",
                "Prints one summary line on exit."})
public final class CollectCommand implements Callable<Integer> {
    @Mixin
    DataDirMixin dataDir;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to collect, e.g. 30s, 10m, 2h. Default: until Ctrl-C.")
    Duration duration;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "1s",
            description = "Sampling interval (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--exporter-port", paramLabel = "PORT",
            description = "Also serve the latest values for Prometheus on http://127.0.0.1:PORT/metrics "
                    + "(off unless given; 9464 is the conventional port).")
    Integer exporterPort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        long t0 = System.nanoTime();
        ExporterConfig exporter;
        try {
            exporter = exporterPort == null ? ExporterConfig.disabled() : ExporterConfig.loopback(exporterPort);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException("invalid --exporter-port: " + e.getMessage(), ExitCodes.USAGE, e);
        }
        // retention and size cap as set in the console, so both keep the same history
        StorageSettings storage = StorageSettings.load(UiSettings.load(dataDir.paths().configDir()));
        Telemetry telemetry = Telemetry.open(dataDir.dataDir(), LocalCollectors.create(HostIdentity.detect()),
                interval, Clock.systemUTC(), exporter, storage);
        telemetry.exporterPort().ifPresent(p ->
                spec.commandLine().getErr().println("gridscope: serving metrics on http://127.0.0.1:" + p + "/metrics"));
        telemetry.openWarnings().forEach(w -> spec.commandLine().getErr().println("gridscope: warning: " + w));
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        boolean[] interrupted = {false};
        Thread hook = new Thread(() -> {
            interrupted[0] = true;
            stop.countDown();
            try {
                // Let the main thread write what is queued and print the summary before the JVM exits.
                finished.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "gridscope-collect-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            telemetry.start();
            if (duration == null) {
                stop.await();
            } else {
                stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
            Collection<CollectorStatus> statuses = telemetry.statuses();
            telemetry.close();
            WriterStats ws = telemetry.store().writerStats();
            double seconds = (System.nanoTime() - t0) / 1e9;
            PrintWriter out = spec.commandLine().getOut();
            String collectors = statuses.stream().map(CollectCommand::describe)
                    .collect(Collectors.joining(", "));
            out.printf("collected %d samples in %.1f s into %s (%s)%s%n", ws.samplesWritten(), seconds,
                    telemetry.store().file(), collectors,
                    ws.samplesDropped() > 0 ? "; " + ws.samplesDropped() + " samples dropped: " + ws.lastError() : "");
            out.flush();
            if (!ws.healthy()) {
                spec.commandLine().getErr().println("gridscope: " + ws.lastError());
                return ExitCodes.FAILURE;
            }
            return interrupted[0] ? ExitCodes.INTERRUPTED : ExitCodes.OK;
        } finally {
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
        return s.collectorId() + " " + (s.state() == CollectorState.OK || s.message().isEmpty()
                ? state : state + ": " + s.message());
    }
}
