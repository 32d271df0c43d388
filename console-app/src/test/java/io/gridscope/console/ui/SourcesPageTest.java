package io.gridscope.console.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.gridscope.collectors.model.CollectorState;
import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.LiveBackend;
import io.gridscope.console.app.UiSettings;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Adding Prometheus exporter sources from the Sources page, against a real node_exporter on loopback. */
class SourcesPageTest {
    private static final Path NODE_EXPORTER = Path.of("/usr/bin/prometheus-node-exporter");

    @TempDir
    Path home;

    private GridscopeApp app;
    private RecordingBackend backend;
    private AppPaths paths;
    private Process exporter;
    private final FxRobot robot = new FxRobot();

    private void open() throws Exception {
        paths = AppPaths.resolve(Map.of(), home, Optional.of(home.resolve("data")));
        backend = new RecordingBackend(new LiveBackend(paths, Clock.systemUTC()));
        UiSettings s = UiSettings.empty();
        s.put("page", "SOURCES");
        FxToolkit.registerPrimaryStage();
        app = (GridscopeApp) FxToolkit.setupApplication(() -> new GridscopeApp(() -> backend, s));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> backend.calls.stream().anyMatch(c -> c.method().equals("start")));
    }

    @AfterEach
    void close() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
            app.controller().close();
        }
        if (exporter != null) {
            exporter.destroy();
            if (!exporter.waitFor(10, TimeUnit.SECONDS)) {
                exporter.destroyForcibly();
            }
        }
    }

    @Test
    void aBadUrlIsRefusedNextToTheField() throws Exception {
        open();
        set("#sourceId", "node1");
        set("#sourceUrl", "ftp://example/metrics");
        fire("#addSource");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> text("#sourceUrlError").contains("must be http or https"));
        set("#sourceUrl", "http://user:secret@127.0.0.1:9100/metrics");
        set("#sourceInterval", "soon");
        fire("#addSource");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> text("#sourceUrlError").contains("credentials"));
        assertThat(text("#sourceIntervalError")).contains("not a duration");
        assertThat(backend.calls).noneMatch(c -> c.method().equals("addSource"));
    }

    @Test
    void aRealNodeExporterIsTestedAddedComesUpAndIsRemembered() throws Exception {
        int port = startNodeExporter();
        open();
        String url = "http://127.0.0.1:" + port + "/metrics";
        set("#sourceId", "node1");
        set("#sourceUrl", url);
        set("#sourceInterval", "1s");
        set("#sourceToken", "s3cret-token");
        fire("#testSource");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> text("#sourceResult").startsWith("OK: "));
        assertThat(text("#sourceResult")).containsPattern("OK: \\d+ samples");

        fire("#addSource");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> app.viewModel().statuses().stream()
                .anyMatch(s -> s.collectorId().equals("prometheus:node1") && s.state() == CollectorState.OK)));
        TableView<?> table = robot.lookup("#sourcesTable").queryAs(TableView.class);
        assertThat(fx(() -> table.getItems().toString())).contains("prometheus:node1");
        assertThat(backend.calls).filteredOn(c -> c.method().matches("testSource|addSource"))
                .hasSize(2).noneMatch(RecordingBackend.Call::onFxThread);

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> UiSettings.load(paths.configDir()).get("source.node1.url").equals(Optional.of(url)));
        String saved = Files.readString(paths.configDir().resolve(UiSettings.FILE_NAME));
        assertThat(saved).doesNotContain("s3cret-token"); // secrets are never written to disk

        fx(() -> {
            @SuppressWarnings("unchecked")
            TableView<io.gridscope.collectors.model.CollectorStatus> t =
                    (TableView<io.gridscope.collectors.model.CollectorStatus>) table;
            t.getItems().stream().filter(s -> s.collectorId().equals("prometheus:node1")).findFirst()
                    .ifPresent(s -> t.getSelectionModel().select(s));
            return null;
        });
        fire("#removeSource");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> app.viewModel().statuses().stream()
                .noneMatch(s -> s.collectorId().equals("prometheus:node1"))));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> UiSettings.load(paths.configDir()).get("source.node1.url").equals(Optional.of("")));
    }

    private int startNodeExporter() throws Exception {
        if (!Files.isExecutable(NODE_EXPORTER)) {
            String why = NODE_EXPORTER + " is missing (apt-get install prometheus-node-exporter)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        exporter = new ProcessBuilder(NODE_EXPORTER.toString(), "--web.listen-address=127.0.0.1:" + port,
                "--no-collector.systemd").redirectErrorStream(true)
                .redirectOutput(home.resolve("node-exporter.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return port;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail("node_exporter did not listen on " + port + ": " + Files.readString(home.resolve("node-exporter.log")));
        return -1;
    }

    private void set(String id, String value) throws Exception {
        fx(() -> {
            robot.lookup(id).queryAs(TextField.class).setText(value);
            return null;
        });
    }

    private void fire(String id) throws Exception {
        fx(() -> {
            robot.lookup(id).queryAs(Button.class).fire();
            return null;
        });
    }

    private String text(String id) throws Exception {
        return fx(() -> robot.lookup(id).queryAs(Label.class).getText());
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }
}
