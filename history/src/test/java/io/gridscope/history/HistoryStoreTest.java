package io.gridscope.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.collectors.model.Labels;
import io.gridscope.collectors.model.Sample;
import io.gridscope.collectors.model.SeriesId;
import io.gridscope.collectors.model.Snapshot;
import io.gridscope.collectors.model.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreTest {
    @TempDir
    Path dir;

    private static SeriesId cpu(String core) {
        return SeriesId.gauge("host_cpu_utilization_ratio", Unit.RATIO, Labels.of("host", "h", "cpu", core));
    }

    @Test
    void appendedSamplesAreQueryableByMetricAndLabels() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir)) {
            for (int t = 0; t < 10; t++) {
                store.append(Snapshot.of("host", 1_000L * t, List.of(
                        new Sample(cpu("total"), 1_000L * t, t / 10.0),
                        new Sample(cpu("0"), 1_000L * t, 0.25))));
            }
            store.flush().get(10, TimeUnit.SECONDS);
            List<SeriesData> total = store.query(new SeriesQuery("host_cpu_utilization_ratio",
                    Labels.of("cpu", "total"), 2_000, 5_000));
            assertThat(total).hasSize(1);
            assertThat(total.get(0).series()).isEqualTo(cpu("total"));
            assertThat(total.get(0).epochMillis()).containsExactly(2_000, 3_000, 4_000);
            assertThat(total.get(0).values()).containsExactly(0.2, 0.3, 0.4);
            assertThat(store.findSeries("host_cpu_utilization_ratio", Labels.EMPTY)).containsExactly(cpu("0"), cpu("total"));
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
            SeriesData d = store.query(new SeriesQuery("host_cpu_utilization_ratio", Labels.EMPTY, 0, 10)).get(0);
            assertThat(d.values()).containsExactly(0.5);
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, 1)) {
            for (int i = 0; i < 1_000; i++) {
                store.append(Snapshot.of("host", i, List.of(new Sample(cpu("total"), i, 1), new Sample(cpu("0"), i, 1))));
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
