package io.gridscope.console.ui.cost;

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
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.money.Money;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Cost page: controls (period, group-by, comparison), the cost per day and group as stacked bars, budgets
 * beside it, a table with a row per group (energy, cost by component, idle cost and share, coverage, measured or
 * estimated, budget state, change against the previous period) and the totals, and the methodology of every figure.
 * Double-click (or Open) on a team, project or user drills down to its GPUs; the breadcrumb goes back.
 */
public final class CostPage extends VBox {
    private final CostViewModel vm;
    private final DailyChart chart = new DailyChart("costChart", "Cost per day", "");

    private final VBox budgetBox = new VBox(10);
    private final FittingTableView<CostRow> table = new FittingTableView<>();

    public CostPage(CostViewModel vm, ShellViewModel shell) {
        super(10);
        this.vm = vm;
        ReportViewModel report = vm.report();
        setPadding(new Insets(12, 16, 12, 16));
        getStyleClass().addAll("page", "accounting-page");

        HBox heading = ReportControls.heading("Cost", report, "cost");

        Label error = ReportTables.banner("costError", "error-banner");
        error.textProperty().bind(report.errorProperty());
        Label notice = ReportTables.banner("costNotice", "notice");
        notice.textProperty().bind(report.noticeProperty());

        Label summary = ReportTables.wrapping("costSummary", "summary-figure");
        summary.textProperty().bind(vm.summaryProperty());

        budgetBox.setId("costBudgets");
        budgetBox.getStyleClass().add("card");
        budgetBox.setPrefWidth(330);
        budgetBox.setMinWidth(280);
        budgetBox.visibleProperty().bind(Bindings.isNotEmpty(vm.budgets()));
        budgetBox.managedProperty().bind(budgetBox.visibleProperty());
        vm.budgets().addListener((ListChangeListener<CostRow>) c -> showBudgets());
        HBox chartRow = new HBox(10, chart, budgetBox);
        HBox.setHgrow(chart, Priority.ALWAYS);

        buildTable(report);
        HBox crumbs = DrillBar.of("cost", "cost", report, table);

        Label note = ReportTables.wrapping(null, "muted");
        note.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> "Amounts in " + report.currencyProperty().get() + ", rounded to the cent only when shown."
                                + " Energy: IT kWh measured at the GPUs and hosts; facility kWh = IT kWh × PUE. Idle:"
                                + " GPU time under the idle threshold (amber). Fallback: GPU-hours at the default"
                                + " GPU-hour price, where no hardware or cloud price is known. ⚠: energy without an"
                                + " electricity price (its cost is missing, not zero).",
                        report.currencyProperty()));

        MethodologyPanel methodology = new MethodologyPanel(report.reportProperty(), "costMethodology");

        report.reportProperty().addListener((o, a, r) -> showChart(r));
        getChildren()
                .addAll(
                        heading,
                        new ReportControls(report, "cost"),
                        error,
                        notice,
                        crumbs,
                        summary,
                        chartRow,
                        table,
                        note,
                        methodology);
        showChart(report.reportProperty().get());
        // figures for "this month" grow: ask again whenever the page is shown
        shell.pageProperty().addListener((o, a, p) -> {
            if (p == Page.COST) {
                report.refresh();
            }
        });
        report.refresh();
    }

    private void drill(CostRow row) {
        DrillBar.drill(vm.report(), row);
    }

    private ZoneId zone(AccountingReport r) {
        return vm.report().configProperty().get() == null
                ? ZoneId.systemDefault()
                : vm.report().configProperty().get().timeZone();
    }

    private void showChart(AccountingReport r) {
        if (r != null) {
            chart.setUnit(r.request().currency().getCurrencyCode());
        }
        chart.show(
                r,
                zone(r),
                new DailyChart.Figure(
                        p -> p.cost().amount(),
                        v -> r == null ? "" : new Money(v, r.request().currency()).format()));
    }

    private void showBudgets() {
        budgetBox.getChildren().clear();
        Label t = new Label("Budgets");
        t.getStyleClass().add("section-title");
        budgetBox.getChildren().add(t);
        AccountingConfig config = vm.report().configProperty().get();
        ZoneId zone = config == null ? ZoneId.systemDefault() : config.timeZone();
        for (CostRow r : vm.budgets()) {
            budgetBox.getChildren().add(new BudgetGauge(r.group(), r.budget().orElseThrow(), zone));
        }
    }

    private void buildTable(ReportViewModel report) {
        table.setId("costTable");
        ReportTables.rows(table, vm.rows(), CostRow::total, CostRow::idle, this::drill);
        TableColumn<CostRow, String> group =
                ReportTables.column("", 98, false, CostRow::label, r -> false, "", r -> r.total() ? "" : r.group());
        group.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> ReportTables.capitalised(AccountingFormats.groupBy(
                                report.groupByProperty().get())),
                        report.groupByProperty()));
        String gap = "Share of the time with a reading; the rest is a gap, never counted as zero";
        TableColumn<CostRow, String> energy = ReportTables.group(
                "Energy (kWh)",
                number(
                        "IT",
                        56,
                        CostRow::itKwh,
                        CostRow::partial,
                        "partial",
                        r -> "Measured at the GPUs and hosts. " + gap),
                number("Facility", 64, CostRow::facilityKwh, CostRow::partial, "partial", r -> "IT kWh × PUE. " + gap));
        TableColumn<CostRow, String> costs = ReportTables.group(
                "",
                number("Amortisation", 92, CostRow::amortisation, r -> false, "", r -> "Owned hardware, amortised"),
                number(
                        "Electricity",
                        76,
                        CostRow::electricity,
                        CostRow::unpriced,
                        "warning-cell",
                        r -> r.unpriced()
                                ? AccountingFormats.energy(r.row().unpricedKwh())
                                        + " facility kWh have no electricity price: their cost is missing, not zero"
                                : "Facility kWh × the site's price of the hour"),
                number("Cloud", 50, CostRow::cloud, r -> false, "", r -> "Cloud instances, per GPU"),
                number(
                        "Fallback",
                        64,
                        CostRow::fallback,
                        CostRow::fallbackUsed,
                        "estimated",
                        r -> r.fallbackUsed()
                                ? "Estimated: GPU-hours at the default GPU-hour price (no hardware or cloud price known)"
                                : "GPU-hours at the default price, where no hardware or cloud price is known"),
                number("Total", 70, CostRow::totalCost, r -> false, "", r -> null),
                number(
                        "Idle",
                        58,
                        CostRow::idleCost,
                        CostRow::idleWarning,
                        "idle-warning",
                        r -> "Idle GPU time's cost"));
        costs.textProperty().bind(Bindings.concat("Cost (", report.currencyProperty(), ")"));
        TableColumn<CostRow, String> delta =
                number("vs previous", 160, CostRow::delta, CostRow::increased, "increase", r -> null);
        delta.visibleProperty().bind(report.compareProperty());
        table.getColumns()
                .setAll(List.of(
                        group,
                        energy,
                        costs,
                        number(
                                "Idle share",
                                74,
                                CostRow::idleShare,
                                CostRow::idleWarning,
                                "idle-warning",
                                r -> "Idle GPU time: utilisation under the idle threshold"),
                        number("Coverage", 106, CostRow::coverage, CostRow::partial, "partial", r -> gap),
                        ReportTables.column(
                                "Measured?",
                                150,
                                false,
                                CostRow::basis,
                                r -> !r.basis().equals("measured"),
                                "estimated",
                                r -> "Measured by energy counters, or estimated (power integrated over time, host"
                                        + " power model, split by SM share)"),
                        ReportTables.column(
                                "Budget",
                                66,
                                false,
                                CostRow::budgetText,
                                CostRow::budgetAtRisk,
                                "idle-warning",
                                CostRow::budgetDetail),
                        delta));
    }

    private static TableColumn<CostRow, String> number(
            String title,
            double width,
            Function<CostRow, String> text,
            Predicate<CostRow> marked,
            String mark,
            Function<CostRow, String> tip) {
        return ReportTables.column(title, width, true, text, marked, mark, tip);
    }
}
