package io.gridscope.console.cli;

import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.history.HistoryException;
import io.gridscope.history.HistoryReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./gridscope db backup FILE}: a consistent copy of the history database, taken while it is in use, through
 * a read-only {@link HistoryReader} (the history itself is never changed).
 */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = "Copy the history database to FILE with SQLite's online backup; collection may keep running.",
        footer = {
            "",
            "Example:",
            "  ./gridscope db backup /backups/gridscope-$(date +%%F).db",
            "",
            "To restore: stop Gridscope (console and collect), move history.db and any",
            "history.db-wal and history.db-shm out of the data directory, and copy the",
            "backup there as history.db."
        })
public final class DbBackupCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Where to write the copy; must not exist yet.")
    Path target;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (HistoryReader store = DbCommand.openExisting(DataDirMixin.dataDir(spec))) {
            long bytes = store.backup(target);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("backed up %s to %s (%d bytes)%n", store.file(), target.toAbsolutePath(), bytes);
            out.flush();
            return ExitCodes.OK;
        } catch (HistoryException e) {
            throw new UserFacingException(e.getMessage(), ExitCodes.IO, e);
        }
    }
}
