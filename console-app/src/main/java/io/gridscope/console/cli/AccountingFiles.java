package io.gridscope.console.cli;

import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.AccountingFile;
import io.gridscope.reports.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;

/** How the commands find and read the accounting file: {@code --config FILE}, else the configuration directory's. */
final class AccountingFiles {
    private AccountingFiles() {}

    /** The file a command uses: the one given, which must exist, or the configuration directory's. */
    static Path locate(Path given) {
        if (given != null && !Files.isRegularFile(given)) {
            throw new UserFacingException("no accounting file " + given, ExitCodes.IO);
        }
        return given != null
                ? given
                : AccountingFile.in(AppPaths.fromEnvironment().configDir());
    }

    /** Reads and validates it; every problem on its own line, like a compiler. */
    static AccountingConfig load(Path file) {
        try {
            return AccountingFile.load(file, Currency.getInstance("EUR"));
        } catch (ConfigException e) {
            throw new UserFacingException("invalid accounting file:\n" + e.getMessage(), ExitCodes.FAILURE, e);
        } catch (IOException e) {
            throw new UserFacingException("cannot read " + file + ": " + e.getMessage(), ExitCodes.IO, e);
        }
    }
}
