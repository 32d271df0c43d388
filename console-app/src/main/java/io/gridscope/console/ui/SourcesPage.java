package io.gridscope.console.ui;

import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.prometheus.scrape.ScrapeManager;
import io.gridscope.collectors.prometheus.scrape.ScrapePreset;
import io.gridscope.console.app.SourceAuth;
import io.gridscope.console.app.SourceSpec;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.cli.DurationConverter;
import java.util.HashMap;
import java.util.Map;
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
        Map<String, SourceSpec> specs = new HashMap<>(); // collector id → what the user entered, token included
        SourceSpec.loadAll(settings).forEach(spec -> specs.put(spec.collectorId(), spec));
        Button remove = new Button("Remove selected source");
        remove.setId("removeSource");
        Button edit = new Button("Edit selected source");
        edit.setId("editSource");
        javafx.beans.binding.BooleanBinding notASource = Bindings.createBooleanBinding(
                () -> table.getSelectionModel().getSelectedItem() == null
                        || !specs.containsKey(table.getSelectionModel().getSelectedItem().collectorId()),
                table.getSelectionModel().selectedItemProperty(), vm.statuses());
        remove.disableProperty().bind(notASource);
        edit.disableProperty().bind(notASource);
        remove.setOnAction(e -> {
            SourceSpec spec = specs.remove(table.getSelectionModel().getSelectedItem().collectorId());
            actions.remove(spec.id());
            SourceSpec.removeFrom(settings, spec.id());
            save.accept(settings.copy());
        });
        SourceForm form = new SourceForm(settings, save, actions, specs);
        edit.setOnAction(e -> form.edit(specs.get(table.getSelectionModel().getSelectedItem().collectorId())));
        getChildren().addAll(title, table, new HBox(10, edit, remove), form.node, historyTitle, history);
    }

    static final String PROM_PREFIX = ScrapeManager.COLLECTOR_ID_PREFIX;

    /**
     * The form that adds a Prometheus source, or edits one: validated fields, a test that runs off the FX thread,
     * add / save.
     */
    private static final class SourceForm {
        private final Node node;
        private final Label title = new Label();
        private final TextField id = field("sourceId", "e.g. gpu-node-7", 14);
        private final ChoiceBox<SourceSpec.Type> type = new ChoiceBox<>(FXCollections.observableArrayList(
                SourceSpec.Type.values()));
        private final TextField url = field("sourceUrl", "http://host:9100/metrics", 28);
        private final ChoiceBox<ScrapePreset.Kind> preset = new ChoiceBox<>(FXCollections.observableArrayList(
                ScrapePreset.Kind.values()));
        private final TextField interval = field("sourceInterval", "15s", 5);
        private final ChoiceBox<SourceAuth.Kind> authKind = new ChoiceBox<>(FXCollections.observableArrayList(
                SourceAuth.Kind.values()));
        private final TextField username = field("sourceUsername", "user name", 12);
        private final PasswordField token = new PasswordField();
        private final TextField secretFile = field("sourceSecretFile", "or: /path/to/file holding it", 22);
        private final CheckBox insecure = new CheckBox("Skip TLS verification");
        private final Button add = new Button("Add source");
        private final Button cancel = new Button("Cancel editing");
        private final Label result = new Label();
        /** The source being edited, null when adding. */
        private SourceSpec editing;

        SourceForm(UiSettings settings, Consumer<UiSettings> save, SourceActions actions, Map<String, SourceSpec> specs) {
            type.setId("sourceType");
            type.setValue(SourceSpec.Type.EXPORTER);
            type.setConverter(converter(t -> t == SourceSpec.Type.EXPORTER ? "Exporter — scraped into Gridscope's history"
                    : "Prometheus server — queried, history stays there"));
            preset.setId("sourcePreset");
            preset.setValue(ScrapePreset.Kind.NODE_EXPORTER);
            preset.setConverter(converter(k -> switch (k) {
                case NODE_EXPORTER -> "node_exporter → host series";
                case DCGM_EXPORTER -> "dcgm-exporter → GPU series";
                case RAW -> "raw (every sample as-is)";
            }));
            preset.disableProperty().bind(type.valueProperty().isEqualTo(SourceSpec.Type.PROMETHEUS_SERVER));
            type.valueProperty().addListener((o, a, t) -> url.setPromptText(t == SourceSpec.Type.EXPORTER
                    ? "http://host:9100/metrics" : "http://prometheus:9090"));
            interval.setText("15s");
            authKind.setId("sourceAuth");
            authKind.setValue(SourceAuth.Kind.NONE);
            authKind.setConverter(converter(k -> switch (k) {
                case NONE -> "None";
                case BEARER -> "Bearer token";
                case BASIC -> "Basic (user and password)";
            }));
            username.visibleProperty().bind(authKind.valueProperty().isEqualTo(SourceAuth.Kind.BASIC));
            username.managedProperty().bind(username.visibleProperty());
            token.setId("sourceToken");
            token.setPrefColumnCount(16);
            token.disableProperty().bind(authKind.valueProperty().isEqualTo(SourceAuth.Kind.NONE));
            secretFile.disableProperty().bind(token.disableProperty());
            token.setTooltip(new Tooltip("A typed token or password is kept in memory for this session only: never "
                    + "written to disk or logs. Enter it again after a restart, or give a file instead."));
            secretFile.setTooltip(new Tooltip("A file holding the token or password (first line), read at each "
                    + "connection; only its path is saved. Keep it readable by you only (chmod 600)."));
            Label usernameError = SettingsPage.error("sourceUsernameError");
            Label secretError = SettingsPage.error("sourceSecretError");
            insecure.setId("sourceInsecure");
            Label idError = SettingsPage.error("sourceIdError");
            Label urlError = SettingsPage.error("sourceUrlError");
            Label intervalError = SettingsPage.error("sourceIntervalError");
            result.setId("sourceResult");
            result.setWrapText(true);
            Button test = new Button("Test connection");
            test.setId("testSource");
            add.setId("addSource");
            cancel.setId("cancelEdit");
            cancel.setVisible(false);
            cancel.managedProperty().bind(cancel.visibleProperty());
            cancel.setOnAction(e -> reset(""));

            Supplier<SourceSpec> spec = () -> {
                var errors = SourceSpec.validate(id.getText(), url.getText(), interval.getText());
                boolean keepSecret = editing != null && token.getText().isEmpty() && secretFile.getText().isBlank()
                        && editing.auth().kind() == authKind.getValue() && !editing.auth().secretMissing();
                var authErrors = SourceAuth.validate(authKind.getValue(), username.getText(),
                        keepSecret ? "kept" : token.getText(), secretFile.getText());
                errors.putAll(authErrors);
                usernameError.setText(errors.getOrDefault("username", ""));
                secretError.setText(errors.getOrDefault("secret", ""));
                String newId = id.getText().strip();
                if (!errors.containsKey("id") && (editing == null || !editing.id().equals(newId))
                        && specs.values().stream().anyMatch(s -> s.id().equals(newId))) {
                    errors.put("id", "a source named " + newId + " exists already");
                }
                idError.setText(errors.getOrDefault("id", ""));
                urlError.setText(errors.getOrDefault("url", ""));
                intervalError.setText(errors.getOrDefault("interval", ""));
                if (!errors.isEmpty()) {
                    result.setText("Fix the fields marked in red.");
                    return null;
                }
                // editing with the secret left empty keeps the one entered before
                SourceAuth auth = keepSecret ? new SourceAuth(editing.auth().kind(), username.getText().strip(),
                        editing.auth().secret(), editing.auth().secretFile())
                        : SourceAuth.of(authKind.getValue(), username.getText(), token.getText(), secretFile.getText());
                return SourceSpec.of(id.getText(), type.getValue(), url.getText(), preset.getValue(),
                        interval.getText(), auth, insecure.isSelected());
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
                SourceSpec replaced = editing;
                if (replaced != null) {
                    actions.remove(replaced.id());
                    specs.remove(replaced.collectorId());
                    SourceSpec.removeFrom(settings, replaced.id());
                }
                actions.add(s, err -> {
                    if (err.isEmpty()) {
                        specs.put(s.collectorId(), s);
                        s.storeInto(settings);
                        save.accept(settings.copy());
                        reset((replaced != null ? "Saved " : "Added ") + s.id() + (s.auth().sessionOnly()
                                ? " (its typed secret is kept for this session only)" : "") + ".");
                    } else {
                        result.setText(err);
                    }
                });
            });
            GridPane form = new GridPane(10, 6);
            form.addRow(0, new Label("Name"), id, idError);
            form.addRow(1, new Label("Kind"), type);
            form.addRow(2, new Label("URL"), url, urlError);
            form.addRow(3, new Label("Preset"), preset);
            form.addRow(4, new Label("Interval"), interval, intervalError);
            form.addRow(5, new Label("Authentication"), new HBox(8, authKind, username, usernameError));
            form.addRow(6, new Label("Token / password"), new HBox(8, token, secretFile), secretError);
            form.addRow(7, new Label("TLS"), insecure);
            title.getStyleClass().add("section-title");
            VBox box = new VBox(8, title, form, new HBox(10, test, add, cancel), result);
            box.getStyleClass().add("card");
            node = box;
            reset("");
        }

        /** Fills the form with a source; saving replaces it. */
        void edit(SourceSpec s) {
            editing = s;
            title.setText("Edit " + s.id());
            id.setText(s.id());
            type.setValue(s.type());
            url.setText(s.url().toString());
            preset.setValue(s.preset());
            interval.setText(DurationConverter.format(s.interval()));
            authKind.setValue(s.auth().kind());
            username.setText(s.auth().username());
            token.clear();
            secretFile.setText(s.auth().secretFile().map(Object::toString).orElse(""));
            token.setPromptText(s.auth().secret().isPresent() ? "unchanged (type to replace)" : "token or password");
            insecure.setSelected(s.insecureSkipTlsVerify());
            add.setText("Save changes");
            cancel.setVisible(true);
            result.setText("");
        }

        private void reset(String message) {
            editing = null;
            title.setText("Add a Prometheus source (node_exporter, dcgm-exporter, any /metrics, or a Prometheus server)");
            id.clear();
            token.clear();
            secretFile.clear();
            username.clear();
            authKind.setValue(SourceAuth.Kind.NONE);
            token.setPromptText("token or password");
            add.setText("Add source");
            cancel.setVisible(false);
            result.setText(message);
        }
    }

    private static <T> javafx.util.StringConverter<T> converter(Function<T, String> text) {
        return new javafx.util.StringConverter<>() {
            @Override
            public String toString(T t) {
                return t == null ? "" : text.apply(t);
            }

            @Override
            public T fromString(String s) {
                throw new UnsupportedOperationException();
            }
        };
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
