package io.gridscope.console.ui;

import static io.gridscope.console.ui.ConsoleWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.ui.chart.TimeSeriesChart;
import io.gridscope.console.ui.shell.Page;
import io.gridscope.console.ui.shell.TimeRange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The shell as a user drives it: pages, ranges, settings, and what is remembered between runs. */
class ShellTest {
    @TempDir
    Path home;

    private ConsoleWindow window;
    private GridscopeApp app;
    private RecordingBackend backend;
    private Stage stage;
    private AppPaths paths;
    private final FxRobot robot = new FxRobot();

    private void open(UiSettings settings) throws Exception {
        window = ConsoleWindow.open(home, settings).awaitStarted();
        app = window.app();
        backend = window.backend();
        stage = window.stage();
        paths = window.paths();
    }

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
    }

    @Test
    void sidebarAndShortcutsSwitchPages() throws Exception {
        open(UiSettings.empty());
        assertThat(visible("#page-overview")).isTrue();
        robot.clickOn("#nav-sources");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> visible("#page-sources"));
        TableView<?> table = robot.lookup("#sourcesTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> fx(() -> table.getItems().size()) >= 1);

        robot.clickOn("#nav-network_storage");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> visible("#page-network_storage"));
        assertThat(robot.lookup("#netReceiveChart").tryQuery()).isPresent();
        assertThat(robot.lookup("#fileSystemsTable").tryQuery()).isPresent();

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT9).release(KeyCode.DIGIT9, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> visible("#page-settings"));
        assertThat(fx(() -> app.viewModel().shell().pageProperty().get())).isEqualTo(Page.SETTINGS);
        assertThat(fx(() -> robot.lookup("#nav-settings")
                        .queryAs(ToggleButton.class)
                        .isSelected()))
                .isTrue();
    }

    @Test
    void statusBarUpdatesEachCollectorsLabelInPlace() throws Exception {
        open(UiSettings.empty());
        // an id no real collector has: the console's own collectors report their statuses meanwhile
        java.util.function.BiFunction<CollectorState, String, CollectorStatus> status =
                (state, message) -> new CollectorStatus("example", "Example collector", state, message, 0, 0, 0, 0);
        fx(() -> {
            app.viewModel().onStatuses(java.util.List.of(status.apply(CollectorState.OK, "")));
            return null;
        });
        Label first = fx(() -> robot.lookup("#status-example").queryAs(Label.class));
        javafx.scene.shape.Circle dot = (javafx.scene.shape.Circle) first.getGraphic();
        assertThat(fx(() -> first.getText())).isEqualTo("Example collector");
        assertThat(fx(() -> List.copyOf(dot.getStyleClass()))).containsExactly("state-dot", "state-ok");

        // every pass sends a status: the same label shows it, with the new state, text and tooltip
        fx(() -> {
            app.viewModel().onStatuses(java.util.List.of(status.apply(CollectorState.FAILED, "driver gone")));
            return null;
        });
        Label second = fx(() -> robot.lookup("#status-example").queryAs(Label.class));
        assertThat(second).isSameAs(first);
        assertThat(fx(() -> second.getText())).isEqualTo("Example collector: failed");
        assertThat(fx(() -> List.copyOf(dot.getStyleClass()))).containsExactly("state-dot", "state-failed");
        assertThat(fx(() -> String.valueOf(second.getUserData()))).contains("driver gone");
        assertThat(fx(() -> first.getProperties().values().stream()
                        .filter(v -> v instanceof javafx.scene.control.Tooltip)
                        .map(v -> ((javafx.scene.control.Tooltip) v).getText())
                        .toList()))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("Example collector (example): ")
                .contains("driver gone");
        assertThat(fx(() -> robot.lookup(".collector-status").queryAll().size()
                        - app.viewModel().shell().statuses().size()))
                .isZero();
    }

    @Test
    void rangeButtonsChangeEveryChartAndReadHistoryOffTheFxThread() throws Exception {
        open(UiSettings.empty());
        robot.clickOn("#nav-hosts");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> visible("#page-hosts"));
        int rangeReadsBefore = (int)
                backend.calls.stream().filter(c -> c.method().equals("range")).count();
        robot.clickOn("#range-24h");
        TimeSeriesChart cpu = robot.lookup("#cpuChart").queryAs(TimeSeriesChart.class);
        TimeSeriesChart mem = robot.lookup("#memoryChart").queryAs(TimeSeriesChart.class);
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> fx(() -> cpu.viewTo() - cpu.viewFrom())
                        == Duration.ofHours(24).toMillis());
        assertThat(fx(() -> mem.viewTo() - mem.viewFrom()))
                .isEqualTo(Duration.ofHours(24).toMillis());
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> backend.calls.stream()
                                .filter(c -> c.method().equals("range"))
                                .count()
                        > rangeReadsBefore);
        assertThat(backend.calls).noneMatch(RecordingBackend.Call::onFxThread);

        robot.press(KeyCode.ALT, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.ALT);
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> fx(() -> app.viewModel().shell().rangeProperty().get())
                        .equals(TimeRange.live(Duration.ofDays(7))));
    }

    @Test
    void aCustomRangeIsValidatedAndThenApplied() throws Exception {
        open(UiSettings.empty());
        robot.clickOn("#customFrom").write("yesterday");
        robot.clickOn("#customApply");
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> fx(() -> robot.lookup("#customError").queryAs(Label.class).getText())
                        .contains("use yyyy-MM-dd HH:mm"));
        fx(() -> {
            robot.lookup("#customFrom")
                    .queryAs(javafx.scene.control.TextField.class)
                    .setText("2026-01-02 10:00");
            robot.lookup("#customTo")
                    .queryAs(javafx.scene.control.TextField.class)
                    .setText("2026-01-02 09:00");
            return null;
        });
        robot.clickOn("#customApply");
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> fx(() -> robot.lookup("#customError").queryAs(Label.class).getText())
                        .contains("end after"));
        fx(() -> {
            robot.lookup("#customTo")
                    .queryAs(javafx.scene.control.TextField.class)
                    .setText("2026-01-02 12:00");
            return null;
        });
        robot.clickOn("#customApply");
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> !fx(() -> app.viewModel().shell().rangeProperty().get()).isLive());
        assertThat(fx(() -> app.viewModel().shell().rangeProperty().get().length()))
                .isEqualTo(Duration.ofHours(2));
    }

    @Test
    void invalidSettingsAreRefusedNextToTheFieldAndValidOnesAreSaved() throws Exception {
        open(UiSettings.empty());
        robot.clickOn("#nav-settings");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> visible("#page-settings"));
        setText("#intervalField", "100ms");
        setText("#dataDirField", "relative/dir");
        robot.clickOn("#saveSettings");
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> text("#intervalError").equals("100 ms is shorter than 200 ms"));
        assertThat(text("#dataDirError")).isEqualTo("must be an absolute path");
        assertThat(text("#settingsSaved")).startsWith("Not saved");

        fx(() -> {
            robot.lookup("#exporterEnabled")
                    .queryAs(javafx.scene.control.CheckBox.class)
                    .setSelected(true);
            return null;
        });
        setText("#exporterPortField", "99999");
        robot.clickOn("#saveSettings");
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> text("#exporterPortError").equals("a port number, 1 to 65535"));

        setText("#exporterPortField", "9464");
        assertThat(visible("#exporterAddressWarning")).as("loopback by default").isFalse();
        setText("#exporterAddressField", "0.0.0.0");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> visible("#exporterAddressWarning"));
        assertThat(text("#exporterAddressWarning"))
                .contains("anyone who can reach this port can read this machine's telemetry");
        setText("#rawRetentionField", "30d");
        setText("#minuteRetentionField", "7d");
        setText("#maxSizeField", "12 parsecs");
        robot.clickOn("#saveSettings");
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> text("#minuteRetentionError").startsWith("at least the raw"));
        assertThat(text("#maxSizeError")).contains("500 MB");
        setText("#minuteRetentionField", "180d");
        setText("#maxSizeField", "2 GB");
        setText("#intervalField", "2s");
        setText("#dataDirField", home.resolve("elsewhere").toString());
        robot.clickOn("#saveSettings");
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> text("#settingsSaved").startsWith("Saved"));
        assertThat(text("#intervalError")).isEmpty();
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> UiSettings.load(paths.configDir()).get("collect.interval").equals(Optional.of("2s")));
        assertThat(UiSettings.load(paths.configDir()).get("data.dir"))
                .contains(home.resolve("elsewhere").toString());
        assertThat(UiSettings.load(paths.configDir()).get("exporter.enabled")).contains("true");
        assertThat(UiSettings.load(paths.configDir()).get("exporter.port")).contains("9464");
        assertThat(UiSettings.load(paths.configDir()).get("exporter.address")).contains("0.0.0.0");
        assertThat(io.gridscope.console.app.StorageSettings.load(UiSettings.load(paths.configDir())))
                .isEqualTo(new io.gridscope.console.app.StorageSettings(
                        Duration.ofDays(30), Duration.ofDays(180), Duration.ofDays(730), 2_000_000_000L));
        assertThat(backend.calls)
                .filteredOn(c -> c.method().equals("saveSettings"))
                .isNotEmpty()
                .noneMatch(RecordingBackend.Call::onFxThread);
        // what the launcher writes on close, and a shutdown hook on SIGTERM, keeps what Settings saved
        assertThat(fx(() -> app.settings().get("collect.interval"))).contains("2s");
        assertThat(app.publishedSettings())
                .hasValueSatisfying(s -> assertThat(s.get("exporter.address")).contains("0.0.0.0"));
    }

    @Test
    void pageRangeAndThemeAreRestoredFromSettings() throws Exception {
        UiSettings s = UiSettings.empty();
        s.put("page", "SOURCES");
        s.put("range", TimeRange.live(Duration.ofHours(6)).encode());
        s.put("theme.dark", "true");
        open(s);
        assertThat(visible("#page-sources")).isTrue();
        assertThat(fx(() ->
                        robot.lookup("#range-6h").queryAs(ToggleButton.class).isSelected()))
                .isTrue();
        assertThat(fx(() -> stage.getScene().getStylesheets())).anyMatch(u -> u.endsWith("gridscope-dark.css"));

        robot.press(KeyCode.CONTROL, KeyCode.T).release(KeyCode.T, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> fx(() -> stage.getScene().getStylesheets()).stream()
                        .noneMatch(u -> u.endsWith("gridscope-dark.css")));
        // the change is written at once, off the FX thread
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> UiSettings.load(paths.configDir()).get("theme.dark").equals(Optional.of("false")));
    }

    private void setText(String id, String text) throws Exception {
        window.set(id, text);
    }

    private String text(String id) throws Exception {
        return window.text(id);
    }

    private boolean visible(String id) throws Exception {
        return window.visible(id);
    }
}
