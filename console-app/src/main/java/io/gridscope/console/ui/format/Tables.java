package io.gridscope.console.ui.format;

/** Small helpers for the console's tables. */
public final class Tables {
    private Tables() {}

    /** Sizes a table to its rows (fixed row height), with room for the placeholder when empty. */
    public static void fitRows(javafx.scene.control.TableView<?> table, double rowHeight) {
        table.setFixedCellSize(rowHeight);
        var items = javafx.beans.binding.Bindings.size(table.getItems());
        table.prefHeightProperty()
                .bind(items.multiply(rowHeight)
                        .add(34)
                        .add(javafx.beans.binding.Bindings.when(items.isEqualTo(0))
                                .then(40)
                                .otherwise(0)));
        table.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    }
}
