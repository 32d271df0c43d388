package io.gridscope.history;

import static io.gridscope.history.TestSeries.ENERGY;
import static io.gridscope.history.TestSeries.NOW;
import static io.gridscope.history.TestSeries.POWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.model.Labels;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationTest {
    @TempDir
    Path dir;

    private Connection raw() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(HistoryStore.FILE_NAME));
    }

    @Test
    void versionOneSamplesBecomeChunksAndRollups() throws Exception {
        long start = NOW - 3_600_000;
        try (Connection c = raw();
                Statement st = c.createStatement()) {
            // a file exactly as the row-per-sample version left it
            for (String sql : Schema.VERSION_1) {
                st.execute(sql);
            }
            st.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
            st.execute("PRAGMA user_version = 1");
            st.execute("INSERT INTO series VALUES (1, 'gpu_power_watts', '{gpu_uuid=\"GPU-1\"}', 'watts', 'gauge', 0)");
            st.execute("INSERT INTO series VALUES (2, 'gpu_energy_joules_total', '{gpu_uuid=\"GPU-1\"}', 'joules',"
                    + " 'counter', 0)");
            st.execute("INSERT INTO events VALUES (1, " + NOW + ", 'gpu_xid', '{}', 'CRITICAL', 'XID 48')");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO samples VALUES (?,?,?)")) {
                for (int i = 0; i < 600; i++) {
                    ps.setLong(1, 1);
                    ps.setLong(2, start + 1000L * i);
                    if (i == 10) {
                        ps.setNull(3, java.sql.Types.REAL); // how version 1 stored NaN
                    } else {
                        ps.setDouble(3, 100 + i % 5);
                    }
                    ps.addBatch();
                    ps.setLong(1, 2);
                    ps.setDouble(3, i < 300 ? 1000 + 10 * i : 10 * (i - 300));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            SeriesData power = store.query(new SeriesQuery(POWER.metric(), Labels.EMPTY, 0, NOW))
                    .getFirst();
            assertThat(power.series()).isEqualTo(POWER);
            assertThat(power.size()).isEqualTo(600);
            assertThat(power.values()[10]).isNaN();
            assertThat(power.values()[11]).isEqualTo(101);
            SeriesAggregates energy = store.queryRange(
                            new SeriesQuery(ENERGY.metric(), Labels.EMPTY, start, NOW), 3_600_000)
                    .getFirst();
            assertThat(energy.tier()).isEqualTo(Tier.HOUR);
            // 299 steps of 10 before the reset, 0 counted at the reset, 299 steps of 10 after it
            assertThat(java.util.Arrays.stream(energy.increase()).sum()).isEqualTo(5980);
            // new samples continue the migrated series
            store.append(TestSeries.snapshot(POWER, NOW - 1000, 7));
            store.flush().get();
            assertThat(store.latest(POWER.metric(), Labels.EMPTY).getFirst().value())
                    .isEqualTo(7);
        }
        try (Connection c = raw();
                Statement st = c.createStatement()) {
            assertThat(Schema.pragmaInt(c, "user_version")).isEqualTo(Schema.CURRENT_VERSION);
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE name='samples'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
            try (ResultSet rs = st.executeQuery("SELECT detail FROM events")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("XID 48");
            }
        }
    }

    @Test
    void newerSchemaIsRefusedAndLeftUntouched() throws Exception {
        try (Connection c = raw();
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE future(x)");
            st.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
            st.execute("PRAGMA user_version = " + (Schema.CURRENT_VERSION + 1));
        }
        assertThatThrownBy(() -> HistoryStore.open(dir, TestSeries.options()))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("newer Gridscope")
                .hasMessageContaining("schema version " + (Schema.CURRENT_VERSION + 1));
        try (Connection c = raw()) {
            assertThat(Schema.pragmaInt(c, "user_version")).isEqualTo(Schema.CURRENT_VERSION + 1);
        }
        assertThat(dir.toFile().list()).noneMatch(n -> n.contains("corrupt"));
    }
}
