package io.gridscope.console.ui.accounting;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Region;

/**
 * The pieces the accounting tables are built from: text columns whose cells may be marked (a warning, an estimate,
 * a partial figure) and carry a tooltip, rows styled as totals or idle time that open on double-click, banners.
 */
public final class ReportTables {
    /** Height of a row; tables show every row without a scroll bar of their own. */
    public static final double ROW_HEIGHT = 26;

    /** A wrapping label that keeps the height its lines need (a VBox would otherwise elide it to one line). */
    public static Label wrapping(String id, String style) {
        Label l = new Label();
        if (id != null) {
            l.setId(id);
        }
        l.getStyleClass().add(style);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    private ReportTables() {}

    /**
     * A text column.
     *
     * @param numeric right-aligned
     * @param marked rows whose cell gets the style class {@code mark}
     * @param tip a row's tooltip (null or empty: none)
     */
    public static <R> TableColumn<R, String> column(
            String title,
            double width,
            boolean numeric,
            Function<R, String> text,
            Predicate<R> marked,
            String mark,
            Function<R, String> tip) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setReorderable(false);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(text.apply(d.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String value, boolean empty) {
                super.updateItem(value, empty);
                getStyleClass().removeAll(mark, "number-cell");
                setTooltip(null);
                R row = getTableRow() == null ? null : getTableRow().getItem();
                if (empty || value == null || row == null) {
                    setText(null);
                    return;
                }
                setText(value);
                if (numeric) {
                    getStyleClass().add("number-cell");
                }
                if (marked.test(row)) {
                    getStyleClass().add(mark);
                }
                String t = tip.apply(row);
                if (t != null && !t.isEmpty()) {
                    setTooltip(new Tooltip(t));
                }
            }
        });
        return c;
    }

    /** A column group ("Cost (EUR)") over {@code columns}. */
    @SafeVarargs
    public static <R> TableColumn<R, String> group(String title, TableColumn<R, String>... columns) {
        TableColumn<R, String> g = new TableColumn<>(title);
        g.setSortable(false);
        g.setReorderable(false);
        for (TableColumn<R, String> c : columns) {
            g.getColumns().add(c);
        }
        return g;
    }

    /**
     * Shows {@code items} as rows as tall as they need (no inner scroll bar): totals bold, idle time amber, a
     * double-click opens a row with {@code open}.
     */
    public static <R> void rows(
            FittingTableView<R> table,
            ObservableList<R> items,
            Predicate<R> total,
            Predicate<R> idle,
            Consumer<R> open) {
        table.setItems(items);
        table.getStyleClass().add("accounting-table");
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setPlaceholder(new Label("No report for this period."));
        table.setFixedCellSize(ROW_HEIGHT);
        table.setMinHeight(Region.USE_PREF_SIZE);
        table.setRowFactory(t -> {
            TableRow<R> row = new TableRow<>() {
                @Override
                protected void updateItem(R item, boolean empty) {
                    super.updateItem(item, empty);
                    getStyleClass().removeAll("total-row", "idle-row");
                    if (!empty && item != null) {
                        if (total.test(item)) {
                            getStyleClass().add("total-row");
                        } else if (idle.test(item)) {
                            getStyleClass().add("idle-row");
                        }
                    }
                }
            };
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    open.accept(row.getItem());
                }
            });
            return row;
        });
    }

    /** A label shown only while it has text: an error banner, a notice. */
    public static Label banner(String id, String style) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(style);
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        l.setMinHeight(Region.USE_PREF_SIZE); // wraps instead of eliding
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    /** "team" → "Team". */
    public static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
