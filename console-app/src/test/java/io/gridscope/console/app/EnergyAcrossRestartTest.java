package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.host.HostIdentity;
import io.gridscope.collectors.nvml.NvmlCollector;
import io.gridscope.history.HistoryStore;
import io.gridscope.history.SeriesAggregates;
import io.gridscope.history.SeriesQuery;
import io.gridscope.model.Labels;
import io.gridscope.testsupport.Requirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NVML energy series through the real collector (the fake libnvidia-ml.so.1, loaded through JNA) into the real
 * history store: a driver reload followed by a Gridscope restart counts the energy since the reload once.
 */
class EnergyAcrossRestartTest {
    private static final String H100 = "GPU-5a1c2d3e-0000-4000-8000-000000000000";
    private static final HostIdentity HOST = new HostIdentity("gpu-node-1", Optional.empty());

    @TempDir
    Path dataDir;

    private String scenario;

    @Test
    void aRestartAfterADriverReloadNeverCountsEnergyTwice() throws Exception {
        Path lib = Path.of(System.getProperty("gridscope.nvml.library", "missing"));
        if (!Files.isRegularFile(lib)) {
            throw Requirements.unavailable("fake NVML library not built at " + lib + " (needs gcc)");
        }
        scenario = Files.readString(Path.of(System.getProperty("gridscope.test.fakeNvmlScenario")))
                .replace("@PID@", Long.toString(ProcessHandle.current().pid()));
        long t0 = System.currentTimeMillis() / 1_000 * 1_000 - 60_000;
        try (HistoryStore store = HistoryStore.open(dataDir)) {
            try (NvmlCollector before = new NvmlCollector(HOST)) {
                pass(store, before, t0, 1_000_000); // 1,000 J since the driver was loaded
                pass(store, before, t0 + 1_000, 1_500_000);
                pass(store, before, t0 + 2_000, 200_000); // driver reloaded: 200 J since the reload
            }
            try (NvmlCollector after = new NvmlCollector(HOST)) { // Gridscope restarted
                pass(store, after, t0 + 3_000, 300_000);
                pass(store, after, t0 + 4_000, 400_000);
            }
            store.flush().get(10, TimeUnit.SECONDS);
            List<SeriesAggregates> energy = store.queryRange(
                    new SeriesQuery(NvmlCollector.ENERGY, Labels.of("gpu_uuid", H100), t0 - 1_000, t0 + 10_000), 1_000);
            assertThat(energy)
                    .singleElement()
                    .satisfies(series -> assertThat(Arrays.stream(series.increase())
                                    .filter(v -> !Double.isNaN(v))
                                    .sum())
                            .as("500 J, 200 J since the reload, 100 J and 100 J after the restart")
                            .isEqualTo(900.0));
        }
    }

    private void pass(HistoryStore store, NvmlCollector collector, long epochMillis, long energyMillijoules)
            throws Exception {
        scenario = scenario.replaceAll("(?m)^gpu\\.0\\.energy_mj=.*$", "gpu.0.energy_mj=" + energyMillijoules);
        Path file = Path.of(System.getenv("FAKE_NVML_SCENARIO"));
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "scenario", ".tmp");
        Files.writeString(tmp, scenario, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        store.append(collector.collect(epochMillis));
    }
}
