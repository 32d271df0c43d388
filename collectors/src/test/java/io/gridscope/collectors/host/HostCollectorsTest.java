package io.gridscope.collectors.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.gridscope.collectors.Collector;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import oshi.SystemInfo;

/** Runs the real OSHI code on this (Linux) machine. */
class HostCollectorsTest {
    private static final HostIdentity HOST = new HostIdentity("test-host", Optional.of("abc123"));

    private static List<Sample> of(Snapshot s, String metric) {
        return s.samples().stream()
                .filter(x -> x.series().metric().equals(metric))
                .toList();
    }

    @Test
    void everyHostCollectorHasItsOwnId() {
        assertThat(HostCollectors.create(HOST))
                .extracting(Collector::id)
                .containsExactly(
                        HostCpuMemoryCollector.ID,
                        HostNetworkCollector.ID,
                        HostDiskCollector.ID,
                        HostFileSystemCollector.ID,
                        RaplEnergyCollector.ID);
    }

    @Test
    void cpuCollectorAddsLoadContextSwitchesAndIdentity() throws Exception {
        try (HostCpuMemoryCollector c = new HostCpuMemoryCollector(HOST)) {
            Snapshot first = c.collect(1_000);
            assertThat(of(first, HostCpuMemoryCollector.CONTEXT_SWITCHES))
                    .as("first pass primes")
                    .isEmpty();
            assertThat(of(first, HostCpuMemoryCollector.LOAD_AVERAGE))
                    .extracting(x -> x.series().labels().get("window").orElseThrow())
                    .containsExactly("1m", "5m", "15m");
            assertThat(of(first, HostCpuMemoryCollector.INFO)).singleElement().satisfies(i -> {
                assertThat(i.series().labels().get("machine_id")).hasValue("abc123");
                assertThat(i.series().labels().get("cpu_model")).isPresent();
            });
            Snapshot second = c.collect(2_000);
            assertThat(of(second, HostCpuMemoryCollector.CONTEXT_SWITCHES))
                    .singleElement()
                    .satisfies(x -> assertThat(x.value()).isGreaterThanOrEqualTo(0));
            assertThat(of(second, HostCpuMemoryCollector.INTERRUPTS))
                    .singleElement()
                    .satisfies(x -> assertThat(x.value()).isGreaterThanOrEqualTo(0));
            // Sensors and frequency are machine-dependent: when present they must be plausible, never zero.
            assertThat(of(second, HostCpuMemoryCollector.CPU_TEMPERATURE))
                    .allSatisfy(x -> assertThat(x.value()).isBetween(1.0, 150.0));
            assertThat(of(second, HostCpuMemoryCollector.CPU_FREQUENCY))
                    .allSatisfy(x -> assertThat(x.value()).isGreaterThan(1e6));
        }
    }

    @Test
    void networkRatesAppearFromTheSecondPassWithoutLoopback(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("net"));
        HostNetworkCollector c = new HostNetworkCollector(HOST, new LinuxProcFiles(proc));
        Files.writeString(proc.resolve("net/dev"), netDev(1_000, 10, 0, 0, 5_000, 20, 0, 0));
        assertThat(c.collect(1_000).samples()).as("the first pass only primes").isEmpty();
        Files.writeString(proc.resolve("net/dev"), netDev(3_000, 14, 1, 2, 5_500, 30, 0, 1));
        Snapshot s = c.collect(3_000);
        assertThat(s.samples())
                .as("loopback is left out")
                .allSatisfy(
                        x -> assertThat(x.series().labels().get("interface")).hasValue("eth0"));
        Labels eth0 = Labels.of("host", HOST.hostname(), "interface", "eth0");
        assertThat(s.samples())
                .extracting(x -> x.series().metric(), x -> x.series().labels(), Sample::value)
                .containsExactlyInAnyOrder(
                        tuple(HostNetworkCollector.RECEIVE_BYTES, eth0, 1_000.0),
                        tuple(HostNetworkCollector.TRANSMIT_BYTES, eth0, 250.0),
                        tuple(HostNetworkCollector.RECEIVE_PACKETS, eth0, 2.0),
                        tuple(HostNetworkCollector.TRANSMIT_PACKETS, eth0, 5.0),
                        tuple(HostNetworkCollector.RECEIVE_ERRORS, eth0, 0.5),
                        tuple(HostNetworkCollector.TRANSMIT_ERRORS, eth0, 0.0),
                        tuple(HostNetworkCollector.RECEIVE_DROPS, eth0, 1.0),
                        tuple(HostNetworkCollector.TRANSMIT_DROPS, eth0, 0.5));
    }

    /** /proc/net/dev with a busy loopback and one eth0 with these counters. */
    private static String netDev(
            long rxBytes,
            long rxPackets,
            long rxErrs,
            long rxDrop,
            long txBytes,
            long txPackets,
            long txErrs,
            long txDrop) {
        return """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo: 99999999 999 0 0 0 0 0 0 99999999 999 0 0 0 0 0 0
                  eth0: %d %d %d %d 0 0 0 0 %d %d %d %d 0 0 0 0
                """.formatted(rxBytes, rxPackets, rxErrs, rxDrop, txBytes, txPackets, txErrs, txDrop);
    }

    @Test
    void diskRatesCoverEveryDiskAndAreNonNegativeAndBusyIsARatio() throws Exception {
        HostDiskCollector c = new HostDiskCollector(HOST);
        assertThat(c.collect(1_000).samples()).isEmpty();
        Thread.sleep(50);
        Snapshot s = c.collect(2_000);
        List<String> disks = new SystemInfo()
                .getHardware().getDiskStores().stream().map(d -> d.getName()).toList();
        assertThat(disks)
                .as("OSHI lists this machine's block devices (/sys/block)")
                .isNotEmpty();
        assertThat(s.samples())
                .extracting(x -> x.series().labels().get("disk").orElseThrow())
                .as("every disk")
                .containsAll(disks);
        assertThat(of(s, HostDiskCollector.READ_BYTES)).hasSameSizeAs(disks);
        assertThat(s.samples()).allSatisfy(x -> assertThat(x.value()).isGreaterThanOrEqualTo(0));
        assertThat(of(s, HostDiskCollector.BUSY))
                .hasSameSizeAs(disks)
                .allSatisfy(x -> assertThat(x.value()).isBetween(0.0, 1.0));
    }

    @Test
    void fileSystemsReportSizeUsedAndAvailable() throws Exception {
        Snapshot s = new HostFileSystemCollector(HOST).collect(1_000);
        List<Sample> sizes = of(s, HostFileSystemCollector.SIZE);
        assertThat(sizes).isNotEmpty();
        for (Sample size : sizes) {
            String mount = size.series().labels().get("mountpoint").orElseThrow();
            double used = of(s, HostFileSystemCollector.USED).stream()
                    .filter(x -> x.series().labels().equals(size.series().labels()))
                    .findFirst()
                    .orElseThrow()
                    .value();
            assertThat(used).as(mount).isBetween(0.0, size.value());
        }
    }
}
