package io.gridscope.console.ui;

import io.gridscope.console.app.StorageSettings;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.cli.DurationConverter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Settings a user changes here: the theme (at once), the sampling interval, the data directory, the Prometheus
 * endpoint, retention per history tier and the size cap (from the next start). Invalid values are refused with the reason next to the field; nothing is saved until all are valid.
 */
final class SettingsPage extends VBox {
    static final String KEY_INTERVAL = "collect.interval";
    static final String KEY_DATA_DIR = "data.dir";
    static final String KEY_EXPORTER_ENABLED = "exporter.enabled";
    static final String KEY_EXPORTER_PORT = "exporter.port";
    static final Duration MIN_INTERVAL = Duration.ofMillis(200);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);

    private final TextField interval = new TextField();
    private final TextField dataDir = new TextField();
    private final Label intervalError = error("intervalError");
    private final Label dataDirError = error("dataDirError");
    private final CheckBox exporterEnabled = new CheckBox("Serve local telemetry for Prometheus on 127.0.0.1");
    private final TextField exporterPort = new TextField();
    private final Label exporterPortError = error("exporterPortError");
    private final Label saved = new Label();
    private final TextField rawRetention = small("rawRetentionField", 7);
    private final TextField minuteRetention = small("minuteRetentionField", 7);
    private final TextField hourRetention = small("hourRetentionField", 7);
    private final TextField maxSize = small("maxSizeField", 9);
    private final Label rawError = error("rawRetentionError");
    private final Label minuteError = error("minuteRetentionError");
    private final Label hourError = error("hourRetentionError");
    private final Label sizeError = error("maxSizeError");

    private static TextField small(String id, int columns) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(columns);
        f.setMaxWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return f;
    }

    /** @param save receives the settings to write; called on the FX thread, must hand the I/O elsewhere */
    SettingsPage(MainViewModel vm, UiSettings current, Consumer<UiSettings> save) {
        super(12);
        setPadding(new Insets(12, 16, 12, 16));
        getStyleClass().add("page");
        Label title = new Label("Settings");
        title.getStyleClass().add("section-title");

        CheckBox dark = new CheckBox("Dark theme");
        dark.setId("darkTheme");
        dark.selectedProperty().bindBidirectional(vm.shell().darkProperty());

        interval.setId("intervalField");
        interval.setText(current.get(KEY_INTERVAL).orElse("1s"));
        interval.setTooltip(new Tooltip("How often local collectors sample, e.g. 1s, 500ms, 5s (200 ms … 1 h). "
                + "Faster than 1 s buys nothing for GPU utilisation."));
        dataDir.setId("dataDirField");
        dataDir.setPromptText("default: $XDG_DATA_HOME/gridscope");
        dataDir.setText(current.get(KEY_DATA_DIR).orElse(""));
        dataDir.setTooltip(new Tooltip("Directory of the history database; --data-dir on the command line wins."));

        exporterEnabled.setId("exporterEnabled");
        exporterEnabled.setSelected(current.get(KEY_EXPORTER_ENABLED).map(Boolean::parseBoolean).orElse(false));
        exporterPort.setId("exporterPortField");
        exporterPort.setText(current.get(KEY_EXPORTER_PORT).orElse("9464"));
        exporterPort.setPrefColumnCount(6);
        exporterPort.setMaxWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        exporterPort.disableProperty().bind(exporterEnabled.selectedProperty().not());
        exporterPort.setTooltip(new Tooltip("Port of http://127.0.0.1:PORT/metrics (gridscope_* series) for a fleet "
                + "Prometheus to scrape; 9464 by convention."));

        GridPane form = new GridPane(12, 6);
        form.addRow(0, new Label("Theme"), dark);
        form.addRow(1, new Label("Sampling interval"), interval, intervalError);
        form.addRow(2, new Label("Data directory"), dataDir, dataDirError);
        form.addRow(3, new Label("Prometheus endpoint"), exporterEnabled);
        form.addRow(4, new Label("Endpoint port"), exporterPort, exporterPortError);
        StorageSettings storage = StorageSettings.load(current);
        rawRetention.setText(DurationConverter.format(storage.rawRetention()));
        minuteRetention.setText(DurationConverter.format(storage.minuteRetention()));
        hourRetention.setText(DurationConverter.format(storage.hourRetention()));
        maxSize.setText(StorageSettings.formatSize(storage.maxBytes()));
        maxSize.setPromptText("no cap");
        rawRetention.setTooltip(new Tooltip("How long every sample is kept as collected (e.g. 7d; at least 1h)."));
        minuteRetention.setTooltip(new Tooltip("How long 1-minute min/avg/max rollups are kept: 30-day charts "
                + "read these (at least the raw retention)."));
        hourRetention.setTooltip(new Tooltip("How long 1-hour rollups are kept (at least the 1-minute retention)."));
        maxSize.setTooltip(new Tooltip("Largest size of the history database, e.g. 2 GB; the oldest raw data "
                + "goes first when it is reached. Empty: no cap."));
        form.addRow(5, new Label("Keep raw samples"), rawRetention, rawError);
        form.addRow(6, new Label("Keep 1-minute rollups"), minuteRetention, minuteError);
        form.addRow(7, new Label("Keep 1-hour rollups"), hourRetention, hourError);
        form.addRow(8, new Label("History size cap"), maxSize, sizeError);
        dataDir.setPrefColumnCount(32);
        interval.setPrefColumnCount(8);
        interval.setMaxWidth(javafx.scene.layout.Region.USE_PREF_SIZE);

        Button apply = new Button("Save");
        apply.setId("saveSettings");
        apply.setDefaultButton(true);
        saved.setId("settingsSaved");
        saved.getStyleClass().add("muted");
        apply.setOnAction(e -> {
            Optional<Duration> i = validateInterval(interval.getText(), intervalError);
            Optional<String> d = validateDataDir(dataDir.getText(), dataDirError);
            Optional<Integer> port = exporterEnabled.isSelected()
                    ? validatePort(exporterPort.getText(), exporterPortError) : Optional.of(0);
            Map<String, String> storageErrors = StorageSettings.validate(rawRetention.getText(),
                    minuteRetention.getText(), hourRetention.getText(), maxSize.getText());
            rawError.setText(storageErrors.getOrDefault("raw", ""));
            minuteError.setText(storageErrors.getOrDefault("minute", ""));
            hourError.setText(storageErrors.getOrDefault("hour", ""));
            sizeError.setText(storageErrors.getOrDefault("size", ""));
            if (i.isEmpty() || d.isEmpty() || port.isEmpty() || !storageErrors.isEmpty()) {
                saved.setText("Not saved: fix the fields marked in red.");
                return;
            }
            UiSettings next = current.copy();
            next.put(KEY_INTERVAL, interval.getText().strip());
            next.put(KEY_DATA_DIR, d.get());
            next.put(KEY_EXPORTER_ENABLED, Boolean.toString(exporterEnabled.isSelected()));
            if (exporterEnabled.isSelected()) {
                next.put(KEY_EXPORTER_PORT, Integer.toString(port.get()));
            }
            StorageSettings.of(rawRetention.getText(), minuteRetention.getText(), hourRetention.getText(),
                    maxSize.getText()).storeInto(next);
            vm.shell().storeInto(next);
            save.accept(next);
            saved.setText("Saved. These settings apply from the next start (of the console and of gridscope collect).");
        });
        Label note = new Label("Data older than its retention, and the oldest raw data when the size cap is reached, "
                + "is removed in the background every 10 minutes. Prometheus sources are set up on the Sources page.");
        note.getStyleClass().add("muted");
        note.setWrapText(true);
        getChildren().addAll(title, form, new HBox(12, apply, saved), note);
    }

    /** An empty red label beside a field, filled with the reason when the value is refused. */
    static Label error(String id) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("field-error");
        return l;
    }

    static Optional<Duration> validateInterval(String text, Label error) {
        String msg;
        try {
            Duration d = io.gridscope.console.cli.DurationConverter.parse(text);
            if (d.compareTo(MIN_INTERVAL) < 0) {
                msg = "at least 200ms";
            } else if (d.compareTo(MAX_INTERVAL) > 0) {
                msg = "at most 1h";
            } else {
                error.setText("");
                return Optional.of(d);
            }
        } catch (RuntimeException e) {
            msg = "not a duration (e.g. 1s, 500ms, 5s)";
        }
        error.setText(msg);
        return Optional.empty();
    }

    static Optional<Integer> validatePort(String text, Label error) {
        try {
            int p = Integer.parseInt(text.strip());
            if (p >= 1 && p <= 65535) {
                error.setText("");
                return Optional.of(p);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        error.setText("a port number, 1 to 65535");
        return Optional.empty();
    }

    /** Empty text means "the default"; otherwise an absolute path. Existence is checked when it is used. */
    static Optional<String> validateDataDir(String text, Label error) {
        String t = text.strip();
        if (t.isEmpty()) {
            error.setText("");
            return Optional.of("");
        }
        try {
            if (!Path.of(t).isAbsolute()) {
                error.setText("must be an absolute path");
                return Optional.empty();
            }
        } catch (InvalidPathException e) {
            error.setText("not a valid path: " + e.getReason());
            return Optional.empty();
        }
        error.setText("");
        return Optional.of(t);
    }
}
