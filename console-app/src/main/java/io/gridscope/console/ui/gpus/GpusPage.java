package io.gridscope.console.ui.gpus;

import io.gridscope.collectors.nvml.GpuProcess;
import io.gridscope.console.fx.RowList;
import io.gridscope.console.ui.chart.ChartSpec;
import io.gridscope.console.ui.chart.Charts;
import io.gridscope.console.ui.format.Formats;
import io.gridscope.console.ui.format.Tables;
import io.gridscope.console.ui.shell.ShellViewModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Stream;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * GPUs: one row per GPU with its health and PCIe link, its MIG instances (only when a GPU is in MIG mode), per-GPU
 * charts (PCIe throughput included: read only while this page is shown), and a sortable, filterable process table.
 */
public final class GpusPage extends VBox {
    public GpusPage(GpuViewModel vm, ShellViewModel shell) {
        super(12);
        setPadding(new Insets(12, 16, 12, 16));
        getStyleClass().add("page");

        Label unavailable = new Label();
        unavailable.setId("gpuUnavailable");
        unavailable.getStyleClass().add("notice");
        unavailable.setWrapText(true);
        unavailable.textProperty().bind(vm.noGpuNoticeProperty());
        unavailable.visibleProperty().bind(vm.noGpuNoticeProperty().isNotEmpty());
        unavailable.managedProperty().bind(unavailable.visibleProperty());
        javafx.beans.binding.BooleanBinding noGpu = vm.noGpuNoticeProperty().isNotEmpty();

        TableView<GpuViewModel.GpuRow> gpus = gpuTable(vm, false, shell.hostProperty());
        VBox migSection = migSection(vm);
        javafx.beans.binding.BooleanBinding remote = shell.hostProperty().isNotEqualTo(shell.localHostProperty());
        Label remoteNote = new Label("Processes and MIG devices come from NVML on this machine; a remote host's "
                + "dcgm-exporter series give its GPUs' figures and charts only.");
        remoteNote.setId("gpuRemoteNote");
        remoteNote.getStyleClass().add("muted");
        remoteNote.setWrapText(true);
        remoteNote.visibleProperty().bind(remote.and(noGpu.not()));
        remoteNote.managedProperty().bind(remoteNote.visibleProperty());

        GridPane charts = Charts.grid(vm.charts(), shell, 220);

        Label procTitle = new Label("Processes");
        procTitle.getStyleClass().add("section-title");
        TextField filter = new TextField();
        filter.setId("processFilter");
        filter.setPromptText("Filter by PID, user, container or command");
        filter.setPrefColumnCount(30);
        // the rows shown: the processes the filter lets through, in the table's sort order, each updated in its place
        // as its figures change (a sorted list would keep showing the process it first sorted)
        RowList<GpuProcess> shownProcesses =
                new RowList<>(p -> p.gpuUuid() + "/" + p.migUuid().orElse("") + "/" + p.pid() + "/" + p.kind());
        TableView<GpuProcess> procs = new TableView<>(shownProcesses);
        Runnable showProcesses = () -> {
            String f = filter.getText().strip().toLowerCase(Locale.ROOT);
            Comparator<GpuProcess> order = procs.getComparator();
            Stream<GpuProcess> shown = vm.processes().stream().filter(p -> f.isEmpty() || matches(p, f));
            shownProcesses.update((order == null ? shown : shown.sorted(order)).toList());
        };
        vm.processes().addListener((javafx.beans.InvalidationListener) o -> showProcesses.run());
        filter.textProperty().addListener((o, a, text) -> showProcesses.run());
        procs.setSortPolicy(t -> {
            showProcesses.run();
            return true;
        });
        showProcesses.run();
        procs.setId("processTable");
        procs.getColumns().add(numCol("PID", 80, p -> (double) p.pid(), p -> Long.toString(p.pid())));
        procs.getColumns().add(col2("User", 100, p -> p.user().orElse("N/A")));
        procs.getColumns()
                .add(col2(
                        "Container",
                        120,
                        p -> p.containerId()
                                .map(c -> c.substring(0, Math.min(12, c.length())))
                                .orElse("—")));
        procs.getColumns().add(col2("Command", 300, p -> p.commandLine().orElse("N/A")));
        procs.getColumns()
                .add(col2(
                        "GPU",
                        120,
                        p -> ChartSpec.shortGpuUuid(p.gpuUuid())
                                + p.migUuid()
                                        .map(m -> " / " + ChartSpec.shortGpuUuid(m))
                                        .orElse("")));
        procs.getColumns()
                .add(numCol(
                        "GPU memory",
                        100,
                        p -> opt(p.usedGpuMemoryBytes()),
                        p -> p.usedGpuMemoryBytes().isPresent()
                                ? Formats.gib(p.usedGpuMemoryBytes().getAsLong()) + " GiB"
                                : "N/A"));
        procs.getColumns()
                .add(numCol(
                        "SM", 60, p -> opt(p.smUtilizationRatio()), p -> Formats.percent(opt(p.smUtilizationRatio()))));
        procs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        procs.setPlaceholder(new Label("No process is using a GPU"));
        procs.setPrefHeight(260);

        HBox procHeader = new HBox(12, procTitle, filter);
        for (javafx.scene.Node n : List.of(procHeader, procs)) {
            n.visibleProperty().bind(remote.not().and(noGpu.not()));
            n.managedProperty().bind(n.visibleProperty());
        }
        // no GPU on the shown host: its empty table and charts would only suggest that figures are coming
        for (javafx.scene.Node n : List.of(gpus, charts)) {
            n.visibleProperty().bind(noGpu.not());
            n.managedProperty().bind(n.visibleProperty());
        }
        migSection.visibleProperty().unbind();
        migSection.visibleProperty().bind(vm.migModeProperty().and(remote.not()));
        getChildren().addAll(unavailable, gpus, remoteNote, migSection, charts, procHeader, procs);
    }

    /**
     * The Overview's GPU section: every host's GPUs in a compact table, or why there are none. Built here so that
     * the Overview shows it without depending on this page.
     */
    public static VBox overviewSection(GpuViewModel vm) {
        Label noGpu = new Label();
        noGpu.getStyleClass().add("muted");
        noGpu.textProperty().bind(javafx.beans.binding.Bindings.concat("No GPUs: ", vm.unavailableProperty()));
        noGpu.visibleProperty().bind(vm.unavailableProperty().isNotEmpty());
        noGpu.managedProperty().bind(noGpu.visibleProperty());
        TableView<GpuViewModel.GpuRow> gpus = gpuTable(vm, true, null);
        gpus.visibleProperty().bind(noGpu.visibleProperty().not());
        gpus.managedProperty().bind(gpus.visibleProperty());
        return new VBox(noGpu, gpus);
    }

    /** "MIG devices": one row per MIG instance; absent (not even its title) while no GPU is in MIG mode. */
    private static VBox migSection(GpuViewModel vm) {
        Label title = new Label("MIG devices");
        title.getStyleClass().add("section-title");
        Label note = new Label("NVML reports memory per MIG instance but no utilisation (N/A); power, temperature and "
                + "PCIe are the whole GPU's, in the table above.");
        note.getStyleClass().add("muted");
        note.setWrapText(true);
        note.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        TableView<GpuViewModel.MigRow> table = new TableView<>(vm.migs());
        table.setId("migTable");
        List<TableColumn<GpuViewModel.MigRow, String>> cols = new ArrayList<>();
        cols.add(col(
                "GPU",
                "NVML index of the parent GPU",
                40,
                r -> r.gpuIndex() < 0 ? "?" : Integer.toString(r.gpuIndex())));
        cols.add(
                col("GPU UUID", "First block of the parent GPU's UUID", 100, r -> ChartSpec.shortGpuUuid(r.gpuUuid())));
        cols.add(col(
                "MIG UUID",
                "First block of the MIG instance's UUID (label mig_uuid)",
                100,
                r -> ChartSpec.shortGpuUuid(r.migUuid())));
        cols.add(col(
                "Profile",
                "MIG profile: compute slices and memory (from the name NVML gives the instance)",
                90,
                r -> r.profile().orElse("N/A")));
        cols.add(col("GI ID", "GPU instance id", 55, r -> id(r.gpuInstanceId())));
        cols.add(col("CI ID", "Compute instance id", 55, r -> id(r.computeInstanceId())));
        cols.add(col(
                "Memory GiB",
                "Used / reserved / total memory of the instance, in GiB (gpu_memory_*_bytes with " + "label mig_uuid)",
                125,
                r -> Formats.gib(r.memoryUsedBytes()) + " / " + Formats.gib(r.memoryReservedBytes()) + " / "
                        + Formats.gib(r.memoryTotalBytes())));
        cols.add(col(
                "Memory used",
                "Used share of the instance's memory",
                90,
                r -> Formats.percent(
                        r.memoryTotalBytes() > 0 ? r.memoryUsedBytes() / r.memoryTotalBytes() : Double.NaN)));
        cols.add(
                col("Util", "NVML reports no utilisation per MIG instance", 55, r -> Formats.percent(r.utilization())));
        cols.add(col(
                "Processes", "Processes NVML places in this instance", 80, r -> Integer.toString(r.processCount())));
        table.getColumns().setAll(cols);
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
        boolean degraded =
                r.pcieLinkGeneration() < r.pcieMaxLinkGeneration() || r.pcieLinkWidth() < r.pcieMaxLinkWidth();
        return degraded
                ? now + " (max Gen" + num(r.pcieMaxLinkGeneration(), "%.0f") + " x" + num(r.pcieMaxLinkWidth(), "%.0f")
                        + ")"
                : now;
    }

    /**
     * "2.0 / 1.0 MB/s" (received / sent), in GB/s from 1 GB/s on; N/A while not read (this page not shown) or not
     * supported.
     */
    static String pcieThroughput(GpuViewModel.GpuRow r) {
        double rx = r.pcieReceiveBytesPerSecond();
        double tx = r.pcieTransmitBytesPerSecond();
        if (Double.isNaN(rx) && Double.isNaN(tx)) {
            return "N/A";
        }
        double max = Math.max(Double.isNaN(rx) ? 0 : rx, Double.isNaN(tx) ? 0 : tx);
        double unit = max >= 1e9 ? 1e9 : 1e6;
        return num(rx / unit, "%.1f") + " / " + num(tx / unit, "%.1f") + (unit == 1e9 ? " GB/s" : " MB/s");
    }

    /** The per-GPU table; {@code compact} (for the Overview) keeps the columns a glance needs. */
    /**
     * @param shownHost the host whose GPUs are listed; null lists every host's GPUs, with a Host column
     */
    static TableView<GpuViewModel.GpuRow> gpuTable(
            GpuViewModel vm, boolean compact, javafx.beans.value.ObservableStringValue shownHost) {
        FilteredList<GpuViewModel.GpuRow> rows = new FilteredList<>(vm.gpus());
        if (shownHost != null) {
            rows.predicateProperty()
                    .bind(javafx.beans.binding.Bindings.createObjectBinding(
                            () -> r -> r.host().isEmpty() || r.host().equals(shownHost.get()), shownHost));
        }
        TableView<GpuViewModel.GpuRow> gpus = new TableView<>(rows);
        gpus.setId(compact ? "overviewGpus" : "gpuTable");
        List<TableColumn<GpuViewModel.GpuRow, String>> cols = new ArrayList<>();
        if (shownHost == null) {
            cols.add(col(
                    "Host",
                    "The host the GPU is in (this machine's NVML, or a dcgm-exporter source)",
                    140,
                    GpuViewModel.GpuRow::host));
        }
        cols.add(col("GPU", "NVML index", 38, r -> r.index() < 0 ? "?" : Integer.toString(r.index())));
        cols.add(col("Name", null, 128, r -> r.name().isEmpty() ? "?" : shortName(r.name())));
        if (!compact) {
            cols.add(col("UUID", "First block of the GPU UUID", 106, r -> ChartSpec.shortGpuUuid(r.uuid())));
        }
        cols.add(col("State", "up, or LOST when the GPU has fallen off the bus", 50, r -> r.lost() ? "LOST" : "up"));
        // NVML gives no utilisation for a GPU in MIG mode: say why it is N/A
        cols.add(col(
                "Util",
                "Share of time a kernel ran (gpu_utilization_ratio); none in MIG mode",
                72,
                r -> Double.isNaN(r.utilization()) && r.migEnabled() ? "N/A (MIG)" : Formats.percent(r.utilization())));
        cols.add(col(
                "Memory GiB",
                "Used / reserved by the driver / total, in GiB (gpu_memory_*_bytes)",
                116,
                r -> Formats.gib(r.memoryUsedBytes()) + " / " + Formats.gib(r.memoryReservedBytes()) + " / "
                        + Formats.gib(r.memoryTotalBytes())));
        cols.add(col(
                "Power",
                "Draw / enforced limit (gpu_power_watts, gpu_power_limit_watts)",
                86,
                r -> num(r.powerWatts(), "%.0f") + " / " + num(r.powerLimitWatts(), "%.0f") + " W"));
        cols.add(col(
                "Temp",
                "GPU core temperature (gpu_temperature_celsius)",
                52,
                r -> num(r.temperatureCelsius(), "%.0f") + " °C"));
        if (!compact) {
            cols.add(col(
                    "SM clock",
                    "Current SM clock (gpu_clock_hertz{clock=\"sm\"})",
                    72,
                    r -> num(r.smClockHertz() / 1e6, "%.0f") + " MHz"));
        }
        cols.add(col(
                "ECC",
                "Uncorrected ECC errors since the driver loaded (gpu_ecc_errors_total{type=\"uncorrected\"}); "
                        + "N/A where ECC is off or unsupported",
                40,
                r -> num(r.eccUncorrected(), "%.0f")));
        if (!compact) {
            cols.add(col(
                    "PCIe link",
                    "Current PCIe generation and width; the maximum is named when the link runs " + "below it",
                    70,
                    GpusPage::pcieLink));
            cols.add(col(
                    "PCIe RX / TX",
                    "Received / sent over PCIe (gpu_pcie_receive_bytes_per_second, "
                            + "gpu_pcie_transmit_bytes_per_second), read only while this page is shown",
                    112,
                    GpusPage::pcieThroughput));
        }
        // last: the one column whose text varies in length takes the room that is left
        TableColumn<GpuViewModel.GpuRow, String> reasons = col(
                "Clock-event reasons",
                "Why the clocks are held back (gpu_clock_event_active), none when free",
                150,
                r -> r.clockEventReasons().isEmpty() ? "none" : r.clockEventReasons());
        reasons.setMinWidth(90);
        cols.add(reasons);
        gpus.getColumns().setAll(cols);
        gpus.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        gpus.setPlaceholder(new Label("No GPU reported"));
        Tables.fitRows(gpus, 28);
        return gpus;
    }

    /** "NVIDIA H100 80GB HBM3" → "H100 80GB HBM3": every name starts so; the full name is in the tooltip. */
    static String shortName(String name) {
        return name.startsWith("NVIDIA ") && name.length() > 7 ? name.substring(7) : name;
    }

    static boolean matches(GpuProcess p, String f) {
        return Long.toString(p.pid()).contains(f)
                || p.user().map(u -> u.toLowerCase(Locale.ROOT).contains(f)).orElse(false)
                || p.containerId()
                        .map(c -> c.toLowerCase(Locale.ROOT).contains(f))
                        .orElse(false)
                || p.commandLine()
                        .map(c -> c.toLowerCase(Locale.ROOT).contains(f))
                        .orElse(false);
    }

    private static double opt(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : Double.NaN;
    }

    private static double opt(OptionalDouble v) {
        return v.isPresent() ? v.getAsDouble() : Double.NaN;
    }

    private static String num(double v, String fmt) {
        return Formats.num(v, fmt);
    }

    /**
     * A text column at least {@code width} wide; {@code headerTip} (may be null) explains the header, and each cell
     * shows its whole text as a tooltip, since a narrow window cuts it short.
     */
    static <T> TableColumn<T, String> col(String name, String headerTip, double width, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>();
        Label header = new Label(name);
        if (headerTip != null) {
            header.setTooltip(new Tooltip(headerTip));
        }
        c.setGraphic(header);
        c.setPrefWidth(width);
        c.setMinWidth(width); // short values stay whole; the flexible last column gives way

        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        c.setCellFactory(column -> new TableCell<>() {
            // a row is updated with every sample batch that changes it: keep one tooltip per
            // cell and change its text (building a Tooltip, a popup window, per cell per batch made pulses long)
            private final Tooltip tooltip = new Tooltip();

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                if (empty || item == null || item.isEmpty()) {
                    setTooltip(null);
                } else {
                    tooltip.setText(item);
                    setTooltip(tooltip);
                }
            }
        });
        return c;
    }

    private static TableColumn<GpuProcess, String> col2(String name, double width, Function<GpuProcess, String> value) {
        TableColumn<GpuProcess, String> c = col(name, null, width, value);
        c.setId("proc-" + name.toLowerCase(Locale.ROOT).replace(' ', '-'));
        return c;
    }

    /** A column that sorts by number (absent values last) but shows formatted text. */
    private static TableColumn<GpuProcess, Number> numCol(
            String name, double width, Function<GpuProcess, Double> key, Function<GpuProcess, String> text) {
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
                GpuProcess p =
                        empty || getTableRow() == null ? null : getTableRow().getItem();
                setText(p == null ? null : text.apply(p));
            }
        });
        return c;
    }
}
