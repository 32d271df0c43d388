package io.gridscope.collectors.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.Snapshot;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import oshi.SystemInfo;

/** Runs the real OSHI code on this machine. */
class HostCpuMemoryCollectorTest {
    @Test
    void secondPassReportsTotalAndPerCoreUtilisationAsRatios() throws Exception {
        try (HostCpuMemoryCollector c = new HostCpuMemoryCollector(new HostIdentity("test-host", Optional.empty()))) {
            Snapshot first = c.collect(1_000);
            assertThat(first.samples())
                    .noneMatch(s -> s.series().metric().equals(HostCpuMemoryCollector.CPU_UTILIZATION));
            Thread.sleep(700); // OSHI memoizes tick reads for ~300 ms; let the counters advance past that
            Snapshot second = c.collect(2_000);
            List<Sample> cpu = second.samples().stream()
                    .filter(s -> s.series().metric().equals(HostCpuMemoryCollector.CPU_UTILIZATION))
                    .toList();
            int cores = Runtime.getRuntime().availableProcessors();
            assertThat(cpu)
                    .anyMatch(s -> s.series().labels().get("cpu").orElseThrow().equals("total"));
            assertThat(cpu.stream()
                            .map(s -> s.series().labels().get("cpu").orElseThrow())
                            .distinct()
                            .count())
                    .isGreaterThanOrEqualTo(2)
                    .isLessThanOrEqualTo(cores + 1L);
            assertThat(cpu).allSatisfy(s -> {
                assertThat(s.value()).isBetween(0.0, 1.0);
                assertThat(s.epochMillis()).isEqualTo(2_000);
                assertThat(s.series().labels().get("host")).contains("test-host");
            });
        }
    }

    @Test
    void memoryIsReportedInBytesWithUsedPlusAvailableEqualToTotal() throws Exception {
        try (HostCpuMemoryCollector c = new HostCpuMemoryCollector(new HostIdentity("h", Optional.empty()))) {
            Snapshot s = c.collect(5);
            double total = value(s, HostCpuMemoryCollector.MEMORY_TOTAL);
            double used = value(s, HostCpuMemoryCollector.MEMORY_USED);
            double available = value(s, HostCpuMemoryCollector.MEMORY_AVAILABLE);
            assertThat(total).isGreaterThan(0);
            assertThat(used + available).isEqualTo(total);
        }
    }

    @Test
    void everyPassStoresTheLogicalCoreCount() throws Exception {
        try (HostCpuMemoryCollector c = new HostCpuMemoryCollector(new HostIdentity("h", Optional.empty()))) {
            int expected = new SystemInfo().getHardware().getProcessor().getLogicalProcessorCount();
            assertThat(expected).isPositive();
            Snapshot first = c.collect(1_000);
            assertThat(value(first, HostCpuMemoryCollector.LOGICAL_CORES)).isEqualTo(expected);
            Snapshot second = c.collect(2_000);
            assertThat(value(second, HostCpuMemoryCollector.LOGICAL_CORES)).isEqualTo(expected);
            assertThat(second.samples())
                    .filteredOn(x -> x.series().metric().equals(HostCpuMemoryCollector.LOGICAL_CORES))
                    .singleElement()
                    .satisfies(x -> assertThat(x.series().labels()).isEqualTo(Labels.of("host", "h")));
        }
    }

    private static double value(Snapshot s, String metric) {
        return s.samples().stream()
                .filter(x -> x.series().metric().equals(metric))
                .findFirst()
                .orElseThrow()
                .value();
    }
}
