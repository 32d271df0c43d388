package io.gridscope.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.history.records.AuditEntry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditRecordsTest {
    @TempDir
    Path dir;

    @Test
    void entriesAreKeptInOrderAcrossReopensAndCannotBeChangedOrDeleted() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir)) {
            store.audit(new AuditEntry(1_000, "alice", "accounting", "change", "", "currency = \"EUR\"\n"))
                    .get();
            store.audit(new AuditEntry(
                            2_000, "bob", "accounting", "change", "currency = \"EUR\"\n", "currency = \"USD\"\n"))
                    .get();
            store.audit(new AuditEntry(3_000, "bob", "alerts", "acknowledge", "", "gpu hot"))
                    .get();
        }
        try (HistoryReader reader = HistoryReader.open(dir)) {
            List<AuditEntry> accounting = reader.audit("accounting", 10);
            assertThat(accounting).extracting(AuditEntry::osUser).containsExactly("bob", "alice");
            assertThat(accounting.get(0).before()).isEqualTo("currency = \"EUR\"\n");
            assertThat(accounting.get(0).after()).isEqualTo("currency = \"USD\"\n");
            assertThat(reader.audit("accounting", 1)).hasSize(1);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(HistoryStore.FILE_NAME));
                Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("UPDATE audit SET os_user='mallory'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.execute("DELETE FROM audit"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    void anEntryIsCommittedWithoutWaitingForTheCommitWindow() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            store.audit(new AuditEntry(0, "alice", "accounting", "change", "", ""))
                    .get();
            long start = System.nanoTime();
            int entries = 10;
            for (int i = 1; i <= entries; i++) {
                store.audit(new AuditEntry(i, "alice", "accounting", "change", "", "v" + i))
                        .get();
            }
            // each waited out the whole window before: 10 × 750 ms
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofMillis(entries * HistoryStore.COMMIT_WINDOW_MILLIS / 2));
        }
    }
}
