package io.gridscope.console.cli;

import io.gridscope.console.app.AccountingIntensity;
import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.console.app.fleet.FleetSources;
import io.gridscope.console.app.fleet.PrometheusUsageSource;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.HistoryStore;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.AccountingInputException;
import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.IntensityLookup;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.AccountingFile;
import io.gridscope.reports.money.ExchangeRates;
import io.gridscope.reports.render.ReportFormat;
import io.gridscope.reports.usage.HistoryUsageSource;
import io.gridscope.reports.usage.UsageException;
import io.gridscope.reports.usage.UsageSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./gridscope report}: energy, carbon and cost per group over a period, with the method of every figure. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Energy (IT and facility kWh), carbon (operational and embodied kgCO2e) and cost (amortisation,",
            "electricity, cloud, fallback; total) per group over a period, with idle waste, budget status,",
            "coverage, measured or estimated, and the methodology: intensity sources, PUE, prices with their",
            "effective dates, exchange rates, data resolution. Prices, sites and rules come from the accounting",
            "file (accounting.toml in the configuration directory; see the README)."
        },
        footer = {
            "",
            "Dates are days in the accounting file's time zone (2026-11-01) or instants (2026-11-01T00:00:00Z);",
            "the period is [--from, --to). Progress goes to stderr while a long period is computed.",
            "",
            "Examples:",
            "  ./gridscope report --from 2026-11-01 --to 2026-12-01 --group-by team",
            "  ./gridscope report --from 2026-11-01 --to 2026-12-01 --group-by gpu --format csv -o nov.csv",
            "  ./gridscope report --from 2026-11-01 --to 2026-12-01 --group-by gpu --only team=vision",
            "  ./gridscope report --from 2026-11-01 --to 2026-12-01 --group-by host --source fleet-prom"
        })
public final class ReportCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "DATE", description = "Start of the period (inclusive).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DATE", description = "End of the period (exclusive).")
    String to;

    @Option(
            names = "--group-by",
            defaultValue = "team",
            paramLabel = "team|project|user|host|gpu|site",
            description = "What the rows are (default: ${DEFAULT-VALUE}).")
    String groupBy;

    @Option(
            names = "--format",
            defaultValue = "table",
            paramLabel = "table|csv|json",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write to FILE (replaced whole, never half-written) instead of standard output.")
    Path output;

    @Option(
            names = "--currency",
            paramLabel = "CODE",
            description = "Report currency (ISO 4217); default: the accounting file's.")
    String currency;

    @Option(
            names = "--only",
            paramLabel = "BY=VALUE",
            description = "Only what is allocated to one group, e.g. team=vision (drill-down).")
    String only;

    @Option(
            names = "--source",
            paramLabel = "NAME",
            description = {
                "Report the hosts and GPUs of the saved Prometheus server source NAME (Sources page) from that",
                "server instead of the local history: the server computes each slot with PromQL, nothing is copied."
            })
    String source;

    @Option(
            names = "--source-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "5m",
            description = "With --source: how long the server's reads may take in all (default: ${DEFAULT-VALUE}).")
    Duration sourceTimeout;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Accounting file (default: accounting.toml in the configuration directory).")
    Path config;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    public ReportCommand() {
        this(Clock.systemUTC());
    }

    ReportCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        if (sourceTimeout.isZero() || sourceTimeout.isNegative()) {
            throw new UserFacingException("--source-timeout must be positive", ExitCodes.USAGE);
        }
        Path dir = DataDirMixin.dataDir(spec);
        AccountingConfig cfg = AccountingFiles.load(AccountingFiles.locate(config));
        GroupBy by;
        ReportFormat fmt;
        Currency cur;
        Instant start;
        Instant end;
        Optional<ReportRequest.Filter> filter = Optional.empty();
        try {
            by = GroupBy.parse(groupBy);
            fmt = ReportFormat.parse(format);
            cur = currency == null ? cfg.currency() : Currency.getInstance(currency.strip());
            start = instant("--from", from, cfg);
            end = instant("--to", to, cfg);
            if (only != null) {
                int eq = only.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--only BY=VALUE, e.g. --only team=vision; got " + only);
                }
                filter = Optional.of(
                        new ReportRequest.Filter(GroupBy.parse(only.substring(0, eq)), only.substring(eq + 1)));
            }
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("--to (" + end + ") must be after --from (" + start + ")");
            }
        } catch (IllegalArgumentException e) {
            throw new UserFacingException(e.getMessage(), ExitCodes.USAGE, e);
        }
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = new Progress(err, clock);
        ReportRequest request = new ReportRequest(start, end, by, cur, filter);
        AccountingReport report;
        if (source != null) {
            // the usage comes from the server; stored provider intensity hours, if any, from the local history
            UiSettings settings = UiSettings.load(AppPaths.fromEnvironment().configDir());
            boolean local = Files.isRegularFile(dir.resolve(HistoryStore.FILE_NAME));
            try (PrometheusUsageSource fleet = FleetSources.open(settings, source.strip(), sourceTimeout);
                    HistoryReader reader = local ? DbCommand.openExisting(dir) : null) {
                report = report(
                        cfg,
                        fleet,
                        () -> reader == null
                                ? AccountingIntensity.lookupWithoutHistory(cfg)
                                : AccountingIntensity.lookupFor(cfg, reader),
                        request,
                        progress);
            }
        } else {
            try (HistoryReader reader = DbCommand.openExisting(dir)) {
                report = report(
                        cfg,
                        new HistoryUsageSource(reader),
                        () -> AccountingIntensity.lookupFor(cfg, reader),
                        request,
                        progress);
            }
        }
        progress.done();
        StringWriter text = new StringWriter();
        try {
            fmt.write(report, text);
        } catch (IOException e) {
            throw new UserFacingException("cannot format the report: " + e.getMessage(), ExitCodes.FAILURE, e);
        }
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        } else {
            write(output, text.toString());
            err.println("report: wrote " + output);
        }
        for (String w : report.methodology().warnings()) {
            err.println("report: warning: " + w);
        }
        err.flush();
        return ExitCodes.OK;
    }

    private AccountingReport report(
            AccountingConfig cfg,
            UsageSource usage,
            Supplier<IntensityLookup> intensities,
            ReportRequest request,
            Progress progress) {
        try {
            AccountingEngine engine = new AccountingEngine(cfg, usage, intensities.get(), clock);
            return engine.report(request, progress::update);
        } catch (ExchangeRates.MissingExchangeRateException | UsageException | AccountingInputException e) {
            throw new UserFacingException(e.getMessage(), ExitCodes.FAILURE, e);
        }
    }

    private static Instant instant(String option, String text, AccountingConfig cfg) {
        return AccountingFile.parseInstant(text.strip(), cfg.timeZone())
                .orElseThrow(() -> new IllegalArgumentException(option + " '" + text + "' is not a date (2026-11-01)"
                        + " or an instant (2026-11-01T00:00:00Z)"));
    }

    private static void write(Path target, String text) {
        Path abs = target.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UserFacingException("cannot write " + target + ": " + e.getMessage(), ExitCodes.IO, e);
        }
    }

    /** Prints progress to stderr at most once a second, and only once a run has taken longer than that. */
    private static final class Progress {
        private final PrintWriter err;
        private final Clock clock;
        private final long started;
        private long last;
        private boolean shown;

        Progress(PrintWriter err, Clock clock) {
            this.err = err;
            this.clock = clock;
            this.started = System.nanoTime();
            this.last = started;
        }

        void update(double fraction) {
            long now = System.nanoTime();
            if (now - started < 1_000_000_000L || now - last < 1_000_000_000L) {
                return;
            }
            last = now;
            shown = true;
            err.printf("report: %.0f %% of GPUs and hosts read%n", fraction * 100);
            err.flush();
        }

        void done() {
            if (shown) {
                err.printf("report: done in %.1f s%n", (System.nanoTime() - started) / 1e9);
            }
        }
    }
}
