package io.gridscope.collectors.nvml;

import static io.gridscope.collectors.nvml.FakeNvml.gpu;
import static io.gridscope.collectors.nvml.FakeNvml.samples;
import static io.gridscope.collectors.nvml.FakeNvml.set;
import static io.gridscope.collectors.nvml.FakeNvml.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gridscope.collectors.CollectorUnavailableException;
import io.gridscope.collectors.host.ProcessDetailsReader;
import io.gridscope.model.Counters;
import io.gridscope.model.Labels;
import io.gridscope.model.MetricKind;
import io.gridscope.model.Sample;
import io.gridscope.model.Snapshot;
import io.gridscope.model.TelemetryEvent;
import io.gridscope.model.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production JNA code against the fake libnvidia-ml.so.1, driven by scenario files. */
class NvmlCollectorTest {
    private static final String H100 = "GPU-5a1c2d3e-0000-4000-8000-000000000000";
    private static final String H100_MIG = "GPU-6b2d3e4f-1111-4111-8111-111111111111";
    private static final String P4 = "GPU-7c3e4f50-2222-4222-8222-222222222222";
    private static final String MIG_A = "MIG-aaaaaaaa-0000-5000-8000-000000000001";
    private static final String MIG_B = "MIG-bbbbbbbb-0000-5000-8000-000000000002";
    private static final AtomicLong EVENT_IDS = new AtomicLong(System.nanoTime() & 0xFFFFFFFL);

    private NvmlCollector collector;
    private String scenario;
    private long t = 1_700_000_000_000L;

    @BeforeEach
    void setUp() {
        FakeNvml.library();
        scenario = FakeNvml.threeGpus();
        FakeNvml.write(scenario);
        collector = FakeNvml.collector(20);
    }

    @AfterEach
    void tearDown() {
        if (collector != null) {
            collector.close();
        }
    }

    private Snapshot pass() throws CollectorUnavailableException {
        t += 1_000;
        return collector.collect(t);
    }

    private void update(String key, String value) {
        scenario = set(scenario, key, value);
        FakeNvml.write(scenario);
    }

    @Test
    void readsEveryFieldWithExplicitUnits() throws Exception {
        Snapshot s = pass();
        Labels l = gpu(H100);
        assertThat(value(s, NvmlCollector.UTILIZATION, l)).hasValue(0.75);
        assertThat(value(s, NvmlCollector.MEMORY_UTILIZATION, l)).hasValue(0.40);
        assertThat(value(s, NvmlCollector.MEMORY_TOTAL, l)).hasValue(85_520_809_984.0);
        assertThat(value(s, NvmlCollector.MEMORY_USED, l)).hasValue(20_780_679_168.0);
        assertThat(value(s, NvmlCollector.MEMORY_RESERVED, l)).hasValue(607_125_504.0);
        assertThat(value(s, NvmlCollector.MEMORY_FREE, l))
                .hasValue(85_520_809_984.0 - 20_780_679_168.0 - 607_125_504.0);
        assertThat(value(s, NvmlCollector.POWER, l)).hasValue(631.95);
        assertThat(value(s, NvmlCollector.POWER_LIMIT, l)).hasValue(700.0);
        assertThat(value(s, NvmlCollector.ENERGY, l)).hasValue(1_000.0);
        assertThat(value(s, NvmlCollector.TEMPERATURE, l)).hasValue(59.0);
        assertThat(value(s, NvmlCollector.MEMORY_TEMPERATURE, l)).hasValue(66.0);
        assertThat(value(s, NvmlCollector.CLOCK, l.with("clock", "sm"))).hasValue(1.98e9);
        assertThat(value(s, NvmlCollector.CLOCK, l.with("clock", "mem"))).hasValue(2.619e9);
        assertThat(value(s, NvmlCollector.CLOCK, l.with("clock", "graphics"))).hasValue(1.98e9);
        assertThat(value(s, NvmlCollector.FAN, l)).hasValue(0.30);
        assertThat(value(s, NvmlCollector.PSTATE, l)).hasValue(0.0);
        // 0x24 = SW power cap | SW thermal slowdown
        assertThat(value(s, NvmlCollector.CLOCK_EVENT, l.with("reason", "sw_power_cap")))
                .hasValue(1.0);
        assertThat(value(s, NvmlCollector.CLOCK_EVENT, l.with("reason", "sw_thermal_slowdown")))
                .hasValue(1.0);
        assertThat(value(s, NvmlCollector.CLOCK_EVENT, l.with("reason", "hw_slowdown")))
                .hasValue(0.0);
        assertThat(samples(s, NvmlCollector.CLOCK_EVENT, l)).hasSize(ClockEventReason.values().length);
        assertThat(value(s, NvmlCollector.ENCODER_UTILIZATION, l)).hasValue(0.05);
        assertThat(value(s, NvmlCollector.DECODER_UTILIZATION, l)).hasValue(0.10);
        assertThat(value(s, NvmlCollector.ECC_ERRORS, l.with("type", "corrected")))
                .hasValue(3.0);
        assertThat(value(s, NvmlCollector.ECC_ERRORS, l.with("type", "uncorrected")))
                .hasValue(0.0);
        assertThat(value(s, NvmlCollector.REMAPPED_ROWS, l.with("type", "correctable")))
                .hasValue(1.0);
        assertThat(value(s, NvmlCollector.REMAPPED_ROWS_PENDING, l)).hasValue(0.0);
        assertThat(value(s, NvmlCollector.REMAPPED_ROWS_FAILURE, l)).hasValue(0.0);
        assertThat(value(s, NvmlCollector.PCIE_LINK_GENERATION, l)).hasValue(5.0);
        assertThat(value(s, NvmlCollector.PCIE_LINK_WIDTH, l)).hasValue(16.0);
        assertThat(value(s, NvmlCollector.PROCESS_COUNT, l)).hasValue(2.0);
        assertThat(value(s, NvmlCollector.UP, l)).hasValue(1.0);
        assertThat(samples(s, NvmlCollector.INFO, l)).singleElement().satisfies(info -> {
            assertThat(info.series().labels().get("gpu_name")).hasValue("NVIDIA H100 80GB HBM3");
            assertThat(info.series().labels().get("driver_version")).hasValue("590.48.01");
            assertThat(info.series().labels().get("pci_bus_id")).hasValue("00000000:18:00.0");
        });
        Labels self = Labels.of("host", FakeNvml.HOST.hostname());
        assertThat(value(s, NvmlCollector.SELF_CALLS, self).orElseThrow()).isGreaterThan(20);
        assertThat(value(s, NvmlCollector.SELF_CALL_DURATION, self.with("stat", "max")))
                .isPresent();
        // units are explicit in every name, and energy/ECC are counters
        for (Sample x : s.samples()) {
            Unit u = x.series().unit();
            if (!u.suffix().isEmpty()) {
                assertThat(x.series().metric()).contains("_" + u.suffix());
            }
        }
        assertThat(samples(s, NvmlCollector.ENERGY, l).getFirst().series().kind())
                .isEqualTo(MetricKind.COUNTER);
        assertThat(samples(s, NvmlCollector.ENERGY, l).getFirst().series().unit())
                .isEqualTo(Unit.JOULES);
    }

    @Test
    void eachGpusOwnTemperatureThresholdsAreGaugesInEveryPassReadOnce() throws Exception {
        Snapshot first = pass();
        for (String uuid : List.of(H100, H100_MIG)) {
            assertThat(value(first, NvmlCollector.TEMPERATURE_SLOWDOWN, gpu(uuid)))
                    .as(uuid)
                    .hasValue(89.0);
            assertThat(value(first, NvmlCollector.TEMPERATURE_SHUTDOWN, gpu(uuid)))
                    .as(uuid)
                    .hasValue(92.0);
        }
        assertThat(samples(first, NvmlCollector.TEMPERATURE_SLOWDOWN, gpu(H100))
                        .getFirst()
                        .series())
                .satisfies(id -> {
                    assertThat(id.unit()).isEqualTo(Unit.CELSIUS);
                    assertThat(id.kind()).isEqualTo(MetricKind.GAUGE);
                    assertThat(id.labels()).isEqualTo(gpu(H100));
                });
        assertThat(value(first, NvmlCollector.TEMPERATURE_SLOWDOWN, gpu(P4)))
                .as("NOT_SUPPORTED on the P4")
                .isEmpty();
        assertThat(value(first, NvmlCollector.TEMPERATURE_SHUTDOWN, gpu(P4))).isEmpty();
        assertThat(samples(first, NvmlCollector.TEMPERATURE_SLOWDOWN, Labels.EMPTY))
                .as("none for MIG instances")
                .hasSize(2);

        // a threshold does not change: what NVML said when the GPU was found stays, and costs no call per pass
        update("gpu.0.temp_slowdown", "70");
        Snapshot later = pass();
        assertThat(value(later, NvmlCollector.TEMPERATURE_SLOWDOWN, gpu(H100))).hasValue(89.0);
        assertThat(value(later, NvmlCollector.TEMPERATURE_SHUTDOWN, gpu(H100))).hasValue(92.0);
    }

    @Test
    void aThresholdNvmlDoesNotGiveOrGivesAsNoTemperatureIsAbsent() throws Exception {
        // before the GPUs are found: the MIG H100 lacks its shutdown threshold, the H100 answers its slowdown
        // threshold relative to another one (-2), which reads as an unsigned sentinel
        scenario = scenario.replace("gpu.1.temp_shutdown=92\n", "");
        update("gpu.0.temp_slowdown", "-2");
        Snapshot s = pass();
        assertThat(value(s, NvmlCollector.TEMPERATURE_SLOWDOWN, gpu(H100))).isEmpty();
        assertThat(value(s, NvmlCollector.TEMPERATURE_SHUTDOWN, gpu(H100))).hasValue(92.0);
        assertThat(value(s, NvmlCollector.TEMPERATURE_SLOWDOWN, gpu(H100_MIG))).hasValue(89.0);
        assertThat(value(s, NvmlCollector.TEMPERATURE_SHUTDOWN, gpu(H100_MIG))).isEmpty();
        assertThat(NvmlCollector.threshold(java.util.OptionalLong.of(0))).isEmpty();
        assertThat(NvmlCollector.threshold(java.util.OptionalLong.of(201))).isEmpty();
        assertThat(NvmlCollector.threshold(java.util.OptionalLong.of(200))).hasValue(200);
    }

    @Test
    void staticFactsAreReadOnce() throws Exception {
        pass();
        assertThat(collector.systemInfo().driverVersion()).hasValue("590.48.01");
        assertThat(collector.systemInfo().nvmlVersion()).hasValue("13.590.48.01");
        assertThat(collector.systemInfo().cudaDriverVersion()).hasValue("13.1");
        assertThat(collector.devices()).hasSize(3);
        GpuInfo h100 = collector.devices().getFirst().info();
        assertThat(h100.uuid()).isEqualTo(H100);
        assertThat(h100.name()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(h100.serial()).hasValue("1650123456789");
        assertThat(h100.pciBusId()).hasValue("00000000:18:00.0");
        assertThat(h100.boardPartNumber()).hasValue("692-2G520-0200-000");
        assertThat(h100.vbiosVersion()).hasValue("96.00.99.00.01");
        assertThat(h100.memoryTotalBytes()).hasValue(85_520_809_984L);
        assertThat(h100.powerLimitMinWatts()).hasValue(200.0);
        assertThat(h100.powerLimitMaxWatts()).hasValue(700.0);
        assertThat(h100.powerLimitDefaultWatts()).hasValue(700.0);
        assertThat(h100.temperatureShutdownCelsius()).hasValue(92);
        assertThat(h100.temperatureSlowdownCelsius()).hasValue(89);
        assertThat(h100.temperatureGpuMaxCelsius()).hasValue(87);
        assertThat(h100.temperatureMemoryMaxCelsius()).hasValue(95);
        assertThat(h100.maxSmClockHertz()).hasValue(1_980_000_000L);
        assertThat(h100.maxMemoryClockHertz()).hasValue(2_619_000_000L);
        assertThat(h100.maxPcieLinkGeneration()).hasValue(5);
        assertThat(h100.migEnabled()).hasValue(false);
        assertThat(h100.eccEnabled()).hasValue(true);
        GpuInfo p4 = collector.devices().get(2).info();
        assertThat(p4.serial()).isEmpty();
        assertThat(p4.powerLimitMinWatts()).isEmpty();
        assertThat(p4.migEnabled()).isEmpty();
    }

    @Test
    void unsupportedFieldsAreAbsentNeverZero() throws Exception {
        pass();
        Snapshot s = pass();
        Labels p4 = gpu(P4);
        assertThat(value(s, NvmlCollector.FAN, p4)).isEmpty();
        assertThat(value(s, NvmlCollector.MEMORY_TEMPERATURE, p4)).isEmpty();
        assertThat(value(s, NvmlCollector.MEMORY_RESERVED, p4)).isEmpty();
        assertThat(value(s, NvmlCollector.REMAPPED_ROWS_PENDING, p4)).isEmpty();
        assertThat(samples(s, NvmlCollector.ECC_ERRORS, p4)).as("ECC is off").isEmpty();
        assertThat(value(s, NvmlCollector.ENERGY, p4))
                .as("no energy counter on Pascal")
                .isEmpty();
        assertThat(value(s, NvmlCollector.MEMORY_USED, p4))
                .as("v1 memory info still read")
                .hasValue(224_395_264.0);
        assertThat(value(s, NvmlCollector.RETIRED_PAGES, p4.with("cause", "double_bit")))
                .hasValue(1.0);
        // where the counter is missing, power is integrated and labelled as an estimate: 24 W for 1 s
        assertThat(value(s, NvmlCollector.ENERGY, p4.with("estimated", "true"))).hasValue(24.0);
        assertThat(value(s, NvmlCollector.UTILIZATION, gpu(H100_MIG)))
                .as("not in the scenario")
                .isEmpty();
        GpuDeviceStatus status = collector.devices().get(2);
        assertThat(status.fields())
                .containsEntry("fan", "NVML_ERROR_NOT_SUPPORTED")
                .containsEntry("energy", "NVML_ERROR_NOT_SUPPORTED")
                .containsEntry("memory_reserved", "included in used (no nvmlDeviceGetMemoryInfo_v2)");
        assertThat(status.supports("temperature")).isTrue();
        assertThat(collector.devices().getFirst().supports("energy")).isTrue();
    }

    @Test
    void migInstancesReportMemoryAndAbsentUtilization() throws Exception {
        Snapshot s = pass();
        GpuInfo info = collector.devices().get(1).info();
        assertThat(info.migEnabled()).hasValue(true);
        assertThat(info.migDevices()).extracting(GpuInfo.MigInfo::migUuid).containsExactly(MIG_A, MIG_B);
        assertThat(info.migDevices().getFirst().gpuInstanceId()).hasValue(1);
        assertThat(info.migDevices().getFirst().memoryTotalBytes()).hasValue(42_949_672_960L);
        assertThat(info.migDevices()).extracting(m -> m.profile().orElse("?")).containsExactly("3g.40gb", "2g.20gb");
        Labels a = gpu(H100_MIG).with("mig_uuid", MIG_A);
        assertThat(value(s, NvmlCollector.MEMORY_TOTAL, a)).hasValue(42_949_672_960.0);
        assertThat(value(s, NvmlCollector.MEMORY_USED, a)).hasValue(2_147_483_648.0);
        assertThat(value(s, NvmlCollector.MEMORY_USED, gpu(H100_MIG).with("mig_uuid", MIG_B)))
                .hasValue(0.0);
        assertThat(samples(s, NvmlCollector.UTILIZATION, gpu(H100_MIG)))
                .as("N/A on MIG, not 0")
                .isEmpty();
        assertThat(collector.processes())
                .filteredOn(p -> p.pid() == 424242)
                .singleElement()
                .satisfies(p -> assertThat(p.migUuid()).hasValue(MIG_A));
    }

    @Test
    void energyIsNvmlsOwnCounterSoADriverReloadIsCountedOnceByTheResetRule() throws Exception {
        Labels l = gpu(H100);
        List<Double> emitted = new ArrayList<>();
        emitted.add(value(pass(), NvmlCollector.ENERGY, l).orElseThrow());
        update("gpu.0.energy_mj", "1500000");
        emitted.add(value(pass(), NvmlCollector.ENERGY, l).orElseThrow());
        update("gpu.0.energy_mj", "200000"); // driver reload: the counter restarts
        emitted.add(value(pass(), NvmlCollector.ENERGY, l).orElseThrow());
        update("gpu.0.energy_mj", "400000");
        emitted.add(value(pass(), NvmlCollector.ENERGY, l).orElseThrow());
        assertThat(emitted)
                .as("joules since the driver was loaded, as NVML counts them")
                .containsExactly(1_000.0, 1_500.0, 200.0, 400.0);
        double increase = 0;
        for (int i = 1; i < emitted.size(); i++) {
            increase += Counters.increase(emitted.get(i - 1), emitted.get(i));
        }
        assertThat(increase)
                .as("500 J, then 200 J since the reload, then 200 J")
                .isEqualTo(900.0);
    }

    @Test
    void lostGpuIsReportedOnceAndRecovered() throws Exception {
        pass();
        update("gpu.1.lost", "1");
        Snapshot lost = pass();
        assertThat(lost.events())
                .filteredOn(e -> e.type().equals(NvmlCollector.EVENT_GPU_LOST))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.labels().get("gpu_uuid")).hasValue(H100_MIG);
                    assertThat(e.severity()).isEqualTo(TelemetryEvent.Severity.CRITICAL);
                    assertThat(e.detail()).contains("fallen off the bus");
                });
        assertThat(value(lost, NvmlCollector.UP, gpu(H100_MIG))).hasValue(0.0);
        assertThat(value(lost, NvmlCollector.POWER, gpu(H100_MIG))).isEmpty();
        assertThat(value(lost, NvmlCollector.POWER, gpu(H100)))
                .as("other GPUs keep reporting")
                .hasValue(631.95);
        assertThat(collector.devices().get(1).lost()).isTrue();

        Snapshot stillLost = pass();
        assertThat(stillLost.events()).as("one event per loss").isEmpty();
        assertThat(value(stillLost, NvmlCollector.UP, gpu(H100_MIG))).hasValue(0.0);

        update("gpu.1.lost", "0");
        Snapshot back = pass();
        assertThat(back.events()).extracting(TelemetryEvent::type).containsExactly(NvmlCollector.EVENT_GPU_RECOVERED);
        assertThat(value(back, NvmlCollector.UP, gpu(H100_MIG))).hasValue(1.0);
        assertThat(value(back, NvmlCollector.POWER, gpu(H100_MIG))).hasValue(433.78);
        assertThat(collector.devices().get(1).lost()).isFalse();
    }

    @Test
    void everyGpuLostMakesTheCollectorUnavailableUntilTheyAnswer() throws Exception {
        pass();
        update("gpu.0.lost", "1");
        update("gpu.1.lost", "1");
        update("gpu.2.lost", "1");
        assertThatThrownBy(this::pass)
                .isInstanceOf(CollectorUnavailableException.class)
                .hasMessageContaining(H100)
                .hasMessageContaining("fallen off the bus (NVML_ERROR_GPU_IS_LOST)");
        assertThatThrownBy(this::pass)
                .isInstanceOf(CollectorUnavailableException.class)
                .hasMessageContaining("none answers");
        update("gpu.0.lost", "0");
        update("gpu.1.lost", "0");
        update("gpu.2.lost", "0");
        Snapshot back = pass();
        assertThat(value(back, NvmlCollector.UP, gpu(H100))).hasValue(1.0);
        assertThat(back.events())
                .filteredOn(e -> e.type().equals(NvmlCollector.EVENT_GPU_LOST))
                .hasSize(3);
        assertThat(back.events())
                .filteredOn(e -> e.type().equals(NvmlCollector.EVENT_GPU_RECOVERED))
                .hasSize(3);
    }

    @Test
    void xidEventsArriveOnceEach() throws Exception {
        pass();
        long first = EVENT_IDS.incrementAndGet();
        long second = EVENT_IDS.incrementAndGet();
        scenario += "event=" + first + ":0:0x8:79:4294967295:4294967295\n" + "event=" + second + ":1:0x8:31:1:0\n";
        FakeNvml.write(scenario);
        while (collector.pollEvents(50)) {
            // drain what the fake has queued
        }
        List<TelemetryEvent> events = pass().events();
        assertThat(events)
                .extracting(TelemetryEvent::type)
                .containsExactly(NvmlCollector.EVENT_XID, NvmlCollector.EVENT_XID);
        assertThat(events.get(0).labels().get("xid")).hasValue("79");
        assertThat(events.get(0).labels().get("gpu_uuid")).hasValue(H100);
        assertThat(events.get(0).labels().get("mig_uuid")).isEmpty();
        assertThat(events.get(0).detail()).contains("fallen off the bus");
        assertThat(events.get(1).labels().get("mig_uuid")).hasValue(MIG_A);
        assertThat(events.get(1).labels().get("gpu_instance_id")).hasValue("1");
        assertThat(events.get(1).labels().get("compute_instance_id")).hasValue("0");
        assertThat(events.get(0).severity()).isEqualTo(TelemetryEvent.Severity.CRITICAL);

        assertThat(collector.pollEvents(20)).isFalse();
        assertThat(pass().events()).as("delivered once, not sticky").isEmpty();

        // the same XID again is a new event
        scenario += "event=" + EVENT_IDS.incrementAndGet() + ":0:0x8:79:4294967295:4294967295\n";
        FakeNvml.write(scenario);
        assertThat(collector.pollEvents(200)).isTrue();
        assertThat(pass().events())
                .extracting(e -> e.labels().get("xid").orElseThrow())
                .containsExactly("79");
    }

    @Test
    void eventThreadDeliversXidEvents() throws Exception {
        collector.close();
        NvmlLoader.Result result = NvmlLoader.load(FakeNvml.library().toString());
        collector = new NvmlCollector(
                FakeNvml.HOST,
                () -> result,
                java.time.Clock.systemUTC(),
                Thread.ofPlatform().daemon().name("test-nvml-events").factory(),
                20);
        pass();
        scenario += "event=" + EVENT_IDS.incrementAndGet() + ":0:0x2:0:4294967295:4294967295\n";
        FakeNvml.write(scenario);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<TelemetryEvent> got = List.of();
        while (got.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // a real thread: wall time is what passes
            got = pass().events();
        }
        assertThat(got).extracting(TelemetryEvent::type).containsExactly(NvmlCollector.EVENT_ECC_DOUBLE_BIT);
    }

    @Test
    void pcieThroughputIsReadOnlyWhileSubscribed(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("pcie-calls.log");
        update("pcie_calls_log", log.toString());
        Labels l = gpu(H100);
        assertThat(value(pass(), NvmlCollector.PCIE_RECEIVE, l)).isEmpty();
        assertThat(log).doesNotExist();
        try (AutoCloseable subscription = collector.subscribePcieThroughput()) {
            Snapshot s = pass();
            assertThat(value(s, NvmlCollector.PCIE_RECEIVE, l)).hasValue(2000 * 1024.0);
            assertThat(value(s, NvmlCollector.PCIE_TRANSMIT, l)).hasValue(1000 * 1024.0);
        }
        long callsWhileSubscribed = lines(log);
        assertThat(callsWhileSubscribed).isPositive();
        assertThat(value(pass(), NvmlCollector.PCIE_RECEIVE, l)).isEmpty();
        assertThat(lines(log)).isEqualTo(callsWhileSubscribed);
    }

    private static long lines(Path file) throws IOException {
        try (var s = Files.lines(file)) {
            return s.count();
        }
    }

    @Test
    void processesCarryLastSeenTimestampAndHostDetails() throws Exception {
        long self = ProcessHandle.current().pid();
        pass();
        GpuProcess mine = collector.processes().stream()
                .filter(p -> p.pid() == self)
                .findFirst()
                .orElseThrow();
        assertThat(mine.gpuUuid()).isEqualTo(H100);
        assertThat(mine.kind()).isEqualTo(GpuProcess.Kind.COMPUTE);
        assertThat(mine.usedGpuMemoryBytes()).hasValue(1_073_741_824L);
        assertThat(mine.smUtilizationRatio()).as("newest sample wins").hasValue(0.80);
        assertThat(mine.memoryUtilizationRatio()).hasValue(0.30);
        assertThat(mine.migUuid()).isEmpty();
        assertThat(mine.commandLine()).hasValueSatisfying(c -> assertThat(c).contains("java"));
        assertThat(mine.user()).isPresent();
        GpuProcess gone = collector.processes().stream()
                .filter(p -> p.pid() == 999_999_999L)
                .findFirst()
                .orElseThrow();
        assertThat(gone.kind()).isEqualTo(GpuProcess.Kind.GRAPHICS);
        assertThat(gone.commandLine()).as("not visible in /proc").isEmpty();

        pass();
        mine = collector.processes().stream()
                .filter(p -> p.pid() == self)
                .findFirst()
                .orElseThrow();
        assertThat(mine.smUtilizationRatio())
                .as("no sample newer than the last seen one")
                .isEmpty();

        scenario += "gpu.0.putil=" + self + ":300:55:5:0:0\n";
        FakeNvml.write(scenario);
        pass();
        mine = collector.processes().stream()
                .filter(p -> p.pid() == self)
                .findFirst()
                .orElseThrow();
        assertThat(mine.smUtilizationRatio()).hasValue(0.55);
    }

    /**
     * Two users on the H100: alice with two processes in one container, bob with one outside any container, and a
     * process /proc does not show; owners and containers come from a fake /proc, utilisation from the fake NVML.
     */
    @Test
    void eachUsersSmShareInEachContainerIsOneSeriesPerGpu(@TempDir Path dir) throws Exception {
        String container = "4f2a".repeat(16);
        Path proc = dir.resolve("proc");
        fakeProcess(proc, 4001, 1001, "0::/system.slice/docker-" + container + ".scope");
        fakeProcess(proc, 4002, 1002, "0::/user.slice/user-1002.slice/session-3.scope");
        fakeProcess(proc, 4003, 1001, "0::/system.slice/docker-" + container + ".scope");
        Path passwd = Files.writeString(
                dir.resolve("passwd"),
                "root:x:0:0:root:/root:/bin/bash\n"
                        + "alice:x:1001:1001::/home/alice:/bin/bash\n"
                        + "bob:x:1002:1002::/home/bob:/bin/bash\n");
        collector.close();
        collector = FakeNvml.collector(20, new ProcessDetailsReader(proc, passwd));
        scenario = FakeNvml.without(FakeNvml.without(scenario, "gpu.0.proc"), "gpu.0.putil")
                + "gpu.0.proc=4001:c:1073741824:4294967295:4294967295\n"
                + "gpu.0.proc=4002:c:1073741824:4294967295:4294967295\n"
                + "gpu.0.proc=4003:c:536870912:4294967295:4294967295\n"
                + "gpu.0.proc=4004:c:536870912:4294967295:4294967295\n"
                + "gpu.0.putil=4001:100:30:10:0:0\n"
                + "gpu.0.putil=4002:100:50:20:0:0\n"
                + "gpu.0.putil=4003:100:10:5:0:0\n"
                + "gpu.0.putil=4004:100:5:1:0:0\n";
        FakeNvml.write(scenario);

        Snapshot s = pass();
        Labels h100 = gpu(H100);
        assertThat(samples(s, NvmlCollector.USER_SM_SHARE, h100))
                .extracting(x -> x.series().labels())
                .containsExactlyInAnyOrder(
                        h100.with("user", "alice").with("container", container),
                        h100.with("user", "bob"),
                        h100.with("user", "unknown"));
        assertThat(value(
                                s,
                                NvmlCollector.USER_SM_SHARE,
                                h100.with("user", "alice").with("container", container))
                        .orElseThrow())
                .as("30% + 10%")
                .isCloseTo(0.40, within(1e-9));
        assertThat(value(s, NvmlCollector.USER_SM_SHARE, h100.with("user", "bob")))
                .as("no container: the label is empty")
                .hasValue(0.50);
        assertThat(value(s, NvmlCollector.USER_SM_SHARE, h100.with("user", "unknown")))
                .as("not in /proc")
                .hasValue(0.05);
        assertThat(samples(s, NvmlCollector.USER_SM_SHARE, h100))
                .allSatisfy(x -> assertThat(x.series().unit()).isEqualTo(Unit.RATIO));
        assertThat(samples(s, NvmlCollector.USER_SM_SHARE, gpu(H100_MIG)))
                .as("a process but no per-process samples")
                .isEmpty();
        assertThat(samples(s, NvmlCollector.USER_SM_SHARE, gpu(P4))).isEmpty();

        Snapshot quiet = pass();
        assertThat(samples(quiet, NvmlCollector.USER_SM_SHARE, h100))
                .as("no sample newer than the last seen: no data, not a zero share")
                .isEmpty();
        assertThat(value(quiet, NvmlCollector.PROCESS_COUNT, h100)).hasValue(4.0);

        scenario += "gpu.0.putil=4002:200:70:20:0:0\n";
        FakeNvml.write(scenario);
        assertThat(samples(pass(), NvmlCollector.USER_SM_SHARE, h100))
                .as("only bob was sampled since")
                .singleElement()
                .satisfies(x -> {
                    assertThat(x.series().labels()).isEqualTo(h100.with("user", "bob"));
                    assertThat(x.value()).isEqualTo(0.70);
                });
    }

    private static void fakeProcess(Path proc, long pid, long uid, String cgroup) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(
                dir.resolve("status"),
                "Name:\tpython3\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\nGid:\t" + uid + "\n");
        Files.writeString(dir.resolve("cgroup"), cgroup + "\n");
        Files.write(dir.resolve("cmdline"), "python3\0train.py\0".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void driverLibraryMismatchIsAClearReasonAndRetried() throws Exception {
        collector.close();
        update("init", "18");
        collector = FakeNvml.collector(20);
        assertThatThrownBy(this::pass)
                .isInstanceOf(CollectorUnavailableException.class)
                .hasMessageContaining("driver/library version mismatch")
                .hasMessageContaining("NVML_ERROR_LIB_RM_VERSION_MISMATCH");
        update("init", "9");
        assertThatThrownBy(this::pass).hasMessageContaining("kernel driver is not loaded");
        update("init", "0");
        assertThat(value(pass(), NvmlCollector.UP, gpu(H100))).hasValue(1.0);
    }

    @Test
    void noGpuIsUnavailable() throws Exception {
        collector.close();
        update("gpus", "0");
        collector = FakeNvml.collector(20);
        assertThatThrownBy(this::pass)
                .isInstanceOf(CollectorUnavailableException.class)
                .hasMessage("NVML found no NVIDIA GPU on this machine");
    }

    @Test
    void energyIsWithinDoublePrecisionOfTheCounter() throws Exception {
        update("gpu.0.energy_mj", "123456789012");
        assertThat(value(pass(), NvmlCollector.ENERGY, gpu(H100)).getAsDouble())
                .isCloseTo(123_456_789.012, within(1e-6));
    }
}
