package io.gridscope.collectors.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.Collector;
import io.gridscope.model.Sample;
import io.gridscope.model.Snapshot;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Runs the real OSHI code on this (Linux) machine. */
class HostCollectorsTest {
    private static final HostIdentity HOST = new HostIdentity("test-host", Optional.of("abc123"));

    private static List<Sample> of(Snapshot s, String metric) {
        return s.samples().stream().filter(x -> x.series().metric().equals(metric)).toList();
    }

    @Test
    void everyHostCollectorHasItsOwnId() {
        assertThat(HostCollectors.create(HOST)).extracting(Collector::id).containsExactly(HostCpuMemoryCollector.ID,
                HostNetworkCollector.ID, HostDiskCollector.ID, HostFileSystemCollector.ID);
    }

    @Test
    void cpuCollectorAddsLoadContextSwitchesAndIdentity() throws Exception {
        try (HostCpuMemoryCollector c = new HostCpuMemoryCollector(HOST)) {
            Snapshot first = c.collect(1_000);
            assertThat(of(first, HostCpuMemoryCollector.CONTEXT_SWITCHES)).as("first pass primes").isEmpty();
            assertThat(of(first, HostCpuMemoryCollector.LOAD_AVERAGE)).extracting(
                    x -> x.series().labels().get("window").orElseThrow()).containsExactly("1m", "5m", "15m");
            assertThat(of(first, HostCpuMemoryCollector.INFO)).singleElement().satisfies(i -> {
                assertThat(i.series().labels().get("machine_id")).hasValue("abc123");
                assertThat(i.series().labels().get("cpu_model")).isPresent();
            });
            Snapshot second = c.collect(2_000);
            assertThat(of(second, HostCpuMemoryCollector.CONTEXT_SWITCHES)).singleElement()
                    .satisfies(x -> assertThat(x.value()).isGreaterThanOrEqualTo(0));
            assertThat(of(second, HostCpuMemoryCollector.INTERRUPTS)).singleElement()
                    .satisfies(x -> assertThat(x.value()).isGreaterThanOrEqualTo(0));
            // Sensors and frequency are machine-dependent: when present they must be plausible, never zero.
            assertThat(of(second, HostCpuMemoryCollector.CPU_TEMPERATURE)).allSatisfy(
                    x -> assertThat(x.value()).isBetween(1.0, 150.0));
            assertThat(of(second, HostCpuMemoryCollector.CPU_FREQUENCY)).allSatisfy(
                    x -> assertThat(x.value()).isGreaterThan(1e6));
        }
    }

    @Test
    void networkRatesAppearFromTheSecondPassWithoutLoopback() throws Exception {
        HostNetworkCollector c = new HostNetworkCollector(HOST);
        assertThat(c.collect(1_000).samples()).isEmpty();
        Thread.sleep(50); // OSHI stamps each interface reading with wall time; let some pass
        Snapshot s = c.collect(2_000);
        assertThat(s.samples()).allSatisfy(x -> {
            assertThat(x.value()).isGreaterThanOrEqualTo(0);
            assertThat(x.series().labels().get("interface")).isPresent().get().isNotEqualTo("lo");
        });
        List<String> metrics = s.samples().stream().map(x -> x.series().metric()).distinct().toList();
        if (!s.samples().isEmpty()) {
            assertThat(metrics).contains(HostNetworkCollector.RECEIVE_BYTES, HostNetworkCollector.TRANSMIT_PACKETS,
                    HostNetworkCollector.RECEIVE_DROPS);
        }
    }

    @Test
    void diskRatesAreNonNegativeAndBusyIsARatio() throws Exception {
        HostDiskCollector c = new HostDiskCollector(HOST);
        assertThat(c.collect(1_000).samples()).isEmpty();
        Thread.sleep(50);
        Snapshot s = c.collect(2_000);
        assertThat(s.samples()).allSatisfy(x -> assertThat(x.value()).isGreaterThanOrEqualTo(0));
        assertThat(of(s, HostDiskCollector.BUSY)).allSatisfy(x -> assertThat(x.value()).isBetween(0.0, 1.0));
    }

    @Test
    void fileSystemsReportSizeUsedAndAvailable() throws Exception {
        Snapshot s = new HostFileSystemCollector(HOST).collect(1_000);
        List<Sample> sizes = of(s, HostFileSystemCollector.SIZE);
        assertThat(sizes).isNotEmpty();
        for (Sample size : sizes) {
            String mount = size.series().labels().get("mountpoint").orElseThrow();
            double used = of(s, HostFileSystemCollector.USED).stream()
                    .filter(x -> x.series().labels().equals(size.series().labels())).findFirst().orElseThrow().value();
            assertThat(used).as(mount).isBetween(0.0, size.value());
        }
    }
}
