package io.gridscope.console.ui;

import io.gridscope.collectors.nvml.GpuProcess;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * GPUs: one row per GPU with its health and PCIe link, its MIG instances (only when a GPU is in MIG mode), per-GPU
 * charts (PCIe throughput included: read only while this page is shown), and a sortable, filterable process table.
 */
final class GpusPage extends VBox {
    GpusPage(MainViewModel mvm) {
        super(12);
        GpuViewModel vm = mvm.gpus();
        setPadding(new Insets(12, 16, 12, 16));
        getStyleClass().add("page");

        Label unavailable = new Label();
        unavailable.setId("gpuUnavailable");
        unavailable.getStyleClass().add("notice");
        unavailable.setWrapText(true);
        unavailable.textProperty().bind(javafx.beans.binding.Bindings.concat("No GPUs: ", vm.unavailableProperty()));
        unavailable.visibleProperty().bind(vm.unavailableProperty().isNotEmpty());
        unavailable.managedProperty().bind(unavailable.visibleProperty());

        TableView<GpuViewModel.GpuRow> gpus = gpuTable(vm, false);
        VBox migSection = migSection(vm);

        GridPane charts = Charts.grid(vm.charts(), mvm.shell(), 220);

        Label procTitle = new Label("Processes");
        procTitle.getStyleClass().add("section-title");
        TextField filter = new TextField();
        filter.setId("processFilter");
        filter.setPromptText("Filter by PID, user, container or command");
        filter.setPrefColumnCount(30);
        FilteredList<GpuProcess> filtered = new FilteredList<>(vm.processes());
        filter.textProperty().addListener((o, a, text) -> {
            String f = text.strip().toLowerCase(Locale.ROOT);
            filtered.setPredicate(f.isEmpty() ? null : p -> matches(p, f));
        });
        SortedList<GpuProcess> sorted = new SortedList<>(filtered);
        TableView<GpuProcess> procs = new TableView<>(sorted);
        sorted.comparatorProperty().bind(procs.comparatorProperty());
        procs.setId("processTable");
        procs.getColumns().add(numCol("PID", 80, p -> (double) p.pid(), p -> Long.toString(p.pid())));
        procs.getColumns().add(col2("User", 100, p -> p.user().orElse("N/A")));
        procs.getColumns().add(col2("Container", 120, p -> p.containerId().map(c -> c.substring(0, Math.min(12,
                c.length()))).orElse("—")));
        procs.getColumns().add(col2("Command", 300, p -> p.commandLine().orElse("N/A")));
        procs.getColumns().add(col2("GPU", 120, p -> ChartSpec.shortGpuUuid(p.gpuUuid())
                + p.migUuid().map(m -> " / " + ChartSpec.shortGpuUuid(m)).orElse("")));
        procs.getColumns().add(numCol("GPU memory", 100, p -> opt(p.usedGpuMemoryBytes()),
                p -> p.usedGpuMemoryBytes().isPresent() ? MainView.gib(p.usedGpuMemoryBytes().getAsLong()) + " GiB" : "N/A"));
        procs.getColumns().add(numCol("SM", 60, p -> opt(p.smUtilizationRatio()), p -> MainView.percent(opt(p.smUtilizationRatio()))));
        procs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        procs.setPlaceholder(new Label("No process is using a GPU"));
        procs.setPrefHeight(260);

        getChildren().addAll(unavailable, gpus, migSection, charts, new HBox(12, procTitle, filter), procs);
    }

    /** "MIG devices": one row per MIG instance; absent (not even its title) while no GPU is in MIG mode. */
    private static VBox migSection(GpuViewModel vm) {
        Label title = new Label("MIG devices");
        title.getStyleClass().add("section-title");
        Label note = new Label("Each MIG instance is an isolated slice of its GPU. NVML reports memory per instance "
                + "but no utilisation (N/A); power, temperature and PCIe belong to the whole GPU above.");
        note.getStyleClass().add("muted");
        note.setWrapText(true);
        TableView<GpuViewModel.MigRow> table = new TableView<>(vm.migs());
        table.setId("migTable");
        table.getColumns().add(migCol("GPU", 50, r -> r.gpuIndex() < 0 ? "?" : Integer.toString(r.gpuIndex())));
        table.getColumns().add(migCol("GPU UUID", 110, r -> ChartSpec.shortGpuUuid(r.gpuUuid())));
        table.getColumns().add(migCol("MIG UUID", 110, r -> ChartSpec.shortGpuUuid(r.migUuid())));
        table.getColumns().add(migCol("Profile", 90, r -> r.profile().orElse("N/A")));
        table.getColumns().add(migCol("GPU instance", 90, r -> id(r.gpuInstanceId())));
        table.getColumns().add(migCol("Compute instance", 110, r -> id(r.computeInstanceId())));
        table.getColumns().add(migCol("Memory used/reserved/total", 200, r -> MainView.gib(r.memoryUsedBytes())
                + " / " + MainView.gib(r.memoryReservedBytes()) + " / " + MainView.gib(r.memoryTotalBytes()) + " GiB"));
        table.getColumns().add(migCol("Memory used", 90,
                r -> MainView.percent(r.memoryTotalBytes() > 0 ? r.memoryUsedBytes() / r.memoryTotalBytes() : Double.NaN)));
        table.getColumns().add(migCol("Util", 60, r -> MainView.percent(r.utilization())));
        table.getColumns().add(migCol("Processes", 80, r -> Integer.toString(r.processCount())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("MIG mode is on but no MIG instance exists yet "
                + "(create them with nvidia-smi mig -cgi <profiles> -C)"));
        Tables.fitRows(table, 28);
        VBox box = new VBox(6, title, note, table);
        box.setId("migSection");
        box.visibleProperty().bind(vm.migModeProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private static String id(java.util.OptionalLong v) {
        return v.isPresent() ? Long.toString(v.getAsLong()) : "N/A";
    }

    /** "Gen5 x16"; "Gen3 x8 (max Gen5 x16)" when the link runs below what the GPU supports. */
    static String pcieLink(GpuViewModel.GpuRow r) {
        if (Double.isNaN(r.pcieLinkGeneration()) && Double.isNaN(r.pcieLinkWidth())) {
            return "N/A";
        }
        String now = "Gen" + num(r.pcieLinkGeneration(), "%.0f") + " x" + num(r.pcieLinkWidth(), "%.0f");
        boolean degraded = r.pcieLinkGeneration() < r.pcieMaxLinkGeneration() || r.pcieLinkWidth() < r.pcieMaxLinkWidth();
        return degraded ? now + " (max Gen" + num(r.pcieMaxLinkGeneration(), "%.0f") + " x"
                + num(r.pcieMaxLinkWidth(), "%.0f") + ")" : now;
    }

    /** "2.0 / 1.0 MB/s" (received / sent); N/A while not read (this page not shown) or not supported. */
    static String pcieThroughput(GpuViewModel.GpuRow r) {
        if (Double.isNaN(r.pcieReceiveBytesPerSecond()) && Double.isNaN(r.pcieTransmitBytesPerSecond())) {
            return "N/A";
        }
        return num(r.pcieReceiveBytesPerSecond() / 1e6, "%.1f") + " / " + num(r.pcieTransmitBytesPerSecond() / 1e6,
                "%.1f") + " MB/s";
    }

    /** The per-GPU table; {@code compact} (for the Overview) keeps the columns a glance needs. */
    static TableView<GpuViewModel.GpuRow> gpuTable(GpuViewModel vm, boolean compact) {
        TableView<GpuViewModel.GpuRow> gpus = new TableView<>(vm.gpus());
        gpus.setId(compact ? "overviewGpus" : "gpuTable");
        gpus.getColumns().add(col("GPU", 50, r -> r.index() < 0 ? "?" : Integer.toString(r.index())));
        gpus.getColumns().add(col("Name", 170, r -> r.name().isEmpty() ? "?" : r.name()));
        if (!compact) {
            gpus.getColumns().add(col("UUID", 110, r -> ChartSpec.shortGpuUuid(r.uuid())));
        }
        gpus.getColumns().add(col("State", 60, r -> r.lost() ? "LOST" : "up"));
        // NVML gives no utilisation for a GPU in MIG mode: say why it is N/A
        gpus.getColumns().add(col("Util", 70, r -> Double.isNaN(r.utilization()) && r.migEnabled() ? "N/A (MIG)"
                : MainView.percent(r.utilization())));
        gpus.getColumns().add(col("Memory used/reserved/total", 200, r -> MainView.gib(r.memoryUsedBytes()) + " / "
                + MainView.gib(r.memoryReservedBytes()) + " / " + MainView.gib(r.memoryTotalBytes()) + " GiB"));
        gpus.getColumns().add(col("Power / limit", 120, r -> num(r.powerWatts(), "%.0f") + " / "
                + num(r.powerLimitWatts(), "%.0f") + " W"));
        gpus.getColumns().add(col("Temp", 60, r -> num(r.temperatureCelsius(), "%.0f") + " °C"));
        if (!compact) {
            gpus.getColumns().add(col("SM clock", 90, r -> num(r.smClockHertz() / 1e6, "%.0f") + " MHz"));
        }
        gpus.getColumns().add(col("Clock-event reasons", 200,
                r -> r.clockEventReasons().isEmpty() ? "none" : r.clockEventReasons()));
        gpus.getColumns().add(col("ECC uncorr.", 80, r -> num(r.eccUncorrected(), "%.0f")));
        if (!compact) {
            gpus.getColumns().add(col("PCIe link", 80, GpusPage::pcieLink));
            gpus.getColumns().add(col("PCIe RX / TX", 120, GpusPage::pcieThroughput));
        }
        gpus.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        gpus.setPlaceholder(new Label("No GPU reported"));
        Tables.fitRows(gpus, 28);
        return gpus;
    }

    static boolean matches(GpuProcess p, String f) {
        return Long.toString(p.pid()).contains(f) || p.user().map(u -> u.toLowerCase(Locale.ROOT).contains(f)).orElse(false)
                || p.containerId().map(c -> c.toLowerCase(Locale.ROOT).contains(f)).orElse(false)
                || p.commandLine().map(c -> c.toLowerCase(Locale.ROOT).contains(f)).orElse(false);
    }

    private static double opt(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : Double.NaN;
    }

    private static double opt(OptionalDouble v) {
        return v.isPresent() ? v.getAsDouble() : Double.NaN;
    }

    static String num(double v, String fmt) {
        return Double.isNaN(v) ? "N/A" : String.format(Locale.ROOT, fmt, v);
    }

    private static TableColumn<GpuViewModel.GpuRow, String> col(String name, double width,
            Function<GpuViewModel.GpuRow, String> value) {
        TableColumn<GpuViewModel.GpuRow, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }

    private static TableColumn<GpuViewModel.MigRow, String> migCol(String name, double width,
            Function<GpuViewModel.MigRow, String> value) {
        TableColumn<GpuViewModel.MigRow, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }

    private static TableColumn<GpuProcess, String> col2(String name, double width, Function<GpuProcess, String> value) {
        TableColumn<GpuProcess, String> c = new TableColumn<>(name);
        c.setId("proc-" + name.toLowerCase(Locale.ROOT).replace(' ', '-'));
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }

    /** A column that sorts by number (absent values last) but shows formatted text. */
    private static TableColumn<GpuProcess, Number> numCol(String name, double width, Function<GpuProcess, Double> key,
            Function<GpuProcess, String> text) {
        TableColumn<GpuProcess, Number> c = new TableColumn<>(name);
        c.setId("proc-" + name.toLowerCase(Locale.ROOT).replace(' ', '-'));
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(key.apply(cd.getValue())));
        c.setComparator((a, b) -> {
            double x = a.doubleValue(), y = b.doubleValue();
            return Double.isNaN(x) ? (Double.isNaN(y) ? 0 : 1) : Double.isNaN(y) ? -1 : Double.compare(x, y);
        });
        c.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Number item, boolean empty) {
                super.updateItem(item, empty);
                GpuProcess p = empty || getTableRow() == null ? null : getTableRow().getItem();
                setText(p == null ? null : text.apply(p));
            }
        });
        return c;
    }
}
