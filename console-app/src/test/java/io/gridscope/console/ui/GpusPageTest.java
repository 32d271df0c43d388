package io.gridscope.console.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.LiveBackend;
import io.gridscope.console.app.UiSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
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
        Path lib = Path.of(System.getProperty("gridscope.nvml.library", "missing"));
        if (!Files.isRegularFile(lib)) {
            String why = "fake NVML library not built at " + lib + " (build the collectors module's tests with gcc)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        String template = Files.readString(Path.of(System.getProperty("gridscope.test.fakeNvmlScenario")));
        Path scenario = Path.of(System.getenv("FAKE_NVML_SCENARIO"));
        Files.createDirectories(scenario.getParent());
        Path tmp = Files.createTempFile(scenario.getParent(), "scenario", ".tmp");
        Files.writeString(tmp, template.replace("@PID@", Long.toString(ProcessHandle.current().pid())));
        Files.move(tmp, scenario, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @AfterEach
    void close() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
            app.controller().close();
        }
    }

    @Test
    void gpusProcessesAndUnsupportedFieldsAreShown() throws Exception {
        AppPaths paths = AppPaths.resolve(Map.of(), home, Optional.of(home.resolve("data")));
        UiSettings settings = UiSettings.empty();
        settings.put("page", "GPUS");
        FxToolkit.registerPrimaryStage();
        app = (GridscopeApp) FxToolkit.setupApplication(
                () -> new GridscopeApp(() -> new LiveBackend(paths, Clock.systemUTC()), settings));

        TableView<?> gpus = robot.lookup("#gpuTable").queryAs(TableView.class);
        // samples arrive with each pass; names and indexes with the next device poll (every second)
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> gpus.getItems().size()) >= 3
                && fx(() -> app.viewModel().gpus().gpus().stream().allMatch(r -> r.index() >= 0)));
        String table = fx(() -> gpus.getItems().toString());
        assertThat(table).contains("NVIDIA H100 80GB HBM3").contains("Tesla P4");
        GpuViewModel.GpuRow p4 = fx(() -> app.viewModel().gpus().gpus().stream()
                .filter(r -> r.name().contains("P4")).findFirst().orElseThrow());
        assertThat(p4.memoryReservedBytes()).isNaN(); // unsupported there: N/A, never 0
        GpuViewModel.GpuRow h100 = fx(() -> app.viewModel().gpus().gpus().get(0));
        assertThat(h100.index()).isZero();
        assertThat(h100.utilization()).isEqualTo(0.75);
        GpuViewModel.GpuRow mig = fx(() -> app.viewModel().gpus().gpus().get(1));
        assertThat(mig.utilization()).isNaN(); // NVML gives no utilisation in MIG mode: N/A, not 0
        assertThat(h100.clockEventReasons()).isNotEmpty();
        assertThat(fx(() -> robot.lookup("#gpuUnavailable").queryAs(Label.class).isVisible())).isFalse();

        robot.clickOn("#nav-overview");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#overviewGpus").tryQuery().isPresent());
        assertThat(fx(() -> robot.lookup("#overviewGpus").queryAs(TableView.class).getItems().size())).isEqualTo(3);
        robot.clickOn("#nav-gpus");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#processTable").tryQuery().isPresent());

        TableView<?> procs = robot.lookup("#processTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> procs.getItems().size()) >= 2);
        int all = fx(() -> procs.getItems().size());
        robot.clickOn("#processFilter").write(Long.toString(ProcessHandle.current().pid()));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(() -> procs.getItems().size()) < all);
        assertThat(fx(() -> procs.getItems().size())).isGreaterThanOrEqualTo(1);
        robot.write("-no-such-process");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(() -> procs.getItems().isEmpty()));

        fx(() -> {
            robot.lookup("#processFilter").queryAs(javafx.scene.control.TextField.class).clear();
            return null;
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(() -> procs.getItems().size()) == all);
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
        })).isTrue();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }
}
