package io.gridscope.console.app;

import io.gridscope.history.HistoryReader;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the console's accounting reads and writes, as a data path provides it.
 *
 * @param configDir the configuration directory: {@code accounting.toml} (and the saved console settings) live here
 * @param dataDir the data directory: the accounting audit log is appended here until the history keeps it
 * @param history opens a read-only reader of the history; called on the accounting thread, at most once per
 *     successful open; the caller closes what it returns. Throws (a {@link UserFacingException} or the history's
 *     own exception) when the history cannot be read
 */
public record AccountingAccess(Path configDir, Path dataDir, Supplier<HistoryReader> history) {
    public AccountingAccess {
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(history, "history");
    }
}
