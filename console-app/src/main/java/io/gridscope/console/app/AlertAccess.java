package io.gridscope.console.app;

import io.gridscope.history.HistoryReader;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the console's Alerts page reads and writes, as a data path provides it.
 *
 * @param configDir where {@code alerts.toml} lives
 * @param dataDir the data directory: alerts, silences and the audit log are in its history; actions are written there
 * @param history opens a read-only reader of that history (called on the alert console's thread; the caller closes
 *     it); throws when the history cannot be read
 * @param collector who evaluates the rules: empty when this console does, else the other process (a {@code collect}
 *     service) that holds the data directory's collector lock
 */
public record AlertAccess(
        Path configDir, Path dataDir, Supplier<HistoryReader> history, Optional<CollectorLock.Holder> collector) {
    public AlertAccess {
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(collector, "collector");
    }
}
