package io.gridscope.console.ui;

import static io.gridscope.console.ui.ConsoleWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.UiSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** A shutdown without a close (SIGTERM) keeps the window's size: the hook writes what the FX thread published. */
class ShutdownSaveTest {
    @TempDir
    Path home;

    private GridscopeApp app;
    private Stage stage;

    @AfterEach
    void close() throws Exception {
        if (stage != null) {
            fx(() -> {
                stage.hide();
                return null;
            });
        }
        if (app != null && app.controller() != null) {
            app.controller().close(); // off the FX thread, as the launcher does
        }
    }

    @Test
    void theWindowSizeAsLastChangedIsSavedAtShutdown() throws Exception {
        // a window of its own: the primary stage, shared with other tests, keeps an explicit size once given one
        FxToolkit.registerPrimaryStage();
        RecordingBackend backend = new RecordingBackend(TwoHostBackend::new);
        app = new GridscopeApp(backend::create, UiSettings.empty());
        stage = fx(Stage::new);
        fx(() -> {
            app.start(stage);
            return null;
        });
        WaitForAsyncUtils.waitFor(
                15,
                TimeUnit.SECONDS,
                () -> backend.calls.stream().anyMatch(c -> c.method().equals("start")));
        fx(() -> {
            stage.setWidth(1011);
            stage.setHeight(707);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        double width = fx(() -> stage.getScene().getWidth());
        double height = fx(() -> stage.getScene().getHeight());
        assertThat(width).isNotEqualTo(1280.0);

        Path configDir = home.resolve("config-at-shutdown");
        // the hook's work, on a thread that is not the FX thread, as a shutdown hook's is
        Thread hook = Thread.ofPlatform().start(new ShutdownSave(app::publishedSettings, configDir));
        hook.join(5_000);

        UiSettings saved = UiSettings.load(configDir);
        assertThat(saved.getDouble(GridscopeApp.KEY_W, Double.NaN)).isEqualTo(width);
        assertThat(saved.getDouble(GridscopeApp.KEY_H, Double.NaN)).isEqualTo(height);
    }

    @Test
    void aDisarmedHookWritesNothing() throws Exception {
        UiSettings published = UiSettings.empty();
        published.put(GridscopeApp.KEY_W, "900");
        Path configDir = home.resolve("config");
        ShutdownSave save = new ShutdownSave(() -> Optional.of(published), configDir);
        save.disarm();
        save.run();
        assertThat(Files.exists(configDir.resolve(UiSettings.FILE_NAME))).isFalse();

        new ShutdownSave(Optional::empty, configDir).run();
        assertThat(Files.exists(configDir.resolve(UiSettings.FILE_NAME)))
                .as("nothing published yet")
                .isFalse();

        new ShutdownSave(() -> Optional.of(published), configDir).run();
        assertThat(UiSettings.load(configDir).get(GridscopeApp.KEY_W)).contains("900");
    }
}
