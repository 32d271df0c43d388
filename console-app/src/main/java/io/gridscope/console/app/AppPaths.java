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
 * The system property {@value #CONFIG_HOME_PROPERTY} replaces {@code XDG_CONFIG_HOME} for one JVM (the test suite
 * uses it so that no test reads or writes the settings of the user running it).
 */
public record AppPaths(Path configDir, Path dataDir, Path logDir) {
    public static final String APP_DIR = "gridscope";

    public static final String CONFIG_HOME_PROPERTY = "gridscope.config.home";

    public static AppPaths fromEnvironment() {
        Map<String, String> env = System.getenv();
        String configHome = System.getProperty(CONFIG_HOME_PROPERTY);
        if (configHome != null && !configHome.isBlank()) {
            env = new java.util.HashMap<>(env);
            env.put("XDG_CONFIG_HOME", configHome);
        }
        return resolve(env, Path.of(System.getProperty("user.home")), Optional.empty());
    }

    public static AppPaths resolve(Map<String, String> env, Path home, Optional<Path> dataDirOverride) {
        Path config = xdg(env, "XDG_CONFIG_HOME", home.resolve(".config"));
        Path data = xdg(env, "XDG_DATA_HOME", home.resolve(".local/share"));
        Path state = xdg(env, "XDG_STATE_HOME", home.resolve(".local/state"));
        return new AppPaths(
                config.resolve(APP_DIR),
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
