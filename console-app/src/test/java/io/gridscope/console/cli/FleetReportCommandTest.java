package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.prometheus.scrape.ScrapePreset;
import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.SourceAuth;
import io.gridscope.console.app.SourceSpec;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.app.fleet.BackfilledPrometheus;
import io.gridscope.console.app.fleet.FleetTestData;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./gridscope report --source NAME}: a saved Prometheus server source reported from that server prints the
 * same rows as the same samples in the local history (see {@link FleetTestData}).
 */
class FleetReportCommandTest {
    @TempDir
    static Path tmp;

    private static BackfilledPrometheus prometheus;
    private static Path data;
    private static Path config;
    private static String previousConfigHome;

    @BeforeAll
    static void start() throws Exception {
        BackfilledPrometheus.requireBinary("promtool");
        BackfilledPrometheus.requireBinary("prometheus");
        data = Files.createDirectories(tmp.resolve("data"));
        Path om = tmp.resolve("fleet.om");
        FleetTestData.write(data, om);
        prometheus = BackfilledPrometheus.start(tmp, om);
        config = Files.writeString(tmp.resolve("accounting.toml"), FleetTestData.CONFIG);
        previousConfigHome = System.getProperty(AppPaths.CONFIG_HOME_PROPERTY);
        System.setProperty(AppPaths.CONFIG_HOME_PROPERTY, tmp.resolve("config").toString());
        UiSettings settings = UiSettings.empty();
        SourceSpec.of(
                        "fleet-prom",
                        SourceSpec.Type.PROMETHEUS_SERVER,
                        prometheus.url().toString(),
                        ScrapePreset.Kind.RAW,
                        "15s",
                        SourceAuth.NONE,
                        false)
                .storeInto(settings);
        settings.save(AppPaths.fromEnvironment().configDir());
    }

    @AfterAll
    static void stop() {
        if (previousConfigHome == null) {
            System.clearProperty(AppPaths.CONFIG_HOME_PROPERTY);
        } else {
            System.setProperty(AppPaths.CONFIG_HOME_PROPERTY, previousConfigHome);
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    private static Map<String, Map<String, String>> csv(String... where) throws Exception {
        String[] base = {
            "report",
            "--from",
            "2026-11-20T00:00:00Z",
            "--to",
            "2026-11-20T06:00:00Z",
            "--config",
            config.toString(),
            "--group-by",
            "host",
            "--format",
            "csv"
        };
        String[] args = new String[base.length + where.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(where, 0, args, base.length, where.length);
        CliTest.Result r = CliTest.run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setCommentMarker('#')
                .get()
                .parse(new StringReader(r.out()))
                .stream()
                .collect(Collectors.toMap(c -> c.get("group"), CSVRecord::toMap));
    }

    @Test
    void aServerSourcesReportHasTheRowsOfTheSameSamplesInTheLocalHistory() throws Exception {
        Map<String, Map<String, String>> local = csv("--data-dir", data.toString());
        // a data directory without a history: nothing local is read, not even stored intensities
        Path empty = Files.createDirectories(tmp.resolve("no-history"));
        Map<String, Map<String, String>> fleet = csv("--source", "fleet-prom", "--data-dir", empty.toString());
        assertThat(local.keySet()).containsExactlyInAnyOrder(FleetTestData.HOST, FleetTestData.CPU_HOST, "total");
        assertThat(fleet).isEqualTo(local);
    }

    @Test
    void anUnknownSourceIsAUsageError() {
        CliTest.Result r = CliTest.run(
                "report",
                "--from",
                "2026-11-20",
                "--to",
                "2026-11-21",
                "--config",
                config.toString(),
                "--source",
                "nope",
                "--data-dir",
                tmp.resolve("no-history").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("no saved source is named nope; saved Prometheus server sources: fleet-prom");
    }
}
