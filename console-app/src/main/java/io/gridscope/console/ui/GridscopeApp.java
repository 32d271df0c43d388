package io.gridscope.console.ui;

import io.gridscope.console.app.ConsoleBackend;
import io.gridscope.console.app.StartupTiming;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console window. {@link #start} only builds the scene and shows it; the data path starts on a background thread
 * (see {@link ConsoleController}), so the window appears before any database or hardware is touched.
 */
public final class GridscopeApp extends Application {
    private static final Logger log = LoggerFactory.getLogger(GridscopeApp.class);
    public static final String TITLE = "Gridscope";

    private static volatile Supplier<ConsoleBackend> defaultBackend;

    private final Supplier<ConsoleBackend> backendFactory;
    private volatile ConsoleController controller;
    private volatile MainViewModel viewModel;
    private volatile long shownAfterJvmStartMillis = -1;

    /** Used by {@link Application#launch}: the backend comes from {@link #setDefaultBackend}. */
    public GridscopeApp() {
        this(() -> Objects.requireNonNull(defaultBackend, "no backend configured").get());
    }

    public GridscopeApp(Supplier<ConsoleBackend> backendFactory) {
        this.backendFactory = backendFactory;
    }

    static void setDefaultBackend(Supplier<ConsoleBackend> backend) {
        defaultBackend = backend;
    }

    @Override
    public void start(Stage stage) {
        StartupTiming.mark("JavaFX started");
        viewModel = new MainViewModel();
        MainView view = new MainView(viewModel);
        Scene scene = new Scene(view, 1180, 820);
        scene.getStylesheets().add(Objects.requireNonNull(
                GridscopeApp.class.getResource("gridscope.css"), "gridscope.css").toExternalForm());
        StartupTiming.mark("scene built");
        stage.setTitle(TITLE);
        stage.setMinWidth(720);
        stage.setMinHeight(520);
        stage.setScene(scene);
        stage.setOnShown(e -> {
            shownAfterJvmStartMillis = StartupTiming.sinceJvmStartMillis();
            log.info("window shown {} ms after JVM start", shownAfterJvmStartMillis);
            StartupTiming.mark("window shown");
            long exitAfter = Long.getLong("gridscope.exitAfterShownMillis", -1);
            if (exitAfter >= 0) {
                // Training run for the launcher's ahead-of-time cache: show, run briefly, leave.
                Thread.ofPlatform().daemon().name("gridscope-training-exit").start(() -> {
                    try {
                        Thread.sleep(exitAfter);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                    Platform.exit();
                });
            }
        });
        stage.show();
        controller = new ConsoleController(backendFactory.get(), viewModel, Platform::runLater);
        controller.start();
    }

    /** The controller, to close the data path after the FX toolkit has exited (never on the FX thread). */
    public ConsoleController controller() {
        return controller;
    }

    public MainViewModel viewModel() {
        return viewModel;
    }

    public long shownAfterJvmStartMillis() {
        return shownAfterJvmStartMillis;
    }
}
