package io.gridscope.console.ui;

import io.gridscope.console.ui.chart.TimeSeriesChart;
import io.gridscope.console.ui.shell.TimeRange;
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
import javafx.scene.paint.Color;

/** The Hosts page: CPU total and per core, memory, over the shell's time range. */
final class HostsPage extends VBox {
    HostsPage(MainViewModel vm) {
        super(10);
        setPadding(new Insets(12, 16, 12, 16));
        getStyleClass().add("page");

        TimeSeriesChart cpu = new TimeSeriesChart("CPU utilisation", "%");
        cpu.setId("cpuChart");
        cpu.setValueRange(0, 100);
        cpu.addLine("All cores", Color.web("#2f6fdb"), 100.0, vm.cpuTotal().points());
        vm.cpuTotal().revisionProperty().addListener((o, a, b) -> cpu.dataChanged());
        Tooltip.install(cpu, new Tooltip("host_cpu_utilization_ratio{cpu=\"total\"}: busy share of all logical CPUs, "
                + "in %, from OSHI tick deltas each second. Drag to zoom, double-click to reset."));

        TimeSeriesChart mem = new TimeSeriesChart("Memory used", "GiB");
        mem.setId("memoryChart");
        mem.addLine("Used (total − available)", Color.web("#7b4bd1"), 1.0 / MainViewModel.BYTES_PER_GIB,
                vm.memoryUsed().points());
        vm.memoryUsed().revisionProperty().addListener((o, a, b) -> mem.dataChanged());
        Tooltip.install(mem, new Tooltip("host_memory_used_bytes: physical memory in use, in GiB (total − available, "
                + "from OSHI); the axis ends at installed memory. Drag to zoom, double-click to reset."));
        vm.memoryTotalBytesProperty().addListener((obs, o, n) -> {
            if (!Double.isNaN(n.doubleValue())) {
                mem.setValueRange(0, Math.ceil(n.doubleValue() / MainViewModel.BYTES_PER_GIB));
            }
        });
        for (TimeSeriesChart c : new TimeSeriesChart[] {cpu, mem}) {
            c.setDarkPalette(vm.shell().darkProperty().get());
            vm.shell().darkProperty().addListener((o, a, d) -> c.setDarkPalette(d));
            applyRange(c, vm.shell().rangeProperty().get());
            vm.shell().rangeProperty().addListener((o, a, r) -> applyRange(c, r));
        }

        Label coresTitle = new Label("Per core (last second)");
        coresTitle.getStyleClass().add("section-title");
        TilePane cores = new TilePane(8, 6);
        cores.setId("coreTiles");
        cores.setPrefTileWidth(120);
        vm.cores().addListener((ListChangeListener<MainViewModel.CoreLoad>) c -> {
            while (c.next()) {
                for (MainViewModel.CoreLoad core : c.getAddedSubList()) {
                    cores.getChildren().add(coreTile(core));
                }
            }
        });
        getChildren().addAll(cpu, coresTitle, cores, mem);
        VBox.setVgrow(cpu, Priority.ALWAYS);
        VBox.setVgrow(mem, Priority.ALWAYS);
    }

    static void applyRange(TimeSeriesChart chart, TimeRange r) {
        if (r.isLive()) {
            chart.setLiveWindow(r.window());
            // at 1 s sampling a gap is > 5 s; ranges read from history are reduced to ~1,000 points, so allow
            // a few buckets' width before breaking the line
            chart.setGapMillis(Math.max(5_000, r.window().toMillis() / 300));
        } else {
            chart.setRange(r.from().toEpochMilli(), r.to().toEpochMilli());
            chart.setGapMillis(Math.max(5_000, r.length().toMillis() / 300));
        }
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
