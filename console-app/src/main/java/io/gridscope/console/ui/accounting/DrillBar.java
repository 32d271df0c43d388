package io.gridscope.console.ui.accounting;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * The drill-down bar of a report page: the breadcrumb back, and an Open button that shows the selected team, project
 * or user by GPU (enabled only for a row that can be opened; double-clicking a row does the same).
 */
public final class DrillBar {
    private DrillBar() {}

    /** @param prefix the page's id prefix ("cost" gives #costDrill) */
    public static <R extends ReportRowView> HBox of(
            String prefix, String what, ReportViewModel report, TableView<R> table) {
        Button open = new Button("Open");
        open.setId(prefix + "Drill");
        open.setTooltip(new Tooltip("Show the selected team, project or user by GPU"));
        open.disableProperty()
                .bind(Bindings.createBooleanBinding(
                        () -> {
                            R r = table.getSelectionModel().getSelectedItem();
                            return r == null || r.total() || !report.canDrill(r.group());
                        },
                        table.getSelectionModel().selectedItemProperty(),
                        report.drillProperty(),
                        report.groupByProperty()));
        open.setOnAction(e -> drill(report, table.getSelectionModel().getSelectedItem()));
        HBox crumbs = new HBox(12, new Breadcrumb(report, prefix, what), open);
        crumbs.setAlignment(Pos.CENTER_LEFT);
        return crumbs;
    }

    /** Opens {@code row}'s group, unless it is the totals row or none is selected. */
    public static void drill(ReportViewModel report, ReportRowView row) {
        if (row != null && !row.total()) {
            report.drillDown(row.group());
        }
    }
}
