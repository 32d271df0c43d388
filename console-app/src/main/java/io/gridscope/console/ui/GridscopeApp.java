package io.gridscope.console.ui;

import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.ConsoleBackend;
import io.gridscope.console.app.StartupTiming;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.app.secrets.SecretServiceStore;
import io.gridscope.console.app.secrets.SecretStoreKind;
import io.gridscope.console.app.secrets.SecretVault;
import io.gridscope.console.fx.FxDiagnostics;
import io.gridscope.console.ui.secrets.SecretsViewModel;
import io.gridscope.console.ui.shell.AboutDetails;
import io.gridscope.console.ui.shell.AppIcons;
import io.gridscope.console.ui.shell.MainView;
import io.gridscope.console.ui.sources.SourceActions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console window. {@link #start} only builds the scene and shows it; the data path starts on a background thread
 * (see {@link ConsoleController}), so the window appears before any database or hardware is touched. Settings
 * (window geometry, page, range, theme) arrive already read and leave through {@link #settings()}: this class does
 * no file I/O.
 */
public final class GridscopeApp extends Application {
    private static final Logger log = LoggerFactory.getLogger(GridscopeApp.class);
    public static final String TITLE = "Gridscope";
    static final String KEY_X = "window.x", KEY_Y = "window.y", KEY_W = "window.width", KEY_H = "window.height";

    private static volatile Supplier<ConsoleBackend> defaultBackend;
    private static volatile UiSettings defaultSettings = UiSettings.empty();
    private static volatile Optional<Path> defaultDataDirFromCommandLine = Optional.empty();
    private static volatile Optional<AppPaths> defaultPaths = Optional.empty();
    private static volatile String defaultVersion = "unknown";

    private final Supplier<ConsoleBackend> backendFactory;
    private final UiSettings settings;
    private final Optional<Path> dataDirFromCommandLine;
    /** The directories the About box names: the console's own, or, without them, those of the environment. */
    private final AppPaths paths;

    private final String version;
    private volatile ConsoleController controller;
    /** The secret stores; FX thread. */
    private SecretsViewModel secrets;
    /** The stores to use; null for those of this process's environment (session bus, config directory). */
    private volatile SecretVault vault;
    /** The controller's source actions behind the reading of stored secrets. */
    private SourceActions sources;
    /** Every store call of every console in this JVM: one daemon thread. */
    private static final java.util.concurrent.ExecutorService SECRETS_THREAD =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "gridscope-secrets");
                t.setDaemon(true);
                return t;
            });

    private volatile MainViewModel viewModel;
    private volatile long shownAfterJvmStartMillis = -1;
    /** A copy of the settings as the FX thread last left them, for a shutdown without a close. */
    private final AtomicReference<UiSettings> published = new AtomicReference<>();

    /** Used by {@link Application#launch}: backend and settings come from {@link #configure}. */
    public GridscopeApp() {
        this(
                () -> Objects.requireNonNull(defaultBackend, "no backend configured")
                        .get(),
                defaultSettings,
                defaultDataDirFromCommandLine,
                defaultPaths.orElseGet(AppPaths::fromEnvironment),
                defaultVersion);
    }

    public GridscopeApp(Supplier<ConsoleBackend> backendFactory) {
        this(backendFactory, UiSettings.empty());
    }

    public GridscopeApp(Supplier<ConsoleBackend> backendFactory, UiSettings settings) {
        this(backendFactory, settings, Optional.empty());
    }

    /** With the environment's directories (and the data directory given, if any) in the About box, and no version. */
    public GridscopeApp(
            Supplier<ConsoleBackend> backendFactory, UiSettings settings, Optional<Path> dataDirFromCommandLine) {
        this(
                backendFactory,
                settings,
                dataDirFromCommandLine,
                dataDirFromCommandLine
                        .map(AppPaths.fromEnvironment()::withDataDir)
                        .orElseGet(AppPaths::fromEnvironment),
                "unknown");
    }

    /**
     * @param dataDirFromCommandLine the data directory given with {@code --data-dir}, if any
     * @param paths                  the directories the console works in (the About box names them)
     * @param version                Gridscope's version (the About box shows it)
     */
    public GridscopeApp(
            Supplier<ConsoleBackend> backendFactory,
            UiSettings settings,
            Optional<Path> dataDirFromCommandLine,
            AppPaths paths,
            String version) {
        this.backendFactory = backendFactory;
        this.settings = settings;
        this.dataDirFromCommandLine = dataDirFromCommandLine;
        this.paths = paths;
        this.version = version;
    }

    /**
     * @param paths   the directories the console works in
     * @param version Gridscope's version
     */
    static void configure(
            Supplier<ConsoleBackend> backend,
            UiSettings settings,
            Optional<Path> dataDirFromCommandLine,
            AppPaths paths,
            String version) {
        defaultBackend = backend;
        defaultSettings = settings;
        defaultDataDirFromCommandLine = dataDirFromCommandLine;
        defaultPaths = Optional.of(paths);
        defaultVersion = version;
    }

    /** Uses {@code stores} instead of the environment's (a private keyring in tests); call before start. */
    public GridscopeApp withSecretVault(SecretVault stores) {
        this.vault = stores;
        return this;
    }

    /** The secret stores' view model (FX thread). */
    public SecretsViewModel secrets() {
        return secrets;
    }

    @Override
    public void start(Stage stage) {
        StartupTiming.mark("JavaFX started");
        viewModel = new MainViewModel();
        viewModel.shell().restoreFrom(settings);
        // the backend is built on the I/O thread: finding the host's identity does I/O
        controller = new ConsoleController(backendFactory, viewModel, Platform::runLater);
        // Secret stores: the keyring is probed and the encrypted file's key derived on a thread of their own
        secrets = new SecretsViewModel(
                vault != null
                        ? vault
                        : new SecretVault(paths.configDir(), Optional.of(SecretServiceStore.forSessionBus())),
                SECRETS_THREAD,
                Platform::runLater,
                settings,
                this::saveFromPage);
        secrets.probe();
        sources = new ResolvingSourceActions(controller, secrets);
        MainView view = new MainView(
                viewModel.shell(),
                ConsolePages.create(
                        viewModel,
                        settings,
                        this::saveFromPage,
                        sources,
                        dataDirFromCommandLine,
                        controller.accounting(),
                        controller.alerts(),
                        controller.reports(),
                        Optional.of(secrets)),
                // from values known already (JavaFX has set its version by now): no I/O
                AboutDetails.of(version, paths));
        controller.alerts().openLinksWith(url -> getHostServices().showDocument(url));
        controller.reports().openFoldersWith(uri -> getHostServices().showDocument(uri));
        Scene scene = new Scene(view, settings.getDouble(KEY_W, 1280), settings.getDouble(KEY_H, 860));
        String light = Objects.requireNonNull(GridscopeApp.class.getResource("gridscope.css"), "gridscope.css")
                .toExternalForm();
        String dark = Objects.requireNonNull(GridscopeApp.class.getResource("gridscope-dark.css"), "gridscope-dark.css")
                .toExternalForm();
        // first the notifications' (as ControlsFX would add it, before the rest): listed now, a notification
        // leaves the scene's stylesheets alone, and with them every node's looked-up styles
        String toasts = io.gridscope.console.ui.alerts.AlertToasts.stylesheet();
        Runnable theme = () -> {
            scene.getStylesheets().setAll(toasts, light);
            if (viewModel.shell().darkProperty().get()) {
                scene.getStylesheets().add(dark);
            }
        };
        theme.run();
        viewModel.shell().darkProperty().addListener((o, a, b) -> theme.run());
        FxDiagnostics.watchPulses(scene);
        StartupTiming.mark("scene built");
        // "Gridscope — 3 firing": the firing alerts nobody has acknowledged or snoozed, as on the sidebar's badge
        var attention = viewModel.alerts().needingAttentionProperty();
        stage.titleProperty()
                .bind(javafx.beans.binding.Bindings.createStringBinding(
                        () -> attention.get() == 0 ? TITLE : TITLE + " — " + attention.get() + " firing", attention));
        new io.gridscope.console.ui.alerts.AlertToasts(viewModel.alerts(), view, id -> {
            viewModel.shell().pageProperty().set(io.gridscope.console.ui.shell.Page.ALERTS);
            viewModel.alerts().showAlert(id);
        });
        // a snooze ends with time, not with a new board: list again now and then
        javafx.animation.Timeline tick = new javafx.animation.Timeline(new javafx.animation.KeyFrame(
                javafx.util.Duration.seconds(30), e -> viewModel.alerts().refresh()));
        tick.setCycleCount(javafx.animation.Animation.INDEFINITE);
        tick.play();
        // desktop notifications go out only while the window does not have the focus (or is minimised)
        Runnable focus = () -> controller.windowFocused(stage.isFocused() && !stage.isIconified());
        stage.focusedProperty().addListener((o, a, b) -> focus.run());
        stage.iconifiedProperty().addListener((o, a, b) -> focus.run());
        AppIcons.packaged().installOn(stage);
        stage.setMinWidth(760);
        stage.setMinHeight(520);
        stage.setScene(scene);
        placeOnScreen(stage);
        stage.setOnShown(e -> {
            shownAfterJvmStartMillis = StartupTiming.sinceJvmStartMillis();
            log.info("window shown {} ms after JVM start", shownAfterJvmStartMillis);
            io.gridscope.model.BackgroundPriority.unavailable()
                    .ifPresent(why -> log.info("background threads keep the normal CPU priority: {}", why));
            StartupTiming.mark("window shown");
            exitAfterTrainingRun();
        });
        stage.setOnHiding(e -> remember(stage));
        // the window's place and size as they change, published for a shutdown without a close (SIGTERM)
        javafx.beans.InvalidationListener moved = o -> {
            if (!stage.isIconified() && !stage.isMaximized()) {
                remember(stage);
            }
        };
        stage.xProperty().addListener(moved);
        stage.yProperty().addListener(moved);
        scene.widthProperty().addListener(moved);
        scene.heightProperty().addListener(moved);
        stage.iconifiedProperty().addListener((o, a, minimised) -> controller.windowMinimised(minimised));
        // Persist page, range and theme as soon as they change: a crash loses nothing the user chose.
        viewModel.shell().pageProperty().addListener((o, a, b) -> persistShell());
        viewModel.shell().rangeProperty().addListener((o, a, r) -> {
            controller.changeRange(r);
            persistShell();
        });
        viewModel.shell().darkProperty().addListener((o, a, b) -> persistShell());
        viewModel.shell().hostProperty().addListener((o, a, h) -> {
            controller.changeHost(h);
            persistShell();
        });
        stage.show();
        focus.run();
        remember(stage);
        controller.start();
        // Saved Prometheus sources start scraping once collection runs (queued behind the start on the I/O thread),
        // their secrets read from their stores first. One that cannot start (its typed token was for the last
        // session only, the encrypted file is still locked) stays listed as failed, so it can be edited on the
        // Sources page; those waiting for the encrypted file start once it is unlocked.
        List<io.gridscope.console.app.SourceSpec> waitingForFile = new ArrayList<>();
        secrets.onFileUnlocked(() -> {
            List<io.gridscope.console.app.SourceSpec> now = List.copyOf(waitingForFile);
            waitingForFile.clear();
            now.forEach(this::startSaved);
        });
        for (io.gridscope.console.app.SourceSpec s : io.gridscope.console.app.SourceSpec.loadAll(settings)) {
            if (s.auth().needsStoredSecret()
                    && s.auth().stored().orElseThrow().store() == SecretStoreKind.ENCRYPTED_FILE) {
                waitingForFile.add(s);
            }
            startSaved(s);
        }
    }

    private void startSaved(io.gridscope.console.app.SourceSpec s) {
        sources.add(s, error -> {
            if (!error.isEmpty()) {
                viewModel.onStatuses(java.util.List.of(new io.gridscope.collectors.CollectorStatus(
                        s.collectorId(),
                        s.id() + " (" + s.url() + ")",
                        io.gridscope.collectors.CollectorState.FAILED,
                        error,
                        0,
                        0,
                        0,
                        1)));
                viewModel.showError("Source " + s.id() + " did not start: " + error);
            }
        });
    }

    private void placeOnScreen(Stage stage) {
        double x = settings.getDouble(KEY_X, Double.NaN);
        double y = settings.getDouble(KEY_Y, Double.NaN);
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return;
        }
        // Only where the title bar would be on some screen: a monitor may have been unplugged since.
        for (Screen s : Screen.getScreens()) {
            Rectangle2D b = s.getVisualBounds();
            if (b.contains(x + 40, y + 10)) {
                stage.setX(x);
                stage.setY(y);
                return;
            }
        }
    }

    private void remember(Stage stage) {
        settings.put(KEY_X, Double.toString(stage.getX()));
        settings.put(KEY_Y, Double.toString(stage.getY()));
        settings.put(KEY_W, Double.toString(stage.getScene().getWidth()));
        settings.put(KEY_H, Double.toString(stage.getScene().getHeight()));
        viewModel.shell().storeInto(settings);
        published.set(settings.copy());
    }

    /**
     * A page's settings to write (Settings, Sources): they become the window's own, so that closing the window or a
     * shutdown writes them again rather than what was read at start.
     */
    private void saveFromPage(UiSettings next) {
        if (next != settings) {
            settings.replaceWith(next);
        }
        published.set(settings.copy());
        controller.saveSettings(next);
    }

    private void persistShell() {
        viewModel.shell().storeInto(settings);
        UiSettings copy = settings.copy();
        published.set(copy.copy());
        controller.saveSettings(copy);
    }

    private void exitAfterTrainingRun() {
        long exitAfter = Long.getLong("gridscope.exitAfterShownMillis", -1);
        if (exitAfter < 0) {
            return;
        }
        // Training run for the launcher's ahead-of-time cache: visit every page, then leave.
        Thread.ofPlatform().daemon().name("gridscope-training-exit").start(() -> {
            try {
                for (var p : io.gridscope.console.ui.shell.Page.values()) {
                    Platform.runLater(() -> viewModel.shell().pageProperty().set(p));
                    Thread.sleep(exitAfter / io.gridscope.console.ui.shell.Page.values().length);
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            Platform.exit();
        });
    }

    /** The controller, to close the data path after the FX toolkit has exited (never on the FX thread). */
    public ConsoleController controller() {
        return controller;
    }

    public MainViewModel viewModel() {
        return viewModel;
    }

    /**
     * A copy of the settings as the FX thread last published them (geometry, page, range, theme), which nothing
     * changes any more: what a shutdown hook may write without touching the FX thread. Empty before the window is
     * built. Any thread.
     */
    public Optional<UiSettings> publishedSettings() {
        return Optional.ofNullable(published.get());
    }

    /** Settings as the window left them (geometry, page, range, theme); the launcher writes them. */
    public UiSettings settings() {
        return settings;
    }

    public long shownAfterJvmStartMillis() {
        return shownAfterJvmStartMillis;
    }
}
