package io.gridscope.console.ui.settings;

import io.gridscope.collectors.prometheus.exporter.ExporterConfig;
import io.gridscope.console.app.CollectionSettings;
import io.gridscope.console.app.ListenAddress;
import io.gridscope.console.app.StorageSettings;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.ui.shell.ShellViewModel;
import io.gridscope.model.Durations;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Settings page's form: the sampling interval, the data directory, the Prometheus endpoint, retention per
 * history tier and the size cap, as the user types them (writable), and why each is refused (read-only). {@link #save}
 * validates all of them and hands the settings to write to {@code save}, which does the I/O elsewhere; nothing is
 * saved until every value is valid. FX thread only; no scene needed.
 */
public final class SettingsViewModel {
    public static final String KEY_INTERVAL = CollectionSettings.KEY_INTERVAL;
    public static final String KEY_DATA_DIR = CollectionSettings.KEY_DATA_DIR;
    public static final String KEY_EXPORTER_ENABLED = CollectionSettings.KEY_EXPORTER_ENABLED;
    public static final String KEY_EXPORTER_PORT = CollectionSettings.KEY_EXPORTER_PORT;
    public static final String KEY_EXPORTER_ADDRESS = CollectionSettings.KEY_EXPORTER_ADDRESS;

    /** Shown while the endpoint's address is not a loopback one. */
    public static final String NOT_LOOPBACK_WARNING =
            "Not a loopback address: anyone who can reach this port can " + "read this machine's telemetry.";

    private final UiSettings current;
    private final ShellViewModel shell;
    private final Consumer<UiSettings> save;

    private final StringProperty interval = new SimpleStringProperty(this, "interval");
    private final StringProperty dataDir = new SimpleStringProperty(this, "dataDir");
    private final BooleanProperty exporterEnabled = new SimpleBooleanProperty(this, "exporterEnabled");
    private final StringProperty exporterPort = new SimpleStringProperty(this, "exporterPort");
    private final StringProperty exporterAddress = new SimpleStringProperty(this, "exporterAddress");
    private final StringProperty rawRetention = new SimpleStringProperty(this, "rawRetention");
    private final StringProperty minuteRetention = new SimpleStringProperty(this, "minuteRetention");
    private final StringProperty hourRetention = new SimpleStringProperty(this, "hourRetention");
    private final StringProperty maxSize = new SimpleStringProperty(this, "maxSize");

    private final ReadOnlyStringWrapper intervalError = new ReadOnlyStringWrapper(this, "intervalError", "");
    private final ReadOnlyStringWrapper dataDirError = new ReadOnlyStringWrapper(this, "dataDirError", "");
    private final ReadOnlyStringWrapper exporterPortError = new ReadOnlyStringWrapper(this, "exporterPortError", "");
    private final ReadOnlyStringWrapper exporterAddressError =
            new ReadOnlyStringWrapper(this, "exporterAddressError", "");
    private final ReadOnlyStringWrapper exporterAddressWarning =
            new ReadOnlyStringWrapper(this, "exporterAddressWarning", "");
    private final ReadOnlyStringWrapper rawRetentionError = new ReadOnlyStringWrapper(this, "rawRetentionError", "");
    private final ReadOnlyStringWrapper minuteRetentionError =
            new ReadOnlyStringWrapper(this, "minuteRetentionError", "");
    private final ReadOnlyStringWrapper hourRetentionError = new ReadOnlyStringWrapper(this, "hourRetentionError", "");
    private final ReadOnlyStringWrapper maxSizeError = new ReadOnlyStringWrapper(this, "maxSizeError", "");
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper(this, "outcome", "");
    private final ReadOnlyStringWrapper dataDirNote = new ReadOnlyStringWrapper(this, "dataDirNote", "");
    private final Optional<String> dataDirFromCommandLine;

    /**
     * @param current the settings as read at start (window, page, sources …); the form starts from them
     * @param shell   the shell, whose page, range, theme and host are saved with the form
     * @param save    receives the settings to write; called on the FX thread, must hand the I/O elsewhere
     */
    public SettingsViewModel(UiSettings current, ShellViewModel shell, Consumer<UiSettings> save) {
        this(current, shell, save, Optional.empty());
    }

    /**
     * @param dataDirFromCommandLine the data directory given with {@code --data-dir}, which this session uses
     *                               instead of the saved one; the form shows it, and saves it only when edited
     */
    public SettingsViewModel(
            UiSettings current,
            ShellViewModel shell,
            Consumer<UiSettings> save,
            Optional<Path> dataDirFromCommandLine) {
        this.current = current;
        this.shell = shell;
        this.save = save;
        this.dataDirFromCommandLine = dataDirFromCommandLine.map(Path::toString);
        interval.set(current.get(KEY_INTERVAL).orElse("1s"));
        dataDir.set(this.dataDirFromCommandLine.orElse(current.get(KEY_DATA_DIR).orElse("")));
        this.dataDirFromCommandLine.ifPresent(inUse -> {
            Runnable note = () -> {
                String savedDataDir = current.get(KEY_DATA_DIR).orElse("");
                dataDirNote.set(
                        inUse.equals(dataDir.get())
                                ? "In use: given with --data-dir on the command line, for this session only. Saved: "
                                        + (savedDataDir.isBlank() ? "the default" : savedDataDir)
                                        + " (kept unless you change this field)."
                                : "Saved for the next start; this session uses " + inUse + " (from --data-dir).");
            };
            dataDir.addListener((o, a, b) -> note.run());
            note.run();
        });
        exporterEnabled.set(
                current.get(KEY_EXPORTER_ENABLED).map(Boolean::parseBoolean).orElse(false));
        exporterPort.set(current.get(KEY_EXPORTER_PORT).orElse(Integer.toString(ExporterConfig.DEFAULT_PORT)));
        exporterAddress.set(current.get(KEY_EXPORTER_ADDRESS)
                .map(String::strip)
                .filter(a -> !a.isEmpty())
                .orElse(ExporterConfig.DEFAULT_BIND_ADDRESS));
        exporterAddress.addListener((o, a, b) -> updateAddressWarning());
        exporterEnabled.addListener((o, a, b) -> updateAddressWarning());
        updateAddressWarning();
        StorageSettings storage = StorageSettings.load(current);
        rawRetention.set(Durations.format(storage.rawRetention()));
        minuteRetention.set(Durations.format(storage.minuteRetention()));
        hourRetention.set(Durations.format(storage.hourRetention()));
        maxSize.set(StorageSettings.formatSize(storage.maxBytes()));
    }

    /**
     * Validates every field; when all are valid, hands the settings to write on and says so.
     *
     * @return whether the settings went to be saved
     */
    public boolean save() {
        Optional<Duration> i = validateInterval(interval.get());
        Optional<String> d = validateDataDir(dataDir.get());
        Optional<Integer> port = exporterEnabled.get() ? validatePort(exporterPort.get()) : Optional.of(0);
        Optional<String> address = exporterEnabled.get() ? validateAddress(exporterAddress.get()) : Optional.of("");
        Map<String, String> storageErrors =
                StorageSettings.validate(rawRetention.get(), minuteRetention.get(), hourRetention.get(), maxSize.get());
        rawRetentionError.set(storageErrors.getOrDefault("raw", ""));
        minuteRetentionError.set(storageErrors.getOrDefault("minute", ""));
        hourRetentionError.set(storageErrors.getOrDefault("hour", ""));
        maxSizeError.set(storageErrors.getOrDefault("size", ""));
        if (i.isEmpty() || d.isEmpty() || port.isEmpty() || address.isEmpty() || !storageErrors.isEmpty()) {
            outcome.set("Not saved: fix the fields marked in red.");
            return false;
        }
        UiSettings next = current.copy();
        next.put(KEY_INTERVAL, interval.get().strip());
        if (dataDirFromCommandLine.filter(dataDir.get()::equals).isEmpty()) {
            next.put(KEY_DATA_DIR, d.get());
        } // else the directory given on the command line, unedited: the saved one stays as it was
        next.put(KEY_EXPORTER_ENABLED, Boolean.toString(exporterEnabled.get()));
        if (exporterEnabled.get()) {
            next.put(KEY_EXPORTER_PORT, Integer.toString(port.get()));
            next.put(KEY_EXPORTER_ADDRESS, address.get());
        }
        StorageSettings.of(rawRetention.get(), minuteRetention.get(), hourRetention.get(), maxSize.get())
                .storeInto(next);
        shell.storeInto(next);
        save.accept(next);
        outcome.set("Saved. These settings apply from the next start (of the console and of gridscope collect).");
        return true;
    }

    private Optional<Duration> validateInterval(String text) {
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException | ArithmeticException e) { // not a duration, or one beyond any clock
            intervalError.set("not a duration (e.g. 1s, 500ms, 5s)");
            return Optional.empty();
        }
        try {
            // the bounds `gridscope collect` applies, so both accept the same intervals
            CollectionSettings.checkInterval(d);
        } catch (IllegalArgumentException outOfRange) {
            intervalError.set(outOfRange.getMessage());
            return Optional.empty();
        }
        intervalError.set("");
        return Optional.of(d);
    }

    /** A host name or an IP literal; nothing is looked up (this runs on the FX thread). */
    private Optional<String> validateAddress(String text) {
        Optional<String> problem = ListenAddress.problem(text);
        exporterAddressError.set(problem.orElse(""));
        return problem.isPresent() ? Optional.empty() : Optional.of(text.strip());
    }

    private void updateAddressWarning() {
        String a = exporterAddress.get();
        boolean warn = exporterEnabled.get() && a != null && !a.isBlank() && !ListenAddress.isLoopback(a);
        exporterAddressWarning.set(warn ? NOT_LOOPBACK_WARNING : "");
    }

    private Optional<Integer> validatePort(String text) {
        try {
            int p = Integer.parseInt(text.strip());
            if (p >= 1 && p <= 65535) {
                exporterPortError.set("");
                return Optional.of(p);
            }
        } catch (NumberFormatException notANumber) {
            // reported below, as a number out of range is
        }
        exporterPortError.set("a port number, 1 to 65535");
        return Optional.empty();
    }

    /** Empty text means "the default"; otherwise an absolute path. Existence is checked when it is used. */
    private Optional<String> validateDataDir(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            dataDirError.set("");
            return Optional.of("");
        }
        try {
            if (!Path.of(t).isAbsolute()) {
                dataDirError.set("must be an absolute path");
                return Optional.empty();
            }
        } catch (InvalidPathException e) {
            dataDirError.set("not a valid path: " + e.getReason());
            return Optional.empty();
        }
        dataDirError.set("");
        return Optional.of(t);
    }

    /** How often local collectors sample, as typed ("1s", "500ms"). */
    public StringProperty intervalProperty() {
        return interval;
    }

    /** Directory of the history database; empty for the default. */
    public StringProperty dataDirProperty() {
        return dataDir;
    }

    public BooleanProperty exporterEnabledProperty() {
        return exporterEnabled;
    }

    public StringProperty exporterPortProperty() {
        return exporterPort;
    }

    /** The address Gridscope's own endpoint listens on (a host name or IP literal); loopback by default. */
    public StringProperty exporterAddressProperty() {
        return exporterAddress;
    }

    public ReadOnlyStringProperty exporterAddressErrorProperty() {
        return exporterAddressError.getReadOnlyProperty();
    }

    /** {@link #NOT_LOOPBACK_WARNING} while the endpoint is on and its address is not a loopback one; else empty. */
    public ReadOnlyStringProperty exporterAddressWarningProperty() {
        return exporterAddressWarning.getReadOnlyProperty();
    }

    public StringProperty rawRetentionProperty() {
        return rawRetention;
    }

    public StringProperty minuteRetentionProperty() {
        return minuteRetention;
    }

    public StringProperty hourRetentionProperty() {
        return hourRetention;
    }

    /** The history size cap as typed ("2 GB"); empty for no cap. */
    public StringProperty maxSizeProperty() {
        return maxSize;
    }

    public ReadOnlyStringProperty intervalErrorProperty() {
        return intervalError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty dataDirErrorProperty() {
        return dataDirError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty exporterPortErrorProperty() {
        return exporterPortError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rawRetentionErrorProperty() {
        return rawRetentionError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty minuteRetentionErrorProperty() {
        return minuteRetentionError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty hourRetentionErrorProperty() {
        return hourRetentionError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty maxSizeErrorProperty() {
        return maxSizeError.getReadOnlyProperty();
    }

    /**
     * Says that the directory shown was given with {@code --data-dir} and which one is saved; empty when the
     * console was started without it.
     */
    public ReadOnlyStringProperty dataDirNoteProperty() {
        return dataDirNote.getReadOnlyProperty();
    }

    /** "Saved. …" or "Not saved: …" after {@link #save}; empty before. */
    public ReadOnlyStringProperty outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }
}
