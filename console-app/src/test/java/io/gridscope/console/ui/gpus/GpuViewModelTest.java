package io.gridscope.console.ui.gpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.nvml.GpuDeviceStatus;
import io.gridscope.collectors.nvml.GpuInfo;
import io.gridscope.collectors.nvml.GpuProcess;
import io.gridscope.collectors.nvml.NvmlCollector;
import io.gridscope.console.ui.MainViewModel;
import io.gridscope.console.ui.chart.ChartViewModel;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** MIG rows, PCIe fields and the GPU charts' lines, from plain batches: no scene, no FX thread. */
class GpuViewModelTest {
    private static final String GPU = "GPU-6b2d3e4f-1111-4111-8111-111111111111";
    private static final String MIG_A = "MIG-aaaaaaaa-0000-5000-8000-000000000001";
    private static final String MIG_B = "MIG-bbbbbbbb-0000-5000-8000-000000000002";
    private static final Labels GPU_LABELS = Labels.of("host", "h", "gpu_uuid", GPU);

    private static Sample gauge(String metric, Unit unit, Labels l, double v) {
        return new Sample(SeriesId.gauge(metric, unit, l), 1_000, v);
    }

    private static GpuDeviceStatus device(boolean mig, List<GpuInfo.MigInfo> migs) {
        OptionalLong none = OptionalLong.empty();
        OptionalDouble noneD = OptionalDouble.empty();
        GpuInfo info = new GpuInfo(
                1,
                GPU,
                "NVIDIA H100 80GB HBM3",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                none,
                noneD,
                noneD,
                noneD,
                none,
                none,
                none,
                none,
                none,
                none,
                none,
                OptionalLong.of(5),
                OptionalLong.of(16),
                Optional.of(mig),
                Optional.empty(),
                migs);
        return new GpuDeviceStatus(info, false, new TreeMap<>());
    }

    private static GpuProcess process(long pid, String mig) {
        return new GpuProcess(
                GPU,
                Optional.ofNullable(mig),
                pid,
                GpuProcess.Kind.COMPUTE,
                OptionalLong.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    @Test
    void migInstancesBecomeRowsWithStaticFactsSamplesAndProcessCounts() {
        GpuViewModel vm = new GpuViewModel();
        // B lacks ids and name (an older driver): N/A, not 0
        vm.onDevices(
                List.of(device(
                        true,
                        List.of(
                                new GpuInfo.MigInfo(
                                        MIG_B,
                                        OptionalLong.empty(),
                                        OptionalLong.empty(),
                                        OptionalLong.of(20L << 30),
                                        Optional.empty()),
                                new GpuInfo.MigInfo(
                                        MIG_A,
                                        OptionalLong.of(1),
                                        OptionalLong.of(0),
                                        OptionalLong.of(40L << 30),
                                        Optional.of("NVIDIA H100 80GB HBM3 MIG 3g.40gb"))))),
                List.of(process(7, MIG_A), process(8, MIG_A), process(9, null)));
        vm.onSamples(List.of(
                gauge(NvmlCollector.MEMORY_USED, Unit.BYTES, GPU_LABELS.with("mig_uuid", MIG_A), 2e9),
                gauge(NvmlCollector.MEMORY_TOTAL, Unit.BYTES, GPU_LABELS.with("mig_uuid", MIG_A), 4e10)));

        assertThat(vm.migModeProperty().get()).isTrue();
        assertThat(vm.migs())
                .extracting(GpuViewModel.MigRow::migUuid)
                .as("by GPU instance id, unknown last")
                .containsExactly(MIG_A, MIG_B);
        GpuViewModel.MigRow a = vm.migs().get(0);
        assertThat(a.gpuIndex()).isEqualTo(1);
        assertThat(a.profile()).hasValue("3g.40gb");
        assertThat(a.gpuInstanceId()).hasValue(1);
        assertThat(a.memoryUsedBytes()).isEqualTo(2e9);
        assertThat(a.memoryTotalBytes()).isEqualTo(4e10);
        assertThat(a.memoryReservedBytes()).isNaN();
        assertThat(a.utilization()).isNaN();
        assertThat(a.processCount()).isEqualTo(2);
        GpuViewModel.MigRow b = vm.migs().get(1);
        assertThat(b.profile()).isEmpty();
        assertThat(b.gpuInstanceId()).isEmpty();
        assertThat(b.memoryUsedBytes()).isNaN();
        assertThat(b.memoryTotalBytes())
                .as("from the static facts until a sample says")
                .isEqualTo(20L << 30);
        assertThat(b.processCount()).isZero();
        assertThat(vm.gpus())
                .singleElement()
                .satisfies(r -> assertThat(r.migEnabled()).isTrue());
    }

    @Test
    void noGpuInMigModeMeansNoMigRows() {
        GpuViewModel vm = new GpuViewModel();
        vm.onDevices(List.of(device(false, List.of())), List.of());
        vm.onSamples(List.of(gauge(NvmlCollector.MEMORY_USED, Unit.BYTES, GPU_LABELS, 1e9)));
        assertThat(vm.migs()).isEmpty();
        assertThat(vm.migModeProperty().get()).isFalse();
    }

    @Test
    void migModeWithoutInstancesStillShowsTheSection() {
        GpuViewModel vm = new GpuViewModel();
        vm.onDevices(List.of(device(true, List.of())), List.of());
        assertThat(vm.migs()).isEmpty();
        assertThat(vm.migModeProperty().get())
                .as("so the page can say no instance exists")
                .isTrue();
    }

    /** The GPU view model of a console showing host "h", fed as the console feeds it (charts included). */
    private static GpuViewModel shownHostH(MainViewModel mvm) {
        mvm.setHostName("h");
        return mvm.gpus();
    }

    @Test
    void aMigInstancesMemoryIsNotDrawnAsItsGpusLine() {
        MainViewModel mvm = new MainViewModel();
        GpuViewModel vm = shownHostH(mvm);
        mvm.onSamples(List.of(
                gauge(NvmlCollector.MEMORY_USED, Unit.BYTES, GPU_LABELS, 1.1e10),
                new Sample(
                        SeriesId.gauge(NvmlCollector.MEMORY_USED, Unit.BYTES, GPU_LABELS.with("mig_uuid", MIG_A)),
                        2_000,
                        2e9)));
        ChartViewModel memory = vm.charts().get(1);
        assertThat(memory.lines()).extracting(ChartViewModel.Line::name).containsExactly("GPU-6b2d3e4f");
        assertThat(memory.lines().getFirst().data().pointCountProperty().get()).isEqualTo(1);
        assertThat(memory.lines().getFirst().data().latestProperty().get()).isEqualTo(1.1e10);
        assertThat(vm.gpus().getFirst().memoryUsedBytes()).isEqualTo(1.1e10);
    }

    @Test
    void pcieThroughputAndLinkReachTheRowAndTheirCharts() {
        MainViewModel mvm = new MainViewModel();
        GpuViewModel vm = shownHostH(mvm);
        vm.onDevices(List.of(device(false, List.of())), List.of());
        mvm.onSamples(List.of(
                gauge(NvmlCollector.PCIE_RECEIVE, Unit.BYTES_PER_SECOND, GPU_LABELS, 2_048_000),
                gauge(NvmlCollector.PCIE_TRANSMIT, Unit.BYTES_PER_SECOND, GPU_LABELS, 1_024_000),
                gauge(NvmlCollector.PCIE_LINK_GENERATION, Unit.NONE, GPU_LABELS, 4),
                gauge(NvmlCollector.PCIE_LINK_WIDTH, Unit.NONE, GPU_LABELS, 8)));
        GpuViewModel.GpuRow r = vm.gpus().getFirst();
        assertThat(GpusPage.pcieThroughput(r)).isEqualTo("2.0 / 1.0 MB/s");
        assertThat(GpusPage.pcieLink(r)).as("running below what the GPU can").isEqualTo("Gen4 x8 (max Gen5 x16)");
        assertThat(vm.charts())
                .filteredOn(c -> c.spec().metric().startsWith("gpu_pcie_"))
                .allSatisfy(c -> assertThat(c.lines())
                        .extracting(ChartViewModel.Line::name)
                        .containsExactly("GPU-6b2d3e4f"));
    }

    @Test
    void pcieThroughputSwitchesToGigabytesFromOneGigabytePerSecond() {
        GpuViewModel vm = new GpuViewModel();
        vm.onSamples(List.of(
                gauge(NvmlCollector.PCIE_RECEIVE, Unit.BYTES_PER_SECOND, GPU_LABELS, 12.4e9),
                gauge(NvmlCollector.PCIE_TRANSMIT, Unit.BYTES_PER_SECOND, GPU_LABELS, 0.35e9)));
        assertThat(GpusPage.pcieThroughput(vm.gpus().getFirst())).isEqualTo("12.4 / 0.4 GB/s");
    }

    @Test
    void pcieFieldsAreNotAvailableUntilRead() {
        GpuViewModel vm = new GpuViewModel();
        vm.onDevices(List.of(device(false, List.of())), List.of());
        GpuViewModel.GpuRow r = vm.gpus().getFirst();
        assertThat(GpusPage.pcieThroughput(r)).isEqualTo("N/A");
        assertThat(GpusPage.pcieLink(r)).isEqualTo("N/A");
    }

    @Test
    void aRemoteHostWithoutGpusIsNamedAsTheHostSelectorNamesIt() {
        GpuViewModel vm = new GpuViewModel();
        vm.setLocalHost("ws-01");
        vm.showHost("127.0.0.1:19100", "rack7-node");
        assertThat(vm.noGpuNoticeProperty().get())
                .startsWith("No GPU figures from rack7-node (127.0.0.1:19100):")
                .contains("dcgm-exporter");
        vm.showHost("gpu-7");
        assertThat(vm.noGpuNoticeProperty().get()).startsWith("No GPU figures from gpu-7:");
    }
}
