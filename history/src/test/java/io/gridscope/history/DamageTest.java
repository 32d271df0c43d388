package io.gridscope.history;

import static io.gridscope.history.TestSeries.NOW;
import static io.gridscope.history.TestSeries.POWER;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrupt files, a full disk and a read-only database: reported, nothing crashes, recovery without a restart. */
class DamageTest {
    @TempDir
    Path dir;

    private static List<Sample> manySeries(long t, int series) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < series; i++) {
            SeriesId id = SeriesId.gauge("gpu_power_watts", Unit.WATTS, Labels.of("gpu_uuid", "GPU-" + i));
            out.add(new Sample(id, t, 100 + i));
        }
        return out;
    }

    private void writeSomeHistory() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            for (int s = 0; s < 200; s++) {
                store.append(TestSeries.snapshot(manySeries(NOW - 1_000_000 + s * 1000L, 50)));
            }
            store.flush().get();
        }
    }

    private void overwrite(long offset, int length) throws Exception {
        byte[] junk = new byte[length];
        Arrays.fill(junk, (byte) 0x5A);
        try (RandomAccessFile f =
                new RandomAccessFile(dir.resolve(HistoryStore.FILE_NAME).toFile(), "rw")) {
            f.seek(offset);
            f.write(junk);
        }
    }

    private void assertMovedAsideAndFreshStoreWorks(long damagedSize) throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            assertThat(store.openWarnings()).hasSize(1);
            Path aside = store.movedAsideCorruptFile().orElseThrow();
            assertThat(aside.getFileName().toString()).matches("history\\.db\\.corrupt-\\d{8}T\\d{6}Z");
            assertThat(Files.size(aside)).isEqualTo(damagedSize);
            assertThat(store.openWarnings().getFirst().message())
                    .contains("damaged")
                    .contains(aside.toString());
            assertThat(store.metrics()).isEmpty();
            store.append(TestSeries.snapshot(POWER, NOW, 1));
            store.flush().get();
            assertThat(store.latest(POWER.metric(), Labels.EMPTY)).hasSize(1);
        }
        try (HistoryStore again = HistoryStore.open(dir, TestSeries.options())) {
            assertThat(again.openWarnings()).isEmpty();
        }
    }

    @Test
    void fileThatIsNotADatabaseAnyMoreIsMovedAside() throws Exception {
        writeSomeHistory();
        overwrite(0, 100);
        assertMovedAsideAndFreshStoreWorks(Files.size(dir.resolve(HistoryStore.FILE_NAME)));
    }

    @Test
    void damagedPageIsFoundAtOpenAndMovedAside() throws Exception {
        writeSomeHistory();
        long size = Files.size(dir.resolve(HistoryStore.FILE_NAME));
        assertThat(size).isGreaterThan(5 * 4096);
        overwrite(3 * 4096L, 4096); // page 4: inside the tables, header intact
        assertMovedAsideAndFreshStoreWorks(size);
    }

    @Test
    void fullDiskIsReportedAndWritesResumeWhenSpaceReturns() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            store.append(TestSeries.snapshot(manySeries(NOW - 10_000, 5)));
            store.flush().get();
            // the file system is now "full": the database may not grow by a single page
            store.onWriter(c -> {
                        try (Statement st = c.createStatement()) {
                            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                            long pages;
                            try (ResultSet rs = st.executeQuery("PRAGMA page_count")) {
                                rs.next();
                                pages = rs.getLong(1);
                            }
                            st.execute("PRAGMA max_page_count = " + pages);
                        }
                    })
                    .get();
            for (int s = 0; s < 20; s++) {
                store.append(TestSeries.snapshot(manySeries(NOW - 9_000 + s, 2000)));
            }
            store.flush().get();
            WriterStats full = store.writerStats();
            assertThat(full.healthy()).isFalse();
            assertThat(full.lastError()).contains("disk full");
            assertThat(full.samplesDropped()).isPositive();
            // reads still work and show what was committed before
            assertThat(store.latest(POWER.metric(), Labels.EMPTY)).hasSize(5);

            onWriter(store, "PRAGMA max_page_count = 1073741823");
            store.append(TestSeries.snapshot(manySeries(NOW - 5_000, 3000)));
            store.flush().get();
            WriterStats recovered = store.writerStats();
            assertThat(recovered.lastError()).isEmpty();
            assertThat(recovered.samplesWritten()).isEqualTo(full.samplesWritten() + 3000);
            assertThat(store.findSeries(POWER.metric(), Labels.EMPTY)).hasSize(3000);
        }
        assertIntegrityOk();
    }

    @Test
    void readOnlyDatabaseIsReportedAndWritesResumeWhenWritable() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            store.append(TestSeries.snapshot(POWER, NOW - 3000, 1));
            store.flush().get();
            onWriter(store, "PRAGMA query_only = 1");
            store.append(TestSeries.snapshot(POWER, NOW - 2000, 2));
            store.flush().get();
            assertThat(store.writerStats().lastError()).contains("read-only");
            onWriter(store, "PRAGMA query_only = 0");
            store.append(TestSeries.snapshot(POWER, NOW - 1000, 3));
            store.flush().get();
            assertThat(store.writerStats().healthy()).isTrue();
            assertThat(store.query(new SeriesQuery(POWER.metric(), Labels.EMPTY, 0, NOW))
                            .getFirst()
                            .values())
                    .containsExactly(1, 3);
            assertThat(store.writerStats().samplesDropped()).isEqualTo(1);
        }
        assertIntegrityOk();
    }

    /** Runs one statement on the store's write connection, as a failing disk or a permission change would act. */
    private static void onWriter(HistoryStore store, String sql) throws Exception {
        store.onWriter(c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute(sql);
                    }
                })
                .get();
    }

    private void assertIntegrityOk() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(HistoryStore.FILE_NAME));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("corrupt"));
        }
    }
}
