package io.gridscope.console.ui;

import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.ConsoleBackend;
import io.gridscope.console.app.LiveBackend;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.cli.VersionProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real console window (headless glass platform) on the real data path, its backend calls recorded, for
 * TestFX tests: open it, drive it by node id, close it as the launcher does (the data path off the FX thread).
 */
public final class ConsoleWindow {
    private final AppPaths paths;
    private final RecordingBackend backend;
    private final Stage stage;
    private final GridscopeApp app;
    private final FxRobot robot = new FxRobot();

    private ConsoleWindow(AppPaths paths, RecordingBackend backend, Stage stage, GridscopeApp app) {
        this.paths = paths;
        this.backend = backend;
        this.stage = stage;
        this.app = app;
    }

    /** Opens the window with its data in {@code home/data}. */
    public static ConsoleWindow open(Path home, UiSettings settings) throws Exception {
        return open(home, home.resolve("data"), settings, paths -> new LiveBackend(paths, Clock.systemUTC()));
    }

    /**
     * @param backend builds the backend over the paths, when the console asks for it (recorded as "create")
     */
    public static ConsoleWindow open(
            Path home, Path dataDir, UiSettings settings, Function<AppPaths, ConsoleBackend> backend) throws Exception {
        return open(home, dataDir, settings, backend, null);
    }

    /** @param secrets the secret stores the console uses, or null for those of the environment */
    public static ConsoleWindow open(
            Path home,
            Path dataDir,
            UiSettings settings,
            Function<AppPaths, ConsoleBackend> backend,
            Function<AppPaths, io.gridscope.console.app.secrets.SecretVault> secrets)
            throws Exception {
        AppPaths paths = AppPaths.resolve(Map.of(), home, Optional.of(dataDir));
        RecordingBackend recording = new RecordingBackend(() -> backend.apply(paths));
        Stage stage = FxToolkit.registerPrimaryStage();
        GridscopeApp app = (GridscopeApp) FxToolkit.setupApplication(() -> {
            GridscopeApp a =
                    new GridscopeApp(recording::create, settings, Optional.empty(), paths, VersionProvider.version());
            return secrets == null ? a : a.withSecretVault(secrets.apply(paths));
        });
        return new ConsoleWindow(paths, recording, stage, app);
    }

    public GridscopeApp app() {
        return app;
    }

    public RecordingBackend backend() {
        return backend;
    }

    public Stage stage() {
        return stage;
    }

    public AppPaths paths() {
        return paths;
    }

    public FxRobot robot() {
        return robot;
    }

    /** How often the backend has been asked {@code method} so far. */
    public long calls(String method) {
        return backend.calls.stream().filter(c -> c.method().equals(method)).count();
    }

    /** Waits until the data path has started (collection runs). */
    public ConsoleWindow awaitStarted() throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> calls("start") > 0);
        return this;
    }

    public void set(String id, String text) throws Exception {
        fx(() -> {
            robot.lookup(id).queryAs(TextField.class).setText(text);
            return null;
        });
    }

    public void fire(String id) throws Exception {
        fx(() -> {
            robot.lookup(id).queryAs(Button.class).fire();
            return null;
        });
    }

    public String text(String id) throws Exception {
        return fx(() -> robot.lookup(id).queryAs(Label.class).getText());
    }

    /** Whether the node is in the scene and visible. */
    public boolean visible(String id) throws Exception {
        return fx(() -> robot.lookup(id).tryQuery().map(Node::isVisible).orElse(false)
                && robot.lookup(id).tryQuery().map(n -> n.getScene() != null).orElse(false));
    }

    /** Runs {@code read} on the FX thread and returns its result. */
    public static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    /**
     * The row of the table {@code tableId} whose item matches, once one does: a table gives its rows their items at
     * its next layout after its items change, so a row is looked for until it shows the item.
     */
    public static TableRow<?> rowWhere(FxRobot robot, String tableId, Predicate<Object> item) throws Exception {
        AtomicReference<TableRow<?>> row = new AtomicReference<>();
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
                row.set(fx(() -> robot.lookup(tableId + " .table-row-cell").queryAll().stream()
                        .filter(n -> n instanceof TableRow<?> r && r.getItem() != null && item.test(r.getItem()))
                        .<TableRow<?>>map(n -> (TableRow<?>) n)
                        .findFirst()
                        .orElse(null)));
                return row.get() != null;
            });
        } catch (TimeoutException e) {
            throw new AssertionError("no row of " + tableId + " shows the item looked for", e);
        }
        return row.get();
    }

    /** Closes the window, then the data path (off the FX thread, as the launcher does). */
    public void close() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        app.controller().close(); // off the FX thread, as the launcher does
    }
}
