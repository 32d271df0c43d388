package io.gridscope.console.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        Path file = configDir.resolve(FILE_NAME);
        Map<String, String> map = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return new UiSettings(map);
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                log.warn("{} is larger than {} bytes; ignoring it and using defaults", file, MAX_BYTES);
                return new UiSettings(map);
            }
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
            p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        } catch (IOException | IllegalArgumentException e) {
            log.warn("cannot read {} ({}); using defaults", file, e.getMessage());
        }
        return new UiSettings(map);
    }

    public synchronized void save(Path configDir) throws IOException {
        Files.createDirectories(configDir);
        Path file = configDir.resolve(FILE_NAME);
        Path tmp = Files.createTempFile(configDir, FILE_NAME, ".tmp");
        Properties p = new Properties();
        values.forEach(p::setProperty);
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "Gridscope console settings");
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
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
