package io.gridscope.console.cli;

import io.gridscope.console.app.AppPaths;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --data-dir DIR}: where the history database lives (default {@code $XDG_DATA_HOME/gridscope}). */
public final class DataDirMixin {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory holding the history database (default: $XDG_DATA_HOME/gridscope, "
                    + "i.e. ~/.local/share/gridscope).")
    Path dataDir;

    public AppPaths paths() {
        AppPaths defaults = AppPaths.fromEnvironment();
        return Optional.ofNullable(dataDir).map(defaults::withDataDir).orElse(defaults);
    }

    public Path dataDir() {
        return paths().dataDir();
    }
}
