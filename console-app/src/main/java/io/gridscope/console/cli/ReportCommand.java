package io.gridscope.console.cli;

import io.gridscope.console.app.AccountingIntensity;
import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.HistoryAlertSource;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.console.app.fleet.FleetSources;
import io.gridscope.console.app.fleet.PrometheusUsageSource;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.HistoryStore;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.AccountingInputException;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.IntensityLookup;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.AccountingFile;
import io.gridscope.reports.document.ExportFormat;
import io.gridscope.reports.document.ExportOptions;
import io.gridscope.reports.document.Paper;
import io.gridscope.reports.document.ReportBuilder;
import io.gridscope.reports.document.ReportExporter;
import io.gridscope.reports.document.ReportFiles;
import io.gridscope.reports.document.ReportKind;
import io.gridscope.reports.document.ReportSpec;
import io.gridscope.reports.document.ReportingPeriod;
import io.gridscope.reports.money.ExchangeRates;
import io.gridscope.reports.usage.HistoryUsageSource;
import io.gridscope.reports.usage.UsageException;
import io.gridscope.reports.usage.UsageSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./gridscope report}: cost and carbon, GPU utilisation, budgets or on-call over a period, as a table, CSV,
 * XLSX, PDF, JSON or FOCUS, with the method of every figure.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Reports over a period, with the methodology of every figure:",
            "  cost         energy (IT, facility kWh), carbon (operational, embodied kgCO2e) and cost (amortisation,",
            "               electricity, cloud, fallback) per group, by day and site, idle waste, budgets (default)",
            "  utilisation  per GPU: hours measured, busy and idle hours, mean utilisation, what idle time cost",
            "  budgets      every budget in force: spent, forecast, status, burn",
            "  oncall       alerts fired: time to acknowledge and to resolve per severity, each alert",
            "Prices, sites and rules come from the accounting file (accounting.toml in the configuration",
            "directory; see the README)."
        },
        footer = {
            "",
            "The period: --period 2026-11 (a month), 2026-Q4 (a quarter), 2026 (a year) or 2026-11-03 (a day), or",
            "--from/--to as days in the accounting file's time zone (2026-11-01) or instants (2026-11-01T00:00:00Z),",
            "[--from, --to). A period that has not ended is reported up to now; one that has not begun is an error.",
            "Output names may hold {kind}, {period}, {group}, {currency} and {format}: -o 'cost-{period}.pdf'.",
            "Files are written whole or not at all. Progress goes to stderr while a long report is computed.",
            "Exit codes: 0 written, 1 failure, 2 usage, 3 unwritable output or unusable history, 4 no data in the",
            "period (nothing written).",
            "",
            "Examples:",
            "  ./gridscope report --period 2026-11 --group-by team",
            "  ./gridscope report --period last-month --format pdf -o '/srv/reports/cost-{period}.pdf'",
            "  ./gridscope report --period 2026-11 --format pdf -o 'cost-{group}-{period}.pdf'",
            "  ./gridscope report --period 2026-Q4 --format xlsx -o q4.xlsx",
            "  ./gridscope report --period 2026-11 --format focus --focus-period hour -o focus-2026-11.csv",
            "  ./gridscope report --kind oncall --period 2026-11 --format pdf -o oncall-2026-11.pdf",
            "  ./gridscope report --from 2026-11-01 --to 2026-12-01 --group-by gpu --only team=vision",
            "  ./gridscope report --period 2026-11 --group-by host --source fleet-prom"
        })
public final class ReportCommand implements Callable<Integer> {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");

    @Option(
            names = "--period",
            paramLabel = "PERIOD",
            description = {
                "A month (2026-11), quarter (2026-Q4), year (2026) or day (2026-11-03); for reports run unattended:",
                "last-month, this-month, last-quarter, this-quarter, last-year, yesterday."
            })
    String period;

    @Option(names = "--from", paramLabel = "DATE", description = "Start of the period (inclusive).")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "End of the period (exclusive).")
    String to;

    @Option(
            names = "--kind",
            defaultValue = "cost",
            paramLabel = "cost|utilisation|budgets|oncall",
            description = "What the report is about (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(
            names = "--group-by",
            defaultValue = "team",
            paramLabel = "team|project|user|host|gpu|site",
            description = "What the rows of a cost report are (default: ${DEFAULT-VALUE}).")
    String groupBy;

    @Option(
            names = "--format",
            defaultValue = "table",
            paramLabel = "table|csv|xlsx|pdf|json|focus",
            description = "Output format (default: ${DEFAULT-VALUE}); xlsx and pdf need -o.")
    String format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write to FILE (replaced whole, never half-written) instead of standard output.")
    String output;

    @Option(names = "--paper", defaultValue = "a4", paramLabel = "a4|letter", description = "PDF page size.")
    String paper;

    @Option(
            names = "--focus-period",
            defaultValue = "day",
            paramLabel = "hour|day",
            description = "FOCUS: one row per resource per hour or per day (default: ${DEFAULT-VALUE}).")
    String focusPeriod;

    @Option(
            names = "--organisation",
            paramLabel = "NAME",
            description = "FOCUS: the organisation named as provider, publisher, invoice issuer and billing account"
                    + " (default: On-premises).")
    String organisation;

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

    /** What the command line asks for, checked. */
    private record Ask(ReportSpec spec, ExportFormat format, ExportOptions options, Optional<Path> target) {}

    private Ask parse(AccountingConfig cfg) {
        try {
            ReportKind k = ReportKind.parse(kind);
            GroupBy by = GroupBy.parse(groupBy);
            ExportFormat fmt = ExportFormat.parse(format);
            Paper pp = Paper.parse(paper);
            boolean hourly = switch (focusPeriod.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "hour" -> true;
                case "day" -> false;
                default -> throw new IllegalArgumentException("--focus-period hour or day; got " + focusPeriod);
            };
            Currency cur = currency == null ? cfg.currency() : currency(currency);
            ReportingPeriod p = period(cfg);
            Instant now = clock.instant();
            if (!p.from().isBefore(now)) {
                throw new IllegalArgumentException("the period " + p.label() + " starts in the future (" + p.from()
                        + "); nothing has been measured yet");
            }
            List<String> notices = new ArrayList<>();
            if (p.to().isAfter(now)) {
                p = p.endingAt(now);
                notices.add("The period has not ended: figures are up to " + p.to() + ".");
            }
            Optional<ReportRequest.Filter> filter = Optional.empty();
            if (only != null) {
                int eq = only.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--only BY=VALUE, e.g. --only team=vision; got " + only);
                }
                filter = Optional.of(
                        new ReportRequest.Filter(GroupBy.parse(only.substring(0, eq)), only.substring(eq + 1)));
            }
            if (fmt == ExportFormat.FOCUS && k != ReportKind.COST) {
                throw new IllegalArgumentException(
                        "--format focus writes cost and usage rows: use it with --kind" + " cost, not " + k.id());
            }
            if (fmt.binary() && output == null) {
                throw new IllegalArgumentException(
                        "--format " + fmt.id() + " is a binary file: give it a name with" + " -o FILE");
            }
            ReportSpec rs = new ReportSpec(k, p, by, cur, filter, notices);
            Optional<Path> target = output == null ? Optional.empty() : Optional.of(target(output, rs, fmt));
            return new Ask(rs, fmt, new ExportOptions(pp, hourly, Optional.ofNullable(organisation)), target);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException(e.getMessage(), ExitCodes.USAGE, e);
        }
    }

    private static Currency currency(String code) {
        try {
            return Currency.getInstance(code.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--currency: '" + code + "' is not an ISO 4217 code (EUR, USD)");
        }
    }

    private ReportingPeriod period(AccountingConfig cfg) {
        if (period != null) {
            if (from != null || to != null) {
                throw new IllegalArgumentException("give --period or --from/--to, not both");
            }
            return ReportingPeriod.parse(period, cfg.timeZone(), clock.instant());
        }
        if (from == null || to == null) {
            throw new IllegalArgumentException("give the period: --period 2026-11, or --from and --to");
        }
        Instant start = instant("--from", from, cfg);
        Instant end = instant("--to", to, cfg);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("--to (" + end + ") must be after --from (" + start + ")");
        }
        ZoneId zone = cfg.timeZone();
        boolean days = start.atZone(zone).toLocalTime().equals(LocalTime.MIDNIGHT)
                && end.atZone(zone).toLocalTime().equals(LocalTime.MIDNIGHT)
                && !from.contains("T")
                && !to.contains("T");
        return days
                ? ReportingPeriod.days(
                        start.atZone(zone).toLocalDate(),
                        end.atZone(zone).toLocalDate().minusDays(1),
                        zone)
                : ReportingPeriod.between(start, end);
    }

    /** {@code name} with its placeholders filled in: {kind}, {period}, {group}, {currency}, {format}. */
    static Path target(String name, ReportSpec rs, ExportFormat fmt) {
        Matcher m = PLACEHOLDER.matcher(name);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = switch (m.group(1)) {
                case "kind" -> rs.kind().id();
                case "period" -> rs.period().token();
                case "group" -> rs.groupBy().label();
                case "currency" -> rs.currency().getCurrencyCode();
                case "format" -> fmt.id();
                default ->
                    throw new IllegalArgumentException("-o: unknown placeholder {" + m.group(1)
                            + "}; use {kind}, {period}, {group}, {currency} or {format}");
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        try {
            return Path.of(sb.toString());
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("-o: not a file name: " + sb);
        }
    }

    @Override
    public Integer call() {
        if (sourceTimeout.isZero() || sourceTimeout.isNegative()) {
            throw new UserFacingException("--source-timeout must be positive", ExitCodes.USAGE);
        }
        Path dir = DataDirMixin.dataDir(spec);
        AccountingConfig cfg = AccountingFiles.load(AccountingFiles.locate(config));
        Ask ask = parse(cfg);
        ask.target().ifPresent(ReportCommand::checkWritable);
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = new Progress(err, clock);
        ExportResultAndWarnings written;
        if (source != null) {
            // the usage comes from the server; stored provider intensity hours and alerts, if any, from the local
            // history
            UiSettings settings = UiSettings.load(AppPaths.fromEnvironment().configDir());
            boolean local = Files.isRegularFile(dir.resolve(HistoryStore.FILE_NAME));
            try (PrometheusUsageSource fleet = FleetSources.open(settings, source.strip(), sourceTimeout);
                    HistoryReader reader = local ? DbCommand.openExisting(dir) : null) {
                written = export(
                        cfg,
                        fleet,
                        () -> reader == null
                                ? AccountingIntensity.lookupWithoutHistory(cfg)
                                : AccountingIntensity.lookupFor(cfg, reader),
                        reader,
                        ask,
                        progress);
            }
        } else {
            try (HistoryReader reader = DbCommand.openExisting(dir)) {
                written = export(
                        cfg,
                        new HistoryUsageSource(reader),
                        () -> AccountingIntensity.lookupFor(cfg, reader),
                        reader,
                        ask,
                        progress);
            }
        }
        progress.done();
        if (ask.target().isPresent()) {
            err.println("report: wrote " + ask.target().get() + " ("
                    + written.result().summary() + ", " + written.result().bytes() + " bytes)");
        }
        for (String n : written.notices()) {
            err.println("report: " + n);
        }
        int shown = 0;
        for (String w : written.warnings()) {
            if (++shown > MAX_WARNINGS_SHOWN) {
                err.println("report: and " + (written.warnings().size() - MAX_WARNINGS_SHOWN)
                        + " more warnings (in the report's methodology)");
                break;
            }
            err.println("report: warning: " + w);
        }
        err.flush();
        return ExitCodes.OK;
    }

    private record ExportResultAndWarnings(ReportExporter.Result result, List<String> notices, List<String> warnings) {}

    private ExportResultAndWarnings export(
            AccountingConfig cfg,
            UsageSource usage,
            Supplier<IntensityLookup> intensities,
            HistoryReader alertHistory,
            Ask ask,
            Progress progress) {
        Optional<ReportBuilder.AlertSource> alerts =
                alertHistory == null ? Optional.empty() : Optional.of(new HistoryAlertSource(() -> alertHistory));
        if (ask.spec().kind() == ReportKind.ON_CALL && alerts.isEmpty()) {
            throw new UserFacingException(
                    "the on-call report reads the alert history of the local data directory, and it has none",
                    ExitCodes.IO);
        }
        try {
            AccountingEngine engine = new AccountingEngine(cfg, usage, intensities.get(), clock);
            ReportExporter exporter = new ReportExporter(engine, alerts, clock);
            ReportExporter.Result r;
            if (ask.target().isPresent()) {
                r = exporter.exportTo(
                        ask.spec(), ask.format(), ask.options(), ask.target().get(), progress::update, true);
            } else {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                r = exporter.export(ask.spec(), ask.format(), ask.options(), bytes, progress::update, true);
                PrintWriter out = spec.commandLine().getOut();
                out.print(bytes.toString(StandardCharsets.UTF_8));
                out.flush();
            }
            List<String> notices = r.document()
                    .map(d -> d.notices().stream()
                            .filter(n -> !n.startsWith("No data"))
                            .toList())
                    .orElse(List.of());
            List<String> warnings = r.warnings();
            return new ExportResultAndWarnings(r, notices, warnings);
        } catch (ReportExporter.NoDataException e) {
            throw new UserFacingException(e.getMessage() + "; nothing written", ExitCodes.NO_DATA, e);
        } catch (ExchangeRates.MissingExchangeRateException | UsageException | AccountingInputException e) {
            throw new UserFacingException(e.getMessage(), ExitCodes.FAILURE, e);
        } catch (IOException e) {
            throw new UserFacingException(
                    "cannot write " + ask.target().map(Path::toString).orElse("the report") + ": " + reason(e),
                    ExitCodes.IO,
                    e);
        }
    }

    /** Warnings printed on stderr, at most; all of them are in the report's methodology. */
    static final int MAX_WARNINGS_SHOWN = 20;

    /** Fails before any work when the output cannot be written (as the export itself would fail). */
    private static void checkWritable(Path target) {
        try {
            ReportFiles.checkTarget(target);
        } catch (IOException e) {
            throw new UserFacingException("cannot write " + target + ": " + reason(e), ExitCodes.IO, e);
        }
    }

    /** The file system's reason as it gave it (paths in it keep their case). */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static Instant instant(String option, String text, AccountingConfig cfg) {
        return AccountingFile.parseInstant(text.strip(), cfg.timeZone())
                .orElseThrow(() -> new IllegalArgumentException(option + " '" + text + "' is not a date (2026-11-01)"
                        + " or an instant (2026-11-01T00:00:00Z)"));
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
