package io.gridscope.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.history.records.AuditEntry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Samples are written with synchronous=NORMAL; durable records with synchronous=FULL (see {@link Durability}). */
class DurabilityTest {
    private static final int NORMAL = 1;
    private static final int FULL = 2;

    @TempDir
    Path dir;

    static int synchronous(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA synchronous")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private int onWriter(HistoryStore store) throws Exception {
        AtomicInteger level = new AtomicInteger(-1);
        store.onWriter(c -> level.set(synchronous(c))).get();
        return level.get();
    }

    @Test
    void theSampleWriterCommitsWithNormalAndRecordsConnectionsWithFull() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            assertThat(onWriter(store)).isEqualTo(NORMAL);
            try (Connection records = RecordsConnection.open(dir)) {
                assertThat(synchronous(records)).isEqualTo(FULL);
            }
            try (Connection audit = AuditLog.connect(dir.resolve(HistoryStore.FILE_NAME))) {
                assertThat(synchronous(audit)).isEqualTo(FULL);
            }
        }
    }

    @Test
    void workRunDurablyOnTheWriterSeesFullAndLeavesTheWriterAtNormal() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            AtomicInteger inside = new AtomicInteger(-1);
            store.onWriter(c -> Durability.durably(c, d -> {
                        inside.set(synchronous(d));
                        return null;
                    }))
                    .get();
            assertThat(inside).hasValue(FULL);
            assertThat(onWriter(store)).isEqualTo(NORMAL);

            CompletableFuture<Void> failed = store.onWriter(c -> Durability.durably(c, d -> {
                throw new SQLException("refused");
            }));
            assertThatThrownBy(failed::get).hasRootCauseMessage("refused");
            assertThat(onWriter(store)).as("back to NORMAL after a failure").isEqualTo(NORMAL);
        }
    }

    @Test
    void anAuditEntryOnTheStoreLeavesTheWriterAtNormalForTheSamplesAfterIt() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            store.audit(new AuditEntry(TestSeries.NOW, "alice", "accounting", "change", "a", "b"))
                    .get();
            assertThat(store.audit("accounting", 10)).hasSize(1);
            assertThat(onWriter(store)).isEqualTo(NORMAL);
        }
    }

    @Test
    void durablyRefusesToRunInsideATransaction() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            CompletableFuture<Void> inTx = store.onWriter(c -> {
                c.setAutoCommit(false);
                try {
                    Durability.durably(c, d -> null);
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            });
            assertThatThrownBy(inTx::get).hasMessageContaining("inside a transaction");
            assertThat(onWriter(store)).isEqualTo(NORMAL);
        }
    }
}
