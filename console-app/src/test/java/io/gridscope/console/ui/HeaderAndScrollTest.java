package io.gridscope.console.ui;

import static io.gridscope.console.ui.ConsoleWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.UiSettings;
import io.gridscope.console.ui.shell.Page;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The frame at the default window size and below: a header that fits, a range error that clears, pages that scroll. */
class HeaderAndScrollTest {
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

    private void open(int width, int height) throws Exception {
        UiSettings settings = UiSettings.empty();
        settings.put("window.width", Integer.toString(width));
        settings.put("window.height", Integer.toString(height));
        window = ConsoleWindow.open(home, home.resolve("data"), settings, paths -> new TwoHostBackend())
                .awaitStarted();
        fx(() -> {
            window.stage().setWidth(width); // the stage is shared by the tests: set its size as a user would
            window.stage().setHeight(height);
            return null;
        });
        // the Host selector is in the header once the second host is known
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> fx(() -> robot.lookup("#hostSelector").query().isVisible()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theHeaderFitsAt1280PixelsWithTheHostSelectorAndDegradesBelow() throws Exception {
        open(1280, 800);
        assertThat(fx(() -> robot.lookup("#range-15min").query().isVisible())).isTrue();
        assertHeaderFits(1280);

        for (int width : List.of(1100, 900, 760)) {
            fx(() -> {
                window.stage().setWidth(width);
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS);
            WaitForAsyncUtils.waitForFxEvents();
            assertHeaderFits(fx(() -> window.stage().getScene().getWidth()));
        }
        // the presets are in a menu now, and still choose the range
        assertThat(fx(() -> robot.lookup("#rangeMenu").query().isVisible())).isTrue();
    }

    private void assertHeaderFits(double sceneWidth) throws Exception {
        Region row = robot.lookup("#headerRow").queryAs(Region.class);
        assertThat(fx(() -> row.prefWidth(-1)))
                .as("header content at %s px", sceneWidth)
                .isLessThanOrEqualTo(sceneWidth);
        for (String[] shown : fx(() -> shownTexts(robot.lookup("#header").queryAs(Parent.class)))) {
            assertThat(shown[1]).as("a header label at %s px", sceneWidth).isEqualTo(shown[0]);
        }
    }

    /** Every visible labeled control in {@code root}: its text and the text it shows (ellipsised when cut). */
    private static List<String[]> shownTexts(Parent root) {
        List<String[]> out = new ArrayList<>();
        collect(root, out);
        assertThat(out).isNotEmpty();
        return out;
    }

    private static void collect(Node n, List<String[]> out) {
        if (!n.isVisible() || !n.isManaged()) {
            return;
        }
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
            Node text = l.lookup(".text");
            if (text instanceof Text t) {
                out.add(new String[] {l.getText(), t.getText()});
            }
        }
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collect(c, out));
        }
    }

    @Test
    void aCustomRangeErrorClearsWhenAPresetIsChosen() throws Exception {
        open(1280, 800);
        window.set("#customFrom", "2030-01-02 10:00");
        window.set("#customTo", "2030-01-01 10:00");
        window.fire("#customApply");
        assertThat(window.text("#customError")).contains("end after it starts");
        assertThat(window.visible("#customError")).isTrue();

        robot.clickOn("#range-15min"); // the range shown already
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.text("#customError")).isEmpty();
        assertThat(window.visible("#customError")).isFalse();

        window.set("#customFrom", "yesterday");
        window.fire("#customApply");
        assertThat(window.text("#customError")).isNotEmpty();
        robot.clickOn("#range-1h");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.text("#customError")).isEmpty();
    }

    @Test
    void networkAndStorageShowsItsFileSystemsAndScrollsAtTheDefaultSize() throws Exception {
        open(1280, 800);
        fx(() -> {
            window.app().viewModel().shell().pageProperty().set(Page.NETWORK_STORAGE);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> table = robot.lookup("#fileSystemsTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> fx(() -> table.getItems().size()) >= 1);
        assertThat(fx(table::getHeight)).as("room for five rows").isGreaterThanOrEqualTo(28 * 5.0);
        ScrollPane page = robot.lookup("#page-network_storage").queryAs(ScrollPane.class);
        assertThat(fx(() -> page.getContent().getLayoutBounds().getHeight()))
                .as("the page is taller than its viewport, so it scrolls")
                .isGreaterThan(fx(() -> page.getViewportBounds().getHeight()));
    }
}
