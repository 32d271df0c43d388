package io.gridscope.history;

import static io.gridscope.history.TestSeries.ENERGY;
import static io.gridscope.history.TestSeries.NOW;
import static io.gridscope.history.TestSeries.POWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
import io.gridscope.testsupport.DirectoryContents;
import io.gridscope.testsupport.ManualClock;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** A reader opened on its own: reads only, changes nothing, refuses what it cannot read, reads unwritable copies. */
class HistoryReaderTest {
    private static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    /** 600 power and energy samples a year before {@link TestSeries#NOW}, then closed cleanly. */
    private void yearOldHistory() throws Exception {
        long start = NOW - 365 * DAY;
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            List<Sample> batch = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                batch.add(new Sample(POWER, start + 1000L * i, 100 + i % 7));
                batch.add(new Sample(ENERGY, start + 1000L * i, 10.0 * i));
            }
            store.append(TestSeries.snapshot(batch));
            store.flush().get();
        }
    }

    private Path file() {
        return dir.resolve(HistoryStore.FILE_NAME);
    }

    private Map<String, byte[]> contents() throws Exception {
        return DirectoryContents.withoutSqliteCompanions(dir);
    }

    private static void assertSameContents(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
    }

    private static List<String> historyThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("gridscope-history"))
                .toList();
    }

    @Test
    void aLongReadDeletesNothingAndStartsNoThread() throws Exception {
        yearOldHistory();
        Map<String, byte[]> before = contents();
        List<String> threadsBefore = historyThreads();
        // far older than every default retention but the hour tier's; maintenance would run every millisecond
        ManualClock clock = new ManualClock(NOW);
        HistoryOptions options = HistoryOptions.defaults()
                .withClock(clock)
                .withMaintenanceInterval(Duration.ofMillis(1))
                .withRetention(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1))
                .withEventRetention(Duration.ofMillis(1));
        try (HistoryReader reader = HistoryReader.open(dir, options)) {
            assertThat(reader.immutable()).isFalse();
            long started = System.nanoTime();
            int reads = 0;
            // read for much longer than the maintenance interval while the clock runs years ahead
            while (System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(300) || reads < 20) {
                clock.advance(Duration.ofMillis(30 * DAY));
                assertThat(reader.query(new SeriesQuery(POWER.metric(), Labels.EMPTY, 0, NOW))
                                .getFirst()
                                .size())
                        .isEqualTo(600);
                assertThat(reader.stats().rawSamples()).isEqualTo(1200);
                assertThat(historyThreads()).isEqualTo(threadsBefore);
                reads++;
            }
        }
        assertSameContents(before, contents());
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            assertThat(store.stats().rawSamples()).isEqualTo(1200);
        }
    }

    @Test
    void aReaderAnswersLikeTheStore() throws Exception {
        yearOldHistory();
        SeriesQuery q = new SeriesQuery(ENERGY.metric(), Labels.EMPTY, NOW - 366 * DAY, NOW);
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options());
                HistoryReader reader = HistoryReader.open(dir, TestSeries.options())) {
            assertThat(reader.file()).isEqualTo(store.file());
            assertThat(reader.metrics()).isEqualTo(store.metrics());
            assertThat(reader.findSeries(POWER.metric(), Labels.EMPTY)).containsExactly(POWER);
            assertThat(reader.query(q).getFirst().values())
                    .isEqualTo(store.query(q).getFirst().values());
            assertThat(reader.latest(ENERGY.metric(), Labels.EMPTY))
                    .isEqualTo(store.latest(ENERGY.metric(), Labels.EMPTY));
            SeriesAggregates range = reader.queryRange(q, DAY).getFirst();
            assertThat(Arrays.stream(range.increase()).sum()).isEqualTo(5990);
            assertThat(reader.stats().rawSamples()).isEqualTo(store.stats().rawSamples());
            Path copy = dir.resolveSibling(dir.getFileName() + "-copy.db");
            assertThat(reader.backup(copy)).isPositive();
            Files.delete(copy);
        }
    }

    @Test
    void aMissingDirectoryOrFileIsRefusedAndNothingIsCreated() throws Exception {
        assertThatThrownBy(() -> HistoryReader.open(dir.resolve("none")))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> HistoryReader.open(dir))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("no history database");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    private void overwrite(long offset, int length) throws Exception {
        byte[] junk = new byte[length];
        Arrays.fill(junk, (byte) 0x5A);
        try (RandomAccessFile f = new RandomAccessFile(file().toFile(), "rw")) {
            f.seek(offset);
            f.write(junk);
        }
    }

    @Test
    void aDamagedFileIsReportedAndLeftAsItIs() throws Exception {
        yearOldHistory();
        overwrite(0, 100);
        Map<String, byte[]> before = contents();
        assertThatThrownBy(() -> HistoryReader.open(dir))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("is damaged")
                .hasMessageContaining("left as it is");
        assertSameContents(before, contents());
    }

    @Test
    void aDamagedPageIsFoundByTheCheckAndNothingIsMoved() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            for (int s = 0; s < 200; s++) {
                List<Sample> batch = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    SeriesId id = SeriesId.gauge("gpu_power_watts", Unit.WATTS, Labels.of("gpu_uuid", "GPU-" + i));
                    batch.add(new Sample(id, NOW - 1_000_000 + s * 1000L, 100 + i));
                }
                store.append(TestSeries.snapshot(batch));
            }
            store.flush().get();
        }
        assertThat(Files.size(file())).isGreaterThan(5 * 4096);
        overwrite(3 * 4096L, 4096);
        Map<String, byte[]> before = contents();
        assertThatThrownBy(() -> HistoryReader.open(dir))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("is damaged");
        assertSameContents(before, contents());
    }

    private void setUserVersion(int version) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = " + version);
        }
    }

    @Test
    void newerAndOlderSchemasAreRefusedAndLeftAsTheyAre() throws Exception {
        yearOldHistory();
        setUserVersion(HistoryStore.SCHEMA_VERSION + 1);
        Map<String, byte[]> newer = contents();
        assertThatThrownBy(() -> HistoryReader.open(dir))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("newer Gridscope");
        assertSameContents(newer, contents());

        setUserVersion(1);
        Map<String, byte[]> older = contents();
        assertThatThrownBy(() -> HistoryReader.open(dir))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("older Gridscope")
                .hasMessageContaining("not changed");
        assertSameContents(older, contents());
    }

    @Test
    void anEmptyFileIsNotAHistory() throws Exception {
        Files.createFile(file());
        assertThatThrownBy(() -> HistoryReader.open(dir))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("not a Gridscope history database");
        assertThat(Files.size(file())).isZero();
    }

    @Test
    void onlyTheMissingSharedMemoryFailuresFallBackToImmutable() {
        assertThat(HistoryReader.needsImmutableOpen(
                        new SQLiteException("x", SQLiteErrorCode.SQLITE_READONLY_DIRECTORY)))
                .isTrue();
        assertThat(HistoryReader.needsImmutableOpen(new SQLiteException("x", SQLiteErrorCode.SQLITE_CANTOPEN)))
                .isTrue();
        assertThat(HistoryReader.needsImmutableOpen(new SQLiteException("x", SQLiteErrorCode.SQLITE_CORRUPT)))
                .isFalse();
        assertThat(HistoryReader.needsImmutableOpen(new SQLiteException("x", SQLiteErrorCode.SQLITE_NOTADB)))
                .isFalse();
        assertThat(HistoryReader.needsImmutableOpen(new SQLException("[SQLITE_READONLY_DIRECTORY]")))
                .isFalse();
    }

    /** Refuses every open that is not immutable, as SQLite does in a directory the user cannot write. */
    private static final HistoryReader.ConnectionOpener UNWRITABLE_DIRECTORY = (url, properties) -> {
        if (!url.contains("immutable=1")) {
            throw new SQLiteException(
                    "[SQLITE_READONLY_DIRECTORY] cannot create the shared-memory file",
                    SQLiteErrorCode.SQLITE_READONLY_DIRECTORY);
        }
        return DriverManager.getConnection(url, properties);
    };

    @Test
    void anUnwritableDirectoryIsReadImmutable() throws Exception {
        yearOldHistory();
        Map<String, byte[]> before = contents();
        try (HistoryReader reader = HistoryReader.open(dir, TestSeries.options(), UNWRITABLE_DIRECTORY)) {
            assertThat(reader.immutable()).isTrue();
            assertThat(reader.query(new SeriesQuery(POWER.metric(), Labels.EMPTY, 0, NOW))
                            .getFirst()
                            .size())
                    .isEqualTo(600);
            assertThat(reader.stats().seriesCount()).isEqualTo(2);
        }
        assertSameContents(before, contents());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(HistoryStore.FILE_NAME);
        }
    }

    @Test
    void anImmutableReadIsRefusedWhileTheLogHoldsData() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            store.append(TestSeries.snapshot(POWER, NOW - 1000, 1));
            store.flush().get();
            // the store is open: its newest data is still in the write-ahead log
            assertThat(Files.size(dir.resolve(HistoryStore.FILE_NAME + "-wal"))).isPositive();
            assertThatThrownBy(() -> HistoryReader.open(dir, TestSeries.options(), UNWRITABLE_DIRECTORY))
                    .isInstanceOf(HistoryException.class)
                    .hasMessageContaining("write-ahead log");
            try (HistoryReader shared = HistoryReader.open(dir, TestSeries.options())) {
                assertThat(shared.latest(POWER.metric(), Labels.EMPTY)).hasSize(1);
            }
        }
    }

    @Test
    void aWriteAheadLogThatSqliteCannotOpenFallsBackToImmutable() throws Exception {
        yearOldHistory();
        // a real refusal even for root: SQLite cannot open the log (here a directory), as in an unwritable directory
        Files.deleteIfExists(dir.resolve(HistoryStore.FILE_NAME + "-shm"));
        Files.createDirectory(dir.resolve(HistoryStore.FILE_NAME + "-wal"));
        byte[] before = Files.readAllBytes(file());
        try (HistoryReader reader = HistoryReader.open(dir, TestSeries.options())) {
            assertThat(reader.immutable()).isTrue();
            assertThat(reader.latest(ENERGY.metric(), Labels.EMPTY).getFirst().value())
                    .isEqualTo(5990);
        }
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
    }

    @Test
    void aDirectoryTheUserCannotWriteIsReadImmutable() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root writes into any directory");
        yearOldHistory();
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            try (HistoryReader reader = HistoryReader.open(dir, TestSeries.options())) {
                assertThat(reader.immutable()).isTrue();
                assertThat(reader.stats().rawSamples()).isEqualTo(1200);
            }
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
