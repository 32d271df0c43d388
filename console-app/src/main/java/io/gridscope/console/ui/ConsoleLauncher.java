package io.gridscope.console.ui;

import io.gridscope.collectors.host.JnaPriorityCalls;
import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.CollectionSettings;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.LiveBackend;
import io.gridscope.console.app.RenderingPipeline;
import io.gridscope.console.app.StartupTiming;
import io.gridscope.console.app.UiSettings;
import io.gridscope.model.BackgroundPriority;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import org.slf4j.LoggerFactory;

/**
 * Opens the console. Settings are read here, on the calling (main) thread, before the FX toolkit starts, and
 * written back here after the window has closed; the data path is shut down here too. The FX thread does none of it.
 */
public final class ConsoleLauncher {
    private static final AtomicReference<GridscopeApp> running = new AtomicReference<>();

    private ConsoleLauncher() {}

    /** True when a window can be opened: an X11/Wayland display, or JavaFX's headless glass platform. */
    public static boolean displayAvailable() {
        return notBlank(System.getenv("DISPLAY"))
                || notBlank(System.getenv("WAYLAND_DISPLAY"))
                || "Headless".equalsIgnoreCase(System.getProperty("glass.platform"))
                || !System.getProperty("os.name", "")
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains("linux");
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /**
     * Blocks until the window is closed.
     *
     * @param dataDirFromCommandLine whether {@code --data-dir} was given (it wins over the saved setting)
     * @param version                Gridscope's version, for the About box
     */
    public static int launch(AppPaths paths, boolean dataDirFromCommandLine, String version) {
        // thread priorities through JNA, which the collectors load anyway, as `collect` sets them
        JnaPriorityCalls.load().ifPresent(BackgroundPriority::use);
        UiSettings settings = UiSettings.load(paths.configDir());
        // the same saved settings `collect` reads, so the console and headless collection agree
        CollectionSettings saved = CollectionSettings.load(settings);
        saved.warnings()
                .forEach(w -> LoggerFactory.getLogger(ConsoleLauncher.class).warn(w));
        AppPaths backendPaths = dataDirFromCommandLine
                ? paths
                : saved.dataDir().map(paths::withDataDir).orElse(paths);
        GridscopeApp.configure(
                () -> new LiveBackend(
                        backendPaths, Clock.systemUTC(), saved.interval(), saved.exporter(), saved.storage()),
                settings,
                dataDirFromCommandLine ? Optional.of(paths.dataDir()) : Optional.empty(),
                new AppPaths(backendPaths.configDir(), backendPaths.dataDir(), logDir(paths)),
                version);
        ShutdownSave onShutdown = new ShutdownSave(
                () -> Optional.ofNullable(running.get()).flatMap(GridscopeApp::publishedSettings), paths.configDir());
        Thread hook = Thread.ofPlatform().name("gridscope-save-settings").unstarted(onShutdown);
        Runtime.getRuntime().addShutdownHook(hook);
        var log = LoggerFactory.getLogger(ConsoleLauncher.class);
        RenderingPipeline.choose().forEach(log::info);
        log.info("JVM threads at the background priority: {}", BackgroundPriority.lowerJvmServiceThreads());
        StartupTiming.mark("launching JavaFX");
        Application.launch(LaunchedApp.class);
        onShutdown.disarm();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs, disarmed: the settings are saved below
        }
        GridscopeApp app = running.get();
        if (app != null && app.controller() != null) {
            app.controller().close();
        }
        if (app != null) {
            try {
                app.settings().save(paths.configDir());
            } catch (IOException e) {
                LoggerFactory.getLogger(ConsoleLauncher.class)
                        .warn("cannot save console settings in {}: {}", paths.configDir(), e.getMessage());
            }
        }
        return ExitCodes.OK;
    }

    /** Where the log files go: as {@code Main} configured logging, else the XDG state directory. */
    private static java.nio.file.Path logDir(AppPaths paths) {
        String configured = System.getProperty("gridscope.log.dir");
        return configured == null || configured.isBlank() ? paths.logDir() : java.nio.file.Path.of(configured);
    }

    /** Lets {@link #launch} reach the instance that {@link Application#launch} creates. */
    public static final class LaunchedApp extends Application {
        private final GridscopeApp delegate = new GridscopeApp();

        @Override
        public void start(javafx.stage.Stage stage) {
            running.set(delegate);
            delegate.start(stage);
        }
    }
}
