package io.gridscope.console.ui.alerts;

import static io.gridscope.console.ui.ConsoleWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.UiSettings;
import io.gridscope.console.ui.ConsoleWindow;
import io.gridscope.console.ui.shell.Page;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Alerts page in the real window on the real data path, over a history holding alerts: Ctrl+2 opens it, the
 * sidebar's badge and the window title count the firing alerts nobody has taken on, the top alert is shown, and the
 * tab shown last is shown again.
 */
class AlertsWindowTest {
    @TempDir
    Path home;

    private ConsoleWindow window;

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
    }

    /** The rules of the fixture's alerts, in the configuration directory the window reads. */
    private void writeRules() throws Exception {
        Path config = io.gridscope.console.app.AppPaths.resolve(
                        java.util.Map.of(), home, java.util.Optional.of(home.resolve("data")))
                .configDir();
        java.nio.file.Files.createDirectories(config);
        java.nio.file.Files.writeString(config.resolve("alerts.toml"), AlertFixture.RULES);
    }

    private void awaitTitle(String title) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(
                    15,
                    TimeUnit.SECONDS,
                    () -> fx(() -> window.stage().getTitle()).equals(title));
        } catch (java.util.concurrent.TimeoutException e) {
            assertThat(fx(() -> window.stage().getTitle())).isEqualTo(title);
        }
    }

    @Test
    void ctrl2OpensTheAlertsWithTheirCountOnTheSidebarAndInTheTitle() throws Exception {
        List<Long> ids = AlertFixture.write(home.resolve("data"), AlertFixture.fourAlerts(System.currentTimeMillis()));
        writeRules();
        window = ConsoleWindow.open(home, UiSettings.empty()).awaitStarted();
        awaitTitle("Gridscope — 2 firing");
        assertThat(window.text("#badge-alerts")).isEqualTo("2");

        window.robot().press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> window.visible("#page-alerts"));
        assertThat(fx(() -> window.app().viewModel().shell().pageProperty().get()))
                .isEqualTo(Page.ALERTS);
        @SuppressWarnings("unchecked")
        TableView<AlertItem> table = window.robot().lookup("#alertsTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> fx(() -> table.getItems().size()) == 4);
        // the top alert is shown, and stays shown as boards come
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> fx(() -> window.robot()
                        .lookup("#detailTitle")
                        .tryQuery()
                        .map(n -> ((Label) n).getText())
                        .orElse("")
                        .startsWith("HighCpu · critical · firing")));
        Thread.sleep(2_500);
        assertThat(fx(() -> table.getSelectionModel().getSelectedItem().id())).isEqualTo(ids.get(0));
        assertThat(fx(() -> window.robot()
                        .lookup("#alertsTabs")
                        .queryAs(TabPane.class)
                        .getSelectionModel()
                        .getSelectedIndex()))
                .isZero();
    }

    @Test
    void theRulesTabShownLastIsShownAgain() throws Exception {
        AlertFixture.write(home.resolve("data"), AlertFixture.fourAlerts(System.currentTimeMillis()));
        writeRules();
        UiSettings s = UiSettings.empty();
        s.put("page", "ALERTS");
        s.put("alerts.tab", "rules");
        window = ConsoleWindow.open(home, s).awaitStarted();
        awaitTitle("Gridscope — 2 firing");
        Thread.sleep(2_500);
        assertThat(fx(() -> window.robot()
                        .lookup("#alertsTabs")
                        .queryAs(TabPane.class)
                        .getSelectionModel()
                        .getSelectedIndex()))
                .isOne();
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> fx(() -> window.robot()
                                .lookup("#rulesTable")
                                .queryAs(TableView.class)
                                .getItems()
                                .size())
                        > 0);
    }
}
