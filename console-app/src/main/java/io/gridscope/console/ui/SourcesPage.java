package io.gridscope.console.ui;

import io.gridscope.collectors.model.CollectorStatus;
import io.gridscope.collectors.prometheus.scrape.ScrapeManager;
import io.gridscope.collectors.prometheus.scrape.ScrapePreset;
import io.gridscope.console.app.SourceSpec;
import io.gridscope.console.app.UiSettings;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
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

    SourcesPage(MainViewModel vm, UiSettings settings,
            Consumer<UiSettings> save, SourceActions actions) {
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
        history.textProperty().bind(Bindings.concat(vm.historyLocationProperty(), "\n",
                vm.historyStatusProperty()));
        Label historyTitle = new Label("History database");
        historyTitle.getStyleClass().add("section-title");
        Button remove = new Button("Remove selected source");
        remove.setId("removeSource");
        remove.disableProperty().bind(Bindings.createBooleanBinding(
                () -> table.getSelectionModel().getSelectedItem() == null
                        || !table.getSelectionModel().getSelectedItem().collectorId().startsWith(PROM_PREFIX),
                table.getSelectionModel().selectedItemProperty()));
        remove.setOnAction(e -> {
            CollectorStatus s = table.getSelectionModel().getSelectedItem();
            String id = s.collectorId().substring(PROM_PREFIX.length());
            actions.remove(id);
            SourceSpec.removeFrom(settings, id);
            save.accept(settings.copy());
        });
        getChildren().addAll(title, table, remove, addForm(vm, settings, save, actions), historyTitle, history);
    }

    static final String PROM_PREFIX = ScrapeManager.COLLECTOR_ID_PREFIX;

    /** The "add a Prometheus exporter" form: validated fields, a test that runs off the FX thread, add. */
    private static Node addForm(MainViewModel vm, UiSettings settings,
            Consumer<UiSettings> save, SourceActions actions) {
        Label title = new Label("Add a Prometheus exporter (node_exporter, dcgm-exporter, any /metrics)");
        title.getStyleClass().add("section-title");
        TextField id = field("sourceId", "e.g. gpu-node-7", 14);
        TextField url = field("sourceUrl", "http://host:9100/metrics", 28);
        ChoiceBox<ScrapePreset.Kind> preset =
                new ChoiceBox<>(FXCollections.observableArrayList(
                        ScrapePreset.Kind.values()));
        preset.setId("sourcePreset");
        preset.setValue(ScrapePreset.Kind.NODE_EXPORTER);
        preset.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(ScrapePreset.Kind k) {
                return k == null ? "" : switch (k) {
                    case NODE_EXPORTER -> "node_exporter → host series";
                    case DCGM_EXPORTER -> "dcgm-exporter → GPU series";
                    case RAW -> "raw (every sample as-is)";
                };
            }

            @Override
            public ScrapePreset.Kind fromString(String s) {
                throw new UnsupportedOperationException();
            }
        });
        TextField interval = field("sourceInterval", "15s", 5);
        interval.setText("15s");
        PasswordField token = new PasswordField();
        token.setId("sourceToken");
        token.setPromptText("bearer token (optional)");
        token.setTooltip(new Tooltip("Kept in memory for this session only: never written to "
                + "disk or logs. Enter it again after a restart."));
        CheckBox insecure = new CheckBox("Skip TLS verification");
        insecure.setId("sourceInsecure");
        Label idError = SettingsPage.error("sourceIdError");
        Label urlError = SettingsPage.error("sourceUrlError");
        Label intervalError = SettingsPage.error("sourceIntervalError");
        Label result = new Label();
        result.setId("sourceResult");
        result.setWrapText(true);
        Button test = new Button("Test connection");
        test.setId("testSource");
        Button add = new Button("Add source");
        add.setId("addSource");

        Supplier<SourceSpec> spec = () -> {
            var errors = SourceSpec.validate(id.getText(), url.getText(), interval.getText());
            idError.setText(errors.getOrDefault("id", ""));
            urlError.setText(errors.getOrDefault("url", ""));
            intervalError.setText(errors.getOrDefault("interval", ""));
            if (!errors.isEmpty()) {
                result.setText("Fix the fields marked in red.");
                return null;
            }
            return SourceSpec.of(id.getText(), url.getText(), preset.getValue(),
                    interval.getText(), token.getText(), insecure.isSelected());
        };
        test.setOnAction(e -> {
            var s = spec.get();
            if (s != null) {
                result.setText("Testing " + s.url() + " …");
                test.setDisable(true);
                actions.test(s, r -> {
                    result.setText(r);
                    test.setDisable(false);
                });
            }
        });
        add.setOnAction(e -> {
            var s = spec.get();
            if (s == null) {
                return;
            }
            actions.add(s, err -> {
                if (err.isEmpty()) {
                    s.storeInto(settings);
                    save.accept(settings.copy());
                    result.setText("Added " + s.id() + (s.bearerToken().isPresent()
                            ? " (its token is kept for this session only)" : "") + ".");
                    id.clear();
                } else {
                    result.setText(err);
                }
            });
        });
        GridPane form = new GridPane(10, 6);
        form.addRow(0, new Label("Name"), id, idError);
        form.addRow(1, new Label("URL"), url, urlError);
        form.addRow(2, new Label("Preset"), preset);
        form.addRow(3, new Label("Interval"), interval, intervalError);
        form.addRow(4, new Label("Authentication"), token);
        form.addRow(5, new Label("TLS"), insecure);
        HBox buttons = new HBox(10, test, add);
        VBox box = new VBox(8, title, form, buttons, result);
        box.getStyleClass().add("card");
        return box;
    }

    private static TextField field(String id, String prompt, int columns) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(columns);
        return f;
    }

    private static TableColumn<CollectorStatus, String> column(String name, double width,
            Function<CollectorStatus, String> value) {
        TableColumn<CollectorStatus, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }
}
