package io.gridscope.console.ui;

import io.gridscope.collectors.model.CollectorState;
import io.gridscope.collectors.model.CollectorStatus;
import io.gridscope.console.ui.chart.TimeSeriesChart;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import org.controlsfx.control.StatusBar;

/** The main window's content: header, live CPU and memory charts, per-core loads, and the status bar. */
public final class MainView extends BorderPane {
    private final MainViewModel vm;
    private final HBox collectorItems = new HBox(14);

    public MainView(MainViewModel vm) {
        this.vm = vm;
        getStyleClass().add("main-view");
        setTop(header());
        setCenter(body());
        setBottom(statusBar());
    }

    private Region header() {
        Label title = new Label("Gridscope");
        title.getStyleClass().add("app-title");
        Label host = new Label();
        host.getStyleClass().add("host-name");
        host.textProperty().bind(Bindings.concat("Local host · ", vm.hostNameProperty()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label cpuNow = new Label();
        cpuNow.setId("cpuNow");
        cpuNow.getStyleClass().add("kpi");
        cpuNow.textProperty().bind(Bindings.createStringBinding(
                () -> "CPU " + percent(vm.cpuTotal().latestProperty().get()), vm.cpuTotal().latestProperty()));
        Label memNow = new Label();
        memNow.setId("memoryNow");
        memNow.getStyleClass().add("kpi");
        memNow.textProperty().bind(Bindings.createStringBinding(() -> "Memory " + gib(vm.memoryUsed().latestProperty().get())
                        + " / " + gib(vm.memoryTotalBytesProperty().get()) + " GiB",
                vm.memoryUsed().latestProperty(), vm.memoryTotalBytesProperty()));
        HBox box = new HBox(16, title, host, spacer, cpuNow, memNow);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("header");
        return box;
    }

    private Region body() {
        Label error = new Label();
        error.setId("errorBanner");
        error.getStyleClass().add("error-banner");
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        TimeSeriesChart cpu = new TimeSeriesChart("CPU utilisation", "%");
        cpu.setId("cpuChart");
        cpu.setValueRange(0, 100);
        cpu.setLiveWindow(MainViewModel.LIVE_WINDOW);
        cpu.addLine("All cores", Color.web("#2f6fdb"), 100.0, vm.cpuTotal().points());
        vm.cpuTotal().revisionProperty().addListener((o, a, b) -> cpu.dataChanged());
        Tooltip.install(cpu, new Tooltip("host_cpu_utilization_ratio{cpu=\"total\"}: busy share of all logical CPUs, "
                + "in %, from OSHI tick deltas each second. Drag to zoom, double-click to reset."));

        TimeSeriesChart mem = new TimeSeriesChart("Memory used", "GiB");
        mem.setId("memoryChart");
        mem.setLiveWindow(MainViewModel.LIVE_WINDOW);
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

        VBox box = new VBox(10, error, cpu, coresTitle, cores, mem);
        VBox.setVgrow(cpu, Priority.ALWAYS);
        VBox.setVgrow(mem, Priority.ALWAYS);
        box.setPadding(new Insets(12, 16, 12, 16));
        return box;
    }

    private static Region coreTile(MainViewModel.CoreLoad core) {
        ProgressBar bar = new ProgressBar();
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(Bindings.createDoubleBinding(
                () -> Double.isNaN(core.ratio().get()) ? 0 : core.ratio().get(), core.ratio()));
        Label label = new Label();
        label.textProperty().bind(Bindings.createStringBinding(
                () -> "cpu" + core.index() + "  " + percent(core.ratio().get()), core.ratio()));
        VBox tile = new VBox(2, label, bar);
        tile.getStyleClass().add("core-tile");
        Tooltip.install(tile, new Tooltip("Logical CPU " + core.index()
                + ": busy fraction over the last interval, from OSHI tick deltas (host_cpu_utilization_ratio)"));
        return tile;
    }

    private Region statusBar() {
        StatusBar bar = new StatusBar();
        bar.setId("statusBar");
        bar.textProperty().bind(vm.historyStatusProperty());
        collectorItems.setAlignment(Pos.CENTER_RIGHT);
        vm.statuses().addListener((ListChangeListener<CollectorStatus>) c -> renderStatuses());
        bar.getRightItems().add(collectorItems);
        return bar;
    }

    private void renderStatuses() {
        collectorItems.getChildren().clear();
        for (CollectorStatus s : vm.statuses()) {
            Circle dot = new Circle(5);
            dot.getStyleClass().addAll("state-dot", "state-" + s.state().name().toLowerCase(Locale.ROOT));
            Label l = new Label(s.displayName() + ": " + describe(s), dot);
            l.setId("status-" + s.collectorId());
            l.getStyleClass().add("collector-status");
            Tooltip.install(l, new Tooltip(s.message().isEmpty() ? s.displayName() + " (" + s.collectorId() + ")"
                    : s.message()));
            collectorItems.getChildren().add(l);
        }
    }

    static String describe(CollectorStatus s) {
        return switch (s.state()) {
            case OK -> String.format(Locale.ROOT, "OK · %d series · %.1f ms", s.lastSampleCount(), s.lastPassNanos() / 1e6);
            case STARTING -> "starting";
            case UNAVAILABLE -> "unavailable — " + s.message();
            case FAILED -> "failed — " + s.message();
            case STOPPED -> "stopped";
        };
    }

    static String percent(double ratio) {
        return Double.isNaN(ratio) ? "N/A" : String.format(Locale.ROOT, "%.0f %%", ratio * 100);
    }

    static String gib(double bytes) {
        return Double.isNaN(bytes) ? "N/A" : String.format(Locale.ROOT, "%.1f", bytes / MainViewModel.BYTES_PER_GIB);
    }

    static boolean isHealthy(CollectorStatus s) {
        return s.state() == CollectorState.OK;
    }
}
