package io.gridscope.console.ui.sources;

import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.prometheus.scrape.ScrapePreset;
import io.gridscope.console.app.SourceAuth;
import io.gridscope.console.app.SourceSpec;
import io.gridscope.console.app.secrets.SecretStoreKind;
import io.gridscope.console.ui.format.Forms;
import io.gridscope.console.ui.format.Tables;
import io.gridscope.console.ui.secrets.SecretsSection;
import io.gridscope.console.ui.shell.ShellViewModel;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Every collector with its state, last error, pass time and series count, plus the history writer's health, and
 * the form that adds or edits a Prometheus source. Validation, testing and saving: {@link SourcesViewModel}.
 */
public final class SourcesPage extends VBox {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    public SourcesPage(SourcesViewModel vm, ShellViewModel shell) {
        super(10);
        setPadding(new Insets(12, 16, 12, 16));
        getStyleClass().add("page");
        Label title = new Label("Collectors");
        title.getStyleClass().add("section-title");
        TableView<CollectorStatus> table = new TableView<>(shell.statuses());
        table.setId("sourcesTable");
        table.getColumns().add(column("Source", 200, s -> s.displayName() + " (" + s.collectorId() + ")"));
        table.getColumns().add(column("State", 110, s -> s.state().name().toLowerCase(Locale.ROOT)));
        table.getColumns()
                .add(column(
                        "Last error",
                        320,
                        s -> !s.message().isEmpty()
                                ? s.message()
                                : s.warnings().isEmpty() ? "—" : "warning: " + String.join("; ", s.warnings())));
        table.getColumns()
                .add(column(
                        "Pass time",
                        90,
                        s -> s.lastPassNanos() == 0
                                ? "—"
                                : String.format(Locale.ROOT, "%.1f ms", s.lastPassNanos() / 1e6)));
        table.getColumns().add(column("Series", 70, s -> Integer.toString(s.lastSampleCount())));
        table.getColumns()
                .add(column(
                        "Last success",
                        110,
                        s -> s.lastSuccessEpochMillis() == 0
                                ? "never"
                                : TIME.format(Instant.ofEpochMilli(s.lastSuccessEpochMillis()))));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No collectors registered yet"));
        Tables.fitRows(table, 28);
        Label history = new Label();
        history.setId("historyLocation");
        history.textProperty()
                .bind(Bindings.concat(shell.historyLocationProperty(), "\n", shell.historyStatusProperty()));
        Label historyTitle = new Label("History database");
        historyTitle.getStyleClass().add("section-title");
        Button remove = new Button("Remove selected source");
        remove.setId("removeSource");
        Button edit = new Button("Edit selected source");
        edit.setId("editSource");
        BooleanBinding notASource = Bindings.createBooleanBinding(
                () -> table.getSelectionModel().getSelectedItem() == null
                        || !vm.isSource(
                                table.getSelectionModel().getSelectedItem().collectorId()),
                table.getSelectionModel().selectedItemProperty(),
                shell.statuses());
        remove.disableProperty().bind(notASource);
        edit.disableProperty().bind(notASource);
        remove.setOnAction(e ->
                vm.requestRemove(table.getSelectionModel().getSelectedItem().collectorId()));
        Label removalPrompt = new Label();
        removalPrompt.setId("removalPrompt");
        removalPrompt.setWrapText(true);
        removalPrompt.textProperty().bind(vm.removalPromptProperty());
        Button confirmRemove = new Button("Remove");
        confirmRemove.setId("confirmRemoveSource");
        confirmRemove.setOnAction(e -> vm.confirmRemove());
        Button cancelRemove = new Button("Keep");
        cancelRemove.setId("cancelRemoveSource");
        cancelRemove.setCancelButton(true);
        cancelRemove.setOnAction(e -> vm.cancelRemove());
        HBox confirm = new HBox(10, removalPrompt, confirmRemove, cancelRemove);
        confirm.setAlignment(Pos.CENTER_LEFT);
        confirm.getStyleClass().add("notice");
        confirm.visibleProperty().bind(vm.removalPromptProperty().isNotEmpty());
        confirm.managedProperty().bind(confirm.visibleProperty());
        edit.setOnAction(
                e -> vm.edit(table.getSelectionModel().getSelectedItem().collectorId()));
        getChildren().addAll(title, table, new HBox(10, edit, remove), confirm, form(vm), historyTitle, history);
    }

    /** The form that adds a Prometheus source, or edits one: its fields, test, add / save. */
    private static Node form(SourcesViewModel vm) {
        Label title = new Label();
        title.textProperty().bind(vm.formTitleProperty());
        TextField id = Forms.field("sourceId", "e.g. gpu-node-7", 14);
        id.textProperty().bindBidirectional(vm.idProperty());
        ChoiceBox<SourceSpec.Type> type = new ChoiceBox<>(FXCollections.observableArrayList(SourceSpec.Type.values()));
        type.setId("sourceType");
        type.valueProperty().bindBidirectional(vm.typeProperty());
        type.setConverter(converter(t -> t == SourceSpec.Type.EXPORTER
                ? "Exporter — scraped into Gridscope's history"
                : "Prometheus server — queried, history stays there"));
        TextField url = Forms.field("sourceUrl", "http://host:9100/metrics", 28);
        url.textProperty().bindBidirectional(vm.urlProperty());
        url.promptTextProperty()
                .bind(Bindings.createStringBinding(
                        () -> vm.typeProperty().get() == SourceSpec.Type.PROMETHEUS_SERVER
                                ? "http://prometheus:9090"
                                : "http://host:9100/metrics",
                        vm.typeProperty()));
        ChoiceBox<ScrapePreset.Kind> preset =
                new ChoiceBox<>(FXCollections.observableArrayList(ScrapePreset.Kind.values()));
        preset.setId("sourcePreset");
        preset.valueProperty().bindBidirectional(vm.presetProperty());
        preset.setConverter(converter(k -> switch (k) {
            case NODE_EXPORTER -> "node_exporter → host series";
            case DCGM_EXPORTER -> "dcgm-exporter → GPU series";
            case RAW -> "raw (every sample as-is)";
        }));
        preset.disableProperty().bind(type.valueProperty().isEqualTo(SourceSpec.Type.PROMETHEUS_SERVER));
        TextField interval = Forms.field("sourceInterval", "15s", 5);
        interval.textProperty().bindBidirectional(vm.intervalProperty());
        ChoiceBox<SourceAuth.Kind> authKind =
                new ChoiceBox<>(FXCollections.observableArrayList(SourceAuth.Kind.values()));
        authKind.setId("sourceAuth");
        authKind.valueProperty().bindBidirectional(vm.authKindProperty());
        authKind.setConverter(converter(k -> switch (k) {
            case NONE -> "None";
            case BEARER -> "Bearer token";
            case BASIC -> "Basic (user and password)";
        }));
        TextField username = Forms.field("sourceUsername", "user name", 12);
        username.textProperty().bindBidirectional(vm.usernameProperty());
        username.visibleProperty().bind(authKind.valueProperty().isEqualTo(SourceAuth.Kind.BASIC));
        username.managedProperty().bind(username.visibleProperty());
        PasswordField token = new PasswordField();
        token.setId("sourceToken");
        token.setPrefColumnCount(16);
        token.textProperty().bindBidirectional(vm.secretProperty());
        token.promptTextProperty().bind(vm.secretPromptProperty());
        token.disableProperty().bind(authKind.valueProperty().isEqualTo(SourceAuth.Kind.NONE));
        TextField secretFile = Forms.field("sourceSecretFile", "or: /path/to/file holding it", 22);
        secretFile.textProperty().bindBidirectional(vm.secretFileProperty());
        secretFile.disableProperty().bind(token.disableProperty());
        token.setTooltip(new Tooltip("A typed token or password is never written to the settings or logs: it is "
                + "kept in memory for this session only, or in the desktop keyring or the encrypted file (below)."));
        ChoiceBox<SecretStoreKind> keptIn = new ChoiceBox<>(vm.secretStoreChoices());
        keptIn.setId("sourceSecretStore");
        keptIn.valueProperty().bindBidirectional(vm.secretStoreProperty());
        keptIn.setConverter(SecretsSection.labels());
        keptIn.disableProperty()
                .bind(token.disableProperty().or(secretFile.textProperty().isNotEmpty()));
        keptIn.setTooltip(new Tooltip("This session only: forgotten when Gridscope exits. Desktop keyring: the "
                + "Secret Service (GNOME Keyring, KWallet). Encrypted file: secrets.enc in the config directory, "
                + "AES-256-GCM under a passphrase asked once per start."));
        PasswordField passphrase = new PasswordField();
        passphrase.setId("sourceSecretsPassphrase");
        passphrase.setPromptText("passphrase of the encrypted file");
        passphrase.setPrefColumnCount(16);
        passphrase.textProperty().bindBidirectional(vm.passphraseProperty());
        passphrase.visibleProperty().bind(vm.passphraseNeededProperty());
        passphrase.managedProperty().bind(passphrase.visibleProperty());
        secretFile.setTooltip(new Tooltip("A file holding the token or password (first line), read at each "
                + "connection; only its path is saved. Keep it readable by you only (chmod 600)."));
        CheckBox insecure = new CheckBox("Skip TLS verification");
        insecure.setId("sourceInsecure");
        insecure.selectedProperty().bindBidirectional(vm.insecureProperty());
        Label result = new Label();
        result.setId("sourceResult");
        result.setWrapText(true);
        result.textProperty().bind(vm.resultProperty());
        Button test = new Button("Test connection");
        test.setId("testSource");
        test.disableProperty().bind(vm.testingProperty());
        test.setOnAction(e -> vm.test());
        Button add = new Button();
        add.setId("addSource");
        add.textProperty()
                .bind(Bindings.when(vm.editingProperty()).then("Save changes").otherwise("Add source"));
        add.setOnAction(e -> vm.submit());
        Button cancel = new Button("Cancel editing");
        cancel.setId("cancelEdit");
        cancel.visibleProperty().bind(vm.editingProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> vm.cancelEdit());

        GridPane form = new GridPane(10, 6);
        form.addRow(0, new Label("Name"), id, error("sourceIdError", vm.idErrorProperty()));
        form.addRow(1, new Label("Kind"), type);
        form.addRow(2, new Label("URL"), url, error("sourceUrlError", vm.urlErrorProperty()));
        form.addRow(3, new Label("Preset"), preset);
        form.addRow(4, new Label("Interval"), interval, error("sourceIntervalError", vm.intervalErrorProperty()));
        form.addRow(
                5,
                new Label("Authentication"),
                new HBox(8, authKind, username, error("sourceUsernameError", vm.usernameErrorProperty())));
        form.addRow(
                6,
                new Label("Token / password"),
                new HBox(8, token, secretFile),
                error("sourceSecretError", vm.secretErrorProperty()));
        HBox keep = new HBox(8, keptIn, passphrase);
        keep.setAlignment(Pos.CENTER_LEFT);
        form.addRow(7, new Label("Keep typed secret in"), keep);
        form.addRow(8, new Label("TLS"), insecure);
        title.getStyleClass().add("section-title");
        VBox box = new VBox(8, title, form, new HBox(10, test, add, cancel), result);
        box.getStyleClass().add("card");
        return box;
    }

    private static Label error(String id, ReadOnlyStringProperty message) {
        Label l = Forms.error(id);
        l.textProperty().bind(message);
        return l;
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

    private static TableColumn<CollectorStatus, String> column(
            String name, double width, Function<CollectorStatus, String> value) {
        TableColumn<CollectorStatus, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }
}
