package io.gridscope.console.app;

import io.gridscope.console.app.AccountingService.ConfigState;
import io.gridscope.history.HistoryReader;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.AccountingFixture;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.AccountingFile;
import io.gridscope.reports.document.ReportExporter;
import io.gridscope.reports.document.ReportingPeriod;
import io.gridscope.reports.usage.HistoryUsageSource;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * The reports over the hand-computed fixture of the reports module ({@link AccountingFixture}: its figures are worked
 * out in {@code AccountingFixtureTest}): the accounting's state with its file in force, and services and exporters
 * over its history at its "now".
 */
public final class ReportsFixture {
    public static final Currency EUR = Currency.getInstance("EUR");
    /** The fixture's two days, 2026-11-02 and 2026-11-03. */
    public static final ReportingPeriod DAYS =
            ReportingPeriod.days(LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-03"), ZoneOffset.UTC);

    private ReportsFixture() {}

    /** Writes the fixture's history into {@code home/data} and returns that data directory. */
    public static Path write(Path home) throws Exception {
        Path data = java.nio.file.Files.createDirectories(home.resolve("data"));
        AccountingFixture.write(data);
        return data;
    }

    /** The accounting's state with the fixture's file in force. */
    public static ConfigState state() throws Exception {
        Path file = Path.of("/config/accounting.toml");
        return new ConfigState(
                "",
                Optional.of(file),
                true,
                AccountingFixture.CONFIG,
                List.of(),
                Optional.of(config()),
                AccountingFixture.CONFIG,
                Optional.of(AccountingFixture.TO));
    }

    public static AccountingConfig config() throws Exception {
        return AccountingFile.parse(AccountingFixture.CONFIG, Path.of("/config/accounting.toml"), EUR);
    }

    /** A reports service over the fixture's history in {@code dataDir}, with its file in force, at its "now". */
    public static ReportsService service(Path dataDir) throws Exception {
        ReportsService s = new ReportsService(AccountingFixture.NOW);
        s.configState(state());
        s.attach(Optional.of(new AccountingAccess(
                dataDir.resolveSibling("config"),
                dataDir,
                () -> HistoryReader.open(dataDir, AccountingFixture.options()))));
        return s;
    }

    /**
     * What the console's reports build over the fixture's history (as {@link ReportsService} does: the intensities
     * {@link AccountingIntensity} chooses, no alerts); the caller closes {@code reader}.
     */
    public static ReportExporter exporter(HistoryReader reader) throws Exception {
        AccountingConfig c = config();
        return new ReportExporter(
                new AccountingEngine(
                        c,
                        new HistoryUsageSource(reader),
                        AccountingIntensity.lookupFor(c, reader),
                        AccountingFixture.NOW),
                Optional.empty(),
                AccountingFixture.NOW);
    }
}
