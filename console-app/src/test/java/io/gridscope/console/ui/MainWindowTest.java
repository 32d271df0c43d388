package io.gridscope.console.ui;

import static io.gridscope.console.ui.ConsoleWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.LiveBackend;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.ui.chart.TimeSeriesChart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Opens the real main window (headless glass platform) on the real data path: OSHI → SQLite → chart. */
class MainWindowTest {
    @TempDir
    Path home;

    private ConsoleWindow window;
    private GridscopeApp app;
    private RecordingBackend backend;
    private final FxRobot robot = new FxRobot();

    private void open(Path dataDir) throws Exception {
        window = ConsoleWindow.open(
                home, dataDir, UiSettings.empty(), paths -> new LiveBackend(paths, Clock.systemUTC()));
        app = window.app();
        backend = window.backend();
        assertThat(window.stage().getTitle()).isEqualTo("Gridscope");
        assertThat(window.stage().isShowing()).isTrue();
    }

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
    }

    @Test
    void cpuChartReceivesLivePointsFromTheCollectorsThroughTheStore() throws Exception {
        open(home.resolve("data"));
        WaitForAsyncUtils.waitFor(
                15,
                TimeUnit.SECONDS,
                () -> app.viewModel().cpuTotal().pointCountProperty().get() >= 2);
        // the Overview's row of this machine is built from the same batches, a moment later
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> robot.lookup("#cpuNow").tryQuery().isPresent());
        assertThat(fx(() -> robot.lookup("#cpuNow").queryAs(Label.class).getText()))
                .matches("\\d+ %");
        robot.clickOn("#nav-hosts");
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> robot.lookup("#cpuChart").tryQuery().isPresent());
        TimeSeriesChart chart = robot.lookup("#cpuChart").queryAs(TimeSeriesChart.class);
        assertThat(fx(() -> chart.lines().get(0).points().size())).isGreaterThanOrEqualTo(2);
        long draws = fx(() -> chart.drawCountProperty().get());
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> fx(() -> chart.drawCountProperty().get()) > draws);

        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> fx(() -> robot.lookup("#status-host")
                                .tryQuery()
                                .map(n -> String.valueOf(n.getUserData()))
                                .orElse(""))
                        .startsWith("OK · "));
        assertThat(fx(() -> robot.lookup("#status-host").queryAs(Label.class).getText()))
                .isEqualTo("Host CPU & memory");
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> fx(() -> app.viewModel().historyStatusProperty().get())
                        .matches("History: [1-9][\\d,]* samples stored this session"));
        assertThat(home.resolve("data/history.db")).exists();
        assertThat(fx(() -> robot.lookup("#coreTiles")
                        .queryAs(javafx.scene.layout.TilePane.class)
                        .getChildren()
                        .size()))
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(fx(() -> robot.lookup("#errorBanner").queryAs(Node.class).isVisible()))
                .isFalse();
    }

    @Test
    void theFxThreadNeverCallsTheBackend() throws Exception {
        open(home.resolve("data"));
        WaitForAsyncUtils.waitFor(
                15,
                TimeUnit.SECONDS,
                () -> app.viewModel().cpuTotal().pointCountProperty().get() >= 2);
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> backend.calls.stream().anyMatch(c -> c.method().equals("writerStats")));
        assertThat(backend.calls)
                .extracting(RecordingBackend.Call::method)
                .contains("hostName", "start", "range", "writerStats");
        assertThat(backend.calls).noneMatch(RecordingBackend.Call::onFxThread);
        assertThat(backend.calls).allMatch(c -> c.thread().equals("gridscope-console-io"));
    }

    @Test
    void theBackendIsBuiltOnTheIoThreadBeforeAnyCall() throws Exception {
        // building a live backend finds the host's identity (a DNS lookup, a file read): never on the FX thread
        open(home.resolve("data"));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> window.calls("start") > 0);
        assertThat(backend.calls.getFirst())
                .isEqualTo(new RecordingBackend.Call("create", "gridscope-console-io", false));
        assertThat(window.calls("create")).isOne();
    }

    @Test
    void anUnusableDataDirectoryIsShownInTheWindowAndTheWindowStaysUp() throws Exception {
        Path file = Files.writeString(home.resolve("not-a-dir"), "x");
        open(file);
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> fx(() -> robot.lookup("#errorBanner").queryAs(Node.class).isVisible()));
        String text = fx(() -> robot.lookup("#errorBanner").queryAs(Label.class).getText());
        assertThat(text).contains(file.toString()).contains("not a directory");
        assertThat(fx(() -> robot.lookup("#cpuNow").queryAs(Label.class).getText()))
                .isEqualTo("N/A");
    }

    @Test
    void aBackendThatCannotBeBuiltIsShownInTheWindow() throws Exception {
        window = ConsoleWindow.open(home, home.resolve("data"), UiSettings.empty(), paths -> {
            throw new IllegalStateException("no host identity");
        });
        app = window.app();
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> fx(() -> robot.lookup("#errorBanner").queryAs(Node.class).isVisible()));
        assertThat(fx(() -> robot.lookup("#errorBanner").queryAs(Label.class).getText()))
                .isEqualTo("Cannot start collecting: no host identity");
        assertThat(window.calls("start")).isZero();
    }
}
