package io.gridscope.console.ui.netstorage;

import io.gridscope.console.ui.chart.Charts;
import io.gridscope.console.ui.format.Formats;
import io.gridscope.console.ui.netstorage.NetworkStorageViewModel.FileSystemRow;
import io.gridscope.console.ui.shell.ShellViewModel;
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
public final class NetworkStoragePage extends VBox {
    /** Usage at or above these shares is shown as a warning / as critical. */
    static final double WARN_RATIO = 0.80, CRITICAL_RATIO = 0.90;

    public NetworkStoragePage(NetworkStorageViewModel vm, ShellViewModel shell) {
        super(12);
        setPadding(new Insets(12, 16, 12, 16));
        getStyleClass().add("page");
        GridPane grid = Charts.grid(vm.charts(), shell, 230);
        Label fsTitle = new Label("File systems");
        fsTitle.getStyleClass().add("section-title");
        TableView<FileSystemRow> table = new TableView<>(vm.fileSystems());
        table.setId("fileSystemsTable");
        table.getColumns().add(text("Mount point", 220, FileSystemRow::mountpoint));
        table.getColumns().add(text("Type", 90, FileSystemRow::type));
        table.getColumns().add(text("Size", 100, r -> Formats.bytes(r.sizeBytes())));
        table.getColumns().add(text("Used", 100, r -> Formats.bytes(r.usedBytes())));
        table.getColumns().add(text("Available", 100, r -> Formats.bytes(r.availableBytes())));
        table.getColumns().add(usage());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No file systems reported yet"));
        table.setFixedCellSize(28);
        table.setPrefHeight(28 * 8 + 34);
        // at least five rows: when the page is short it scrolls, rather than squeezing the table to its header
        table.setMinHeight(28 * 5 + 34);
        getChildren().addAll(grid, fsTitle, table);
    }

    private static TableColumn<FileSystemRow, String> text(
            String name, double width, Function<FileSystemRow, String> value) {
        TableColumn<FileSystemRow, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }

    private static TableColumn<FileSystemRow, Double> usage() {
        TableColumn<FileSystemRow, Double> c = new TableColumn<>("Use");
        c.setPrefWidth(200);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().usedRatio()));
        c.setComparator(Double::compare);
        c.setCellFactory(col -> new TableCell<>() {
            // a row is updated with every batch of samples that changes it: the bar, its tooltip and
            // its style class stay unless they change, so an update restyles nothing
            // determinate from the start: a bar made indeterminate sets up an animation in its skin
            private final ProgressBar bar = new ProgressBar(0);
            private final Tooltip tooltip = new Tooltip("used ÷ (used + available); warning at 80 %, critical at 90 %");
            private String level = "";

            {
                bar.setPrefWidth(110);
            }

            @Override
            protected void updateItem(Double ratio, boolean empty) {
                super.updateItem(ratio, empty);
                if (empty || ratio == null || ratio.isNaN()) {
                    setGraphic(null);
                    setTooltip(null);
                    setText(empty ? null : "N/A");
                    return;
                }
                bar.setProgress(ratio);
                String newLevel = ratio >= CRITICAL_RATIO ? "usage-critical" : ratio >= WARN_RATIO ? "usage-warn" : "";
                if (!newLevel.equals(level)) {
                    bar.getStyleClass().remove(level);
                    if (!newLevel.isEmpty()) {
                        bar.getStyleClass().add(newLevel);
                    }
                    level = newLevel;
                }
                setGraphic(bar);
                setText(String.format(Locale.ROOT, "%.0f %%", ratio * 100));
                setTooltip(tooltip);
            }
        });
        return c;
    }
}
