package io.gridscope.console.cli;

import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.HistoryStores;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.history.HistoryStore;
import io.gridscope.history.OpenWarning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./gridscope db ...}: maintenance of the history database (backup, statistics). */
@Command(name = "db", mixinStandardHelpOptions = true,
        description = "History database maintenance: online backup and statistics.",
        subcommands = {DbBackupCommand.class, DbStatsCommand.class})
public final class DbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /**
     * Opens the existing history database in {@code dir} for a maintenance command. Refuses a missing database,
     * and one found damaged at open (it has just been moved aside: there is nothing left to work on).
     */
    static HistoryStore openExisting(Path dir) {
        if (!Files.isRegularFile(dir.resolve(HistoryStore.FILE_NAME))) {
            throw new UserFacingException("no history database in " + dir
                    + " (collect first: ./gridscope collect --duration 30s --data-dir " + dir + ")", ExitCodes.IO);
        }
        HistoryStore store = HistoryStores.open(dir);
        if (!store.openWarnings().isEmpty()) {
            store.close();
            throw new UserFacingException(store.openWarnings().stream().map(OpenWarning::message)
                    .reduce((a, b) -> a + " " + b).orElseThrow(), ExitCodes.IO);
        }
        return store;
    }
}
