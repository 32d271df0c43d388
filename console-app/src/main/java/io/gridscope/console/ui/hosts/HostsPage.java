package io.gridscope.console.ui.hosts;

import io.gridscope.console.ui.chart.Charts;
import io.gridscope.console.ui.chart.TimeSeriesChart;
import io.gridscope.console.ui.format.Formats;
import io.gridscope.console.ui.shell.ShellViewModel;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;

/** The Hosts page: CPU total and per core, memory and load average of the shown host, over the shell's range. */
public final class HostsPage extends VBox {
    public HostsPage(HostsViewModel vm, ShellViewModel shell) {
        super(10);
        setPadding(new Insets(12, 16, 12, 16));
        getStyleClass().add("page");

        TimeSeriesChart cpu = Charts.of(vm.cpuChart(), shell);
        TimeSeriesChart mem = Charts.of(vm.memoryChart(), shell);
        // the axis ends at the shown host's installed memory; automatic while that is unknown
        Runnable memAxis = () -> {
            double total = vm.memoryTotalBytesProperty().get();
            mem.setValueRange(0, Double.isNaN(total) ? Double.NaN : Math.ceil(total / Formats.BYTES_PER_GIB));
        };
        memAxis.run();
        vm.memoryTotalBytesProperty().addListener((obs, o, n) -> memAxis.run());

        Label coresTitle = new Label("Per core (latest)");
        coresTitle.getStyleClass().add("section-title");
        TilePane cores = new TilePane(8, 6);
        cores.setId("coreTiles");
        cores.setPrefTileWidth(120);
        // one tile per core of the shown host: rebuilt when cores come or go (another host shown)
        Runnable tiles = () -> cores.getChildren()
                .setAll(vm.cores().stream().map(HostsPage::coreTile).toList());
        tiles.run();
        vm.cores().addListener((ListChangeListener<HostsViewModel.CoreLoad>) c -> tiles.run());
        TimeSeriesChart load = Charts.of(vm.loadChart(), shell);
        getChildren().addAll(cpu, coresTitle, cores, mem, load);
        VBox.setVgrow(cpu, Priority.ALWAYS);
        VBox.setVgrow(mem, Priority.ALWAYS);
        VBox.setVgrow(load, Priority.ALWAYS);
    }

    private static Region coreTile(HostsViewModel.CoreLoad core) {
        ProgressBar bar = new ProgressBar();
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty()
                .bind(Bindings.createDoubleBinding(
                        () -> Double.isNaN(core.ratio().get())
                                ? 0
                                : core.ratio().get(),
                        core.ratio()));
        Label label = new Label();
        label.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> "cpu" + core.index() + "  "
                                + Formats.percent(core.ratio().get()),
                        core.ratio()));
        VBox tile = new VBox(2, label, bar);
        tile.getStyleClass().add("core-tile");
        Tooltip.install(
                tile,
                new Tooltip("Logical CPU " + core.index()
                        + ": busy share over the last interval, from OSHI tick deltas (host_cpu_utilization_ratio)"));
        return tile;
    }
}
