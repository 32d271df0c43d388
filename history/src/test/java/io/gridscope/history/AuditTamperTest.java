package io.gridscope.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.history.records.AuditChain;
import io.gridscope.history.records.AuditEntry;
import io.gridscope.history.records.AuditVerification;
import io.gridscope.history.records.AuditVerification.Problem;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Someone with write access to history.db changes the audit log behind Gridscope's back; verify names the row. */
class AuditTamperTest {
    private static final int ENTRIES = 50;

    @TempDir
    Path dir;

    @BeforeEach
    void fiftyEntries() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            for (int i = 1; i <= ENTRIES; i++) {
                store.audit(entry(i)).get();
            }
        }
    }

    private static AuditEntry entry(int i) {
        return new AuditEntry(
                TestSeries.NOW + i * 1000L,
                i % 2 == 0 ? "alice" : "bob",
                i % 3 == 0 ? "alerts" : "accounting",
                "change",
                "rate = " + (i - 1) + "\n",
                "rate = " + i + "\n");
    }

    private Connection raw() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(HistoryStore.FILE_NAME));
    }

    /** What someone who knows SQLite does first. */
    private Connection rawWithoutTriggers() throws SQLException {
        Connection c = raw();
        try (Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER audit_no_update");
            st.execute("DROP TRIGGER audit_no_delete");
            st.execute("DROP TRIGGER audit_chain_link");
        }
        return c;
    }

    private AuditVerification verify() {
        try (HistoryReader reader = HistoryReader.open(dir, TestSeries.options())) {
            return reader.verifyAudit();
        }
    }

    private static String hashOf(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit WHERE id=?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void anUntouchedLogVerifiesEntryByEntry() {
        AuditVerification v = verify();
        assertThat(v.intact()).isTrue();
        assertThat(v.entriesVerified()).isEqualTo(ENTRIES);
    }

    @Test
    void anEmptyLogIsIntact() throws Exception {
        Path empty = dir.resolve("empty");
        java.nio.file.Files.createDirectory(empty);
        HistoryStore.open(empty, TestSeries.options()).close();
        try (HistoryReader reader = HistoryReader.open(empty, TestSeries.options())) {
            assertThat(reader.verifyAudit()).isEqualTo(new AuditVerification(0, java.util.Optional.empty()));
        }
    }

    @Test
    void aChangedFieldIsNamedByItsRow() throws Exception {
        try (Connection c = rawWithoutTriggers();
                Statement st = c.createStatement()) {
            st.execute("UPDATE audit SET before='rate = 0\n' WHERE id=17");
        }
        AuditVerification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.entriesVerified()).isEqualTo(16);
        AuditVerification.Break b = v.firstBreak().orElseThrow();
        assertThat(b.id()).isEqualTo(17);
        assertThat(b.epochMillis()).isEqualTo(TestSeries.NOW + 17_000);
        assertThat(b.problem()).isEqualTo(Problem.HASH_MISMATCH);
        assertThat(b.detail()).contains("changed after it was written");
    }

    @Test
    void everyStoredFieldIsCovered() throws Exception {
        try (Connection c = rawWithoutTriggers();
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE original AS SELECT * FROM audit WHERE id=3");
            for (String change : new String[] {
                "ts_ms=ts_ms+1", "os_user='mallory'", "subject='x'", "action='x'", "after='x'", "hash=NULL"
            }) {
                st.execute("UPDATE audit SET " + change + " WHERE id=3");
                assertThat(verify().firstBreak())
                        .as(change)
                        .hasValueSatisfying(b -> assertThat(b.id()).isEqualTo(3));
                st.execute("DELETE FROM audit WHERE id=3");
                st.execute("INSERT INTO audit SELECT * FROM original");
                assertThat(verify().intact()).as("restored after " + change).isTrue();
            }
        }
    }

    @Test
    void aChangedRowWithItsHashComputedAgainBreaksTheLinkFromTheNextRow() throws Exception {
        try (Connection c = rawWithoutTriggers();
                PreparedStatement ps = c.prepareStatement("UPDATE audit SET after=?, hash=? WHERE id=20")) {
            AuditEntry forged = new AuditEntry(
                    TestSeries.NOW + 20_000, "alice", "accounting", "change", "rate = 19\n", "rate = 1\n");
            ps.setString(1, forged.after());
            ps.setString(2, AuditChain.hash(20, forged, hashOf(c, 19)));
            ps.executeUpdate();
        }
        AuditVerification.Break b = verify().firstBreak().orElseThrow();
        assertThat(b.id()).isEqualTo(21);
        assertThat(b.problem()).isEqualTo(Problem.PREV_HASH_MISMATCH);
        assertThat(b.detail()).contains("entry 20");
    }

    @Test
    void aDeletedRowLeavesAGapThatIsNamed() throws Exception {
        try (Connection c = rawWithoutTriggers();
                Statement st = c.createStatement()) {
            st.execute("DELETE FROM audit WHERE id IN (30, 31)");
        }
        AuditVerification v = verify();
        AuditVerification.Break b = v.firstBreak().orElseThrow();
        assertThat(b.id()).isEqualTo(32);
        assertThat(b.problem()).isEqualTo(Problem.MISSING_ENTRIES);
        assertThat(b.detail()).isEqualTo("entries 30 to 31 before it are missing: deleted");
        assertThat(v.entriesVerified()).isEqualTo(29);
    }

    @Test
    void deletingTheFirstRowIsAGapToo() throws Exception {
        try (Connection c = rawWithoutTriggers();
                Statement st = c.createStatement()) {
            st.execute("DELETE FROM audit WHERE id=1");
        }
        AuditVerification.Break b = verify().firstBreak().orElseThrow();
        assertThat(b.id()).isEqualTo(2);
        assertThat(b.problem()).isEqualTo(Problem.MISSING_ENTRIES);
        assertThat(b.detail()).isEqualTo("entry 1 before it is missing: deleted");
    }

    @Test
    void aForgedRowThatDoesNotLinkIsRefusedAndWithTheTriggersGoneIsFound() throws Exception {
        String insert = "INSERT INTO audit(id, ts_ms, os_user, subject, action, before, after, prev_hash, hash)"
                + " VALUES (?,?,?,?,?,?,?,?,?)";
        AuditEntry forged = new AuditEntry(TestSeries.NOW + 99_000, "alice", "alerts", "acknowledge", "", "all good");
        String wrongPrev = "f".repeat(64);
        try (Connection c = raw();
                PreparedStatement ps = c.prepareStatement(insert)) {
            bind(ps, ENTRIES + 1, forged, wrongPrev);
            assertThatThrownBy(ps::executeUpdate)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("link to the newest entry");
            // nor can a row take an id of its choosing, even with the right link
            bind(ps, ENTRIES + 5, forged, hashOf(c, ENTRIES));
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class);
        }
        assertThat(verify().intact()).isTrue();

        try (Connection c = rawWithoutTriggers();
                PreparedStatement ps = c.prepareStatement(insert)) {
            bind(ps, ENTRIES + 1, forged, wrongPrev);
            ps.executeUpdate();
        }
        AuditVerification v = verify();
        AuditVerification.Break b = v.firstBreak().orElseThrow();
        assertThat(b.id()).isEqualTo(ENTRIES + 1);
        assertThat(b.problem()).isEqualTo(Problem.PREV_HASH_MISMATCH);
        assertThat(v.entriesVerified()).isEqualTo(ENTRIES);
    }

    @Test
    void aRowBeforeTheFirstIsForged() throws Exception {
        AuditEntry forged = new AuditEntry(TestSeries.NOW, "alice", "alerts", "acknowledge", "", "");
        try (Connection c = rawWithoutTriggers();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO audit(id, ts_ms, os_user, subject, action, before, after, prev_hash, hash)"
                                + " VALUES (?,?,?,?,?,?,?,?,?)")) {
            bind(ps, 0, forged, AuditChain.GENESIS);
            ps.executeUpdate();
        }
        AuditVerification.Break b = verify().firstBreak().orElseThrow();
        assertThat(b.id()).isZero();
        assertThat(b.problem()).isEqualTo(Problem.UNEXPECTED_ID);
    }

    private static void bind(PreparedStatement ps, long id, AuditEntry e, String prev) throws SQLException {
        ps.setLong(1, id);
        ps.setLong(2, e.epochMillis());
        ps.setString(3, e.osUser());
        ps.setString(4, e.subject());
        ps.setString(5, e.action());
        ps.setString(6, e.before());
        ps.setString(7, e.after());
        ps.setString(8, prev);
        ps.setString(9, AuditChain.hash(id, e, prev));
    }

    @Test
    void theTriggersStillRefuseUpdatesAndDeletes() throws Exception {
        try (Connection c = raw();
                Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("UPDATE audit SET prev_hash=NULL"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.execute("DELETE FROM audit WHERE id=" + ENTRIES))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(
                            () -> st.execute(
                                    "INSERT INTO audit(ts_ms, os_user, subject, action, before, after) VALUES (1,'u','s','a','','')"))
                    .hasMessageContaining("link to the newest entry");
        }
    }
}
