package io.gridscope.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Host selector names the chosen host by its source once that name is known, as the Overview does. */
class HostSelectorTest {
    private final FxRobot robot = new FxRobot();
    private ShellViewModel shell;

    @BeforeEach
    void show() throws Exception {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage((Stage s) -> {
            shell = new ShellViewModel();
            shell.setLocalHost("ws-01");
            shell.setHosts(List.of("ws-01"));
            shell.hostProperty().set("127.0.0.1:19100"); // restored from the settings before any source reported
            s.setScene(new Scene(new MainView(shell, everyPageEmpty()), 1_280, 400));
            s.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void theChosenHostIsRenamedWhenItsSourceBecomesKnown() throws Exception {
        assertThat(buttonText()).isEqualTo("127.0.0.1:19100");
        fx(() -> {
            // as the console learns them: the host's source first, then the host in the list of hosts
            shell.setHostSources(Map.of("ws-01", "host", "127.0.0.1:19100", "prometheus:rack7-node"));
            return null;
        });
        assertThat(buttonText()).isEqualTo("rack7-node");
        fx(() -> {
            shell.setHosts(List.of("ws-01", "127.0.0.1:19100"));
            return null;
        });
        assertThat(buttonText()).isEqualTo("rack7-node");
        assertThat(fx(() -> shell.hostProperty().get()))
                .as("the identity stays the host label")
                .isEqualTo("127.0.0.1:19100");
    }

    private static Map<Page, java.util.function.Supplier<? extends Region>> everyPageEmpty() {
        Map<Page, java.util.function.Supplier<? extends Region>> pages = new java.util.EnumMap<>(Page.class);
        for (Page p : Page.values()) {
            pages.put(p, Region::new);
        }
        return pages;
    }

    private String buttonText() throws Exception {
        return fx(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<String> box = robot.lookup("#hostSelector").queryAs(ComboBox.class);
            return box.getButtonCell().getText();
        });
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        T result = WaitForAsyncUtils.asyncFx(c).get();
        WaitForAsyncUtils.waitForFxEvents();
        return result;
    }
}
