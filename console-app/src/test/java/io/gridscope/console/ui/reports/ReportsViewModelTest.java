package io.gridscope.console.ui.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.console.app.AccountingFixture;
import io.gridscope.console.app.AccountingService.ConfigState;
import io.gridscope.console.app.ReportsService.ExportOutcome;
import io.gridscope.console.app.ReportsService.PreviewOutcome;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.ui.accounting.FakeAccounting;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.Methodology;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.document.Column;
import io.gridscope.reports.document.ExportFormat;
import io.gridscope.reports.document.KeyFigure;
import io.gridscope.reports.document.Paper;
import io.gridscope.reports.document.ReportDocument;
import io.gridscope.reports.document.ReportKind;
import io.gridscope.reports.document.ReportSpec;
import io.gridscope.reports.document.Table;
import io.gridscope.reports.document.Value;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the Reports page asks for from its choices, and what it shows of the answers. */
class ReportsViewModelTest {
    private static final Instant NOW = Instant.parse("2026-03-18T10:30:45Z");
    private static final Currency EUR = Currency.getInstance("EUR");

    private final FakeReports reports = new FakeReports();
    private final UiSettings settings = UiSettings.empty();
    private ReportsViewModel vm;

    @BeforeEach
    void setUp() throws Exception {
        reports.state.set(FakeAccounting.valid(AccountingFixture.accountingToml()));
        vm = new ReportsViewModel(reports, Clock.fixed(NOW, ZoneOffset.UTC), settings);
    }

    /** A cost document with one row per group (10 EUR each) and the total. */
    static ReportDocument doc(ReportSpec spec, String... groups) {
        Column group = Column.text("group", "Team");
        Column cost = Column.money("total_cost", "Total cost", EUR);
        List<List<Value>> rows = java.util.Arrays.stream(groups)
                .map(g -> List.of(Value.text(g), cost.number(BigDecimal.TEN)))
                .toList();
        BigDecimal total = BigDecimal.TEN.multiply(BigDecimal.valueOf(groups.length));
        Table t = new Table(
                "By team",
                "Cost by team",
                "",
                List.of(group, cost),
                rows,
                Optional.of(List.of(Value.text("total"), cost.number(total))));
        return new ReportDocument(
                spec.kind(),
                "Cost and carbon by team",
                spec.period().label(),
                spec.period().from(),
                spec.period().to(),
                ZoneOffset.UTC,
                "grouped by team, in EUR",
                NOW,
                spec.notices(),
                List.of(new KeyFigure("total_cost", "Total cost", cost, cost.number(total), "")),
                List.of(t),
                List.of(),
                new Methodology(List.of()));
    }

    private void answer(FakeReports.Call c, String... groups) {
        c.preview().accept(new PreviewOutcome(Optional.of(doc(c.spec(), groups)), "", false));
    }

    @Test
    void byDefaultTheCostOfLastFullMonthByTeamInTheAccountingFilesCurrency() {
        ReportSpec s = vm.spec();
        assertThat(s.kind()).isEqualTo(ReportKind.COST);
        assertThat(s.period().from()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(s.period().to()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(s.period().label()).isEqualTo("February 2026");
        assertThat(s.groupBy()).isEqualTo(GroupBy.TEAM);
        assertThat(s.currency()).isEqualTo(EUR);
        assertThat(s.filter()).isEmpty();
        assertThat(s.notices()).isEmpty();
        assertThat(vm.suggestedFileName(ExportFormat.PDF)).isEqualTo("cost-team-2026-02.pdf");
    }

    @Test
    void thisMonthEndsNowToTheMinuteAndSaysSo() {
        vm.periodProperty().set(ReportsPeriod.THIS_MONTH);
        ReportSpec s = vm.spec();
        assertThat(s.period().from()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(s.period().to()).isEqualTo(Instant.parse("2026-03-18T10:30:00Z"));
        assertThat(s.period().token()).isEqualTo("2026-03");
        assertThat(s.notices())
                .containsExactly("The period ends now, 18 Mar 2026 10:30 (UTC), not at the end of March 2026: what"
                        + " has not happened yet is not in the report.");
    }

    @Test
    void aMonthAQuarterAndCustomDaysArePicked() {
        vm.periodProperty().set(ReportsPeriod.MONTH);
        vm.yearProperty().set(2025);
        vm.monthProperty().set(Month.NOVEMBER);
        assertThat(vm.spec().period().label()).isEqualTo("November 2025");
        assertThat(vm.suggestedFileName(ExportFormat.CSV)).isEqualTo("cost-team-2025-11.csv");

        vm.periodProperty().set(ReportsPeriod.QUARTER);
        vm.quarterProperty().set(4);
        ReportSpec q4 = vm.spec();
        assertThat(q4.period().from()).isEqualTo(Instant.parse("2025-10-01T00:00:00Z"));
        assertThat(q4.period().to()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        vm.kindProperty().set(ReportKind.ON_CALL);
        assertThat(vm.suggestedFileName(ExportFormat.JSON)).isEqualTo("oncall-2025-Q4.json");

        vm.yearProperty().set(2026);
        vm.quarterProperty().set(1);
        assertThat(vm.spec().period().to()).as("the quarter runs to now").isEqualTo("2026-03-18T10:30:00Z");
        vm.quarterProperty().set(2);
        assertThatThrownBy(vm::spec).hasMessage("Period: Q2 2026 has not started yet");

        vm.kindProperty().set(ReportKind.UTILISATION);
        vm.periodProperty().set(ReportsPeriod.CUSTOM);
        assertThat(vm.firstDayProperty().get())
                .as("custom days start as the month so far")
                .isEqualTo(LocalDate.parse("2026-03-01"));
        vm.lastDayProperty().set(LocalDate.parse("2026-03-10"));
        assertThat(vm.spec().period().label()).isEqualTo("2026-03-01 to 2026-03-10");
        assertThat(vm.suggestedFileName(ExportFormat.XLSX)).isEqualTo("utilisation-2026-03-01_2026-03-10.xlsx");
        vm.firstDayProperty().set(LocalDate.parse("2026-03-11"));
        assertThatThrownBy(vm::spec).hasMessage("Period: the last day (2026-03-10) is before the first (2026-03-11)");
        vm.lastDayProperty().set(null);
        assertThatThrownBy(vm::spec).hasMessage("Period: choose the last day of the period");
    }

    @Test
    void theGroupingAndTheFilterApplyWhereTheReportHasThem() {
        vm.groupByProperty().set(GroupBy.GPU);
        vm.filterByProperty().set(GroupBy.TEAM);
        vm.filterValueProperty().set(" Vision ");
        ReportSpec s = vm.spec();
        assertThat(s.groupBy()).isEqualTo(GroupBy.GPU);
        assertThat(s.filter()).contains(new ReportRequest.Filter(GroupBy.TEAM, "Vision"));
        assertThat(vm.suggestedFileName(ExportFormat.CSV)).isEqualTo("cost-gpu-vision-2026-02.csv");
        assertThat(vm.suggestedFileName(ExportFormat.FOCUS)).isEqualTo("cost-vision-2026-02-focus.csv");

        vm.kindProperty().set(ReportKind.BUDGETS);
        assertThat(vm.spec().filter()).isEmpty();
        assertThat(vm.spec().groupBy()).isEqualTo(GroupBy.TEAM);
        assertThat(vm.suggestedFileName(ExportFormat.CSV)).isEqualTo("budgets-2026-02.csv");
        assertThat(vm.exportFormats()).doesNotContain(ExportFormat.FOCUS);
        vm.kindProperty().set(ReportKind.COST);
        assertThat(vm.exportFormats())
                .containsExactly(
                        ExportFormat.CSV, ExportFormat.XLSX, ExportFormat.PDF, ExportFormat.JSON, ExportFormat.FOCUS);

        vm.filterValueProperty().set("  ");
        assertThat(vm.spec().filter()).as("no value, no filter").isEmpty();
    }

    @Test
    void theCurrencyIsTheAccountingFilesUnlessAnotherIsChosen() throws Exception {
        reports.state.set(FakeAccounting.valid(io.gridscope.reports.accounting.AccountingFixture.CONFIG));
        assertThat(vm.currencies()).containsExactly("EUR", "USD");
        assertThat(vm.defaultCurrencyProperty().get()).isEqualTo("EUR");
        vm.currencyProperty().set("usd");
        assertThat(vm.spec().currency()).isEqualTo(Currency.getInstance("USD"));
        vm.currencyProperty().set("EURO");
        assertThatThrownBy(vm::spec).hasMessage("Currency: EURO is not an ISO 4217 currency code (EUR, USD, SEK, …)");
    }

    @Test
    void withoutAnAccountingThePreviewSaysWhy() {
        reports.state.set(null);
        vm.preview();
        assertThat(vm.errorProperty().get()).isEqualTo("The accounting is starting…");
        reports.state.set(new ConfigState(
                "This data path keeps no local history to account over.",
                Optional.empty(),
                false,
                "",
                List.of(),
                Optional.empty(),
                "",
                Optional.empty()));
        vm.preview();
        assertThat(vm.errorProperty().get()).isEqualTo("This data path keeps no local history to account over.");
        assertThat(reports.calls).isEmpty();
    }

    @Test
    void aPreviewShowsItsDocumentUntilTheChoicesChange() {
        vm.preview();
        FakeReports.Call c = reports.last();
        assertThat(vm.runningProperty().get()).isEqualTo(ReportsViewModel.Running.PREVIEW);
        assertThat(vm.statusProperty().get()).isEqualTo("Building the preview…");
        c.progress().accept(0.4);
        assertThat(vm.progressProperty().get()).isEqualTo(0.4);
        answer(c, "nlp", "vision");
        assertThat(vm.runningProperty().get()).isEqualTo(ReportsViewModel.Running.NONE);
        assertThat(vm.documentProperty().get().keyFigures().getFirst().value().plain())
                .isEqualTo("20.00");
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.staleProperty().get()).isFalse();

        vm.groupByProperty().set(GroupBy.PROJECT);
        assertThat(vm.staleProperty().get()).isTrue();
        assertThat(reports.calls).as("a change asks for nothing by itself").hasSize(1);
        vm.groupByProperty().set(GroupBy.TEAM);
        assertThat(vm.staleProperty().get()).isFalse();

        // the teams of the preview are offered to filter by
        vm.filterByProperty().set(GroupBy.TEAM);
        assertThat(vm.filterValues()).containsExactly("nlp", "vision");
        vm.filterByProperty().set(GroupBy.HOST);
        assertThat(vm.filterValues()).isEmpty();
    }

    @Test
    void aNewPreviewReplacesTheOneRunningAndItsLateAnswerIsDropped() {
        vm.preview();
        FakeReports.Call first = reports.last();
        vm.groupByProperty().set(GroupBy.SITE);
        vm.preview();
        FakeReports.Call second = reports.last();
        assertThat(first.job().cancelled()).isTrue();
        answer(second, "fra", "sto");
        answer(first, "nlp");
        assertThat(vm.documentProperty().get().primary().rows()).hasSize(2);
        first.preview().accept(new PreviewOutcome(Optional.empty(), "", true));
        assertThat(vm.statusProperty().get()).isEmpty();
    }

    @Test
    void aFailedPreviewSaysWhyAndShowsNoFigures() {
        vm.preview();
        answer(reports.last(), "nlp");
        vm.preview();
        reports.last()
                .preview()
                .accept(new PreviewOutcome(Optional.empty(), "no exchange rate from SEK to EUR", false));
        assertThat(vm.errorProperty().get()).isEqualTo("no exchange rate from SEK to EUR");
        assertThat(vm.documentProperty().get()).isNull();
    }

    @Test
    void anExportWritesWhereChosenShowsWhatWasWrittenAndOpensItsFolder() {
        Path file = Path.of("/tmp/reports/cost-team-2026-02.csv");
        vm.paperProperty().set(Paper.LETTER);
        vm.export(file, ExportFormat.CSV);
        FakeReports.Call c = reports.last();
        assertThat(c.format()).isEqualTo(ExportFormat.CSV);
        assertThat(c.target()).isEqualTo(file);
        assertThat(c.options().paper()).isEqualTo(Paper.LETTER);
        assertThat(vm.runningProperty().get()).isEqualTo(ReportsViewModel.Running.EXPORT);
        assertThat(vm.statusProperty().get()).isEqualTo("Exporting cost-team-2026-02.csv…");
        ReportDocument written = doc(c.spec(), "nlp", "vision", "(idle)");
        c.export()
                .accept(new ExportOutcome(
                        file,
                        true,
                        "file:///tmp/reports/",
                        1536,
                        "3 rows in by team",
                        Optional.of(written),
                        "",
                        false));
        assertThat(vm.exportMessageProperty().get())
                .isEqualTo("Wrote /tmp/reports/cost-team-2026-02.csv (1.5 KiB, 3 rows in by team).");
        assertThat(vm.exportFailedProperty().get()).isFalse();
        assertThat(vm.documentProperty().get())
                .as("the preview shows what was written")
                .isSameAs(written);
        assertThat(vm.runningProperty().get()).isEqualTo(ReportsViewModel.Running.NONE);
        vm.openFolder();
        assertThat(reports.opened).containsExactly("file:///tmp/reports/");

        // the folder and the format are remembered, and so are the choices
        assertThat(vm.lastFolder()).contains(Path.of("/tmp/reports"));
        vm.kindProperty().set(ReportKind.UTILISATION);
        ReportsViewModel again = new ReportsViewModel(reports, Clock.fixed(NOW, ZoneOffset.UTC), settings);
        assertThat(again.lastFolder()).contains(Path.of("/tmp/reports"));
        assertThat(again.formatProperty().get()).isEqualTo(ExportFormat.CSV);
        assertThat(again.paperProperty().get()).isEqualTo(Paper.LETTER);
        assertThat(again.kindProperty().get()).isEqualTo(ReportKind.UTILISATION);
    }

    @Test
    void aCancelledExportSaysNothingWasWritten() {
        Path file = Path.of("/tmp/reports/cost.csv");
        vm.export(file, ExportFormat.CSV);
        FakeReports.Call c = reports.last();
        vm.cancel();
        assertThat(c.job().cancelled()).isTrue();
        assertThat(vm.statusProperty().get()).isEqualTo("Cancelling…");
        c.export().accept(new ExportOutcome(file, false, "", 0, "", Optional.empty(), "", true));
        assertThat(vm.exportMessageProperty().get()).isEqualTo("Export cancelled: cost.csv was not written.");
        assertThat(vm.runningProperty().get()).isEqualTo(ReportsViewModel.Running.NONE);
        assertThat(vm.exportFolderProperty().get()).isEmpty();
    }

    @Test
    void aFailedExportSaysWhyAndAReplacedOneStillSaysWhatBecameOfItsFile() {
        Path file = Path.of("/ro/cost.pdf");
        vm.export(file, ExportFormat.PDF);
        FakeReports.Call c = reports.last();
        c.export()
                .accept(new ExportOutcome(
                        file, false, "", 0, "", Optional.empty(), "/ro/cost.pdf: permission denied in /ro", false));
        assertThat(vm.exportFailedProperty().get()).isTrue();
        assertThat(vm.exportMessageProperty().get()).isEqualTo("Export failed: /ro/cost.pdf: permission denied in /ro");

        vm.export(Path.of("/tmp/a.csv"), ExportFormat.CSV);
        FakeReports.Call export = reports.last();
        vm.preview();
        assertThat(export.job().cancelled()).isTrue();
        export.export().accept(new ExportOutcome(Path.of("/tmp/a.csv"), false, "", 0, "", Optional.empty(), "", true));
        assertThat(vm.exportMessageProperty().get()).isEqualTo("Export cancelled: a.csv was not written.");
        assertThat(vm.runningProperty().get())
                .as("the preview that replaced it still runs")
                .isEqualTo(ReportsViewModel.Running.PREVIEW);
    }

    @Test
    void thePageShownPreviewsOnceTheAccountingIsKnown() throws Exception {
        reports.state.set(null);
        vm.showing();
        assertThat(reports.calls).isEmpty();
        reports.state.set(FakeAccounting.valid(AccountingFixture.accountingToml()));
        assertThat(reports.calls).hasSize(1);
        answer(reports.last(), "nlp");
        vm.showing();
        assertThat(reports.calls)
                .as("once there is a preview, showing the page again asks for none")
                .hasSize(1);
    }

    @Test
    void aGapReadsAsADashWithItsReasonAndNumbersAsTheExportsWriteThem() {
        Column cost = Column.money("total_cost", "Total cost", EUR);
        assertThat(DocumentTexts.figure(cost, cost.number(new BigDecimal("211.625"))))
                .isEqualTo("211.62 EUR");
        assertThat(DocumentTexts.figure(
                        Column.percent("p", "Share"),
                        Column.percent("p", "Share").number(new BigDecimal("12.34"))))
                .isEqualTo("12.3 %");
        assertThat(DocumentTexts.figure(cost, Value.missing("no data"))).isEqualTo("—");
        assertThat(DocumentTexts.cell(Value.missing("no price"))).isEqualTo("—");
        assertThat(DocumentTexts.gap(Value.missing("no price"))).isEqualTo("no price");
        assertThat(DocumentTexts.cell(new Value.Day(LocalDate.parse("2026-11-03"))))
                .isEqualTo("2026-11-03");
    }
}
