package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.history.HistoryStore;
import io.gridscope.history.SeriesQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbCommandTest {
    private static final SeriesId POWER =
            SeriesId.gauge("gpu_power_watts", Unit.WATTS, Labels.of("gpu_uuid", "GPU-1"));

    @TempDir
    Path tmp;

    private Path historyWith300Samples() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("data"));
        long now = System.currentTimeMillis();
        try (HistoryStore store = HistoryStore.open(dir)) {
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                samples.add(new Sample(POWER, now - 300_000 + 1000L * i, 100 + i % 4));
            }
            store.append(Snapshot.of("test", now, samples));
            store.flush().get();
        }
        return dir;
    }

    @Test
    void statsPrintCountsPerTierAndBytesPerSample() throws Exception {
        Path dir = historyWith300Samples();
        CliTest.Result r = CliTest.run("db", "stats", "--data-dir", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("series            1")
                .containsPattern("raw samples       300 \\(2 compressed chunks, \\d+ payload bytes\\)")
                .containsPattern("1-minute buckets  [56]\\n")
                .containsPattern("bytes per sample  \\d+\\.\\d\\d");
    }

    @Test
    void backupWritesAnOpenableCopyAndNeverOverwrites() throws Exception {
        Path dir = historyWith300Samples();
        Path copy = tmp.resolve("copy.db");
        CliTest.Result r = CliTest.run("db", "backup", copy.toString(), "--data-dir", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("backed up ").contains(copy.toString());

        Path restored = Files.createDirectory(tmp.resolve("restored"));
        Files.copy(copy, restored.resolve(HistoryStore.FILE_NAME));
        try (HistoryStore store = HistoryStore.open(restored)) {
            assertThat(store.query(new SeriesQuery(POWER.metric(), Labels.EMPTY, 0, Long.MAX_VALUE))
                    .getFirst().size()).isEqualTo(300);
        }

        CliTest.Result again = CliTest.run("db", "backup", copy.toString(), "--data-dir", dir.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(again.err()).contains("already exists");
    }

    @Test
    void missingDatabaseAndBareDbCommandExplainThemselves() {
        CliTest.Result missing = CliTest.run("db", "stats", "--data-dir", tmp.resolve("none").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(missing.err()).startsWith("gridscope: no history database in");
        CliTest.Result bare = CliTest.run("db");
        assertThat(bare.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bare.err()).contains("backup").contains("stats");
    }
}
