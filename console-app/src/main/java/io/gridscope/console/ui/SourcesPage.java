package io.gridscope.console.ui;

import io.gridscope.collectors.model.CollectorStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import java.util.function.Function;

/** Every collector with its state, last error, pass time and series count, plus the history writer's health. */
final class SourcesPage extends VBox {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    SourcesPage(MainViewModel vm) {
        super(10);
        setPadding(new Insets(12, 16, 12, 16));
        getStyleClass().add("page");
        Label title = new Label("Collectors");
        title.getStyleClass().add("section-title");
        TableView<CollectorStatus> table = new TableView<>(vm.statuses());
        table.setId("sourcesTable");
        table.getColumns().add(column("Source", 200, s -> s.displayName() + " (" + s.collectorId() + ")"));
        table.getColumns().add(column("State", 110, s -> s.state().name().toLowerCase(Locale.ROOT)));
        table.getColumns().add(column("Last error", 320, s -> s.message().isEmpty() ? "—" : s.message()));
        table.getColumns().add(column("Pass time", 90,
                s -> s.lastPassNanos() == 0 ? "—" : String.format(Locale.ROOT, "%.1f ms", s.lastPassNanos() / 1e6)));
        table.getColumns().add(column("Series", 70, s -> Integer.toString(s.lastSampleCount())));
        table.getColumns().add(column("Last success", 110,
                s -> s.lastSuccessEpochMillis() == 0 ? "never" : TIME.format(Instant.ofEpochMilli(s.lastSuccessEpochMillis()))));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No collectors registered yet"));
        Tables.fitRows(table, 28);
        Label history = new Label();
        history.setId("historyLocation");
        history.textProperty().bind(javafx.beans.binding.Bindings.concat(vm.historyLocationProperty(), "\n",
                vm.historyStatusProperty()));
        Label historyTitle = new Label("History database");
        historyTitle.getStyleClass().add("section-title");
        getChildren().addAll(title, table, historyTitle, history);
    }

    private static TableColumn<CollectorStatus, String> column(String name, double width,
            Function<CollectorStatus, String> value) {
        TableColumn<CollectorStatus, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }
}
