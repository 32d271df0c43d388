package io.gridscope.console.ui.sources;

import static io.gridscope.console.ui.ConsoleWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.ui.ConsoleWindow;
import io.gridscope.console.ui.GridscopeApp;
import io.gridscope.console.ui.RecordingBackend;
import io.gridscope.testsupport.Requirements;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Adding Prometheus exporter sources from the Sources page, against a real node_exporter on loopback. */
class SourcesPageTest {
    private static final Path NODE_EXPORTER = Path.of("/usr/bin/prometheus-node-exporter");

    @TempDir
    Path home;

    private ConsoleWindow window;
    private GridscopeApp app;
    private RecordingBackend backend;
    private AppPaths paths;
    private Process exporter;
    private Process prometheus;
    private final FxRobot robot = new FxRobot();

    private void open() throws Exception {
        UiSettings s = UiSettings.empty();
        s.put("page", "SOURCES");
        open(s);
    }

    private void open(UiSettings s) throws Exception {
        window = ConsoleWindow.open(home, s).awaitStarted();
        app = window.app();
        backend = window.backend();
        paths = window.paths();
    }

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
        for (Process p : new Process[] {prometheus, exporter}) {
            if (p != null) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    @Test
    void aBadUrlIsRefusedNextToTheField() throws Exception {
        open();
        set("#sourceId", "node1");
        set("#sourceUrl", "ftp://example/metrics");
        fire("#addSource");
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> text("#sourceUrlError").contains("must be http or https"));
        set("#sourceUrl", "http://user:secret@127.0.0.1:9100/metrics");
        set("#sourceInterval", "soon");
        fire("#addSource");
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> text("#sourceUrlError").contains("credentials"));
        assertThat(text("#sourceIntervalError")).contains("not a duration");
        assertThat(backend.calls).noneMatch(c -> c.method().equals("addSource"));
    }

    @Test
    void aSelectedCollectorStaysSelectedAndItsRowKeptWhileItsStatusUpdates() throws Exception {
        open();
        @SuppressWarnings("unchecked")
        TableView<CollectorStatus> table = robot.lookup("#sourcesTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(
                15, TimeUnit.SECONDS, () -> fx(() -> table.getItems().size() >= 2));
        CollectorStatus chosen = fx(() -> table.getItems().get(1));
        // by id: the status itself may be replaced by a newer one before the first layout shows it
        TableRow<?> row = ConsoleWindow.rowWhere(robot, "#sourcesTable", i -> sameCollector(i, chosen));
        robot.clickOn(row);
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> fx(() -> table.getSelectionModel().getSelectedIndex() == 1));
        // the collectors report every second: wait for a newer status of the chosen one
        WaitForAsyncUtils.waitFor(
                15, TimeUnit.SECONDS, () -> fx(() -> !table.getItems().get(1).equals(chosen)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> table.getItems().get(1).collectorId())).isEqualTo(chosen.collectorId());
        assertThat(fx(() -> table.getSelectionModel().getSelectedIndex()))
                .as("still selected")
                .isEqualTo(1);
        assertThat(fx(() -> table.getSelectionModel().getSelectedItem().collectorId()))
                .isEqualTo(chosen.collectorId());
        TableRow<?> now =
                ConsoleWindow.rowWhere(robot, "#sourcesTable", i -> sameCollector(i, chosen) && !i.equals(chosen));
        assertThat(now).as("the same row node shows the new status").isSameAs(row);
        assertThat(fx(now::isSelected)).isTrue();
    }

    private static boolean sameCollector(Object item, CollectorStatus status) {
        return item instanceof CollectorStatus c && c.collectorId().equals(status.collectorId());
    }

    @Test
    void aRealNodeExporterIsTestedAddedComesUpAndIsRemembered() throws Exception {
        int port = startNodeExporter();
        open();
        String url = "http://127.0.0.1:" + port + "/metrics";
        set("#sourceId", "node1");
        set("#sourceUrl", url);
        set("#sourceInterval", "1s");
        fx(() -> {
            robot.lookup("#sourceAuth")
                    .<javafx.scene.control.ChoiceBox<io.gridscope.console.app.SourceAuth.Kind>>query()
                    .setValue(io.gridscope.console.app.SourceAuth.Kind.BEARER);
            return null;
        });
        set("#sourceToken", "s3cret-token");
        fire("#testSource");
        WaitForAsyncUtils.waitFor(
                15, TimeUnit.SECONDS, () -> text("#sourceResult").startsWith("OK: "));
        assertThat(text("#sourceResult")).containsPattern("OK: \\d+ samples");

        fire("#addSource");
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> fx(() -> app.viewModel().statuses().stream()
                        .anyMatch(s -> s.collectorId().equals("prometheus:node1") && s.state() == CollectorState.OK)));
        TableView<?> table = robot.lookup("#sourcesTable").queryAs(TableView.class);
        assertThat(fx(() -> table.getItems().toString())).contains("prometheus:node1");
        assertThat(backend.calls)
                .filteredOn(c -> c.method().matches("testSource|addSource"))
                .hasSize(2)
                .noneMatch(RecordingBackend.Call::onFxThread);

        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> UiSettings.load(paths.configDir()).get("source.node1.url").equals(Optional.of(url)));
        String saved = Files.readString(paths.configDir().resolve(UiSettings.FILE_NAME));
        assertThat(saved).doesNotContain("s3cret-token"); // secrets are never written to disk

        // the exporter's host joins the host selector and the Overview; selecting it shows its series
        String remoteHost = "127.0.0.1:" + port;
        WaitForAsyncUtils.waitFor(
                15,
                TimeUnit.SECONDS,
                () -> fx(() -> app.viewModel().hosts().stream()
                        .anyMatch(h -> h.name().equals(remoteHost)
                                && h.healthProperty().get().equals("OK")
                                && h.sourceIdProperty().get().equals("prometheus:node1"))));
        assertThat(fx(() -> robot.lookup("#hostSelector").query().isVisible())).isTrue();
        fx(() -> {
            app.viewModel().shell().hostProperty().set(remoteHost);
            return null;
        });
        WaitForAsyncUtils.waitFor(
                15,
                TimeUnit.SECONDS,
                () -> fx(() -> app.viewModel().cpuTotal().pointCountProperty().get() > 0));
        assertThat(fx(() -> ((javafx.scene.control.ComboBox<?>)
                                robot.lookup("#hostSelector").query())
                        .getValue()))
                .isEqualTo(remoteHost);

        // edit: the form is filled from the source, the token is kept, the new interval is saved
        select(table, "prometheus:node1");
        fire("#editSource");
        assertThat(fx(() -> robot.lookup("#sourceUrl").queryAs(TextField.class).getText()))
                .isEqualTo(url);
        assertThat(fx(() ->
                        robot.lookup("#sourceInterval").queryAs(TextField.class).getText()))
                .isEqualTo("1s");
        set("#sourceInterval", "2s");
        fire("#addSource");
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> text("#sourceResult").startsWith("Saved node1"));
        assertThat(text("#sourceResult")).contains("typed secret is kept for this session only");
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> UiSettings.load(paths.configDir())
                        .get("source.node1.interval")
                        .equals(Optional.of("PT2S")));
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> fx(() -> app.viewModel().statuses().stream()
                        .anyMatch(s -> s.collectorId().equals("prometheus:node1") && s.state() == CollectorState.OK)));

        select(table, "prometheus:node1");
        fire("#removeSource");
        assertThat(text("#removalPrompt")).startsWith("Remove source node1");
        assertThat(fx(() -> app.viewModel().statuses().stream()
                        .anyMatch(s -> s.collectorId().equals("prometheus:node1"))))
                .as("nothing is removed before it is confirmed")
                .isTrue();
        fire("#confirmRemoveSource");
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> fx(() -> app.viewModel().statuses().stream()
                        .noneMatch(s -> s.collectorId().equals("prometheus:node1"))));
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> UiSettings.load(paths.configDir()).keys().stream().noneMatch(k -> k.startsWith("source.node1.")));
    }

    @Test
    void aSavedSourceWhoseTypedTokenIsGoneIsListedAsFailedAndCanBeEdited() throws Exception {
        UiSettings s = UiSettings.empty();
        s.put("page", "SOURCES");
        s.put("source.n9.type", "EXPORTER");
        s.put("source.n9.url", "http://127.0.0.1:9/metrics");
        s.put("source.n9.preset", "NODE_EXPORTER");
        s.put("source.n9.interval", "PT15S");
        s.put("source.n9.auth", "BEARER");
        paths = AppPaths.resolve(Map.of(), home, Optional.of(home.resolve("data")));
        s.save(paths.configDir());
        open(UiSettings.load(paths.configDir()));
        WaitForAsyncUtils.waitFor(
                15,
                TimeUnit.SECONDS,
                () -> fx(() -> app.viewModel().statuses().stream()
                        .anyMatch(st -> st.collectorId().equals("prometheus:n9")
                                && st.state() == CollectorState.FAILED
                                && st.message().contains("enter it again"))));
        assertThat(fx(() -> app.viewModel().errorProperty().get())).contains("Source n9 did not start");
        select(robot.lookup("#sourcesTable").queryAs(TableView.class), "prometheus:n9");
        fire("#editSource");
        assertThat(fx(() -> robot.lookup("#sourceUrl").queryAs(TextField.class).getText()))
                .isEqualTo("http://127.0.0.1:9/metrics");
        fire("#addSource");
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> text("#sourceSecretError").startsWith("type the token"));
    }

    @Test
    void aPrometheusServerSourceBringsItsHostsAndTheirHistory() throws Exception {
        int nodePort = startNodeExporter();
        int promPort = startPrometheus(nodePort);
        open();
        set("#sourceId", "fleet");
        fx(() -> {
            robot.lookup("#sourceType")
                    .<javafx.scene.control.ChoiceBox<io.gridscope.console.app.SourceSpec.Type>>query()
                    .setValue(io.gridscope.console.app.SourceSpec.Type.PROMETHEUS_SERVER);
            return null;
        });
        set("#sourceUrl", "http://127.0.0.1:" + promPort);
        set("#sourceInterval", "2s");
        // test until Prometheus has scraped node_exporter a few times
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
            fire("#testSource");
            WaitForAsyncUtils.waitFor(
                    20, TimeUnit.SECONDS, () -> !text("#sourceResult").startsWith("Testing"));
            assertThat(text("#sourceResult")).startsWith("OK: ");
        } while (!text("#sourceResult").contains("1 node_exporter hosts") && System.nanoTime() < deadline);
        assertThat(text("#sourceResult")).contains("1 node_exporter hosts");

        fire("#addSource");
        String remoteHost = "127.0.0.1:" + nodePort;
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> fx(() -> app.viewModel().hosts().stream()
                        .anyMatch(h -> h.name().equals(remoteHost)
                                && h.sourceIdProperty().get().equals("promql:fleet")
                                && h.healthProperty().get().equals("OK"))));
        int rangeCallsBefore = (int)
                backend.calls.stream().filter(c -> c.method().equals("range")).count();
        fx(() -> {
            app.viewModel().shell().hostProperty().set(remoteHost);
            return null;
        });
        // the chart history of a server's host is read from the server (PromQL range queries), off the FX thread
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> fx(() -> app.viewModel().memoryUsed().pointCountProperty().get() > 0));
        assertThat(backend.calls)
                .filteredOn(c -> c.method().equals("range"))
                .hasSizeGreaterThan(rangeCallsBefore)
                .noneMatch(RecordingBackend.Call::onFxThread);
        assertThat(fx(() -> app.viewModel().memoryTotalBytesProperty().get())).isPositive();
        String saved = Files.readString(paths.configDir().resolve(UiSettings.FILE_NAME));
        assertThat(saved).contains("source.fleet.type=PROMETHEUS_SERVER");
    }

    private int startPrometheus(int nodePort) throws Exception {
        Path bin = Path.of("/usr/bin/prometheus");
        if (!Files.isExecutable(bin)) {
            String why = bin + " is missing (apt-get install prometheus)";
            throw Requirements.unavailable(why);
        }
        int port = freePort();
        Path config = home.resolve("prometheus.yml");
        Files.writeString(config, """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                scrape_configs:
                  - job_name: node
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(nodePort));
        prometheus = new ProcessBuilder(
                        bin.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + home.resolve("prometheus-data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("prometheus.log").toFile())
                .start();
        awaitListening(port, "prometheus", home.resolve("prometheus.log"));
        return port;
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static void awaitListening(int port, String what, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail(what + " did not listen on " + port + ": " + Files.readString(log));
    }

    private void select(TableView<?> table, String collectorId) throws Exception {
        fx(() -> {
            @SuppressWarnings("unchecked")
            TableView<io.gridscope.collectors.CollectorStatus> t =
                    (TableView<io.gridscope.collectors.CollectorStatus>) table;
            t.getItems().stream()
                    .filter(s -> s.collectorId().equals(collectorId))
                    .findFirst()
                    .ifPresent(s -> t.getSelectionModel().select(s));
            return null;
        });
    }

    private int startNodeExporter() throws Exception {
        if (!Files.isExecutable(NODE_EXPORTER)) {
            String why = NODE_EXPORTER + " is missing (apt-get install prometheus-node-exporter)";
            throw Requirements.unavailable(why);
        }
        int port = freePort();
        exporter = new ProcessBuilder(
                        NODE_EXPORTER.toString(), "--web.listen-address=127.0.0.1:" + port, "--no-collector.systemd")
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("node-exporter.log").toFile())
                .start();
        awaitListening(port, "node_exporter", home.resolve("node-exporter.log"));
        return port;
    }

    private void set(String id, String value) throws Exception {
        window.set(id, value);
    }

    private void fire(String id) throws Exception {
        window.fire(id);
    }

    private String text(String id) throws Exception {
        return window.text(id);
    }
}
