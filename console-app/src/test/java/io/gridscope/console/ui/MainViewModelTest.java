package io.gridscope.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.host.HostCpuMemoryCollector;
import io.gridscope.console.ui.chart.ChartViewModel;
import io.gridscope.console.ui.chart.TimeSeriesViewModel;
import io.gridscope.console.ui.format.Formats;
import io.gridscope.console.ui.netstorage.NetworkStorageViewModel;
import io.gridscope.console.ui.overview.HostSummary;
import io.gridscope.console.ui.shell.ShellViewModel;
import io.gridscope.history.SeriesData;
import io.gridscope.history.WriterStats;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The view model is plain JavaFX properties: tested without a scene or FX thread. */
class MainViewModelTest {
    private static final Labels HOST = Labels.of("host", "h");

    private static Sample cpu(String core, long t, double v) {
        return new Sample(
                SeriesId.gauge(HostCpuMemoryCollector.CPU_UTILIZATION, Unit.RATIO, HOST.with("cpu", core)), t, v);
    }

    private static Sample mem(String metric, long t, double v) {
        return new Sample(SeriesId.gauge(metric, Unit.BYTES, HOST), t, v);
    }

    /** A view model showing the local host "h". */
    private static MainViewModel vm() {
        MainViewModel vm = new MainViewModel();
        vm.setHostName("h");
        return vm;
    }

    private static Sample remote(String metric, String host, long t, double v) {
        Labels l = Labels.of("host", host);
        return new Sample(
                SeriesId.gauge(
                        metric,
                        metric.endsWith("_ratio") ? Unit.RATIO : Unit.BYTES,
                        metric.endsWith("_ratio") ? l.with("cpu", "total") : l),
                t,
                v);
    }

    @Test
    void samplesThatArriveBeforeTheLocalHostsNameStillMakeItTheLocalFirstRow() {
        MainViewModel vm = new MainViewModel();
        vm.onSamples(List.of(
                remote(HostCpuMemoryCollector.CPU_UTILIZATION, "10.0.0.7:9100", 1_000, 0.75),
                cpu("total", 1_000, 0.25)));
        assertThat(vm.hosts()).extracting(HostSummary::name).containsExactly("10.0.0.7:9100", "h");
        assertThat(vm.hosts()).noneMatch(HostSummary::local);

        vm.setHostName("h");
        assertThat(vm.hosts()).extracting(HostSummary::name).containsExactly("h", "10.0.0.7:9100");
        assertThat(vm.hosts().get(0).local()).isTrue();
        assertThat(vm.hosts().get(0).sourceIdProperty().get()).isEqualTo(HostCpuMemoryCollector.ID);
        assertThat(vm.hosts().get(0).cpu().latestProperty().get())
                .as("what it received before is kept")
                .isEqualTo(0.25);
        assertThat(vm.hosts().get(1).local()).isFalse();
    }

    @Test
    void everyHostGetsASummaryAndThePagesShowOnlyTheSelectedOne() {
        MainViewModel vm = vm();
        vm.onSamples(List.of(
                cpu("total", 1_000, 0.25),
                cpu("0", 1_000, 0.25),
                remote(HostCpuMemoryCollector.CPU_UTILIZATION, "10.0.0.7:9100", 1_000, 0.75),
                remote(HostCpuMemoryCollector.MEMORY_USED, "10.0.0.7:9100", 1_000, 3e9)));
        assertThat(vm.hosts()).extracting(HostSummary::name).containsExactly("h", "10.0.0.7:9100");
        assertThat(vm.hosts().get(0).local()).isTrue();
        assertThat(vm.hosts().get(1).cpu().latestProperty().get()).isEqualTo(0.75);
        assertThat(vm.hosts().get(1).memoryUsedBytesProperty().get()).isEqualTo(3e9);
        assertThat(vm.cpuTotal().latestProperty().get())
                .as("the chart shows the local host only")
                .isEqualTo(0.25);
        assertThat(vm.cores()).hasSize(1);

        vm.shell().hostProperty().set("10.0.0.7:9100");
        assertThat(vm.cpuTotal().pointCountProperty().get())
                .as("switching host clears the charts")
                .isZero();
        assertThat(vm.cores()).isEmpty();
        vm.onSamples(List.of(
                cpu("total", 2_000, 0.5), remote(HostCpuMemoryCollector.CPU_UTILIZATION, "10.0.0.7:9100", 2_000, 0.8)));
        assertThat(vm.cpuTotal().latestProperty().get()).isEqualTo(0.8);
        assertThat(vm.hosts().get(0).cpu().latestProperty().get())
                .as("the local summary still follows")
                .isEqualTo(0.5);
    }

    @Test
    void gpusOfEveryHostAreListedWithTheirHostAndChartedOnlyForTheShownOne() {
        MainViewModel vm = vm();
        Sample remoteGpu = new Sample(
                SeriesId.gauge(
                        "gpu_power_watts",
                        Unit.WATTS,
                        Labels.of("host", "gpu-node-7", "gpu_uuid", "GPU-abcdef01-2222")),
                1_000,
                310);
        vm.onSamples(List.of(remoteGpu));
        assertThat(vm.gpus().gpus()).singleElement().satisfies(r -> {
            assertThat(r.host()).isEqualTo("gpu-node-7");
            assertThat(r.powerWatts()).isEqualTo(310);
        });
        ChartViewModel power = vm.charts().stream()
                .filter(c -> c.spec().id().equals("gpuPowerChart"))
                .findFirst()
                .orElseThrow();
        assertThat(power.lines())
                .as("another host's GPU is not on this host's chart")
                .isEmpty();
        vm.shell().hostProperty().set("gpu-node-7");
        vm.onSamples(List.of(new Sample(remoteGpu.series(), 2_000, 320)));
        assertThat(power.lines()).extracting(ChartViewModel.Line::name).containsExactly("GPU-abcdef01");
    }

    @Test
    void aLongLiveWindowKeepsABoundedNumberOfPoints() {
        TimeSeriesViewModel t =
                new TimeSeriesViewModel("cpu", java.time.Duration.ofDays(7).toMillis());
        for (int i = 0; i < 200_000; i++) { // more than two days at 1 s
            t.append(i * 1_000L, i % 2);
        }
        assertThat(t.pointCountProperty().get()).isLessThanOrEqualTo(TimeSeriesViewModel.MAX_POINTS);
        assertThat(t.points().firstTime())
                .as("nothing inside the window is lost, only thinned")
                .isZero();
    }

    @Test
    void loadAverageGetsALinePerWindow() {
        MainViewModel vm = vm();
        vm.onSamples(List.of(
                new Sample(
                        SeriesId.gauge(HostCpuMemoryCollector.LOAD_AVERAGE, Unit.NONE, HOST.with("window", "1m")),
                        1_000,
                        1.5),
                new Sample(
                        SeriesId.gauge(HostCpuMemoryCollector.LOAD_AVERAGE, Unit.NONE, HOST.with("window", "15m")),
                        1_000,
                        0.5)));
        assertThat(vm.loadChart().lines()).extracting(ChartViewModel.Line::name).containsExactly("1m", "5m", "15m");
        assertThat(vm.loadChart().lines().get(2).data().latestProperty().get()).isEqualTo(0.5);
        assertThat(vm.loadChart().lines().getFirst().data().latestProperty().get())
                .isEqualTo(1.5);
    }

    @Test
    void hostSummariesTakeTheHealthOfTheirSource() {
        MainViewModel vm = vm();
        vm.onHostSources(java.util.Map.of("h", "host", "n7:9100", "prometheus:n7"));
        vm.onStatuses(List.of(
                new CollectorStatus(
                        "prometheus:n7", "n7", CollectorState.UNAVAILABLE, "connection refused", 0, 0, 0, 3),
                new CollectorStatus("host", "Host", CollectorState.OK, "", 1, 1, 1, 0)));
        HostSummary n7 = vm.hosts().stream()
                .filter(h -> h.name().equals("n7:9100"))
                .findFirst()
                .orElseThrow();
        assertThat(n7.healthProperty().get()).isEqualTo("unavailable: connection refused");
        assertThat(n7.healthStateProperty().get()).isEqualTo("unavailable");
        assertThat(vm.hosts().getFirst().healthProperty().get()).isEqualTo("OK");
        vm.onHostCpuHistory(List.of(new SeriesData(
                remote(HostCpuMemoryCollector.CPU_UTILIZATION, "n7:9100", 0, 0).series(),
                new long[] {1_000, 2_000},
                new double[] {0.1, 0.2})));
        assertThat(n7.cpu().pointCountProperty().get()).isEqualTo(2);
    }

    @Test
    void aHostScrapedFromAnExporterIsShownByItsSourcesIdAndKeepsItsLabelAsIdentity() {
        MainViewModel vm = vm();
        vm.onHostSources(java.util.Map.of(
                "h", "host",
                "127.0.0.1:19100", "prometheus:n7",
                "db1", "promql:fleet",
                "10.0.0.9:9100", "prometheus:db1"));
        ShellViewModel shell = vm.shell();
        assertThat(shell.displayName("127.0.0.1:19100")).isEqualTo("n7");
        assertThat(shell.displayName("db1"))
                .as("a server source reports host names")
                .isEqualTo("db1");
        assertThat(shell.displayName("10.0.0.9:9100"))
                .as("a source id that is another host's name would be ambiguous")
                .isEqualTo("10.0.0.9:9100");
        assertThat(shell.displayName("h")).isEqualTo("h");
        assertThat(shell.hosts()).contains("127.0.0.1:19100").doesNotContain("n7");
        HostSummary n7 = vm.hosts().stream()
                .filter(h -> h.name().equals("127.0.0.1:19100"))
                .findFirst()
                .orElseThrow();
        assertThat(n7.displayNameProperty().get()).isEqualTo("n7");

        vm.onHostSources(java.util.Map.of("h", "host"));
        assertThat(shell.displayName("127.0.0.1:19100"))
                .as("a removed source no longer names the host")
                .isEqualTo("127.0.0.1:19100");
    }

    @Test
    void showsNotAvailableUntilTheFirstSample() {
        MainViewModel vm = vm();
        assertThat(Formats.percent(vm.cpuTotal().latestProperty().get())).isEqualTo("N/A");
        vm.onSamples(List.of(cpu("total", 1_000, 0.42)));
        assertThat(Formats.percent(vm.cpuTotal().latestProperty().get())).isEqualTo("42 %");
    }

    @Test
    void liveSamplesFeedTheTotalLineTheCoresAndMemory() {
        MainViewModel vm = vm();
        vm.onSamples(List.of(
                cpu("total", 2_000, 0.5),
                cpu("1", 2_000, 0.9),
                cpu("0", 2_000, 0.1),
                cpu("total", 1_000, 0.25),
                mem(HostCpuMemoryCollector.MEMORY_USED, 1_000, 2 * Formats.BYTES_PER_GIB),
                mem(HostCpuMemoryCollector.MEMORY_TOTAL, 1_000, 8 * Formats.BYTES_PER_GIB)));
        assertThat(times(vm.cpuTotal())).containsExactly(1_000L, 2_000L);
        assertThat(vm.cpuTotal().points().value(0)).isEqualTo(0.25);
        assertThat(vm.cpuTotal().points().value(1)).isEqualTo(0.5);
        assertThat(vm.cores()).hasSize(2);
        assertThat(vm.cores().get(1).ratio().get()).isEqualTo(0.9);
        assertThat(vm.memoryUsed().points().value(0)).isEqualTo(2 * Formats.BYTES_PER_GIB);
        assertThat(vm.memoryTotalBytesProperty().get()).isEqualTo(8 * Formats.BYTES_PER_GIB);
    }

    @Test
    void historyArrivingAfterLiveSamplesGoesInFrontWithoutDuplicates() {
        MainViewModel vm = vm();
        vm.onSamples(List.of(cpu("total", 10_000, 0.5)));
        SeriesId total = cpu("total", 0, 0).series();
        vm.onHistory(List.of(new SeriesData(total, new long[] {8_000, 9_000, 10_000}, new double[] {0.1, 0.2, 0.5})));
        assertThat(times(vm.cpuTotal())).containsExactly(8_000L, 9_000L, 10_000L);
        assertThat(vm.cpuTotal().pointCountProperty().get()).isEqualTo(3);
    }

    @Test
    void pointsOlderThanTheLiveWindowAreDropped() {
        MainViewModel vm = vm();
        long window = io.gridscope.console.ui.shell.TimeRange.DEFAULT.window().toMillis();
        vm.onSamples(List.of(cpu("total", 1_000, 0.1)));
        vm.onSamples(List.of(cpu("total", 1_000 + window + 1, 0.2)));
        assertThat(vm.cpuTotal().points().size()).isEqualTo(1);
    }

    @Test
    void statusesKeepTheLatestPerCollector() {
        MainViewModel vm = vm();
        vm.onStatuses(List.of(CollectorStatus.starting("host", "Host"), CollectorStatus.starting("nvml", "GPUs")));
        vm.onStatuses(
                List.of(new CollectorStatus("nvml", "GPUs", CollectorState.UNAVAILABLE, "no driver", 0, 0, 0, 1)));
        assertThat(vm.statuses())
                .extracting(CollectorStatus::state)
                .containsExactly(CollectorState.STARTING, CollectorState.UNAVAILABLE);
        assertThat(Formats.describe(vm.statuses().get(1))).isEqualTo("unavailable — no driver");
    }

    @Test
    void writerProblemsAreVisibleInTheHistoryStatus() {
        MainViewModel vm = vm();
        vm.onWriterStats("", new WriterStats(1234, 10, 5, 0, "disk full"));
        assertThat(vm.historyStatusProperty().get())
                .isEqualTo("History: 1,234 samples stored this session, 10 dropped — disk full");
    }

    @Test
    void eachBatchThatChangesPointsBumpsTheRevisionOnce() {
        MainViewModel vm = vm();
        long before = vm.cpuTotal().revisionProperty().get();
        vm.onSamples(List.of(cpu("total", 1_000, 0.1), cpu("total", 2_000, 0.2)));
        assertThat(vm.cpuTotal().revisionProperty().get()).isEqualTo(before + 1);
        vm.onSamples(List.of(cpu("total", 2_000, 0.3))); // not newer: ignored
        assertThat(vm.cpuTotal().revisionProperty().get()).isEqualTo(before + 1);
    }

    private static List<Long> times(TimeSeriesViewModel t) {
        List<Long> out = new java.util.ArrayList<>();
        for (int i = 0; i < t.points().size(); i++) {
            out.add(t.points().time(i));
        }
        return out;
    }

    @Test
    void fileSystemRowsFollowTheLatestSamplesPerMountPoint() {
        MainViewModel vm = vm();
        Labels root = HOST.with("mountpoint", "/").with("fstype", "ext4");
        Labels data = HOST.with("mountpoint", "/data").with("fstype", "xfs");
        vm.onSamples(List.of(
                new Sample(SeriesId.gauge(NetworkStorageViewModel.FS_SIZE, Unit.BYTES, root), 1, 100),
                new Sample(SeriesId.gauge(NetworkStorageViewModel.FS_USED, Unit.BYTES, root), 1, 85),
                new Sample(SeriesId.gauge(NetworkStorageViewModel.FS_AVAILABLE, Unit.BYTES, root), 1, 5),
                new Sample(SeriesId.gauge(NetworkStorageViewModel.FS_USED, Unit.BYTES, data), 1, 1)));
        assertThat(vm.fileSystems())
                .extracting(NetworkStorageViewModel.FileSystemRow::mountpoint)
                .containsExactly("/", "/data");
        NetworkStorageViewModel.FileSystemRow r = vm.fileSystems().get(0);
        assertThat(r.type()).isEqualTo("ext4");
        assertThat(r.usedRatio()).isEqualTo(85.0 / 90);
        assertThat(vm.fileSystems().get(1).usedRatio()).isNaN(); // available not reported yet: N/A, not 100 %
        vm.onSamples(List.of(new Sample(SeriesId.gauge(NetworkStorageViewModel.FS_USED, Unit.BYTES, root), 2, 40)));
        assertThat(vm.fileSystems().get(0).usedBytes()).isEqualTo(40);
        assertThat(vm.fileSystems().get(0).sizeBytes()).isEqualTo(100);
    }

    @Test
    void networkChartsGetOneLinePerInterface() {
        MainViewModel vm = vm();
        vm.onSamples(List.of(
                new Sample(
                        SeriesId.gauge(
                                "host_network_receive_bytes_per_second",
                                Unit.BYTES_PER_SECOND,
                                HOST.with("interface", "eth0")),
                        1_000,
                        1e6),
                new Sample(
                        SeriesId.gauge(
                                "host_network_receive_bytes_per_second",
                                Unit.BYTES_PER_SECOND,
                                HOST.with("interface", "lo")),
                        1_000,
                        10)));
        ChartViewModel rx = vm.networkStorageCharts().get(0);
        assertThat(rx.lines()).extracting(ChartViewModel.Line::name).containsExactly("eth0", "lo");
        assertThat(vm.shownMetrics())
                .contains("host_network_receive_bytes_per_second", NetworkStorageViewModel.FS_USED);
    }
}
