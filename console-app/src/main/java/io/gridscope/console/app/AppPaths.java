package io.gridscope.console.app;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where Gridscope keeps its files, following the XDG base directory specification:
 * config in {@code $XDG_CONFIG_HOME/gridscope} (default {@code ~/.config/gridscope}), data (the history database)
 * in {@code $XDG_DATA_HOME/gridscope} (default {@code ~/.local/share/gridscope}), logs in
 * {@code $XDG_STATE_HOME/gridscope} (default {@code ~/.local/state/gridscope}). {@code --data-dir} overrides the
 * data directory only. XDG variables that are empty or relative are ignored, as the specification requires.
 */
public record AppPaths(Path configDir, Path dataDir, Path logDir) {
    public static final String APP_DIR = "gridscope";

    public static AppPaths fromEnvironment() {
        return resolve(System.getenv(), Path.of(System.getProperty("user.home")), Optional.empty());
    }

    public static AppPaths resolve(Map<String, String> env, Path home, Optional<Path> dataDirOverride) {
        Path config = xdg(env, "XDG_CONFIG_HOME", home.resolve(".config"));
        Path data = xdg(env, "XDG_DATA_HOME", home.resolve(".local/share"));
        Path state = xdg(env, "XDG_STATE_HOME", home.resolve(".local/state"));
        return new AppPaths(config.resolve(APP_DIR),
                dataDirOverride.map(p -> p.toAbsolutePath().normalize()).orElse(data.resolve(APP_DIR)),
                state.resolve(APP_DIR));
    }

    public AppPaths withDataDir(Path dataDir) {
        return new AppPaths(configDir, dataDir.toAbsolutePath().normalize(), logDir);
    }

    private static Path xdg(Map<String, String> env, String name, Path fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        Path p = Path.of(v);
        return p.isAbsolute() ? p : fallback;
    }
}
