package io.gridscope.console.ui;

import io.gridscope.collectors.model.CollectorState;
import io.gridscope.collectors.model.CollectorStatus;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/** One row per host (and, as collectors arrive, per GPU) with its current figures, a sparkline and its health. */
final class OverviewPage extends VBox {
    OverviewPage(MainViewModel vm) {
        super(12);
        setPadding(new Insets(12, 16, 12, 16));
        getStyleClass().add("page");
        Label title = new Label("Hosts");
        title.getStyleClass().add("section-title");

        GridPane grid = new GridPane(18, 8);
        grid.getStyleClass().add("overview-table");
        grid.setId("overviewHosts");
        String[] headers = {"Host", "CPU", "CPU over range", "Memory", "Health"};
        for (int c = 0; c < headers.length; c++) {
            Label h = new Label(headers[c]);
            h.getStyleClass().add("overview-header");
            grid.add(h, c, 0);
        }
        Label host = new Label();
        host.textProperty().bind(vm.hostNameProperty());
        host.getStyleClass().add("overview-host");
        Label cpu = new Label();
        cpu.setId("cpuNow");
        cpu.textProperty().bind(Bindings.createStringBinding(
                () -> MainView.percent(vm.cpuTotal().latestProperty().get()), vm.cpuTotal().latestProperty()));
        Tooltip.install(cpu, new Tooltip("host_cpu_utilization_ratio{cpu=\"total\"}, last second, %"));
        Sparkline spark = new Sparkline(vm.cpuTotal().points(), 100, 100, Color.web("#2f6fdb"), 220, 28);
        vm.cpuTotal().revisionProperty().addListener((o, a, b) -> spark.redraw());
        Runnable window = () -> {
            var r = vm.shell().rangeProperty().get();
            spark.setWindow(r.length().toMillis(), Math.max(5_000, r.length().toMillis() / 300));
        };
        window.run();
        vm.shell().rangeProperty().addListener((o, a, b) -> window.run());
        Label mem = new Label();
        mem.setId("memoryNow");
        mem.textProperty().bind(Bindings.createStringBinding(() -> MainView.gib(vm.memoryUsed().latestProperty().get())
                        + " / " + MainView.gib(vm.memoryTotalBytesProperty().get()) + " GiB",
                vm.memoryUsed().latestProperty(), vm.memoryTotalBytesProperty()));
        Tooltip.install(mem, new Tooltip("host_memory_used_bytes / host_memory_total_bytes, GiB"));
        Label health = new Label();
        health.setId("hostHealth");
        Runnable updateHealth = () -> {
            CollectorStatus host0 = vm.statuses().stream().filter(s -> s.collectorId().equals("host")).findFirst()
                    .orElse(null);
            if (host0 == null) {
                health.setText("starting");
            } else if (host0.state() == CollectorState.OK) {
                health.setText("OK");
            } else {
                health.setText(host0.state().name().toLowerCase(java.util.Locale.ROOT)
                        + (host0.message().isEmpty() ? "" : ": " + host0.message()));
            }
            health.getStyleClass().setAll("label", "health",
                    host0 != null && host0.state() == CollectorState.OK ? "health-ok" : "health-bad");
        };
        vm.statuses().addListener((ListChangeListener<CollectorStatus>) c -> updateHealth.run());
        updateHealth.run();
        grid.addRow(1, host, cpu, spark, mem, health);
        grid.getChildren().forEach(n -> GridPane.setValignment(n, javafx.geometry.VPos.CENTER));

        Label gpuTitle = new Label("GPUs");
        gpuTitle.getStyleClass().add("section-title");
        Label noGpu = new Label();
        noGpu.getStyleClass().add("muted");
        noGpu.textProperty().bind(javafx.beans.binding.Bindings.concat("No GPUs: ", vm.gpus().unavailableProperty()));
        noGpu.visibleProperty().bind(vm.gpus().unavailableProperty().isNotEmpty());
        noGpu.managedProperty().bind(noGpu.visibleProperty());
        javafx.scene.control.TableView<GpuViewModel.GpuRow> gpus = GpusPage.gpuTable(vm.gpus(), true);
        gpus.visibleProperty().bind(noGpu.visibleProperty().not());
        gpus.managedProperty().bind(gpus.visibleProperty());
        Label note = new Label("Remote hosts appear here as Prometheus sources are set up.");
        note.getStyleClass().add("muted");
        VBox card = new VBox(10, grid);
        card.getStyleClass().add("card");
        card.setAlignment(Pos.TOP_LEFT);
        getChildren().addAll(title, card, gpuTitle, noGpu, gpus, note);
    }
}
