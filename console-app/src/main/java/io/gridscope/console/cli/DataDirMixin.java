package io.gridscope.console.cli;

import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.CollectionSettings;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.app.UserFacingException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --data-dir DIR}: where the history database lives. Defined once, on {@code gridscope} itself, and inherited
 * by every subcommand, so it may be given before or after a subcommand's name ({@code --data-dir X db stats} and
 * {@code db stats --data-dir X} are the same). Without the option, the data directory saved on the Settings page
 * (as the console uses it), else {@code $XDG_DATA_HOME/gridscope}.
 */
public final class DataDirMixin {
    static final String NAME = "--data-dir";

    @Option(
            names = NAME,
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            // one line each, so that no help page wraps a path in the middle
            description = {
                "Directory holding the history database",
                "(default: the one saved in Settings, else",
                "$XDG_DATA_HOME/gridscope, i.e.",
                "~/.local/share/gridscope)."
            })
    Path dataDir;

    /** The data directory given on the command line, wherever it was placed; empty without the option. */
    static Optional<Path> given(CommandSpec spec) {
        OptionSpec option = spec.findOption(NAME);
        return option == null ? Optional.empty() : Optional.ofNullable(option.getValue());
    }

    /** The paths {@code spec}'s command works with: {@code --data-dir}, else the saved one, else the XDG one. */
    static AppPaths paths(CommandSpec spec) {
        return paths(given(spec));
    }

    /** The data directory {@code spec}'s command works with (see {@link #paths(CommandSpec)}). */
    static Path dataDir(CommandSpec spec) {
        return paths(spec).dataDir();
    }

    private static AppPaths paths(Optional<Path> given) {
        AppPaths defaults = AppPaths.fromEnvironment();
        if (given.isPresent()) {
            return defaults.withDataDir(given.get());
        }
        Optional<Path> saved;
        try {
            saved = CollectionSettings.savedDataDir(UiSettings.load(defaults.configDir()));
        } catch (InvalidPathException e) {
            // the console falls back to the default (with a warning); a command must not read another database
            throw new UserFacingException(
                    "the data directory saved in " + defaults.configDir().resolve(UiSettings.FILE_NAME)
                            + " is not a path (" + e.getReason() + "): give one with " + NAME
                            + " or save one on the Settings page",
                    ExitCodes.IO,
                    e);
        }
        return saved.map(defaults::withDataDir).orElse(defaults);
    }

    public AppPaths paths() {
        return paths(Optional.ofNullable(dataDir));
    }
}
