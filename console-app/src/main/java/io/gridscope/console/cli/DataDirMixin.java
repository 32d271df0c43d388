package io.gridscope.console.cli;

import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.CollectionSettings;
import io.gridscope.console.app.UiSettings;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --data-dir DIR}: where the history database lives. Without the option, the data directory saved on the
 * Settings page (as the console uses it), else {@code $XDG_DATA_HOME/gridscope}.
 */
public final class DataDirMixin {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Directory holding the history database (default: the one saved in the console's "
                    + "Settings, else $XDG_DATA_HOME/gridscope, i.e. ~/.local/share/gridscope).")
    Path dataDir;

    public AppPaths paths() {
        AppPaths defaults = AppPaths.fromEnvironment();
        if (dataDir != null) {
            return defaults.withDataDir(dataDir);
        }
        Optional<Path> saved =
                CollectionSettings.load(UiSettings.load(defaults.configDir())).dataDir();
        return saved.map(defaults::withDataDir).orElse(defaults);
    }

    public Path dataDir() {
        return paths().dataDir();
    }
}
