package io.gridscope.console.ui.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.AlertConsole.Board;
import io.gridscope.console.ui.ConsoleWindow;
import io.gridscope.console.ui.shell.ShellViewModel;
import io.gridscope.history.records.AlertRow;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Alerts page as alerts come and move while it is open: the first alerts listed show the top one; an alert that
 * starts firing moves above a pending one in place (the table's rows are updated, not replaced), and the alert shown
 * stays selected and shown.
 */
class AlertsPageOrderTest {
    private final long now = System.currentTimeMillis();
    private final FxRobot robot = new FxRobot();
    private AlertsViewModel vm;
    private TableView<AlertItem> table;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void open() throws Exception {
        // the page's service: every request is taken and never answered (the detail's series stay "reading")
        AlertsBackend backend = (AlertsBackend) Proxy.newProxyInstance(
                AlertsBackend.class.getClassLoader(),
                new Class<?>[] {AlertsBackend.class},
                (proxy, method, args) -> method.getName().equals("operator") ? "ada" : null);
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            vm = new AlertsViewModel(Clock.systemUTC());
            AlertsPage page = new AlertsPage(vm, new RulesEditorViewModel(backend), backend, new ShellViewModel());
            stage.setScene(new Scene(page, 1_400, 900));
            stage.show();
        });
        table = robot.lookup("#alertsTable").queryAs(TableView.class);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        T v = ConsoleWindow.fx(c);
        WaitForAsyncUtils.waitForFxEvents();
        return v;
    }

    private void board(AlertRow... rows) throws Exception {
        Board b = AlertFixture.board(List.of(rows), now);
        fx(() -> {
            vm.onBoard(b);
            return null;
        });
    }

    private AlertRow gpu(String rule, String state, long id) {
        return AlertFixture.row(
                        rule,
                        "{host=\"vm\"}",
                        "warning",
                        state,
                        now,
                        6,
                        state.equals("firing") ? 1 : 0,
                        0,
                        1,
                        0.5,
                        rule + " on vm")
                .withId(id);
    }

    private String detailTitle() throws Exception {
        return fx(() -> robot.lookup("#detailTitle")
                .tryQuery()
                .map(n -> ((Label) n).getText())
                .orElse(""));
    }

    @Test
    void anAlertThatStartsFiringMovesUpInPlaceAndTheAlertShownStaysShown() throws Exception {
        board();
        board(gpu("GpuPowerThrottling", "pending", 1), gpu("GpuThermalThrottling", "pending", 2));
        assertThat(fx(() -> table.getItems().stream().map(AlertItem::id).toList()))
                .containsExactly(2L, 1L);
        assertThat(fx(() -> table.getSelectionModel().getSelectedItem().id()))
                .as("the first alerts listed: the top one is shown")
                .isEqualTo(2L);
        assertThat(detailTitle()).startsWith("GpuThermalThrottling · warning · pending");

        List<String> kinds = new ArrayList<>();
        fx(() -> {
            table.getItems().addListener((ListChangeListener<AlertItem>) c -> {
                while (c.next()) {
                    kinds.add(c.wasUpdated() ? "updated" : c.wasReplaced() ? "replaced" : "other");
                }
            });
            return null;
        });
        board(gpu("GpuPowerThrottling", "firing", 1), gpu("GpuThermalThrottling", "pending", 2));
        assertThat(fx(() -> table.getItems().stream().map(AlertItem::id).toList()))
                .containsExactly(1L, 2L);
        assertThat(kinds).as("the rows are updated in place, not replaced").containsOnly("updated");
        assertThat(fx(() -> table.getSelectionModel().getSelectedItem().id())).isEqualTo(2L);
        assertThat(fx(() -> table.getSelectionModel().getSelectedIndex())).isEqualTo(1);
        assertThat(detailTitle()).startsWith("GpuThermalThrottling · warning · pending");
    }

    @Test
    void whenTheAlertThePageShowsGoesTheNewTopOneIsShownButOneTheUserChoseLeavesTheDetailEmpty() throws Exception {
        board();
        board(
                gpu("GpuPowerThrottling", "pending", 1),
                gpu("GpuThermalThrottling", "pending", 2),
                gpu("GpuThermalThrottling", "pending", 3));
        assertThat(fx(() -> table.getSelectionModel().getSelectedItem().id())).isEqualTo(3L);

        // the pending alert shown stops (its condition no longer holds): the page shows the new top one
        board(gpu("GpuPowerThrottling", "pending", 1), gpu("GpuThermalThrottling", "pending", 2));
        assertThat(fx(() -> table.getSelectionModel().getSelectedItem().id())).isEqualTo(2L);
        assertThat(detailTitle()).startsWith("GpuThermalThrottling · warning · pending");

        // one the user chose goes: nothing is shown in its place
        fx(() -> {
            table.getSelectionModel().select(1);
            return null;
        });
        assertThat(detailTitle()).startsWith("GpuPowerThrottling · warning · pending");
        board(gpu("GpuThermalThrottling", "pending", 2));
        assertThat(fx(() -> table.getSelectionModel().getSelectedItem())).isNull();
        assertThat(detailTitle()).isEmpty();
    }
}
