package io.gridscope.console.ui;

import io.gridscope.console.app.ConsoleBackend;
import java.lang.management.ManagementFactory;
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
        viewModel = new MainViewModel();
        MainView view = new MainView(viewModel);
        Scene scene = new Scene(view, 1180, 820);
        scene.getStylesheets().add(Objects.requireNonNull(
                GridscopeApp.class.getResource("gridscope.css"), "gridscope.css").toExternalForm());
        stage.setTitle(TITLE);
        stage.setMinWidth(720);
        stage.setMinHeight(520);
        stage.setScene(scene);
        stage.setOnShown(e -> {
            shownAfterJvmStartMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            log.info("window shown {} ms after JVM start", shownAfterJvmStartMillis);
            if (Boolean.getBoolean("gridscope.startupTiming")) {
                System.err.println("gridscope: window shown " + shownAfterJvmStartMillis + " ms after JVM start");
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
