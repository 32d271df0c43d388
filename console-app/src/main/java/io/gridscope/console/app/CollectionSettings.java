package io.gridscope.console.app;

import io.gridscope.collectors.prometheus.exporter.ExporterConfig;
import io.gridscope.collectors.scheduler.CollectorScheduler;
import io.gridscope.model.DurationText;
import io.gridscope.model.Durations;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to collect, as saved on the Settings and Sources pages ({@code ui.properties}): the data directory, the
 * sampling interval, Gridscope's own Prometheus endpoint, retention and size cap, and the Prometheus sources. The
 * console and {@code ./gridscope collect} both read it here, so they collect the same way into the same history;
 * a command-line option given explicitly wins over the saved value.
 *
 * <p>A saved value that no longer parses is ignored with a warning in {@link #warnings()} (the default is used),
 * never silently.
 */
public record CollectionSettings(
        Optional<Path> dataDir,
        Duration interval,
        ExporterConfig exporter,
        StorageSettings storage,
        List<SourceSpec> sources,
        List<String> warnings) {
    public static final String KEY_INTERVAL = "collect.interval";
    public static final String KEY_DATA_DIR = "data.dir";
    public static final String KEY_EXPORTER_ENABLED = "exporter.enabled";
    public static final String KEY_EXPORTER_PORT = "exporter.port";
    /** The address Gridscope's own endpoint listens on; loopback unless the user chose to serve a fleet. */
    public static final String KEY_EXPORTER_ADDRESS = "exporter.address";

    /**
     * The shortest sampling interval: below it a pass costs more than it shows (each reads /proc and NVML, some NVML
     * calls take milliseconds per GPU) and the history grows for nothing.
     */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(200);

    /** The longest sampling interval: beyond it rates average over too long to mean much and charts show gaps. */
    public static final Duration MAX_INTERVAL = Duration.ofHours(1);

    public CollectionSettings {
        sources = List.copyOf(sources);
        warnings = List.copyOf(warnings);
    }

    /**
     * {@code interval} when it lies within {@link #MIN_INTERVAL} and {@link #MAX_INTERVAL}.
     *
     * @throws IllegalArgumentException saying which bound it crosses, e.g. "10 ms is shorter than 200 ms"
     */
    public static Duration checkInterval(Duration interval) {
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException(
                    DurationText.of(interval) + " is shorter than " + DurationText.of(MIN_INTERVAL));
        }
        if (interval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException(
                    DurationText.of(interval) + " is longer than " + DurationText.of(MAX_INTERVAL));
        }
        return interval;
    }

    /**
     * The data directory saved on the Settings page, if any; the rest of the settings is not parsed.
     *
     * @throws InvalidPathException when the saved text is not a path (a damaged file: a NUL character, say)
     */
    public static Optional<Path> savedDataDir(UiSettings settings) {
        return settings.get(KEY_DATA_DIR).filter(d -> !d.isBlank()).map(Path::of);
    }

    /** Reads the saved settings; nothing here does I/O beyond what {@code settings} already holds. */
    public static CollectionSettings load(UiSettings settings) {
        List<String> warnings = new ArrayList<>();
        Optional<Path> dataDir = Optional.empty();
        try {
            dataDir = savedDataDir(settings);
        } catch (InvalidPathException e) {
            warnings.add("ignoring the saved data directory, which is not a path (" + e.getReason()
                    + "); using the default");
        }
        Duration interval = CollectorScheduler.DEFAULT_INTERVAL;
        try {
            interval = settings.get(KEY_INTERVAL)
                    .filter(s -> !s.isBlank())
                    .map(Durations::parse)
                    .map(CollectionSettings::checkInterval)
                    .orElse(interval);
        } catch (RuntimeException e) {
            warnings.add("ignoring the saved sampling interval: " + e.getMessage() + " (using "
                    + DurationText.of(interval) + ")");
        }
        ExporterConfig exporter = ExporterConfig.disabled();
        if (settings.get(KEY_EXPORTER_ENABLED).map(Boolean::parseBoolean).orElse(false)) {
            try {
                int port = Integer.parseInt(settings.get(KEY_EXPORTER_PORT)
                        .orElse(Integer.toString(ExporterConfig.DEFAULT_PORT))
                        .strip());
                String address = settings.get(KEY_EXPORTER_ADDRESS)
                        .map(String::strip)
                        .filter(a -> !a.isEmpty())
                        .orElse(ExporterConfig.DEFAULT_BIND_ADDRESS);
                ListenAddress.problem(address).ifPresent(problem -> {
                    throw new IllegalArgumentException(address + ": " + problem);
                });
                exporter = new ExporterConfig(true, address, port, ExporterConfig.DEFAULT_STALE_AFTER);
            } catch (IllegalArgumentException e) {
                warnings.add("ignoring the saved exporter address or port: " + e.getMessage());
            }
        }
        return new CollectionSettings(
                dataDir, interval, exporter, StorageSettings.load(settings), SourceSpec.loadAll(settings), warnings);
    }
}
