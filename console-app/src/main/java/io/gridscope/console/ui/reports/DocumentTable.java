package io.gridscope.console.ui.reports;

import io.gridscope.console.ui.accounting.FittingTableView;
import io.gridscope.console.ui.accounting.ReportTables;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.document.Column;
import io.gridscope.reports.document.Table;
import io.gridscope.reports.document.Value;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.layout.VBox;

/**
 * One table of a report document as the page shows it: its title, how to read it, its rows and its total row (bold),
 * every cell as the exports write it ({@link DocumentTexts#cell}); a gap is "—" with its reason as the cell's
 * tooltip. At most {@value #VISIBLE_ROWS} rows at once; a longer table scrolls. The table's id is {@code
 * reportTable-<id>} ("reportTable-by-team").
 */
final class DocumentTable extends VBox {
    static final int VISIBLE_ROWS = 14;
    private static final double CHAR_WIDTH = 7.2;

    /** A row of values; the total row is marked. */
    record Row(List<Value> values, boolean total) {
        String first() {
            return values.isEmpty() ? "" : values.getFirst().plain();
        }
    }

    private final FittingTableView<Row> view = new FittingTableView<>();

    DocumentTable(Table t) {
        super(6);
        getStyleClass().add("document-table");
        Label title = new Label(t.title());
        title.getStyleClass().add("section-title");
        getChildren().add(title);
        if (!t.description().isEmpty()) {
            Label description = ReportTables.wrapping(null, "muted");
            description.setText(t.description());
            getChildren().add(description);
        }
        List<Row> rows = new ArrayList<>();
        t.rows().forEach(r -> rows.add(new Row(r, false)));
        t.total().ifPresent(r -> rows.add(new Row(r, true)));
        view.setId("reportTable-" + DocumentTexts.slug(t.id()));
        ReportTables.rows(
                view,
                FXCollections.observableArrayList(rows),
                Row::total,
                r -> !r.total() && AccountingEngine.IDLE.equals(r.first()),
                r -> {});
        view.getStyleClass().add("report-document-table");
        view.setPlaceholder(new Label(t.description().isEmpty() ? "No rows in this period." : "No rows."));
        view.setMaxVisibleRows(VISIBLE_ROWS);
        List<TableColumn<Row, ?>> columns = new ArrayList<>();
        for (int i = 0; i < t.columns().size(); i++) {
            columns.add(column(t.columns().get(i), i, rows));
        }
        view.getColumns().setAll(columns);
        getChildren().add(view);
    }

    private static TableColumn<Row, String> column(Column c, int i, List<Row> rows) {
        int chars = Math.min(c.header().length(), 34);
        for (Row r : rows) {
            chars = Math.max(chars, DocumentTexts.cell(r.values().get(i)).length());
        }
        double width = Math.min(c.numeric() ? 280 : 340, Math.max(56, chars * CHAR_WIDTH + 20));
        TableColumn<Row, String> col = ReportTables.column(
                c.header(),
                width,
                c.numeric(),
                r -> DocumentTexts.cell(r.values().get(i)),
                r -> r.values().get(i) instanceof Value.Missing,
                "gap-cell",
                r -> DocumentTexts.gap(r.values().get(i)));
        col.setId(c.key());
        return col;
    }
}
