package io.gridscope.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.history.records.AuditChain;
import io.gridscope.history.records.AuditEntry;
import io.gridscope.history.records.AuditQuery;
import io.gridscope.history.records.AuditRow;
import io.gridscope.history.records.AuditVerification;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A history whose audit log was written before the chain existed (schema 3) gets its chain on the next open. */
class AuditMigrationTest {
    private static final int OLD_ENTRIES = 200;

    @TempDir
    Path dir;

    private Connection raw() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(HistoryStore.FILE_NAME));
    }

    /** A version-3 file with rows inserted as version 3 inserted them (no id given, no hash). */
    private void versionThreeWithEntries() throws Exception {
        try (Connection c = raw()) {
            Schema.migrateTo(c, dir.resolve(HistoryStore.FILE_NAME), 3);
            assertThat(Schema.pragmaInt(c, "user_version")).isEqualTo(3);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO audit(ts_ms, os_user, subject, action, before, after) VALUES (?,?,?,?,?,?)")) {
                for (int i = 0; i < OLD_ENTRIES; i++) {
                    ps.setLong(1, TestSeries.NOW + i);
                    ps.setString(2, "user" + i % 3);
                    ps.setString(3, "accounting");
                    ps.setString(4, "change");
                    ps.setString(5, i == 0 ? "" : "v = " + (i - 1) + "\n");
                    ps.setString(6, "v = " + i + " ✓\n");
                    ps.executeUpdate();
                }
            }
        }
    }

    @Test
    void rowsOfVersionThreeAreChainedInIdOrderAndNewEntriesContinueTheChain() throws Exception {
        versionThreeWithEntries();
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            store.audit(new AuditEntry(TestSeries.NOW + 10_000, "alice", "alerts", "acknowledge", "", "gpu hot"))
                    .get();
        }
        try (Connection c = raw()) {
            assertThat(Schema.pragmaInt(c, "user_version")).isEqualTo(Schema.CURRENT_VERSION);
        }
        try (HistoryReader reader = HistoryReader.open(dir, TestSeries.options())) {
            AuditVerification v = reader.verifyAudit();
            assertThat(v.intact()).as("%s", v).isTrue();
            assertThat(v.entriesVerified()).isEqualTo(OLD_ENTRIES + 1);
            List<AuditRow> rows = new ArrayList<>();
            reader.auditAll(AuditQuery.all(), rows::add);
            assertThat(rows).hasSize(OLD_ENTRIES + 1);
            assertThat(rows.getFirst().prevHash()).isEqualTo(AuditChain.GENESIS);
            assertThat(rows.getFirst().id()).isEqualTo(1);
            assertThat(rows.get(OLD_ENTRIES - 1).after()).isEqualTo("v = 199 ✓\n");
            assertThat(rows.getLast().subject()).isEqualTo("alerts");
            assertThat(rows.getLast().prevHash())
                    .isEqualTo(rows.get(OLD_ENTRIES - 1).hash());
        }
    }

    @Test
    void theMigratedTableKeepsRefusingUpdatesAndDeletes() throws Exception {
        versionThreeWithEntries();
        HistoryStore.open(dir, TestSeries.options()).close();
        try (Connection c = raw();
                Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("UPDATE audit SET hash=NULL WHERE id=1"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.execute("DELETE FROM audit WHERE id=1")).hasMessageContaining("append-only");
        }
    }

    @Test
    void anEmptyVersionThreeLogMigratesToAnEmptyChain() throws Exception {
        try (Connection c = raw()) {
            Schema.migrateTo(c, dir.resolve(HistoryStore.FILE_NAME), 3);
        }
        HistoryStore.open(dir, TestSeries.options()).close();
        try (HistoryReader reader = HistoryReader.open(dir, TestSeries.options())) {
            assertThat(reader.verifyAudit().intact()).isTrue();
            assertThat(reader.verifyAudit().entriesVerified()).isZero();
        }
    }

    @Test
    void aReaderRefusesAVersionThreeFileAndLeavesItUnmigrated() throws Exception {
        versionThreeWithEntries();
        assertThatThrownBy(() -> HistoryReader.open(dir, TestSeries.options()))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("older Gridscope (schema version 3");
        assertThatThrownBy(() -> AuditLog.append(dir, new AuditEntry(1, "u", "s", "a", "", "")))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("older Gridscope (schema version 3");
        try (Connection c = raw()) {
            assertThat(Schema.pragmaInt(c, "user_version")).isEqualTo(3);
        }
    }
}
