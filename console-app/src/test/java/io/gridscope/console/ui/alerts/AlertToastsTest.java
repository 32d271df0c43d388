package io.gridscope.console.ui.alerts;

import static io.gridscope.console.ui.ConsoleWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.AlertConsole.Board;
import io.gridscope.history.records.AlertRow;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.PopupWindow;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A notification for an alert that starts firing, in a real window: with the notifications' stylesheet listed from
 * the start (as the console's window lists it), showing one leaves the window's stylesheets as they are, so no node
 * has its styles looked up again; without it, ControlsFX adds it to them.
 */
class AlertToastsTest {
    private static final String APP_STYLESHEET = AlertToastsTest.class
            .getResource("/io/gridscope/console/ui/gridscope.css")
            .toExternalForm();

    private final long now = System.currentTimeMillis();

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    private Board board(List<AlertRow> rows) {
        return AlertFixture.board(rows, now);
    }

    /** Shows the notification of an alert that fires after the first board; the window's stylesheet changes. */
    private List<String> stylesheetChangesOnFirstToast(List<String> stylesheets) throws Exception {
        List<String> changes = new ArrayList<>();
        AlertsViewModel vm = new AlertsViewModel(Clock.systemUTC());
        Window[] window = {null};
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            window[0] = stage;
            StackPane root = new StackPane(new Label("console"));
            Scene scene = new Scene(root, 800, 500);
            scene.getStylesheets().setAll(stylesheets);
            scene.getStylesheets().addListener((ListChangeListener<String>) c -> changes.add(c.toString()));
            new AlertToasts(vm, root, id -> {});
            stage.setScene(scene);
            stage.show();
        });
        AlertRow fires = AlertFixture.row(
                        "GpuThermalThrottling", "{host=\"vm\"}", "warning", "firing", now, 6, 1, 0, 1, 0.5, "hot")
                .withId(7);
        fx(() -> {
            vm.onBoard(board(List.of()));
            vm.onBoard(board(List.of(fires)));
            return null;
        });
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> fx(() -> Window.getWindows().stream()
                        .anyMatch(
                                w -> w instanceof PopupWindow p && p.getOwnerWindow() == window[0] && p.isShowing())));
        return changes;
    }

    @Test
    void aNotificationLeavesTheWindowsStylesheetsAlone() throws Exception {
        assertThat(stylesheetChangesOnFirstToast(List.of(AlertToasts.stylesheet(), APP_STYLESHEET)))
                .isEmpty();
    }

    @Test
    void withoutItListedControlsFxAddsItToTheWindow() throws Exception {
        assertThat(stylesheetChangesOnFirstToast(List.of(APP_STYLESHEET))).hasSize(1);
    }
}
