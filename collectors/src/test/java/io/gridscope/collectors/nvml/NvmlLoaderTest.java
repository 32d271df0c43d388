package io.gridscope.collectors.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorUnavailableException;
import io.gridscope.collectors.scheduler.CollectorScheduler;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class NvmlLoaderTest {
    private static final String MISSING = "/nonexistent/gridscope-test/libnvidia-ml.so.1";

    @Test
    void missingLibraryIsAReasonNotACrash() {
        NvmlLoader.Result result = NvmlLoader.load(MISSING);
        assertThat(result.available()).isFalse();
        assertThat(result.reason()).startsWith("NVIDIA driver not found: " + MISSING + " could not be loaded");
    }

    @Test
    void collectorWithoutLibraryIsUnavailableWithTheReason() {
        NvmlCollector c = new NvmlCollector(FakeNvml.HOST, () -> NvmlLoader.load(MISSING), Clock.systemUTC(), null, 10);
        assertThatThrownBy(() -> c.collect(1L))
                .isInstanceOf(CollectorUnavailableException.class)
                .hasMessageContaining("NVIDIA driver not found");
        c.close();
    }

    @Test
    void schedulerShowsTheReasonAndKeepsRunning() {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
        try (CollectorScheduler scheduler = new CollectorScheduler(Clock.systemUTC(), ex)) {
            scheduler.register(
                    new NvmlCollector(FakeNvml.HOST, () -> NvmlLoader.load(MISSING), Clock.systemUTC(), null, 10));
            scheduler.runPass(NvmlCollector.ID);
            assertThat(scheduler.statuses()).singleElement().satisfies(s -> {
                assertThat(s.state()).isEqualTo(CollectorState.UNAVAILABLE);
                assertThat(s.message()).contains("libnvidia-ml.so.1 could not be loaded");
                assertThat(s.consecutiveFailures()).isEqualTo(1);
            });
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void defaultLibraryHonoursTheProperty() {
        String old = System.getProperty(NvmlLoader.LIBRARY_PROPERTY);
        try {
            System.setProperty(NvmlLoader.LIBRARY_PROPERTY, "/opt/custom/libnvidia-ml.so.1");
            assertThat(NvmlLoader.defaultLibrary()).isEqualTo("/opt/custom/libnvidia-ml.so.1");
            System.clearProperty(NvmlLoader.LIBRARY_PROPERTY);
            assertThat(NvmlLoader.defaultLibrary()).isIn("libnvidia-ml.so.1", "nvml");
        } finally {
            if (old != null) {
                System.setProperty(NvmlLoader.LIBRARY_PROPERTY, old);
            }
        }
    }
}
