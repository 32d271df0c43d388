package io.gridscope.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.LiveBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import io.gridscope.console.ui.chart.TimeSeriesChart;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Opens the real main window (headless glass platform) on the real data path: OSHI → SQLite → chart. */
class MainWindowTest {
    @TempDir
    Path home;

    private GridscopeApp app;
    private RecordingBackend backend;
    private final FxRobot robot = new FxRobot();

    private void open(Path dataDir) throws Exception {
        AppPaths paths = AppPaths.resolve(Map.of(), home, Optional.of(dataDir));
        backend = new RecordingBackend(new LiveBackend(paths, Clock.systemUTC()));
        Stage stage = FxToolkit.registerPrimaryStage();
        app = (GridscopeApp) FxToolkit.setupApplication(() -> new GridscopeApp(() -> backend));
        assertThat(stage.getTitle()).isEqualTo("Gridscope");
        assertThat(stage.isShowing()).isTrue();
    }

    @AfterEach
    void close() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
            app.controller().close(); // off the FX thread, as the launcher does
        }
    }

    @Test
    void cpuChartReceivesLivePointsFromTheCollectorsThroughTheStore() throws Exception {
        open(home.resolve("data"));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> app.viewModel().cpuTotal().pointCountProperty().get() >= 2);

        assertThat(fx(() -> robot.lookup("#cpuNow").queryAs(Label.class).getText())).matches("\\d+ %");
        robot.clickOn("#nav-hosts");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#cpuChart").tryQuery().isPresent());
        TimeSeriesChart chart = robot.lookup("#cpuChart").queryAs(TimeSeriesChart.class);
        assertThat(fx(() -> chart.lines().get(0).points().size())).isGreaterThanOrEqualTo(2);
        long draws = fx(() -> chart.drawCountProperty().get());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(() -> chart.drawCountProperty().get()) > draws);

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> fx(() -> robot.lookup("#status-host").tryQuery().map(n -> String.valueOf(n.getUserData()))
                        .orElse("")).startsWith("OK · "));
        assertThat(fx(() -> robot.lookup("#status-host").queryAs(Label.class).getText())).isEqualTo("Host CPU & memory");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> fx(() -> app.viewModel().historyStatusProperty().get()).matches("History: [1-9][\\d,]* samples stored this session"));
        assertThat(home.resolve("data/history.db")).exists();
        assertThat(fx(() -> robot.lookup("#coreTiles").queryAs(javafx.scene.layout.TilePane.class).getChildren().size()))
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(fx(() -> robot.lookup("#errorBanner").queryAs(Node.class).isVisible())).isFalse();
    }

    @Test
    void theFxThreadNeverCallsTheBackend() throws Exception {
        open(home.resolve("data"));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> app.viewModel().cpuTotal().pointCountProperty().get() >= 2);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> backend.calls.stream().anyMatch(c -> c.method().equals("writerStats")));
        assertThat(backend.calls).extracting(RecordingBackend.Call::method)
                .contains("hostName", "start", "range", "writerStats");
        assertThat(backend.calls).noneMatch(RecordingBackend.Call::onFxThread);
        assertThat(backend.calls).allMatch(c -> c.thread().equals("gridscope-console-io"));
    }

    @Test
    void anUnusableDataDirectoryIsShownInTheWindowAndTheWindowStaysUp() throws Exception {
        Path file = Files.writeString(home.resolve("not-a-dir"), "x");
        open(file);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> fx(() -> robot.lookup("#errorBanner").queryAs(Node.class).isVisible()));
        String text = fx(() -> robot.lookup("#errorBanner").queryAs(Label.class).getText());
        assertThat(text).contains(file.toString()).contains("not a directory");
        assertThat(fx(() -> robot.lookup("#cpuNow").queryAs(Label.class).getText())).isEqualTo("N/A");
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(5, TimeUnit.SECONDS);
    }
}
