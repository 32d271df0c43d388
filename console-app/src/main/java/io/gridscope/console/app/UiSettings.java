package io.gridscope.console.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the console remembers between runs (window geometry, page, time range, theme), in
 * {@code $XDG_CONFIG_HOME/gridscope/ui.properties}. Plain values only: no secrets are ever written here.
 *
 * <p>Reads and writes are file I/O: call them off the FX thread. A missing or unreadable file means defaults
 * (logged, never fatal); writes go to a temporary file first and are moved into place, so a crash never leaves a
 * half-written file. The file is bounded (64 KiB) so a corrupt one cannot exhaust memory.
 */
public final class UiSettings {
    public static final String FILE_NAME = "ui.properties";
    private static final long MAX_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(UiSettings.class);

    private final Map<String, String> values;

    private UiSettings(Map<String, String> values) {
        this.values = values;
    }

    public static UiSettings empty() {
        return new UiSettings(new TreeMap<>());
    }

    public static UiSettings load(Path configDir) {
        try {
            return read(configDir);
        } catch (IOException e) {
            log.warn("{}; using defaults", e.getMessage());
            return empty();
        }
    }

    /**
     * The settings in {@code configDir}, for a change written back at once: unlike {@link #load}, a file that exists
     * but cannot be read whole is an error, so that saving never replaces it with defaults. A missing file is empty.
     *
     * @throws IOException when the file is unreadable, malformed or larger than 64 KiB, with a message naming it
     */
    public static UiSettings read(Path configDir) throws IOException {
        Path file = configDir.resolve(FILE_NAME);
        Map<String, String> map = new TreeMap<>();
        if (!Files.exists(file)) {
            return new UiSettings(map);
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is not a regular file");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + " (" + e.getMessage() + ")", e);
        }
        if (size > MAX_BYTES) {
            throw new IOException(file + " is larger than " + MAX_BYTES + " bytes");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("cannot read " + file + " (" + e.getMessage() + ")", e);
        }
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        return new UiSettings(map);
    }

    public synchronized void save(Path configDir) throws IOException {
        Files.createDirectories(configDir);
        Path file = configDir.resolve(FILE_NAME);
        Properties p = new Properties();
        values.forEach(p::setProperty);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        p.store(out, "Gridscope console settings");
        // temp file, fsync, rename, fsync of the directory: the old or the new settings after a power cut
        io.gridscope.history.DurableFiles.write(file, out.toByteArray());
    }

    public synchronized Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public synchronized double getDouble(String key, double fallback) {
        try {
            return get(key).map(Double::parseDouble).filter(Double::isFinite).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Every key, sorted. */
    public synchronized java.util.List<String> keys() {
        return java.util.List.copyOf(values.keySet());
    }

    public synchronized void put(String key, String value) {
        values.put(key, value);
    }

    /** Forgets {@code key}: it is not written again. */
    public synchronized void remove(String key) {
        values.remove(key);
    }

    /** Takes every value of {@code other}, forgetting those it lacks. */
    public void replaceWith(UiSettings other) {
        Map<String, String> theirs = other.copy().values; // never both locks at once
        synchronized (this) {
            values.clear();
            values.putAll(theirs);
        }
    }

    public synchronized UiSettings copy() {
        return new UiSettings(new TreeMap<>(values));
    }
}
