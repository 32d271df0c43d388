package io.gridscope.console.ui.gpus;

import static io.gridscope.console.ui.ConsoleWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.UiSettings;
import io.gridscope.console.ui.ConsoleWindow;
import io.gridscope.console.ui.GridscopeApp;
import io.gridscope.console.ui.RecordingBackend;
import io.gridscope.console.ui.chart.ChartViewModel;
import io.gridscope.testsupport.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The GPUs page on the real data path: the production NVML collector, through JNA, against the fake
 * libnvidia-ml.so.1 (three GPUs: an H100, an H100 in MIG mode, and a Tesla P4 lacking many fields).
 */
class GpusPageTest {
    @TempDir
    Path home;

    private GridscopeApp app;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void scenario() throws Exception {
        writeScenario(template -> template);
    }

    /** Writes the fake NVML's scenario: the three-GPU template, edited. The fake re-reads it when it changes. */
    private static void writeScenario(java.util.function.UnaryOperator<String> edit) throws Exception {
        Path lib = Path.of(System.getProperty("gridscope.nvml.library", "missing"));
        if (!Files.isRegularFile(lib)) {
            String why = "fake NVML library not built at " + lib + " (build the collectors module's tests with gcc)";
            throw Requirements.unavailable(why);
        }
        String template = Files.readString(Path.of(System.getProperty("gridscope.test.fakeNvmlScenario")));
        Path scenario = Path.of(System.getenv("FAKE_NVML_SCENARIO"));
        Files.createDirectories(scenario.getParent());
        Path tmp = Files.createTempFile(scenario.getParent(), "scenario", ".tmp");
        Files.writeString(
                tmp,
                edit.apply(template.replace(
                        "@PID@", Long.toString(ProcessHandle.current().pid()))));
        Files.move(
                tmp,
                scenario,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
    }

    private ConsoleWindow window;
    private RecordingBackend backend;
    private javafx.stage.Stage stage;

    private void open(String page) throws Exception {
        UiSettings settings = UiSettings.empty();
        settings.put("page", page);
        window = ConsoleWindow.open(home, settings);
        app = window.app();
        backend = window.backend();
        stage = window.stage();
    }

    private long calls(String method) {
        return window.calls(method);
    }

    @Test
    void gpusProcessesAndUnsupportedFieldsAreShown() throws Exception {
        open("GPUS");

        TableView<?> gpus = robot.lookup("#gpuTable").queryAs(TableView.class);
        // samples arrive with each pass; names and indexes with the next device poll (every second)
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> fx(() -> gpus.getItems().size()) >= 3
                        && fx(() -> app.viewModel().gpus().gpus().stream().allMatch(r -> r.index() >= 0)));
        String table = fx(() -> gpus.getItems().toString());
        assertThat(table).contains("NVIDIA H100 80GB HBM3").contains("Tesla P4");
        GpuViewModel.GpuRow p4 = fx(() -> app.viewModel().gpus().gpus().stream()
                .filter(r -> r.name().contains("P4"))
                .findFirst()
                .orElseThrow());
        assertThat(p4.memoryReservedBytes()).isNaN(); // unsupported there: N/A, never 0
        GpuViewModel.GpuRow h100 = fx(() -> app.viewModel().gpus().gpus().get(0));
        assertThat(h100.index()).isZero();
        assertThat(h100.utilization()).isEqualTo(0.75);
        GpuViewModel.GpuRow mig = fx(() -> app.viewModel().gpus().gpus().get(1));
        assertThat(mig.utilization()).isNaN(); // NVML gives no utilisation in MIG mode: N/A, not 0
        assertThat(h100.clockEventReasons()).isNotEmpty();
        assertThat(fx(() -> robot.lookup("#gpuUnavailable").queryAs(Label.class).isVisible()))
                .isFalse();

        robot.clickOn("#nav-overview");
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> robot.lookup("#overviewGpus").tryQuery().isPresent());
        assertThat(fx(() -> robot.lookup("#overviewGpus")
                        .queryAs(TableView.class)
                        .getItems()
                        .size()))
                .isEqualTo(3);
        robot.clickOn("#nav-gpus");
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> robot.lookup("#processTable").tryQuery().isPresent());

        TableView<?> procs = robot.lookup("#processTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(
                20, TimeUnit.SECONDS, () -> fx(() -> procs.getItems().size()) >= 2);
        int all = fx(() -> procs.getItems().size());
        fx(
                () -> { // the filter sits below the MIG devices and charts: scroll down to it, as a user would
                    robot.lookup("#page-gpus")
                            .queryAs(javafx.scene.control.ScrollPane.class)
                            .setVvalue(1.0);
                    return null;
                });
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#processFilter")
                .write(Long.toString(ProcessHandle.current().pid()));
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> fx(() -> procs.getItems().size()) < all);
        assertThat(fx(() -> procs.getItems().size())).isGreaterThanOrEqualTo(1);
        robot.write("-no-such-process");
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> fx(() -> procs.getItems().isEmpty()));

        fx(() -> {
            robot.lookup("#processFilter")
                    .queryAs(javafx.scene.control.TextField.class)
                    .clear();
            return null;
        });
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> fx(() -> procs.getItems().size()) == all);
        // what a click on the PID header does (the table may sit below the visible part of the scroll pane)
        fx(() -> {
            @SuppressWarnings("unchecked")
            TableView<Object> t = (TableView<Object>) procs;
            t.getSortOrder().setAll(t.getColumns().get(0));
            return null;
        });
        assertThat(fx(() -> {
                    var items = procs.getItems();
                    for (int i = 1; i < items.size(); i++) {
                        if (((io.gridscope.collectors.nvml.GpuProcess) items.get(i - 1)).pid()
                                > ((io.gridscope.collectors.nvml.GpuProcess) items.get(i)).pid()) {
                            return false;
                        }
                    }
                    return true;
                }))
                .isTrue();
    }

    @Test
    void migInstancesAreListedWithTheirParentProfileIdsAndMemory() throws Exception {
        open("GPUS");
        TableView<?> migTable = robot.lookup("#migTable").queryAs(TableView.class);
        // ids and profiles come with the device poll, memory with the samples
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> fx(() -> app.viewModel().gpus().migs().size() == 2
                        && app.viewModel().gpus().migs().stream()
                                .allMatch(r -> r.gpuIndex() >= 0 && !Double.isNaN(r.memoryUsedBytes()))));
        assertThat(fx(() -> robot.lookup("#migSection").query().isVisible())).isTrue();
        assertThat(fx(() -> migTable.getItems().size())).isEqualTo(2);
        GpuViewModel.MigRow a = fx(() -> app.viewModel().gpus().migs().get(0));
        assertThat(a.gpuIndex()).isEqualTo(1);
        assertThat(a.gpuUuid()).isEqualTo("GPU-6b2d3e4f-1111-4111-8111-111111111111");
        assertThat(a.migUuid()).isEqualTo("MIG-aaaaaaaa-0000-5000-8000-000000000001");
        assertThat(a.profile()).hasValue("3g.40gb");
        assertThat(a.gpuInstanceId()).hasValue(1);
        assertThat(a.computeInstanceId()).hasValue(0);
        assertThat(a.memoryUsedBytes()).isEqualTo(2_147_483_648.0);
        assertThat(a.memoryTotalBytes()).isEqualTo(42_949_672_960.0);
        assertThat(a.utilization())
                .as("NVML gives none per MIG instance: N/A, not 0")
                .isNaN();
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> fx(() -> app.viewModel().gpus().migs().get(0).processCount()) == 1);
        GpuViewModel.MigRow b = fx(() -> app.viewModel().gpus().migs().get(1));
        assertThat(b.profile()).hasValue("2g.20gb");
        assertThat(b.processCount()).isZero();
        // what the cells say, as the user reads them
        assertThat(cellTexts(migTable, 0))
                .containsExactly(
                        "1",
                        "GPU-6b2d3e4f",
                        "MIG-aaaaaaaa",
                        "3g.40gb",
                        "1",
                        "0",
                        "2.0 / 0.0 / 40.0",
                        "5 %",
                        "N/A",
                        "1");
        // the GPU in MIG mode says why its utilisation is N/A
        TableView<?> gpus = robot.lookup("#gpuTable").queryAs(TableView.class);
        assertThat(cellTexts(gpus, 1)).contains("N/A (MIG)");
    }

    @Test
    void withoutMigModeTheMigSectionIsAbsent() throws Exception {
        writeScenario(t -> t.replace("gpu.1.mig=1", "gpu.1.mig=0").replace("gpu.1.mig_count=2", "gpu.1.mig_count=0"));
        open("GPUS");
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> fx(() -> app.viewModel().gpus().gpus().size() == 3
                        && app.viewModel().gpus().gpus().stream().allMatch(r -> r.index() >= 0)));
        assertThat(fx(() -> app.viewModel().gpus().migs())).isEmpty();
        assertThat(fx(() -> robot.lookup("#migSection").query().isVisible())).isFalse();
        assertThat(fx(() -> robot.lookup("#migSection").query().isManaged())).isFalse();
    }

    @Test
    void pcieThroughputIsReadOnlyWhileTheGpuPageIsShown() throws Exception {
        open("OVERVIEW");
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> fx(() -> app.viewModel().gpus().gpus().size() == 3
                        && app.viewModel().gpus().gpus().stream().allMatch(r -> r.index() >= 0)));
        assertThat(calls("subscribePcieThroughput"))
                .as("not asked for while the Overview is shown")
                .isZero();
        assertThat(fx(() -> app.viewModel().gpus().gpus().get(0).pcieReceiveBytesPerSecond()))
                .isNaN();

        robot.clickOn("#nav-gpus");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> calls("subscribePcieThroughput") == 1);
        // the fake H100 moves 2000 KB/s in and 1000 KB/s out; NVML's KB is 1024 bytes
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> fx(() -> app.viewModel().gpus().gpus().get(0).pcieReceiveBytesPerSecond()) == 2_048_000.0);
        GpuViewModel.GpuRow h100 = fx(() -> app.viewModel().gpus().gpus().get(0));
        assertThat(h100.pcieTransmitBytesPerSecond()).isEqualTo(1_024_000.0);
        assertThat(GpusPage.pcieThroughput(h100)).isEqualTo("2.0 / 1.0 MB/s");
        assertThat(GpusPage.pcieLink(h100)).isEqualTo("Gen5 x16");
        assertThat(fx(() -> app.viewModel().gpus().gpus().get(2).pcieReceiveBytesPerSecond()))
                .as("the P4 does not report it: N/A")
                .isNaN();
        TableView<?> gpus = robot.lookup("#gpuTable").queryAs(TableView.class);
        assertThat(cellTexts(gpus, 0)).contains("2.0 / 1.0 MB/s", "Gen5 x16");
        ChartViewModel rx = app.viewModel().gpus().charts().stream()
                .filter(c -> c.spec().id().equals("gpuPcieReceiveChart"))
                .findFirst()
                .orElseThrow();
        assertThat(fx(() -> rx.lines().stream().map(ChartViewModel.Line::name).toList()))
                .contains("GPU-5a1c2d3e");
        assertThat(robot.lookup("#gpuPcieTransmitChart").tryQuery()).isPresent();

        robot.clickOn("#nav-hosts");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> calls("closePcieThroughput") == 1);
        robot.clickOn("#nav-gpus");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> calls("subscribePcieThroughput") == 2);
        assertThat(backend.calls)
                .filteredOn(c -> c.method().endsWith("PcieThroughput"))
                .allSatisfy(c -> assertThat(c.onFxThread())
                        .as(c.method() + " on " + c.thread())
                        .isFalse());
    }

    @Test
    void pcieThroughputIsNotReadWhileTheWindowIsMinimised() throws Exception {
        open("GPUS");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> calls("subscribePcieThroughput") == 1);
        fx(() -> {
            stage.setIconified(true);
            return null;
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> calls("closePcieThroughput") == 1);
        fx(() -> {
            stage.setIconified(false);
            return null;
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> calls("subscribePcieThroughput") == 2);
        assertThat(calls("closePcieThroughput")).isEqualTo(1);
    }

    /** The texts a table's cells show for one row, column by column. */
    private static java.util.List<String> cellTexts(TableView<?> table, int row) throws Exception {
        return fx(() -> {
            java.util.List<String> out = new java.util.ArrayList<>();
            for (var c : table.getColumns()) {
                out.add(String.valueOf(c.getCellData(row)));
            }
            return out;
        });
    }
}
