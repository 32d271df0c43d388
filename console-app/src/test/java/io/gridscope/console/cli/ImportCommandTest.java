package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.ExitCodes;
import io.gridscope.history.HistoryOptions;
import io.gridscope.history.HistoryStore;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import io.gridscope.testsupport.DirectoryContents;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {
    @TempDir
    Path tmp;

    private Path data;
    /** Two hours ago, on a whole second, in seconds. */
    private long t;

    @BeforeEach
    void setUp() throws Exception {
        data = Files.createDirectory(tmp.resolve("data"));
        t = System.currentTimeMillis() / 1000 - 7200;
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** A counter of two instances, a gauge with its own host label, a histogram; 12 samples. */
    private String node() {
        return """
                # HELP node_network_receive_bytes Bytes received.
                # TYPE node_network_receive_bytes counter
                node_network_receive_bytes_total{device="eth0",instance="n1:9100"} 100 %1$d
                node_network_receive_bytes_total{device="eth0",instance="n1:9100"} 250 %2$d.5
                node_network_receive_bytes_total{device="eth0",instance="n2:9100"} 7 %1$d
                # TYPE gpu_temp_celsius gauge
                # UNIT gpu_temp_celsius celsius
                gpu_temp_celsius{host="gpu-07"} 61 %1$d
                gpu_temp_celsius{host="gpu-07"} 63 %2$d
                # TYPE req_seconds histogram
                req_seconds_bucket{le="1",instance="n1:9100"} 1 %1$d
                req_seconds_bucket{le="+Inf",instance="n1:9100"} 2 %1$d
                req_seconds_count{instance="n1:9100"} 2 %1$d
                req_seconds_sum{instance="n1:9100"} 1.5 %1$d
                req_seconds_bucket{le="1",instance="n1:9100"} 3 %2$d
                req_seconds_bucket{le="+Inf",instance="n1:9100"} 4 %2$d
                req_seconds_count{instance="n1:9100"} 4 %2$d
                req_seconds_sum{instance="n1:9100"} 2.5 %2$d
                # EOF
                """.formatted(t, t + 15);
    }

    private CliTest.Result importFile(Path file, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("import", file.toString()));
        args.addAll(List.of(more));
        args.addAll(List.of("--data-dir", data.toString()));
        return CliTest.run(args.toArray(String[]::new));
    }

    @Test
    void importsEverySampleAsAScrapeStoresItAndSaysWhat() throws Exception {
        Path om = file("node.om", node());
        CliTest.Result r = importFile(om);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0))
                .matches("imported 13 samples of 7 series \\(7 new, 0 existing\\) from "
                        + om.toString().replace("\\", "\\\\")
                        + " into .*history\\.db in \\d+\\.\\d s \\(13 samples read, \\d+ samples/s\\)");
        assertThat(lines.get(1))
                .isEqualTo("time range: " + java.time.Instant.ofEpochSecond(t) + " to "
                        + java.time.Instant.ofEpochMilli((t + 15) * 1000 + 500));
        assertThat(lines.get(2))
                .isEqualTo("skipped: 0 duplicates, 0 conflicts, 0 NaN or infinite values, 0 older than the 1-hour"
                        + " retention (730d), 0 in hours kept only as rollups");
        assertThat(lines).hasSize(3);

        CliTest.Result q = CliTest.run(
                "query", "node_network_receive_bytes_total", "--since", "3h", "--data-dir", data.toString());
        assertThat(q.exitCode()).as(q.err()).isZero();
        assertThat(q.out().lines().skip(1))
                .containsExactly(
                        "node_network_receive_bytes_total,\"{device=\"\"eth0\"\",host=\"\"n1:9100\"\",instance=\"\"n1:9100\"\"}\","
                                + java.time.Instant.ofEpochSecond(t) + "," + t * 1000 + ",100",
                        "node_network_receive_bytes_total,\"{device=\"\"eth0\"\",host=\"\"n1:9100\"\",instance=\"\"n1:9100\"\"}\","
                                + java.time.Instant.ofEpochMilli((t + 15) * 1000 + 500) + "," + ((t + 15) * 1000 + 500)
                                + ",250",
                        "node_network_receive_bytes_total,\"{device=\"\"eth0\"\",host=\"\"n2:9100\"\",instance=\"\"n2:9100\"\"}\","
                                + java.time.Instant.ofEpochSecond(t) + "," + t * 1000 + ",7");
        try (var reader = io.gridscope.history.HistoryReader.open(data)) {
            assertThat(reader.findSeries("node_network_receive_bytes_total", Labels.EMPTY))
                    .allSatisfy(s -> {
                        assertThat(s.kind()).isEqualTo(io.gridscope.model.MetricKind.COUNTER);
                        assertThat(s.unit()).isEqualTo(Unit.NONE);
                    });
            assertThat(reader.findSeries("req_seconds_bucket", Labels.EMPTY))
                    .hasSize(2)
                    .allSatisfy(s -> assertThat(s.kind()).isEqualTo(io.gridscope.model.MetricKind.GAUGE));
            assertThat(reader.findSeries("gpu_temp_celsius", Labels.EMPTY))
                    .singleElement()
                    .satisfies(s -> assertThat(s.labels()).isEqualTo(Labels.of("host", "gpu-07")));
        }
    }

    @Test
    void importingTheSameFileAgainChangesNothingAndAnotherValueIsAWarning() throws Exception {
        Path om = file("node.om", node());
        assertThat(importFile(om).exitCode()).isZero();
        Map<String, byte[]> before = DirectoryContents.withoutSqliteCompanions(data);

        CliTest.Result again = importFile(om);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out())
                .startsWith("imported 0 samples of 0 series (0 new, 0 existing)")
                .contains("skipped: 13 duplicates, 0 conflicts")
                .doesNotContain("time range");
        assertUnchanged(before);

        Path changed = file("changed.om", node().replace("} 250 ", "} 260 "));
        CliTest.Result conflict = importFile(changed);
        assertThat(conflict.exitCode()).as(conflict.err()).isZero();
        assertThat(conflict.out()).contains("skipped: 12 duplicates, 1 conflicts");
        assertThat(conflict.err())
                .isEqualTo(changed + ":4: warning: 1 sample has another value than the one already stored for"
                        + " their series and time (the first on this line); the stored values were kept"
                        + System.lineSeparator());
    }

    @Test
    void aMalformedLineIsReportedAsFileAndLineAndNothingIsImported() throws Exception {
        assertThat(importFile(file("first.om", node())).exitCode()).isZero();
        Map<String, byte[]> before = DirectoryContents.withoutSqliteCompanions(data);
        String[] lines = node().replace("gpu_temp", "gpu_power")
                .replace("celsius", "watts")
                .split("\n");
        lines[8] = "gpu_power_watts{host=\"gpu-07\"}  63 " + (t + 15); // two spaces
        Path bad = file("bad.om", String.join("\n", lines) + "\n");

        CliTest.Result r = importFile(bad);

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(bad + ":9: missing value (column 32); nothing imported" + System.lineSeparator());
        assertUnchanged(before);
    }

    @Test
    void refusedInputNamesTheLine() throws Exception {
        String noEof = node().replace("# EOF\n", "");
        String noTimestamp = node().replace("} 7 " + t, "} 7");
        String noHost = node().replace("{host=\"gpu-07\"}", "");
        String backwards = node().replace("} 250 " + (t + 15) + ".5", "} 250 " + (t - 15));
        String future = node().replace("} 7 " + t, "} 7 " + (t + 86_400));
        Map<String, String> cases = Map.of(
                noEof, ":18: missing '# EOF' at the end of the input; nothing imported",
                noTimestamp,
                        ":5: the sample of node_network_receive_bytes_total{device=\"eth0\",instance=\"n2:9100\"} has"
                                + " no timestamp; an import needs one on every sample; nothing imported",
                noHost,
                        ":8: gpu_temp_celsius has neither a host nor an instance label; --host NAME gives one to such"
                                + " samples; nothing imported",
                backwards, ":4: timestamps went backwards within a group (column 1); nothing imported",
                future, ":5: the timestamp ");
        int i = 0;
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path f = file("case" + i++ + ".om", c.getKey());
            CliTest.Result r = importFile(f);
            assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.err()).startsWith(f + c.getValue());
            assertThat(r.err().lines()).hasSize(1);
        }
        assertThat(Files.exists(data.resolve(HistoryStore.FILE_NAME))).isTrue();
        try (var reader = io.gridscope.history.HistoryReader.open(data)) {
            assertThat(reader.stats().seriesCount()).isZero();
        }

        // the host for samples without one
        CliTest.Result withHost = importFile(file("host.om", noHost), "--host", "ws-01");
        assertThat(withHost.exitCode()).as(withHost.err()).isZero();
        try (var reader = io.gridscope.history.HistoryReader.open(data)) {
            assertThat(reader.findSeries("gpu_temp_celsius", Labels.EMPTY))
                    .singleElement()
                    .satisfies(s -> assertThat(s.labels()).isEqualTo(Labels.of("host", "ws-01")));
        }
    }

    @Test
    void limitsAreEnforcedBeforeAnythingIsImported() throws Exception {
        Path om = file("node.om", node());
        CliTest.Result series = importFile(om, "--max-series", "2");
        assertThat(series.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(series.err())
                .isEqualTo(om + ":8: more than 2 series, the limit of this import (--max-series raises it); nothing"
                        + " imported" + System.lineSeparator());

        CliTest.Result size = importFile(om, "--max-file-size", "0.0001MB");
        assertThat(size.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(size.err()).contains("more than --max-file-size 0.0001MB; nothing imported");

        CliTest.Result line = importFile(om, "--max-line-bytes", "64");
        assertThat(line.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(line.err()).startsWith(om + ":3: line is longer than the limit of 64 bytes");

        assertThat(importFile(om, "--max-line-bytes", "10").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(importFile(om, "--max-file-size", "huge").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(importFile(om, "--timeout", "0s").exitCode()).isEqualTo(ExitCodes.USAGE);

        try (var reader = io.gridscope.history.HistoryReader.open(data)) {
            assertThat(reader.stats().seriesCount()).isZero();
        }
    }

    @Test
    void aHistoryInUseIsRefusedAndAMissingFileIsAnIoError() throws Exception {
        Path om = file("node.om", node());
        SeriesId power = SeriesId.gauge("gpu_power_watts", Unit.WATTS, Labels.of("host", "x"));
        try (HistoryStore store =
                HistoryStore.open(data, HistoryOptions.defaults().withMaintenanceInterval(Duration.ZERO))) {
            store.append(Snapshot.of("test", t * 1000, List.of(new Sample(power, t * 1000, 1))));
            store.flush().get();
            CliTest.Result r = importFile(om);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
            assertThat(r.err())
                    .startsWith("gridscope: cannot import " + om + ": the history database ")
                    .contains("is in use by another process")
                    .endsWith("; nothing imported" + System.lineSeparator());
            assertThat(store.stats().seriesCount()).isEqualTo(1);
        }

        CliTest.Result missing = importFile(tmp.resolve("nope.om"));
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(missing.err())
                .isEqualTo("gridscope: no such file: " + tmp.resolve("nope.om") + System.lineSeparator());

        CliTest.Result empty = importFile(file("empty.om", "# EOF\n"));
        assertThat(empty.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(empty.err()).endsWith("empty.om: no samples; nothing imported" + System.lineSeparator());
    }

    @Test
    void theTimeoutStopsTheImportAndNothingIsImported() throws Exception {
        StringBuilder text = new StringBuilder("# TYPE g gauge\n");
        for (int i = 0; i < 3000; i++) {
            text.append("g{host=\"h\"} ").append(i).append(' ').append(t + i).append('\n');
        }
        Path om = file("long.om", text.append("# EOF\n").toString());

        CliTest.Result r = importFile(om, "--timeout", "1ms");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err())
                .isEqualTo("gridscope: " + om + ": stopped at line 1025 after --timeout 1ms; nothing imported"
                        + System.lineSeparator());
        try (var reader = io.gridscope.history.HistoryReader.open(data)) {
            assertThat(reader.stats().seriesCount()).isZero();
        }
    }

    @Test
    void progressOnRequestEndsWithTheWholeFile() throws Exception {
        Path om = file("node.om", node());
        CliTest.Result r = importFile(om, "--progress");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).matches("import: 100% \\(0\\.0 of 0\\.0 MB read\\), 13 samples, \\d+ samples/s\\R");
    }

    @Test
    void progressReportsAtMostOnceASecond() {
        StringWriter out = new StringWriter();
        long[] now = {0};
        ImportProgress p = new ImportProgress(new PrintWriter(out, true), 2_000_000, true, false, () -> now[0]);
        p.update(100, 10);
        now[0] = 999_000_000L;
        p.update(200, 20);
        now[0] = 1_000_000_000L;
        p.update(1_000_000, 5_000);
        now[0] = 1_500_000_000L;
        p.update(1_500_000, 6_000);
        now[0] = 2_000_000_000L;
        p.done(2_000_000, 8_000);
        assertThat(out.toString().lines())
                .containsExactly(
                        "import: 50% (1.0 of 2.0 MB read), 5000 samples, 5000 samples/s",
                        "import: 100% (2.0 of 2.0 MB read), 8000 samples, 4000 samples/s");
    }

    private void assertUnchanged(Map<String, byte[]> before) throws Exception {
        Map<String, byte[]> after = DirectoryContents.withoutSqliteCompanions(data);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
    }
}
