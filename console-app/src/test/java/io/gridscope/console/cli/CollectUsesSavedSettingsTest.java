package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.host.HostCpuMemoryCollector;
import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.CollectionSettings;
import io.gridscope.console.app.UiSettings;
import io.gridscope.history.HistoryStore;
import io.gridscope.history.SeriesQuery;
import io.gridscope.model.Labels;
import io.gridscope.testsupport.LoopbackServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collect} without options collects as the console would: the saved data directory, interval and sources. */
class CollectUsesSavedSettingsTest {
    private static final String METRICS = """
            # HELP rack_inlet_temperature_celsius Inlet air temperature.
            # TYPE rack_inlet_temperature_celsius gauge
            rack_inlet_temperature_celsius{sensor="front"} 23.5
            """;

    @TempDir
    Path tmp;

    private LoopbackServer exporter;
    private String previousConfigHome;

    @BeforeEach
    void setUp() throws Exception {
        exporter = LoopbackServer.serving("/metrics", "text/plain; version=0.0.4", METRICS);
        previousConfigHome = System.getProperty(AppPaths.CONFIG_HOME_PROPERTY);
        System.setProperty(AppPaths.CONFIG_HOME_PROPERTY, tmp.resolve("config").toString());
    }

    @AfterEach
    void tearDown() {
        exporter.close();
        if (previousConfigHome == null) {
            System.clearProperty(AppPaths.CONFIG_HOME_PROPERTY);
        } else {
            System.setProperty(AppPaths.CONFIG_HOME_PROPERTY, previousConfigHome);
        }
    }

    @Test
    void collectReadsTheSavedDataDirectoryIntervalAndExporterSources() throws Exception {
        Path savedDataDir = tmp.resolve("saved-data");
        Files.createDirectories(savedDataDir);
        String instance = "127.0.0.1:" + exporter.port();
        UiSettings settings = UiSettings.empty();
        settings.put(CollectionSettings.KEY_DATA_DIR, savedDataDir.toString());
        settings.put(CollectionSettings.KEY_INTERVAL, "10s");
        settings.put("source.rack7.type", "EXPORTER");
        settings.put("source.rack7.url", "http://" + instance + "/metrics");
        settings.put("source.rack7.preset", "RAW");
        settings.put("source.rack7.interval", "PT1S");
        settings.save(AppPaths.fromEnvironment().configDir());

        CliTest.Result r = CliTest.run("collect", "--duration", "3s");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains(savedDataDir.resolve(HistoryStore.FILE_NAME).toString())
                .contains("prometheus:rack7 ok");
        try (HistoryStore store = HistoryStore.open(savedDataDir)) {
            long now = System.currentTimeMillis();
            assertThat(store.query(new SeriesQuery(
                            "rack_inlet_temperature_celsius", Labels.of("instance", instance), now - 600_000, now + 1)))
                    .as("the saved exporter source was scraped into the saved data directory")
                    .singleElement()
                    .satisfies(s -> assertThat(s.values()).isNotEmpty().containsOnly(23.5));
            assertThat(store.query(new SeriesQuery(
                            "gridscope_collector_pass_duration_seconds",
                            Labels.of("collector", HostCpuMemoryCollector.ID),
                            now - 600_000,
                            now + 1)))
                    .singleElement()
                    .satisfies(s -> assertThat(s.values())
                            .as("one pass in 3 s at the saved 10 s interval")
                            .hasSize(1));
        }
    }

    @Test
    void aSavedIntervalOutsideItsRangeIsIgnoredWithAWarning() throws Exception {
        UiSettings settings = UiSettings.empty();
        settings.put(CollectionSettings.KEY_INTERVAL, "10ms");
        settings.save(AppPaths.fromEnvironment().configDir());

        CliTest.Result r = CliTest.run(
                "collect", "--duration", "1s", "--data-dir", tmp.resolve("data").toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err())
                .startsWith("gridscope: warning: ignoring the saved sampling interval: 10 ms is shorter than 200 ms "
                        + "(using 1 s)");
    }

    @Test
    void anEvaluationIntervalOutsideItsRangeIsRefusedBeforeCollecting() {
        for (String bad : new String[] {"500ms", "10m"}) {
            CliTest.Result r = CliTest.run(
                    "collect",
                    "--evaluation-interval",
                    bad,
                    "--duration",
                    "1s",
                    "--data-dir",
                    tmp.resolve("data").toString());
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.err()).contains("the evaluation interval must be between 1 s and 5 min");
            assertThat(tmp.resolve("data/history.db")).doesNotExist();
        }
        CliTest.Result ok = CliTest.run(
                "collect",
                "--evaluation-interval",
                "2s",
                "--duration",
                "1s",
                "--data-dir",
                tmp.resolve("data").toString());
        assertThat(ok.exitCode()).as(ok.err()).isZero();
    }
}
