package io.gridscope.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.history.records.AuditChain;
import io.gridscope.history.records.AuditEntry;
import io.gridscope.history.records.AuditQuery;
import io.gridscope.history.records.AuditRecords;
import io.gridscope.history.records.AuditRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
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

    @Test
    void eachEntryLinksToTheOneBeforeIt() throws Exception {
        List<AuditRow> stored = new ArrayList<>();
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            for (int i = 0; i < 3; i++) {
                store.audit(new AuditEntry(i, "alice", "accounting", "change", "", "v" + i))
                        .get();
            }
            store.reader().auditAll(AuditQuery.all(), stored::add);
        }
        assertThat(stored).extracting(AuditRow::id).containsExactly(1L, 2L, 3L);
        assertThat(stored.get(0).prevHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(stored.get(1).prevHash()).isEqualTo(stored.get(0).hash());
        assertThat(stored.get(2).prevHash()).isEqualTo(stored.get(1).hash());
        assertThat(stored.get(2).hash())
                .isEqualTo(AuditChain.hash(
                        3,
                        new AuditEntry(2, "alice", "accounting", "change", "", "v2"),
                        stored.get(1).hash()));
    }

    @Test
    void theExportReadsInChainOrderWithSubjectAndTimeFilters() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            // times out of order on purpose: the chain's order is the order of writing
            long[] times = {5_000, 1_000, 3_000, 2_000, 4_000};
            for (int i = 0; i < times.length; i++) {
                store.audit(new AuditEntry(times[i], "u", i % 2 == 0 ? "alerts" : "accounting", "a", "", "e" + i))
                        .get();
            }
        }
        try (HistoryReader reader = HistoryReader.open(dir, TestSeries.options())) {
            List<String> all = new ArrayList<>();
            assertThat(reader.auditAll(AuditQuery.all(), r -> all.add(r.after())))
                    .isEqualTo(5);
            assertThat(all).containsExactly("e0", "e1", "e2", "e3", "e4");
            List<String> alerts = new ArrayList<>();
            reader.auditAll(AuditQuery.all().withSubject("alerts"), r -> alerts.add(r.after()));
            assertThat(alerts).containsExactly("e0", "e2", "e4");
            List<String> range = new ArrayList<>();
            reader.auditAll(AuditQuery.all().between(2_000, 5_000), r -> range.add(r.after()));
            assertThat(range).as("[from, to)").containsExactly("e2", "e3", "e4");
            List<String> both = new ArrayList<>();
            reader.auditAll(AuditQuery.all().withSubject("accounting").between(0, 2_500), r -> both.add(r.after()));
            assertThat(both).containsExactly("e1", "e3");
            // a sink that fails ends the read with its own exception, and the reader keeps working
            assertThatThrownBy(() -> reader.auditAll(AuditQuery.all(), r -> {
                        throw new IllegalStateException("pipe closed");
                    }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("pipe closed");
            assertThat(reader.verifyAudit().entriesVerified()).isEqualTo(5);
        }
    }

    @Test
    void textThatUtf8CannotCarryExactlyStillVerifies() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            // a lone surrogate is stored as '?', as its UTF-8 form is: the hash is over what is stored
            store.audit(new AuditEntry(1, "u", "s", "a", "half \uD800 pair", "𝄞 \u0000 nul"))
                    .get();
        }
        try (HistoryReader reader = HistoryReader.open(dir, TestSeries.options())) {
            assertThat(reader.verifyAudit().intact()).isTrue();
        }
    }

    @Test
    void appendingInsideTheCallersTransactionIsRefused() throws Exception {
        HistoryStore.open(dir, TestSeries.options()).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(HistoryStore.FILE_NAME))) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> AuditRecords.append(c, new AuditEntry(1, "u", "s", "a", "", "")))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aCommandAppendsWithoutOpeningTheStoreAndNeverCreatesAHistory() throws Exception {
        HistoryStore.open(dir, TestSeries.options()).close();
        AuditRow first = AuditLog.append(dir, new AuditEntry(1, "carol", "alerts", "acknowledge", "", "gpu hot"));
        AuditRow second = AuditLog.append(dir, new AuditEntry(2, "carol", "alerts", "unacknowledge", "gpu hot", ""));
        assertThat(first.id()).isEqualTo(1);
        assertThat(second.prevHash()).isEqualTo(first.hash());
        try (HistoryReader reader = HistoryReader.open(dir, TestSeries.options())) {
            assertThat(reader.audit("alerts", 10))
                    .extracting(AuditEntry::action)
                    .containsExactly("unacknowledge", "acknowledge");
            assertThat(reader.verifyAudit().entriesVerified()).isEqualTo(2);
        }

        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> AuditLog.append(empty, new AuditEntry(1, "u", "s", "a", "", "")))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("no history database");
        assertThat(empty).isEmptyDirectory();
        Path foreign = Files.createDirectory(dir.resolve("foreign"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign.resolve(HistoryStore.FILE_NAME));
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE audit(x)");
        }
        assertThatThrownBy(() -> AuditLog.append(foreign, new AuditEntry(1, "u", "s", "a", "", "")))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("did not create");
    }
}
