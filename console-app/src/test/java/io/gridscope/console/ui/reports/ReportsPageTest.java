package io.gridscope.console.ui.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.AccountingService.ConfigState;
import io.gridscope.console.app.ReportsFixture;
import io.gridscope.console.app.ReportsService;
import io.gridscope.console.app.SlowReports;
import io.gridscope.console.fx.FxBatcher;
import io.gridscope.console.ui.ReportsController;
import io.gridscope.console.ui.shell.ShellViewModel;
import io.gridscope.history.HistoryReader;
import io.gridscope.reports.accounting.AccountingFixture;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.document.ExportFormat;
import io.gridscope.reports.document.ExportOptions;
import io.gridscope.reports.document.ReportDocument;
import io.gridscope.reports.document.ReportExporter;
import io.gridscope.reports.document.ReportKind;
import io.gridscope.reports.document.ReportSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Reports page driven as a user drives it, over the reports' own thread and the console's road onto the FX
 * thread ({@link FxBatcher}), with the hand-computed fixture of the reports module (two days of three GPUs; its
 * figures are worked out in {@code AccountingFixtureTest}) at the fixture's "now" (2026-11-04): a cost report chosen,
 * previewed and exported, each file holding the figures shown; a slow export cancelled; a month without data.
 */
class ReportsPageTest {
    @TempDir
    static Path fixture;

    @TempDir
    Path out;

    private final FxRobot robot = new FxRobot();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<String> opened = new CopyOnWriteArrayList<>();
    private ReportsService service;
    private HistoryReader reader;
    private Path exportTo;
    private ExportFormat exportAs = ExportFormat.CSV;

    @BeforeAll
    static void writeFixture() throws Exception {
        ReportsFixture.write(fixture);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        if (service != null) {
            service.close();
        }
        if (reader != null) {
            reader.close();
        }
        timer.shutdownNow();
    }

    /** The real exporter over the fixture, recording the thread of every build and write. */
    static final class Recording implements ReportsService.Reports {
        final ReportsService.Reports real;
        final List<String> threads = new CopyOnWriteArrayList<>();

        Recording(ReportExporter exporter) {
            this.real = ReportsService.Reports.of(exporter);
        }

        @Override
        public ReportDocument build(ReportSpec spec, DoubleConsumer progress) {
            threads.add(Thread.currentThread().getName() + (Platform.isFxApplicationThread() ? " (FX)" : ""));
            return real.build(spec, progress);
        }

        @Override
        public ReportExporter.Result exportTo(
                ReportSpec spec, ExportFormat format, ExportOptions options, Path target, DoubleConsumer progress)
                throws IOException {
            threads.add(Thread.currentThread().getName() + (Platform.isFxApplicationThread() ? " (FX)" : ""));
            return real.exportTo(spec, format, options, target, progress);
        }
    }

    private Recording recording() throws Exception {
        reader = HistoryReader.open(fixture.resolve("data"), AccountingFixture.options());
        return new Recording(ReportsFixture.exporter(reader));
    }

    /** Opens the page in a window of its own, wired as the console wires it; the export dialog answers {@link #exportTo}. */
    private void open(ReportsService reports) throws Exception {
        this.service = reports;
        ConfigState state = ReportsFixture.state();
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            FxBatcher<Runnable> toFx =
                    new FxBatcher<>(Platform::runLater, timer, batch -> batch.forEach(Runnable::run));
            ReadOnlyObjectWrapper<ConfigState> accounting = new ReadOnlyObjectWrapper<>(state);
            ReportsController controller =
                    new ReportsController(reports, accounting.getReadOnlyProperty(), toFx::submit);
            controller.openFoldersWith(opened::add);
            ReportsViewModel vm = new ReportsViewModel(
                    controller, java.time.Clock.fixed(AccountingFixture.TO, java.time.ZoneOffset.UTC), null);
            ExportDialog dialog = (owner, formats, selected, folder, name) -> {
                assertThat(formats).contains(exportAs);
                return Optional.of(new ExportDialog.Target(exportTo.resolve(name.apply(exportAs)), exportAs));
            };
            ReportsPage page = new ReportsPage(vm, new ShellViewModel(), dialog);
            stage.setScene(new Scene(new javafx.scene.control.ScrollPane(page), 1_280, 900));
            stage.show();
        });
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    private void fire(String id) throws Exception {
        fx(() -> {
            robot.lookup(id).queryAs(ButtonBase.class).fire();
            return null;
        });
    }

    private String text(String id) throws Exception {
        return fx(() ->
                robot.lookup(id).tryQuery().map(n -> ((Label) n).getText()).orElse(""));
    }

    private void awaitText(String id, java.util.function.Predicate<String> ready) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> ready.test(text(id)));
    }

    /** Chooses the cost report of the fixture's two days, grouped by team, as a user does. */
    private void chooseTheFixturesDays() throws Exception {
        fx(() -> {
            robot.lookup("#reportsKind").<ChoiceBox<ReportKind>>query().setValue(ReportKind.COST);
            return null;
        });
        fire("#reportsPeriodCustom");
        fx(() -> {
            robot.lookup("#reportsFrom").queryAs(DatePicker.class).setValue(LocalDate.parse("2026-11-02"));
            robot.lookup("#reportsTo").queryAs(DatePicker.class).setValue(LocalDate.parse("2026-11-03"));
            robot.lookup("#reportsGroupBy").<ChoiceBox<GroupBy>>query().setValue(GroupBy.TEAM);
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private List<List<String>> rows(String tableId) throws Exception {
        return fx(() -> {
            TableView<DocumentTable.Row> t = robot.lookup(tableId).queryAs(TableView.class);
            return t.getItems().stream()
                    .map(r -> r.values().stream().map(DocumentTexts::cell).toList())
                    .toList();
        });
    }

    private List<String> row(String tableId, String first) throws Exception {
        return rows(tableId).stream()
                .filter(r -> r.getFirst().equals(first))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + first));
    }

    private int column(String tableId, String key) throws Exception {
        return fx(() -> {
            TableView<?> t = robot.lookup(tableId).queryAs(TableView.class);
            for (int i = 0; i < t.getColumns().size(); i++) {
                if (key.equals(t.getColumns().get(i).getId())) {
                    return i;
                }
            }
            throw new AssertionError("no column " + key);
        });
    }

    @Test
    void aCostReportIsChosenPreviewedAndExportedWithTheFiguresShown() throws Exception {
        Recording reports = recording();
        open(new ReportsService(AccountingFixture.NOW, () -> reports));
        chooseTheFixturesDays();
        // the month shown first is not what is chosen now
        WaitForAsyncUtils.waitFor(
                30,
                TimeUnit.SECONDS,
                () -> fx(
                        () -> robot.lookup("#reportsStale").queryAs(Label.class).isVisible()));
        fire("#reportsPreview");
        awaitText("#figure-total_cost", "211.63 EUR"::equals);

        assertThat(text("#reportsTitle")).isEqualTo("Cost and carbon by team — 2026-11-02 to 2026-11-03");
        assertThat(text("#figure-carbon")).endsWith(" kgCO2e");
        assertThat(fx(() -> robot.lookup("#reportsStale").queryAs(Label.class).isVisible()))
                .isFalse();
        String byTeam = "#reportTable-by-team";
        int total = column(byTeam, "total_cost");
        assertThat(row(byTeam, "research").get(total)).isEqualTo("39.39");
        assertThat(row(byTeam, "platform").get(total)).isEqualTo("8.63");
        assertThat(row(byTeam, "(idle)").get(total)).isEqualTo("4.11");
        assertThat(row(byTeam, "vision").get(column(byTeam, "cloud"))).isEqualTo("131.04");
        assertThat(row(byTeam, "nlp").get(column(byTeam, "budget")))
                .as("a gap, not a zero")
                .isEqualTo(DocumentTexts.GAP);
        assertThat(rows(byTeam).getLast()).startsWith("total").contains("211.63");
        assertThat(fx(() -> robot.lookup("#reportsTables").queryAs(TabPane.class).getTabs().stream()
                        .map(Tab::getText)
                        .toList()))
                .containsExactly("By team", "By day", "Idle", "By site", "Budgets");
        for (String chart : List.of("#chart-cost_by_day", "#chart-carbon_by_site", "#chart-budget_burn")) {
            assertThat(robot.lookup(chart).tryQuery()).as(chart).isPresent();
        }
        assertThat(fx(() -> robot.lookup("#reportsMethodology")
                        .queryAs(TitledPane.class)
                        .isExpanded()))
                .isTrue();
        assertThat(fx(() -> robot.lookup("#reportsMethodology .label").queryAll().stream()
                        .map(n -> ((Label) n).getText())
                        .toList()))
                .contains("Reading this report");
        // the teams just previewed are offered to drill into
        fx(() -> {
            robot.lookup("#reportsFilterBy").<ChoiceBox<String>>query().setValue("only team");
            return null;
        });
        assertThat(fx(() -> robot.lookup("#reportsFilterValue")
                        .<javafx.scene.control.ComboBox<String>>query()
                        .getItems()))
                .contains("research", "platform", "nlp", "vision")
                .doesNotContain("(idle)");
        fx(() -> {
            robot.lookup("#reportsFilterBy").<ChoiceBox<String>>query().setValue("all groups");
            return null;
        });

        exportTo = out;
        fire("#reportsExport");
        awaitText("#reportsExportResult", t -> t.startsWith("Wrote "));
        Path file = out.resolve("cost-team-2026-11-02_2026-11-03.csv");
        assertThat(text("#reportsExportResult"))
                .startsWith("Wrote " + file + " (")
                .endsWith(", 5 rows in by team).");
        String csv = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(csv).contains(",39.39,").contains("# Total cost: 211.63 EUR");
        assertThat(text("#figure-total_cost")).isEqualTo("211.63 EUR");

        fire("#reportsOpenFolder");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !opened.isEmpty());
        assertThat(opened).containsExactly(out.toUri().toString());
    }

    @Test
    void theFxThreadNeverBuildsNorWritesAReport() throws Exception {
        Recording reports = recording();
        open(new ReportsService(AccountingFixture.NOW, () -> reports));
        awaitText("#figure-total_cost", t -> !t.isEmpty());
        chooseTheFixturesDays();
        fire("#reportsPreview");
        awaitText("#figure-total_cost", "211.63 EUR"::equals);
        exportTo = out;
        exportAs = ExportFormat.JSON;
        fire("#reportsExport");
        awaitText("#reportsExportResult", t -> t.startsWith("Wrote "));
        assertThat(reports.threads)
                .hasSize(3)
                .as("the preview shown first, the one asked for, the export")
                .containsOnly(ReportsService.THREAD_NAME);
    }

    /**
     * Every format the page offers holds the figures the preview shows: CSV and JSON as text, XLSX read back cell by
     * cell, PDF as its text; a FOCUS file has its columns and a row per resource and charge period.
     */
    @ParameterizedTest
    @EnumSource(
            value = ExportFormat.class,
            names = {"CSV", "JSON", "XLSX", "PDF", "FOCUS"})
    void everyFormatHoldsTheFiguresShown(ExportFormat format) throws Exception {
        open(ReportsFixture.service(fixture.resolve("data")));
        chooseTheFixturesDays();
        fire("#reportsPreview");
        awaitText("#figure-total_cost", "211.63 EUR"::equals);
        String research = row("#reportTable-by-team", "research").get(column("#reportTable-by-team", "total_cost"));

        exportTo = out;
        exportAs = format;
        fire("#reportsExport");
        awaitText("#reportsExportResult", t -> t.startsWith("Wrote ") || t.startsWith("Export failed: "));
        assertThat(text("#reportsExportResult")).startsWith("Wrote ");
        Path file;
        try (Stream<Path> files = Files.list(out)) {
            file = files.collect(java.util.stream.Collectors.toList()).getFirst();
        }
        assertThat(file.getFileName().toString())
                .isEqualTo(
                        format == ExportFormat.FOCUS
                                ? "cost-2026-11-02_2026-11-03-focus.csv"
                                : "cost-team-2026-11-02_2026-11-03." + format.extension());
        String content = switch (format) {
            case CSV, JSON, FOCUS -> Files.readString(file, StandardCharsets.UTF_8);
            case XLSX -> xlsxText(file);
            case PDF -> pdfText(file);
            case TABLE -> throw new AssertionError("not offered");
        };
        if (format == ExportFormat.FOCUS) {
            assertThat(content.lines().findFirst().orElse(""))
                    .contains("BilledCost")
                    .contains("ChargePeriodStart");
            assertThat(content.lines().count()).isGreaterThan(1);
            return;
        }
        assertThat(content).contains(research).contains("211.63");
    }

    /** Every cell of every sheet, as text ("39.39" for the number 39.39). */
    private static String xlsxText(Path file) throws IOException {
        StringBuilder b = new StringBuilder();
        try (InputStream in = Files.newInputStream(file);
                var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(in)) {
            var format = new org.apache.poi.ss.usermodel.DataFormatter(java.util.Locale.ROOT);
            for (var sheet : book) {
                for (var row : sheet) {
                    for (var cell : row) {
                        b.append(format.formatCellValue(cell)).append('\t');
                        if (cell.getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC) {
                            b.append(java.math.BigDecimal.valueOf(cell.getNumericCellValue())
                                            .toPlainString())
                                    .append('\t');
                        }
                    }
                    b.append('\n');
                }
            }
        }
        return b.toString();
    }

    private static String pdfText(Path file) throws IOException {
        try (var doc = org.apache.pdfbox.Loader.loadPDF(file.toFile())) {
            return new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
        }
    }

    @Test
    void cancellingASlowExportLeavesNoFileAndSaysSo() throws Exception {
        SlowReports slow = new SlowReports();
        open(new ReportsService(AccountingFixture.NOW, () -> slow));
        assertThat(slow.started.tryAcquire(10, TimeUnit.SECONDS))
                .as("the preview shown first")
                .isTrue();
        exportTo = out;
        fire("#reportsExport");
        assertThat(slow.started.tryAcquire(10, TimeUnit.SECONDS))
                .as("the export, which cancelled it")
                .isTrue();
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> fx(() ->
                        robot.lookup("#reportsProgress").queryAs(Node.class).isVisible()
                                && robot.lookup("#reportsProgress")
                                                .queryAs(javafx.scene.control.ProgressBar.class)
                                                .getProgress()
                                        > 0));
        assertThat(text("#reportsStatus")).isEqualTo("Exporting cost-team-2026-10.csv…");

        fire("#reportsCancel");
        awaitText("#reportsExportResult", t -> !t.isEmpty());
        assertThat(text("#reportsExportResult")).isEqualTo("Export cancelled: cost-team-2026-10.csv was not written.");
        assertThat(fx(() -> robot.lookup("#reportsProgress").queryAs(Node.class).isVisible()))
                .isFalse();
        assertThat(fx(() -> robot.lookup("#reportsCancel").queryAs(Node.class).isVisible()))
                .isFalse();
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).as("neither the file nor its temporary part").isEmpty();
        }
        assertThat(slow.threads).hasSize(2).containsOnly(ReportsService.THREAD_NAME);
    }

    @Test
    void aMonthWithoutDataShowsTheNoticeNotZeros() throws Exception {
        open(ReportsFixture.service(fixture.resolve("data")));
        // the page opens on last month, October 2026: the fixture's days are in November
        awaitText("#reportsNotice0", t -> !t.isEmpty());
        assertThat(text("#reportsTitle")).isEqualTo("Cost and carbon by team — October 2026");
        assertThat(text("#reportsNotice0"))
                .startsWith("No data: no GPU or host has measurements between 2026-10-01T00:00:00Z and"
                        + " 2026-11-01T00:00:00Z");
        assertThat(fx(() -> robot.lookup("#reportsNotice0").queryAs(Label.class).isVisible()))
                .isTrue();
        assertThat(text("#figure-total_cost")).isEqualTo(DocumentTexts.GAP);
        assertThat(fx(() -> robot.lookup("#figure-total_cost")
                        .queryAs(Label.class)
                        .getTooltip()
                        .getText()))
                .isEqualTo("no data");
        assertThat(text("#figure-it_energy")).isEqualTo(DocumentTexts.GAP);
        assertThat(rows("#reportTable-by-team")).isEmpty();
        assertThat(fx(() -> robot.lookup("#reportsCharts").queryAs(Node.class).isVisible()))
                .as("nothing to chart")
                .isFalse();
    }
}
