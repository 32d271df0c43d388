package io.gridscope.console.ui;

import io.gridscope.console.ui.chart.TimeSeriesChart;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;

/** The Hosts page: CPU total and per core, memory and load average of the shown host, over the shell's range. */
final class HostsPage extends VBox {
    HostsPage(MainViewModel vm) {
        super(10);
        setPadding(new Insets(12, 16, 12, 16));
        getStyleClass().add("page");

        TimeSeriesChart cpu = Charts.of(vm.cpuChart(), vm.shell());
        TimeSeriesChart mem = Charts.of(vm.memoryChart(), vm.shell());
        vm.memoryTotalBytesProperty().addListener((obs, o, n) -> {
            if (!Double.isNaN(n.doubleValue())) {
                mem.setValueRange(0, Math.ceil(n.doubleValue() / MainViewModel.BYTES_PER_GIB));
            }
        });

        Label coresTitle = new Label("Per core (latest)");
        coresTitle.getStyleClass().add("section-title");
        TilePane cores = new TilePane(8, 6);
        cores.setId("coreTiles");
        cores.setPrefTileWidth(120);
        vm.cores().forEach(core -> cores.getChildren().add(coreTile(core))); // cores seen before this page was opened
        vm.cores().addListener((ListChangeListener<MainViewModel.CoreLoad>) c -> {
            while (c.next()) {
                for (MainViewModel.CoreLoad core : c.getAddedSubList()) {
                    cores.getChildren().add(coreTile(core));
                }
            }
        });
        TimeSeriesChart load = Charts.of(vm.loadChart(), vm.shell());
        getChildren().addAll(cpu, coresTitle, cores, mem, load);
        VBox.setVgrow(cpu, Priority.ALWAYS);
        VBox.setVgrow(mem, Priority.ALWAYS);
        VBox.setVgrow(load, Priority.ALWAYS);
    }

    private static Region coreTile(MainViewModel.CoreLoad core) {
        ProgressBar bar = new ProgressBar();
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(Bindings.createDoubleBinding(
                () -> Double.isNaN(core.ratio().get()) ? 0 : core.ratio().get(), core.ratio()));
        Label label = new Label();
        label.textProperty().bind(Bindings.createStringBinding(
                () -> "cpu" + core.index() + "  " + MainView.percent(core.ratio().get()), core.ratio()));
        VBox tile = new VBox(2, label, bar);
        tile.getStyleClass().add("core-tile");
        Tooltip.install(tile, new Tooltip("Logical CPU " + core.index()
                + ": busy share over the last interval, from OSHI tick deltas (host_cpu_utilization_ratio)"));
        return tile;
    }

    static ScrollPane scrolling(Region content) {
        ScrollPane sp = new ScrollPane(content);
        sp.setFitToWidth(true);
        sp.setFitToHeight(true);
        sp.getStyleClass().add("page-scroll");
        return sp;
    }
}
