package io.gridscope.console.ui;

import static io.gridscope.console.ui.ConsoleWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.UiSettings;
import io.gridscope.console.cli.VersionProvider;
import io.gridscope.console.ui.shell.AboutDetails;
import io.gridscope.console.ui.shell.AboutDialog;
import io.gridscope.console.ui.shell.AppIcons;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The About box in the console window: opened from the sidebar or with F1, its details copied, closed by Escape. */
class AboutBoxTest {
    @TempDir
    Path home;

    private ConsoleWindow window;
    private final FxRobot robot = new FxRobot();

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
    }

    @Test
    void theSidebarOpensItAndCopyDetailsPutsTheDetailsOnTheClipboard() throws Exception {
        window = ConsoleWindow.open(home, UiSettings.empty()).awaitStarted();
        assertThat(dialogShown()).isFalse();

        robot.clickOn("#aboutButton");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, this::dialogShown);

        assertThat(window.text("#aboutVersion")).isEqualTo(VersionProvider.version());
        Stage dialog = dialogStage();
        assertThat(fx(dialog::getOwner)).isSameAs(window.stage());
        assertThat(fx(dialog::getModality)).isEqualTo(Modality.WINDOW_MODAL);
        assertThat(fx(() ->
                        robot.lookup("#aboutDataDir").queryAs(TextField.class).getText()))
                .isEqualTo(window.paths().dataDir().toString());
        assertThat(fx(() ->
                        robot.lookup("#aboutDataDir").queryAs(TextField.class).isEditable()))
                .isFalse();

        fx(() -> {
            Clipboard.getSystemClipboard().clear();
            return null;
        });
        robot.clickOn("#aboutCopy");
        String copied = fx(() -> Clipboard.getSystemClipboard().getString());
        assertThat(copied)
                .contains("Gridscope " + VersionProvider.version())
                .contains("Version:      " + VersionProvider.version())
                .contains(window.paths().dataDir().toString())
                .contains(window.paths().configDir().toString());
        assertThat(fx(() -> robot.lookup("#aboutCopied").query().isVisible())).isTrue();

        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !dialogShown());
    }

    @Test
    void f1OpensItOverTheWindowInItsThemeAndEscapeClosesIt() throws Exception {
        window = ConsoleWindow.open(home, UiSettings.empty()).awaitStarted();
        robot.clickOn("#nav-sources"); // the focus somewhere in the window, as a user's would be
        fx(() -> {
            window.app().viewModel().shell().darkProperty().set(true);
            return null;
        });

        robot.press(KeyCode.F1).release(KeyCode.F1);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, this::dialogShown);

        assertThat(window.text("#aboutVersion")).isEqualTo(VersionProvider.version());
        assertThat(fx(() -> dialogStage().getScene().getStylesheets()))
                .containsExactlyElementsOf(fx(() -> window.stage().getScene().getStylesheets()))
                .anyMatch(s -> s.endsWith("gridscope-dark.css"));
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> fx(() -> robot.lookup("#aboutIcon")
                        .tryQuery()
                        .map(n -> ((ImageView) n).getImage().getProgress() >= 1)
                        .orElse(false)));
        assertThat(fx(() -> ((ImageView) robot.lookup("#aboutIcon").query())
                        .getImage()
                        .getWidth()))
                .as("the app icon the build packaged, at 64 px")
                .isEqualTo(64);

        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !dialogShown());
        assertThat(fx(() -> window.stage().isShowing())).isTrue();

        // and again: the box opens as often as asked
        robot.press(KeyCode.F1).release(KeyCode.F1);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, this::dialogShown);
        window.fire("#aboutClose");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !dialogShown());
    }

    @Test
    void theWindowCarriesEveryIconSizeAndABuildWithoutIconsShowsNothingInTheirPlace() throws Exception {
        window = ConsoleWindow.open(home, UiSettings.empty()).awaitStarted();
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> fx(() -> window.stage().getIcons().size()) == 6);
        assertThat(fx(() -> window.stage().getIcons().stream()
                        .map(i -> i.getWidth())
                        .toList()))
                .containsExactly(16.0, 32.0, 48.0, 64.0, 128.0, 256.0);

        AppIcons none = AppIcons.in("/io/gridscope/console/no-icons-here/");
        AboutDialog dialog = fx(() -> {
            AboutDialog d = new AboutDialog(AboutDetails.of("0.1.0", window.paths()), none, window.stage());
            d.show();
            return d;
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, this::dialogShown);
        assertThat(fx(() -> robot.lookup("#aboutIcon").tryQuery()))
                .as("no icon: nothing in its place")
                .isEmpty();
        assertThat(window.text("#aboutVersion")).isEqualTo("0.1.0");
        fx(() -> {
            dialog.stage().close();
            return null;
        });
    }

    private boolean dialogShown() throws Exception {
        return fx(() -> robot.lookup("#aboutDialog")
                .tryQuery()
                .map(Node::getScene)
                .map(Scene::getWindow)
                .map(Window::isShowing)
                .orElse(false));
    }

    private Stage dialogStage() throws Exception {
        return fx(() -> (Stage) robot.lookup("#aboutDialog").query().getScene().getWindow());
    }
}
