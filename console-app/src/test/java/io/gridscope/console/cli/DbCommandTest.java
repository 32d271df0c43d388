package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.ExitCodes;
import io.gridscope.history.HistoryOptions;
import io.gridscope.history.HistoryStore;
import io.gridscope.history.SeriesQuery;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import io.gridscope.testsupport.DirectoryContents;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbCommandTest {
    private static final SeriesId POWER = SeriesId.gauge("gpu_power_watts", Unit.WATTS, Labels.of("gpu_uuid", "GPU-1"));

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
        assertThat(r.out())
                .contains("series            1")
                // 300 samples fit one chunk (up to 720 samples or 12 minutes at 1 s)
                .containsPattern("raw samples       300 \\(1 compressed chunk, \\d+ payload bytes\\)")
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
                            .getFirst()
                            .size())
                    .isEqualTo(300);
        }

        CliTest.Result again = CliTest.run("db", "backup", copy.toString(), "--data-dir", dir.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(again.err()).contains("already exists");
    }

    private static Map<String, byte[]> contents(Path dir) throws Exception {
        return DirectoryContents.withoutSqliteCompanions(dir);
    }

    private static void assertUnchanged(Map<String, byte[]> before, Path dir) throws Exception {
        Map<String, byte[]> after = contents(dir);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
    }

    @Test
    void statsOnADamagedDatabaseReportItOnceAndChangeNothing() throws Exception {
        Path dir = historyWith300Samples();
        try (RandomAccessFile f =
                new RandomAccessFile(dir.resolve(HistoryStore.FILE_NAME).toFile(), "rw")) {
            f.write("this is not an SQLite database ".repeat(4).getBytes(StandardCharsets.US_ASCII));
        }
        Map<String, byte[]> before = contents(dir);
        for (String[] command :
                List.of(new String[] {"db", "stats"}, new String[] {"query", POWER.metric()}, new String[] {
                    "db", "backup", tmp.resolve("copy.db").toString()
                })) {
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(List.of("--data-dir", dir.toString()));
            CliTest.Result r = CliTest.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(String.join(" ", command)).isEqualTo(ExitCodes.IO);
            assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
            assertThat(r.err())
                    .startsWith("gridscope: the history database")
                    .contains("is damaged")
                    .contains("left as it is")
                    .doesNotContain("moved");
            assertThat(r.out()).isEmpty();
            assertUnchanged(before, dir);
        }
        assertThat(tmp.resolve("copy.db")).doesNotExist();
    }

    @Test
    void readCommandsReadOnlyAndDeleteNothingOlderThanAnyRetention() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("old"));
        long yearsAgo = System.currentTimeMillis() - 3 * 365 * 86_400_000L;
        try (HistoryStore store =
                HistoryStore.open(dir, HistoryOptions.defaults().withMaintenanceInterval(Duration.ZERO))) {
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                samples.add(new Sample(POWER, yearsAgo + 1000L * i, 100 + i % 4));
            }
            store.append(Snapshot.of("test", yearsAgo, samples));
            store.flush().get();
        }
        Map<String, byte[]> before = contents(dir);
        CliTest.Result query = CliTest.run("query", POWER.metric(), "--since", "1200d", "--data-dir", dir.toString());
        assertThat(query.exitCode()).as(query.err()).isZero();
        assertThat(query.out().lines().skip(1)).hasSize(300);
        CliTest.Result stats = CliTest.run("db", "stats", "--data-dir", dir.toString());
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("raw samples       300 ");
        assertUnchanged(before, dir);
        assertThat(Thread.getAllStackTraces().keySet().stream()
                        .filter(Thread::isAlive)
                        .map(Thread::getName))
                .noneMatch(n -> n.startsWith("gridscope-history"));
    }

    @Test
    void queryReadsAHistoryThatSqliteCanOnlyOpenImmutable() throws Exception {
        Path dir = historyWith300Samples();
        // SQLite cannot open a write-ahead log here, as in a directory the user cannot write
        Files.deleteIfExists(dir.resolve(HistoryStore.FILE_NAME + "-shm"));
        Files.deleteIfExists(dir.resolve(HistoryStore.FILE_NAME + "-wal"));
        Files.createDirectory(dir.resolve(HistoryStore.FILE_NAME + "-wal"));
        Map<String, byte[]> before = contents(dir);
        CliTest.Result query = CliTest.run("query", POWER.metric(), "--since", "1h", "--data-dir", dir.toString());
        assertThat(query.exitCode()).as(query.err()).isZero();
        assertThat(query.out().lines().skip(1)).hasSize(300);
        assertUnchanged(before, dir);
    }

    @Test
    void missingDatabaseAndBareDbCommandExplainThemselves() {
        CliTest.Result missing =
                CliTest.run("db", "stats", "--data-dir", tmp.resolve("none").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(missing.err()).startsWith("gridscope: no history database in");
        CliTest.Result bare = CliTest.run("db");
        assertThat(bare.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bare.err()).contains("backup").contains("stats");
    }
}
