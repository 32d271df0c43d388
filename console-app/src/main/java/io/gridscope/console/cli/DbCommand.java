package io.gridscope.console.cli;

import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.HistoryStores;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.HistoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./gridscope db ...}: maintenance of the history database (backup, statistics). */
@Command(
        name = "db",
        mixinStandardHelpOptions = true,
        description = "History database maintenance: online backup and statistics.",
        subcommands = {DbBackupCommand.class, DbStatsCommand.class})
public final class DbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("gridscope: db needs a command: backup or stats");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /**
     * Opens the existing history database in {@code dir} read-only for a command that only reads. Refuses a missing
     * database, and a damaged one (reported, and left as it is: a read never repairs or moves a file).
     */
    static HistoryReader openExisting(Path dir) {
        if (!Files.isRegularFile(dir.resolve(HistoryStore.FILE_NAME))) {
            throw new UserFacingException(
                    "no history database in " + dir + " (collect first: ./gridscope collect --duration 30s --data-dir "
                            + dir + ")",
                    ExitCodes.IO);
        }
        return HistoryStores.openReader(dir);
    }
}
