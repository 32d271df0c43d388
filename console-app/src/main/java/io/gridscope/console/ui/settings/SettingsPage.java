package io.gridscope.console.ui.settings;

import io.gridscope.console.ui.format.Forms;
import io.gridscope.console.ui.shell.ShellViewModel;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Settings a user changes here: the theme (at once), the sampling interval, the data directory, the Prometheus
 * endpoint, retention per history tier and the size cap (from the next start). Invalid values are refused with the
 * reason next to the field; nothing is saved until all are valid. Validation and saving: {@link SettingsViewModel}.
 * Below them, where typed secrets are kept ({@link io.gridscope.console.ui.secrets.SecretsSection}) and the
 * accounting file ({@link AccountingSettingsSection}).
 */
public final class SettingsPage extends VBox {
    private static TextField small(String id, int columns) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(columns);
        f.setMaxWidth(Region.USE_PREF_SIZE);
        return f;
    }

    private static Label error(String id, ReadOnlyStringProperty message) {
        Label l = Forms.error(id);
        l.textProperty().bind(message);
        return l;
    }

    public SettingsPage(SettingsViewModel vm, ShellViewModel shell) {
        this(vm, shell, null);
    }

    /** @param accounting Settings → Accounting, below the console's own settings; null for none */
    public SettingsPage(SettingsViewModel vm, ShellViewModel shell, AccountingSettingsViewModel accounting) {
        this(vm, shell, accounting, null);
    }

    /**
     * @param accounting Settings → Accounting, below the console's own settings; null for none
     * @param secrets    Settings → Secrets, below them; null for none
     */
    public SettingsPage(
            SettingsViewModel vm,
            ShellViewModel shell,
            AccountingSettingsViewModel accounting,
            io.gridscope.console.ui.secrets.SecretsViewModel secrets) {
        super(12);
        setPadding(new Insets(12, 16, 12, 16));
        getStyleClass().add("page");
        Label title = new Label("Settings");
        title.getStyleClass().add("section-title");

        CheckBox dark = new CheckBox("Dark theme");
        dark.setId("darkTheme");
        dark.selectedProperty().bindBidirectional(shell.darkProperty());

        TextField interval = new TextField();
        interval.setId("intervalField");
        interval.textProperty().bindBidirectional(vm.intervalProperty());
        interval.setTooltip(new Tooltip("How often local collectors sample, e.g. 1s, 500ms, 5s (200 ms … 1 h). "
                + "Faster than 1 s buys nothing for GPU utilisation."));
        TextField dataDir = new TextField();
        dataDir.setId("dataDirField");
        dataDir.setPromptText("default: $XDG_DATA_HOME/gridscope");
        dataDir.textProperty().bindBidirectional(vm.dataDirProperty());
        dataDir.setTooltip(new Tooltip("Directory of the history database; --data-dir on the command line wins."));

        CheckBox exporterEnabled = new CheckBox("Serve local telemetry for Prometheus");
        exporterEnabled.setId("exporterEnabled");
        exporterEnabled.selectedProperty().bindBidirectional(vm.exporterEnabledProperty());
        TextField exporterPort = new TextField();
        exporterPort.setId("exporterPortField");
        exporterPort.textProperty().bindBidirectional(vm.exporterPortProperty());
        exporterPort.setPrefColumnCount(6);
        exporterPort.setMaxWidth(Region.USE_PREF_SIZE);
        exporterPort.disableProperty().bind(exporterEnabled.selectedProperty().not());
        TextField exporterAddress = small("exporterAddressField", 16);
        exporterAddress.textProperty().bindBidirectional(vm.exporterAddressProperty());
        exporterAddress
                .disableProperty()
                .bind(exporterEnabled.selectedProperty().not());
        exporterAddress.setTooltip(new Tooltip("Address the endpoint listens on: 127.0.0.1 (this machine only) by "
                + "default; 0.0.0.0 or this machine's address lets a fleet Prometheus scrape it."));
        Label addressWarning = new Label();
        addressWarning.setId("exporterAddressWarning");
        addressWarning.getStyleClass().add("notice");
        addressWarning.setWrapText(true);
        addressWarning.textProperty().bind(vm.exporterAddressWarningProperty());
        addressWarning
                .visibleProperty()
                .bind(vm.exporterAddressWarningProperty().isNotEmpty());
        addressWarning.managedProperty().bind(addressWarning.visibleProperty());
        exporterPort.setTooltip(new Tooltip("Port of http://ADDRESS:PORT/metrics (gridscope_* series) for a fleet "
                + "Prometheus to scrape; 9464 by convention."));

        GridPane form = new GridPane(12, 6);
        form.addRow(0, new Label("Theme"), dark);
        form.addRow(1, new Label("Sampling interval"), interval, error("intervalError", vm.intervalErrorProperty()));
        Label dataDirNote = new Label();
        dataDirNote.setId("dataDirNote");
        dataDirNote.getStyleClass().add("muted");
        dataDirNote.setWrapText(true);
        dataDirNote.textProperty().bind(vm.dataDirNoteProperty());
        dataDirNote.visibleProperty().bind(vm.dataDirNoteProperty().isNotEmpty());
        dataDirNote.managedProperty().bind(dataDirNote.visibleProperty());
        VBox dataDirCell = new VBox(4, dataDir, dataDirNote);
        form.addRow(2, new Label("Data directory"), dataDirCell, error("dataDirError", vm.dataDirErrorProperty()));
        form.addRow(3, new Label("Prometheus endpoint"), exporterEnabled);
        form.addRow(
                4,
                new Label("Endpoint address"),
                exporterAddress,
                error("exporterAddressError", vm.exporterAddressErrorProperty()));
        form.add(addressWarning, 1, 5, 2, 1);
        form.addRow(
                6,
                new Label("Endpoint port"),
                exporterPort,
                error("exporterPortError", vm.exporterPortErrorProperty()));
        TextField rawRetention = small("rawRetentionField", 7);
        TextField minuteRetention = small("minuteRetentionField", 7);
        TextField hourRetention = small("hourRetentionField", 7);
        TextField maxSize = small("maxSizeField", 9);
        rawRetention.textProperty().bindBidirectional(vm.rawRetentionProperty());
        minuteRetention.textProperty().bindBidirectional(vm.minuteRetentionProperty());
        hourRetention.textProperty().bindBidirectional(vm.hourRetentionProperty());
        maxSize.textProperty().bindBidirectional(vm.maxSizeProperty());
        maxSize.setPromptText("no cap");
        rawRetention.setTooltip(new Tooltip("How long every sample is kept as collected (e.g. 7d; at least 1h)."));
        minuteRetention.setTooltip(new Tooltip("How long 1-minute min/avg/max rollups are kept: 30-day charts "
                + "read these (at least the raw retention)."));
        hourRetention.setTooltip(new Tooltip("How long 1-hour rollups are kept (at least the 1-minute retention)."));
        maxSize.setTooltip(new Tooltip("Largest size of the history database, e.g. 2 GB; the oldest raw data "
                + "goes first when it is reached. Empty: no cap."));
        form.addRow(
                7,
                new Label("Keep raw samples"),
                rawRetention,
                error("rawRetentionError", vm.rawRetentionErrorProperty()));
        form.addRow(
                8,
                new Label("Keep 1-minute rollups"),
                minuteRetention,
                error("minuteRetentionError", vm.minuteRetentionErrorProperty()));
        form.addRow(
                9,
                new Label("Keep 1-hour rollups"),
                hourRetention,
                error("hourRetentionError", vm.hourRetentionErrorProperty()));
        form.addRow(10, new Label("History size cap"), maxSize, error("maxSizeError", vm.maxSizeErrorProperty()));
        dataDir.setPrefColumnCount(32);
        interval.setPrefColumnCount(8);
        interval.setMaxWidth(Region.USE_PREF_SIZE);

        Button apply = new Button("Save");
        apply.setId("saveSettings");
        apply.setDefaultButton(true);
        Label saved = new Label();
        saved.setId("settingsSaved");
        saved.getStyleClass().add("muted");
        saved.textProperty().bind(vm.outcomeProperty());
        apply.setOnAction(e -> vm.save());
        Label note = new Label("Data older than its retention, and the oldest raw data when the size cap is reached, "
                + "is removed in the background every 10 minutes. Prometheus sources are set up on the Sources page.");
        note.getStyleClass().add("muted");
        note.setWrapText(true);
        note.setMinHeight(Region.USE_PREF_SIZE); // wraps instead of eliding
        getChildren().addAll(title, form, new HBox(12, apply, saved), note);
        if (secrets != null) {
            javafx.scene.control.Separator line = new javafx.scene.control.Separator();
            line.setPadding(new Insets(8, 0, 4, 0));
            getChildren().addAll(line, new io.gridscope.console.ui.secrets.SecretsSection(secrets));
        }
        if (accounting != null) {
            javafx.scene.control.Separator line = new javafx.scene.control.Separator();
            line.setPadding(new Insets(8, 0, 4, 0));
            getChildren().addAll(line, new AccountingSettingsSection(accounting));
        }
    }
}
