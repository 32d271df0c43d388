package io.gridscope.console.ui;

import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.LiveBackend;
import io.gridscope.console.app.StartupTiming;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;

/** Opens the console and, once its window is closed, shuts the data path down on this (non-FX) thread. */
public final class ConsoleLauncher {
    private static final AtomicReference<GridscopeApp> running = new AtomicReference<>();

    private ConsoleLauncher() {}

    /** True when a window can be opened: an X11/Wayland display, or JavaFX's headless glass platform. */
    public static boolean displayAvailable() {
        return notBlank(System.getenv("DISPLAY")) || notBlank(System.getenv("WAYLAND_DISPLAY"))
                || "Headless".equalsIgnoreCase(System.getProperty("glass.platform"))
                || !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** Blocks until the window is closed. */
    public static int launch(AppPaths paths) {
        GridscopeApp.setDefaultBackend(() -> new LiveBackend(paths, Clock.systemUTC()));
        StartupTiming.mark("launching JavaFX");
        Application.launch(LaunchedApp.class);
        GridscopeApp app = running.get();
        if (app != null && app.controller() != null) {
            app.controller().close();
        }
        return ExitCodes.OK;
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
