package io.gridscope.console.ui.cost;

import io.gridscope.console.ui.accounting.AccountingFormats;
import io.gridscope.console.ui.accounting.ReportViewModel;
import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.ReportRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Cost page's state: the shared report state ({@link ReportViewModel}: period, group-by, comparison,
 * drill-down) and, from the report it shows, a row per group plus the totals, the groups with a budget, and a
 * one-line summary. FX thread only; no scene needed.
 */
public final class CostViewModel {
    private final ReportViewModel report;
    private final ObservableList<CostRow> rows = FXCollections.observableArrayList();
    private final ObservableList<CostRow> budgets = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");

    public CostViewModel(ReportViewModel report) {
        this.report = report;
        report.reportProperty().addListener((o, a, b) -> rebuild());
        report.previousProperty().addListener((o, a, b) -> rebuild());
        rebuild();
    }

    private void rebuild() {
        AccountingReport r = report.reportProperty().get();
        if (r == null) {
            rows.clear();
            budgets.clear();
            summary.set("");
            return;
        }
        AccountingReport before = report.previousProperty().get();
        boolean comparing = before != null;
        List<CostRow> next = new ArrayList<>();
        for (ReportRow row : r.rows()) {
            next.add(new CostRow(row, report.previousRow(row.group()), false, comparing));
        }
        CostRow total =
                new CostRow(r.total(), Optional.ofNullable(before).map(AccountingReport::total), true, comparing);
        next.add(total);
        rows.setAll(next);
        budgets.setAll(next.stream().filter(c -> c.budget().isPresent()).toList());
        StringBuilder s = new StringBuilder("Total ").append(r.totalCost().format());
        if (total.partial()) {
            s.append(" (energy ")
                    .append(AccountingFormats.coverage(r.total().coverage()))
                    .append(')');
        }
        if (!r.total().idleCost().isZero()) {
            s.append(" · idle ")
                    .append(r.total().idleCost().format())
                    .append(" (")
                    .append(AccountingFormats.percent(r.total().idleShare()))
                    .append(')');
        }
        if (comparing) {
            s.append(" · vs ")
                    .append(report.previousPeriodTextProperty().get())
                    .append(": ")
                    .append(total.delta());
        }
        summary.set(s.toString());
    }

    public ReportViewModel report() {
        return report;
    }

    /** A row per group, largest cost first, then the totals. */
    public ObservableList<CostRow> rows() {
        return rows;
    }

    /** The rows of groups with a budget (teams or projects). */
    public ObservableList<CostRow> budgets() {
        return budgets;
    }

    /** "Total 1234.57 EUR · idle 120.00 EUR (10 %) · vs 1 Dec – 31 Dec 2025: +12 % (+134.00 EUR)". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
