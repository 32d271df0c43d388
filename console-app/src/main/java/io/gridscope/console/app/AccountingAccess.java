package io.gridscope.console.app;

import io.gridscope.history.HistoryReader;
import io.gridscope.history.HistoryStore;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the console's accounting reads and writes, as a data path provides it.
 *
 * @param configDir the configuration directory: {@code accounting.toml} (and the saved console settings) live here
 * @param dataDir the data directory: the accounting audit log is appended here until the history keeps it
 * @param history opens a read-only reader of the history; called on the accounting thread, at most once per
 *     successful open; the caller closes what it returns. Throws (a {@link UserFacingException} or the history's
 *     own exception) when the history cannot be read
 * @param store the writable history of the running data path, whose append-only audit log records every change of
 *     the accounting file; empty where there is none (then the audit goes to a log file in {@code dataDir})
 */
public record AccountingAccess(
        Path configDir, Path dataDir, Supplier<HistoryReader> history, Optional<Supplier<HistoryStore>> store) {
    public AccountingAccess {
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(store, "store");
    }

    public AccountingAccess(Path configDir, Path dataDir, Supplier<HistoryReader> history) {
        this(configDir, dataDir, history, Optional.empty());
    }
}
