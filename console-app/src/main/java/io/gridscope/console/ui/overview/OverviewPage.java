package io.gridscope.console.ui.overview;

import io.gridscope.console.ui.chart.Sparkline;
import io.gridscope.console.ui.format.Formats;
import io.gridscope.console.ui.shell.Page;
import io.gridscope.console.ui.shell.ShellViewModel;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/** One row per host (and, as collectors arrive, per GPU) with its current figures, a sparkline and its health. */
public final class OverviewPage extends VBox {
    private static void addHostRow(ShellViewModel shell, GridPane grid, HostSummary h) {
        int row = grid.getRowCount();
        Hyperlink host = new Hyperlink();
        host.textProperty().bind(h.displayNameProperty());
        host.setId(h.local() ? "overviewLocalHost" : null);
        host.getStyleClass().add("overview-host");
        host.setOnAction(e -> {
            shell.hostProperty().set(h.name());
            shell.pageProperty().set(Page.HOSTS);
        });
        Label origin = new Label();
        origin.getStyleClass().add("muted");
        origin.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> h.local()
                                ? "this machine"
                                : (h.displayNameProperty().get().equals(h.name()) ? "" : h.name() + " ") + "via "
                                        + Formats.origin(h.sourceIdProperty().get()),
                        h.sourceIdProperty(),
                        h.displayNameProperty()));
        VBox name = new VBox(0, host, origin);
        Label cpu = new Label();
        if (h.local()) {
            cpu.setId("cpuNow");
        }
        cpu.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> Formats.percent(h.cpu().latestProperty().get()),
                        h.cpu().latestProperty()));
        Tooltip.install(
                cpu,
                new Tooltip("host_cpu_utilization_ratio{cpu=\"total\", host=\"" + h.name() + "\"}, latest, % (source: "
                        + (h.local() ? "OSHI" : "Prometheus") + ")"));
        Sparkline spark = new Sparkline(h.cpu().points(), 100, 100, Color.web("#2f6fdb"), 220, 28);
        h.cpu().revisionProperty().addListener((o, a, b) -> spark.redraw());
        Runnable window = () -> {
            var r = shell.rangeProperty().get();
            spark.setWindow(
                    r.length().toMillis(),
                    Math.max(h.local() ? 5_000 : 60_000, r.length().toMillis() / 150));
        };
        window.run();
        shell.rangeProperty().addListener((o, a, b) -> window.run());
        Tooltip.install(spark, new Tooltip("CPU utilisation of " + h.name() + " over the selected range, 0–100 %"));
        Label mem = new Label();
        if (h.local()) {
            mem.setId("memoryNow");
        }
        mem.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> Formats.gib(h.memoryUsedBytesProperty().get()) + " / "
                                + Formats.gib(h.memoryTotalBytesProperty().get()) + " GiB",
                        h.memoryUsedBytesProperty(),
                        h.memoryTotalBytesProperty()));
        Tooltip.install(mem, new Tooltip("host_memory_used_bytes / host_memory_total_bytes of " + h.name() + ", GiB"));
        Label health = new Label();
        if (h.local()) {
            health.setId("hostHealth");
        }
        health.textProperty().bind(h.healthProperty());
        Runnable style = () -> health.getStyleClass()
                .setAll("label", "health", "health-" + h.healthStateProperty().get());
        h.healthStateProperty().addListener((o, a, b) -> style.run());
        style.run();
        grid.addRow(row, name, cpu, spark, mem, health);
        for (javafx.scene.Node n : List.of(name, cpu, spark, mem, health)) {
            GridPane.setValignment(n, javafx.geometry.VPos.CENTER);
        }
    }

    /** @param gpuSection every host's GPUs, or why there are none (from the GPUs page's package) */
    public OverviewPage(OverviewViewModel vm, ShellViewModel shell, Node gpuSection) {
        this(vm, shell, gpuSection, null);
    }

    /** @param today today's cost and carbon so far (from the accounting), shown first; null for none */
    public OverviewPage(OverviewViewModel vm, ShellViewModel shell, Node gpuSection, Node today) {
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
        vm.hosts().forEach(h -> addHostRow(shell, grid, h));
        vm.hosts().addListener((ListChangeListener<HostSummary>) c -> {
            grid.getChildren().removeIf(n -> GridPane.getRowIndex(n) != null && GridPane.getRowIndex(n) > 0);
            vm.hosts().forEach(h -> addHostRow(shell, grid, h));
        });

        Label gpuTitle = new Label("GPUs");
        gpuTitle.getStyleClass().add("section-title");
        Label note = new Label("Remote hosts appear here when a Prometheus exporter or server source is added on "
                + "the Sources page; click a host to show it on every page.");
        note.getStyleClass().add("muted");
        VBox card = new VBox(10, grid);
        card.getStyleClass().add("card");
        card.setAlignment(Pos.TOP_LEFT);
        if (today != null) {
            getChildren().add(today);
        }
        getChildren().addAll(title, card, gpuTitle, gpuSection, note);
    }
}
