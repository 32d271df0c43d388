package io.gridscope.console.ui;

import static io.gridscope.console.ui.ConsoleWindow.fx;
import static io.gridscope.console.ui.TwoHostBackend.LOCAL;
import static io.gridscope.console.ui.TwoHostBackend.REMOTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.UiSettings;
import io.gridscope.console.ui.chart.ChartLine;
import io.gridscope.console.ui.chart.TimeSeriesChart;
import io.gridscope.console.ui.netstorage.NetworkStorageViewModel;
import io.gridscope.console.ui.shell.Page;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.Pane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Every page shows the chosen host's state alone, however often the host changes. */
class HostSwitchTest {
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
    void everyPageShowsOnlyTheChosenHostAfterSwitchingBackAndForth() throws Exception {
        window = ConsoleWindow.open(home, home.resolve("data"), UiSettings.empty(), paths -> new TwoHostBackend())
                .awaitStarted();
        MainViewModel vm = window.app().viewModel();
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> fx(() -> vm.shell().hosts()).size() == 2);
        // every page built (and its nodes found) before the switching starts; built pages are kept
        Map<String, Node> nodes = new HashMap<>();
        for (Page p : List.of(Page.HOSTS, Page.NETWORK_STORAGE, Page.GPUS, Page.OVERVIEW)) {
            fx(() -> {
                vm.shell().pageProperty().set(p);
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            for (String id : List.of(
                    "#memoryChart",
                    "#loadChart",
                    "#coreTiles",
                    "#diskReadChart",
                    "#netReceiveChart",
                    "#fileSystemsTable",
                    "#gpuUnavailable",
                    "#gpuRemoteNote")) {
                robot.lookup(id).tryQuery().ifPresent(n -> nodes.put(id, n));
            }
        }
        this.nodes = nodes;

        for (String host : List.of(LOCAL, REMOTE, LOCAL, REMOTE, LOCAL)) {
            boolean local = host.equals(LOCAL);
            int cores = local ? 4 : 2;
            double memoryGib = local ? 64 : 8;
            double axisAtSwitch = fx(() -> {
                @SuppressWarnings("unchecked")
                ComboBox<String> selector = robot.lookup("#hostSelector").queryAs(ComboBox.class);
                selector.setValue(host);
                return chart("#memoryChart").fixedValueMax();
            });
            assertThat(axisAtSwitch).as("memory axis of %s, at once", host).isEqualTo(memoryGib);

            // a few batches of both hosts' samples arrive while the pages show one host
            WaitForAsyncUtils.sleep(600, TimeUnit.MILLISECONDS);
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(() -> tiles().size()) == cores);
            WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
            List<String> tiles = fx(this::tiles);
            assertThat(tiles).as("core tiles of %s", host).hasSize(cores).allMatch(t -> t.endsWith("20 %"));
            for (int i = 0; i < cores; i++) {
                assertThat(tiles.get(i)).startsWith("cpu" + i + " ");
            }
            assertThat(fx(() -> chart("#memoryChart").fixedValueMax())).isEqualTo(memoryGib);

            assertThat(fx(() -> names(chart("#diskReadChart"))))
                    .as("disks of %s", host)
                    .containsExactlyElementsOf(local ? List.of("sda") : List.of("vda", "zram0"));
            assertThat(fx(() -> names(chart("#netReceiveChart"))))
                    .as("interfaces of %s", host)
                    .containsExactly(local ? "eth0" : "ens3");
            assertThat(fx(() -> names(chart("#loadChart")))).containsExactly("1m", "5m", "15m");
            @SuppressWarnings("unchecked")
            TableView<NetworkStorageViewModel.FileSystemRow> fs =
                    (TableView<NetworkStorageViewModel.FileSystemRow>) nodes.get("#fileSystemsTable");
            assertThat(fx(() -> fs.getItems().stream()
                            .map(NetworkStorageViewModel.FileSystemRow::mountpoint)
                            .toList()))
                    .containsExactly(local ? "/" : "/srv");

            String gpuNotice = fx(() -> ((Label) nodes.get("#gpuUnavailable")).getText());
            if (local) {
                assertThat(gpuNotice).contains("No NVIDIA GPU driver is present on this machine");
            } else {
                assertThat(gpuNotice).contains("No GPU figures from " + REMOTE).doesNotContain("this machine");
            }
            assertThat(fx(() -> nodes.get("#gpuRemoteNote").isVisible())).isFalse();
            assertThat(fx(() -> vm.overview().hosts().size())).isEqualTo(2);
        }
    }

    private Map<String, Node> nodes;

    private TimeSeriesChart chart(String id) {
        return (TimeSeriesChart) nodes.get(id);
    }

    private static List<String> names(TimeSeriesChart chart) {
        return chart.lines().stream().map(ChartLine::name).toList();
    }

    private List<String> tiles() {
        Pane tiles = (Pane) nodes.get("#coreTiles");
        return tiles.getChildren().stream()
                .map(n -> ((Label) ((Pane) n).getChildren().get(0)).getText())
                .toList();
    }
}
