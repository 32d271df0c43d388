package io.gridscope.console.app;

import io.gridscope.history.HistoryException;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.HistoryStore;
import java.nio.file.Path;

/**
 * Opens the history, writable (collection, the console) or read-only (commands that only read), and turns its
 * failures into one-line user errors.
 */
public final class HistoryStores {
    private HistoryStores() {}

    /** @param dataDir an existing, writable directory (see {@link DataDirectory#prepare}) */
    public static HistoryStore open(Path dataDir) {
        return open(dataDir, io.gridscope.history.HistoryOptions.defaults());
    }

    /** @param dataDir an existing, writable directory (see {@link DataDirectory#prepare}) */
    public static HistoryStore open(Path dataDir, io.gridscope.history.HistoryOptions options) {
        try {
            return HistoryStore.open(dataDir, options);
        } catch (HistoryException e) {
            throw new UserFacingException(e.getMessage(), ExitCodes.IO, e);
        }
    }

    /**
     * Opens the history in {@code dataDir} read-only, for commands that only read: no writer, no retention, no
     * migration, and a damaged file is reported and left as it is (see {@link HistoryReader}).
     */
    public static HistoryReader openReader(Path dataDir) {
        return openReader(dataDir, io.gridscope.history.HistoryOptions.defaults());
    }

    /** {@link #openReader(Path)} with the retention (which tier answers a range) and clock of {@code options}. */
    public static HistoryReader openReader(Path dataDir, io.gridscope.history.HistoryOptions options) {
        try {
            return HistoryReader.open(dataDir, options);
        } catch (HistoryException e) {
            throw new UserFacingException(e.getMessage(), ExitCodes.IO, e);
        }
    }
}
