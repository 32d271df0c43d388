package io.gridscope.reports.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.history.HistoryReader;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.AccountingFixture;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.IntensityLookup;
import io.gridscope.reports.config.AccountingFile;
import io.gridscope.reports.focus.FocusExport;
import io.gridscope.reports.usage.HistoryUsageSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cost report exported as FOCUS through {@link ReportExporter}: the rows of {@link FocusExport}. */
class FocusBridgeTest {
    @TempDir
    static Path dir;

    static ReportExporter exporter;

    @BeforeAll
    static void open() throws Exception {
        AccountingFixture.write(dir);
        AccountingEngine engine = new AccountingEngine(
                AccountingFile.parse(AccountingFixture.CONFIG, Path.of("accounting.toml"), DocumentFixture.EUR),
                new HistoryUsageSource(HistoryReader.open(dir, AccountingFixture.options())),
                IntensityLookup.FIXED_OR_WORLD,
                AccountingFixture.NOW);
        exporter = new ReportExporter(engine, Optional.empty(), AccountingFixture.NOW);
    }

    static ReportSpec cost() {
        return new ReportSpec(ReportKind.COST, DocumentFixture.PERIOD, GroupBy.TEAM, DocumentFixture.EUR);
    }

    @Test
    void aCostReportIsWrittenAsFocusRowsHourlyOrDaily() throws Exception {
        ByteArrayOutputStream hourly = new ByteArrayOutputStream();
        ReportExporter.Result h =
                exporter.export(cost(), ExportFormat.FOCUS, new ExportOptions(Paper.A4, true), hourly, p -> {}, true);
        assertThat(h.summary()).isEqualTo("192 FOCUS rows");
        assertThat(h.bytes()).isEqualTo(hourly.size());
        assertThat(h.document()).isEmpty();
        String csv = hourly.toString(StandardCharsets.UTF_8);
        assertThat(csv).startsWith(String.join(",", FocusExport.COLUMNS) + "\r\n");
        assertThat(csv.lines()).hasSize(1 + 192);

        ByteArrayOutputStream daily = new ByteArrayOutputStream();
        ReportExporter.Result d =
                exporter.export(cost(), ExportFormat.FOCUS, ExportOptions.DEFAULT, daily, p -> {}, true);
        assertThat(d.summary()).isEqualTo("9 FOCUS rows");
    }

    @Test
    void aPeriodWithoutDataLeavesNoFile() throws Exception {
        ReportSpec empty = new ReportSpec(
                ReportKind.COST,
                ReportingPeriod.days(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-02"), ZoneOffset.UTC),
                GroupBy.TEAM,
                DocumentFixture.EUR);
        Path target = dir.resolve("focus-2026-10.csv");
        assertThatThrownBy(() ->
                        exporter.exportTo(empty, ExportFormat.FOCUS, ExportOptions.DEFAULT, target, p -> {}, true))
                .isInstanceOf(ReportExporter.NoDataException.class)
                .hasMessageContaining("no FOCUS row");
        assertThat(target).doesNotExist();
        Path written = dir.resolve("focus-2026-11.csv");
        exporter.exportTo(cost(), ExportFormat.FOCUS, ExportOptions.DEFAULT, written, p -> {}, true);
        assertThat(Files.readAllLines(written)).hasSize(1 + 9);
    }

    @Test
    void onlyCostReportsAreFocus() {
        ReportSpec utilisation =
                new ReportSpec(ReportKind.UTILISATION, DocumentFixture.PERIOD, GroupBy.TEAM, DocumentFixture.EUR);
        assertThatThrownBy(() -> exporter.export(
                        utilisation, ExportFormat.FOCUS, ExportOptions.DEFAULT, new ByteArrayOutputStream(), p -> {}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
