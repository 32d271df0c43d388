package io.gridscope.console.app;

import io.gridscope.history.HistoryException;
import io.gridscope.history.HistoryStore;
import java.nio.file.Path;

/** Opens the history store and turns its failures into one-line user errors. */
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
}
