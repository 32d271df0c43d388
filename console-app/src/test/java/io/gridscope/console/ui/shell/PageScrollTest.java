package io.gridscope.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** A page's scroll pane does not keep a bitmap of its viewport: live pages are drawn again every second anyway. */
class PageScrollTest {
    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void theViewportIsNotCachedOnceTheSkinExists() throws Exception {
        FxToolkit.registerPrimaryStage();
        AtomicReference<ScrollPane> page = new AtomicReference<>();
        AtomicReference<ScrollPane> plain = new AtomicReference<>();
        FxToolkit.setupStage((Stage s) -> {
            Region content = new Region();
            content.setPrefSize(2_000, 2_000);
            page.set(MainView.scrolling(content));
            plain.set(new ScrollPane(new Region()));
            s.setScene(new Scene(new javafx.scene.layout.VBox(page.get(), plain.get()), 400, 300));
            s.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        Node viewport = page.get().lookup(".viewport");
        assertThat(viewport).isNotNull();
        assertThat(viewport.isCache()).isFalse();
        // JavaFX's own default, which the page changes
        assertThat(plain.get().lookup(".viewport").isCache()).isTrue();
    }
}
