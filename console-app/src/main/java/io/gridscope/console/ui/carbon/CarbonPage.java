package io.gridscope.console.ui.carbon;

import io.gridscope.console.ui.accounting.AccountingFormats;
import io.gridscope.console.ui.accounting.DailyChart;
import io.gridscope.console.ui.accounting.DrillBar;
import io.gridscope.console.ui.accounting.FittingTableView;
import io.gridscope.console.ui.accounting.MethodologyPanel;
import io.gridscope.console.ui.accounting.ReportControls;
import io.gridscope.console.ui.accounting.ReportTables;
import io.gridscope.console.ui.accounting.ReportViewModel;
import io.gridscope.console.ui.shell.Page;
import io.gridscope.console.ui.shell.ShellViewModel;
import io.gridscope.reports.accounting.AccountingReport;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Carbon page: the same controls as the Cost page, operational kgCO2e per day and group as stacked bars with
 * embodied kgCO2e in a chart of its own beside it, a table with a row per group (facility kWh, operational and
 * embodied kgCO2e, intensity source, coverage, measured or estimated, change against the previous period) and the
 * totals, and the methodology of every figure. Double-click (or Open) drills into a team, project or user.
 */
public final class CarbonPage extends VBox {
    private final CarbonViewModel vm;
    private final DailyChart operational =
            new DailyChart("carbonChart", "Operational carbon per day (energy × PUE × grid intensity)", "kgCO2e");
    private final DailyChart embodied = new DailyChart("embodiedChart", "Embodied carbon per day", "kgCO2e");
    private final FittingTableView<CarbonRow> table = new FittingTableView<>();

    public CarbonPage(CarbonViewModel vm, ShellViewModel shell) {
        super(10);
        this.vm = vm;
        ReportViewModel report = vm.report();
        setPadding(new Insets(12, 16, 12, 16));
        getStyleClass().addAll("page", "accounting-page");

        HBox heading = ReportControls.heading("Carbon", report, "carbon");

        Label error = ReportTables.banner("carbonError", "error-banner");
        error.textProperty().bind(report.errorProperty());
        Label notice = ReportTables.banner("carbonNotice", "notice");
        notice.textProperty().bind(report.noticeProperty());

        Label summary = ReportTables.wrapping("carbonSummary", "summary-figure");
        summary.textProperty().bind(vm.summaryProperty());

        embodied.setPrefWidth(380);
        embodied.setMinWidth(300);
        HBox charts = new HBox(10, operational, embodied);
        HBox.setHgrow(operational, Priority.ALWAYS);

        buildTable(report);
        HBox crumbs = DrillBar.of("carbon", "carbon", report, table);

        Label note = ReportTables.wrapping(null, "muted");
        note.setText(
                "Operational kgCO2e = facility kWh (IT kWh × PUE) × the grid intensity of the hour the"
                        + " energy was used; a site without an intensity of its own uses the world average, flagged in the"
                        + " methodology. Embodied kgCO2e = the hardware's embodied emissions spread over its life; shown apart.");

        MethodologyPanel methodology = new MethodologyPanel(report.reportProperty(), "carbonMethodology");
        report.reportProperty().addListener((o, a, r) -> showCharts(r));
        getChildren()
                .addAll(
                        heading,
                        new ReportControls(report, "carbon"),
                        error,
                        notice,
                        crumbs,
                        summary,
                        charts,
                        table,
                        note,
                        methodology);
        showCharts(report.reportProperty().get());
        shell.pageProperty().addListener((o, a, p) -> {
            if (p == Page.CARBON) {
                report.refresh();
            }
        });
        report.refresh();
    }

    private void drill(CarbonRow row) {
        DrillBar.drill(vm.report(), row);
    }

    private void showCharts(AccountingReport r) {
        ZoneId zone = vm.report().configProperty().get() == null
                ? ZoneId.systemDefault()
                : vm.report().configProperty().get().timeZone();
        Function<BigDecimal, String> kg = v -> AccountingFormats.kg(v) + " kgCO2e";
        operational.show(
                r, zone, new DailyChart.Figure(p -> p.operationalGrams().movePointLeft(3), kg));
        embodied.show(r, zone, new DailyChart.Figure(p -> p.embodiedGrams().movePointLeft(3), kg));
    }

    private void buildTable(ReportViewModel report) {
        table.setId("carbonTable");
        ReportTables.rows(table, vm.rows(), CarbonRow::total, CarbonRow::idle, this::drill);
        TableColumn<CarbonRow, String> group =
                ReportTables.column("", 150, false, CarbonRow::label, r -> false, "", r -> r.total() ? "" : r.group());
        group.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> ReportTables.capitalised(AccountingFormats.groupBy(
                                report.groupByProperty().get())),
                        report.groupByProperty()));
        String gap = "Share of the time with a reading; the rest is a gap, never counted as zero";
        TableColumn<CarbonRow, String> delta =
                number("vs previous", 170, CarbonRow::delta, CarbonRow::increased, "increase", r -> null);
        delta.visibleProperty().bind(report.compareProperty());
        table.getColumns()
                .setAll(List.of(
                        group,
                        number("Facility kWh", 95, CarbonRow::facilityKwh, CarbonRow::partial, "partial", r -> gap),
                        ReportTables.group(
                                "kgCO2e",
                                number(
                                        "Operational",
                                        95,
                                        CarbonRow::operationalKg,
                                        CarbonRow::partial,
                                        "partial",
                                        r -> gap),
                                number("Embodied", 85, CarbonRow::embodiedKg, r -> false, "", r -> null)),
                        ReportTables.column(
                                "Intensity source",
                                290,
                                false,
                                CarbonRow::intensitySource,
                                CarbonRow::fallbackIntensity,
                                "estimated",
                                CarbonRow::intensityDetail),
                        number("Coverage", 112, CarbonRow::coverage, CarbonRow::partial, "partial", r -> gap),
                        ReportTables.column(
                                "Measured?",
                                175,
                                false,
                                CarbonRow::basis,
                                r -> !r.basis().equals("measured"),
                                "estimated",
                                r -> "Measured by energy counters, or estimated (power integrated over time, host"
                                        + " power model, split by SM share)"),
                        delta));
    }

    private static TableColumn<CarbonRow, String> number(
            String title,
            double width,
            Function<CarbonRow, String> text,
            Predicate<CarbonRow> marked,
            String mark,
            Function<CarbonRow, String> tip) {
        return ReportTables.column(title, width, true, text, marked, mark, tip);
    }
}
