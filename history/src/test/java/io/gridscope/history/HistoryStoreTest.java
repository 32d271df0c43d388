package io.gridscope.history;

import static io.gridscope.history.TestSeries.ENERGY;
import static io.gridscope.history.TestSeries.NOW;
import static io.gridscope.history.TestSeries.POWER;
import static io.gridscope.history.TestSeries.TEMP;
import static io.gridscope.history.TestSeries.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.TelemetryEvent;
import io.gridscope.model.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreTest {
    @TempDir
    Path dir;

    @Test
    void samplesSpanningManyChunksComeBackExactlyAndSurviveReopen() throws Exception {
        long start = NOW - 3_600_000;
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            for (int i = 0; i < 1000; i++) {
                double v = i == 500 ? Double.NaN : 200 + (i % 17) * 0.125;
                store.append(snapshot(POWER, start + 1000L * i, v));
            }
            store.flush().get();
            assertThat(store.writerStats().samplesWritten()).isEqualTo(1000);
            SeriesData d = store.query(new SeriesQuery(POWER.metric(), Labels.EMPTY, start, NOW))
                    .getFirst();
            assertThat(d.size()).isEqualTo(1000);
            assertThat(d.values()[500]).isNaN();
            assertThat(d.values()[999]).isEqualTo(200 + (999 % 17) * 0.125);
            assertThat(store.stats().rawChunks()).isEqualTo(2); // up to 720 samples per chunk
        }
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            // the reopened writer continues the open chunk instead of starting a new one
            store.append(snapshot(POWER, start + 1_000_000, 1.0));
            store.flush().get();
            assertThat(store.stats().rawChunks()).isEqualTo(2);
            SeriesData d = store.query(new SeriesQuery(POWER.metric(), Labels.EMPTY, start, NOW))
                    .getFirst();
            assertThat(d.size()).isEqualTo(1001);
            assertThat(d.epochMillis()[1000]).isEqualTo(start + 1_000_000);
        }
    }

    @Test
    void outOfOrderSamplesAreRejectedAndCountedWhileEqualTimestampsAreKept() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            store.append(snapshot(TEMP, NOW - 5000, 60));
            store.append(snapshot(TEMP, NOW - 5000, 61));
            store.append(snapshot(TEMP, NOW - 9000, 62));
            store.flush().get();
            assertThat(store.writerStats().samplesRejected()).isEqualTo(1);
            assertThat(store.writerStats().samplesWritten()).isEqualTo(2);
            SeriesData d = store.query(new SeriesQuery(TEMP.metric(), Labels.EMPTY, 0, NOW))
                    .getFirst();
            assertThat(d.values()).containsExactly(60, 61);
        }
    }

    @Test
    void latestValueRegistryAndEvents() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            TelemetryEvent xid = new TelemetryEvent(
                    "gpu_xid", Labels.of("gpu_uuid", "GPU-1"), NOW, TelemetryEvent.Severity.CRITICAL, "XID 79");
            store.append(new Snapshot(
                    "nvml",
                    NOW,
                    List.of(new Sample(POWER, NOW - 2000, 100), new Sample(ENERGY, NOW - 2000, 5)),
                    List.of(xid)));
            store.append(snapshot(POWER, NOW - 1000, 120.5));
            store.flush().get();
            assertThat(store.latest(POWER.metric(), Labels.of("gpu_uuid", "GPU-1")))
                    .containsExactly(new LatestValue(POWER, NOW - 1000, 120.5));
            assertThat(store.latest(POWER.metric(), Labels.of("gpu_uuid", "other")))
                    .isEmpty();
            assertThat(store.metrics()).containsExactly(ENERGY.metric(), POWER.metric());
            assertThat(store.findSeries(ENERGY.metric(), Labels.EMPTY)).containsExactly(ENERGY);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.file());
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT s.source, (SELECT detail FROM events) FROM series s"
                            + " WHERE metric='gpu_power_watts'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("nvml");
                assertThat(rs.getString(2)).isEqualTo("XID 79");
            }
        }
    }

    @Test
    void backupIsAConsistentCopyAndRefusesToOverwrite() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            for (int i = 0; i < 300; i++) {
                store.append(snapshot(TEMP, NOW - 300_000 + 1000L * i, 50 + i % 3));
            }
            store.flush().get();
            Path copy = dir.resolve("copy.db");
            assertThat(store.backup(copy)).isPositive();
            assertThatThrownBy(() -> store.backup(copy))
                    .isInstanceOf(HistoryException.class)
                    .hasMessageContaining("already exists");
            Path other = dir.resolve("other");
            Files.createDirectory(other);
            Files.move(copy, other.resolve(HistoryStore.FILE_NAME));
            try (HistoryStore restored = HistoryStore.open(other, TestSeries.options())) {
                assertThat(restored.query(new SeriesQuery(TEMP.metric(), Labels.EMPTY, 0, NOW))
                                .getFirst()
                                .size())
                        .isEqualTo(300);
                HistoryStats stats = restored.stats();
                assertThat(stats.seriesCount()).isEqualTo(1);
                assertThat(stats.rawSamples()).isEqualTo(300);
                assertThat(stats.minuteBuckets()).isEqualTo(5);
                assertThat(stats.hourBuckets()).isEqualTo(1);
                assertThat(stats.bytesPerSample()).isPositive();
            }
        }
    }

    private static SeriesId cpu(String core) {
        return SeriesId.gauge("host_cpu_utilization_ratio", Unit.RATIO, Labels.of("host", "h", "cpu", core));
    }

    @Test
    void appendedSamplesAreQueryableByMetricAndLabels() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir)) {
            for (int t = 0; t < 10; t++) {
                store.append(Snapshot.of(
                        "host",
                        1_000L * t,
                        List.of(
                                new Sample(cpu("total"), 1_000L * t, t / 10.0),
                                new Sample(cpu("0"), 1_000L * t, 0.25))));
            }
            store.flush().get(10, TimeUnit.SECONDS);
            List<SeriesData> total =
                    store.query(new SeriesQuery("host_cpu_utilization_ratio", Labels.of("cpu", "total"), 2_000, 5_000));
            assertThat(total).hasSize(1);
            assertThat(total.get(0).series()).isEqualTo(cpu("total"));
            assertThat(total.get(0).epochMillis()).containsExactly(2_000, 3_000, 4_000);
            assertThat(total.get(0).values()).containsExactly(0.2, 0.3, 0.4);
            assertThat(store.findSeries("host_cpu_utilization_ratio", Labels.EMPTY))
                    .containsExactly(cpu("0"), cpu("total"));
            assertThat(store.metrics()).containsExactly("host_cpu_utilization_ratio");
            assertThat(store.writerStats().samplesWritten()).isEqualTo(20);
            assertThat(store.writerStats().healthy()).isTrue();
        }
    }

    @Test
    void dataSurvivesReopening() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir)) {
            store.append(Snapshot.of("host", 5, List.of(new Sample(cpu("total"), 5, 0.5))));
        }
        try (HistoryStore store = HistoryStore.open(dir)) {
            SeriesData d = store.query(new SeriesQuery("host_cpu_utilization_ratio", Labels.EMPTY, 0, 10))
                    .get(0);
            assertThat(d.values()).containsExactly(0.5);
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, 1)) {
            for (int i = 0; i < 1_000; i++) {
                store.append(
                        Snapshot.of("host", i, List.of(new Sample(cpu("total"), i, 1), new Sample(cpu("0"), i, 1))));
            }
            store.flush().get(10, TimeUnit.SECONDS);
            WriterStats stats = store.writerStats();
            assertThat(stats.samplesDropped()).isEqualTo(2_000);
            assertThat(stats.samplesWritten()).isZero();
        }
    }

    @Test
    void aDatabaseFromANewerGridscopeIsRefusedWithAClearMessage() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir)) {
            store.flush().get(10, TimeUnit.SECONDS);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(HistoryStore.FILE_NAME));
                Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = 99");
        }
        assertThatThrownBy(() -> HistoryStore.open(dir))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("newer Gridscope")
                .hasMessageContaining("99");
    }

    @Test
    void aForeignSqliteDatabaseIsNotTouched() throws Exception {
        Path file = dir.resolve(HistoryStore.FILE_NAME);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE other(x)");
        }
        long size = Files.size(file);
        assertThatThrownBy(() -> HistoryStore.open(dir)).hasMessageContaining("did not create");
        assertThat(Files.size(file)).isEqualTo(size);
    }
}
