package io.gridscope.console.ui;

import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** Network & Storage: per-interface throughput and errors, per-disk throughput and IOPS, file system usage. */
final class NetworkStoragePage extends VBox {
    /** Usage at or above these shares is shown as a warning / as critical. */
    static final double WARN_RATIO = 0.80, CRITICAL_RATIO = 0.90;

    NetworkStoragePage(MainViewModel vm) {
        super(12);
        setPadding(new Insets(12, 16, 12, 16));
        getStyleClass().add("page");
        GridPane grid = Charts.grid(vm.networkStorageCharts(), vm.shell(), 230);
        Label fsTitle = new Label("File systems");
        fsTitle.getStyleClass().add("section-title");
        TableView<MainViewModel.FileSystemRow> table = new TableView<>(vm.fileSystems());
        table.setId("fileSystemsTable");
        table.getColumns().add(text("Mount point", 220, MainViewModel.FileSystemRow::mountpoint));
        table.getColumns().add(text("Type", 90, MainViewModel.FileSystemRow::type));
        table.getColumns().add(text("Size", 100, r -> bytes(r.sizeBytes())));
        table.getColumns().add(text("Used", 100, r -> bytes(r.usedBytes())));
        table.getColumns().add(text("Available", 100, r -> bytes(r.availableBytes())));
        table.getColumns().add(usage());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No file systems reported yet"));
        table.setFixedCellSize(28);
        table.setPrefHeight(28 * 8 + 34);
        getChildren().addAll(grid, fsTitle, table);
    }

    private static TableColumn<MainViewModel.FileSystemRow, String> text(String name, double width,
            Function<MainViewModel.FileSystemRow, String> value) {
        TableColumn<MainViewModel.FileSystemRow, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }

    private static TableColumn<MainViewModel.FileSystemRow, Double> usage() {
        TableColumn<MainViewModel.FileSystemRow, Double> c = new TableColumn<>("Use");
        c.setPrefWidth(200);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().usedRatio()));
        c.setComparator(Double::compare);
        c.setCellFactory(col -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();

            @Override
            protected void updateItem(Double ratio, boolean empty) {
                super.updateItem(ratio, empty);
                if (empty || ratio == null || ratio.isNaN()) {
                    setGraphic(null);
                    setText(empty ? null : "N/A");
                    return;
                }
                bar.setProgress(ratio);
                bar.setPrefWidth(110);
                bar.getStyleClass().removeAll("usage-warn", "usage-critical");
                if (ratio >= CRITICAL_RATIO) {
                    bar.getStyleClass().add("usage-critical");
                } else if (ratio >= WARN_RATIO) {
                    bar.getStyleClass().add("usage-warn");
                }
                setGraphic(bar);
                setText(String.format(Locale.ROOT, "%.0f %%", ratio * 100));
                setTooltip(new Tooltip("used ÷ (used + available); warning at 80 %, critical at 90 %"));
            }
        });
        return c;
    }

    static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "N/A";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
    }
}
