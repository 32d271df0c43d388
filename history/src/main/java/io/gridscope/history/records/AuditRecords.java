package io.gridscope.history.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The {@code audit} table: an append-only, hash-chained log (see {@link AuditChain}). Triggers refuse every update
 * and delete, and every insert that does not take the next id and link to the newest row; retention never touches
 * the table. Stateless; every method works on the caller's connection.
 *
 * <p><b>Appending.</b> {@link #append} is the only way rows are written. It reads the newest row and inserts the
 * next one in a single {@code BEGIN IMMEDIATE} transaction: SQLite gives that transaction the database's write lock
 * before it reads, so appends from several connections or processes (the history's writer thread in {@code
 * collect} or the console, {@link io.gridscope.history.AuditLog} from a command) are serialised and each links to
 * the row committed before it. Two callers never compute the same successor.
 *
 * <p><b>Reading.</b> {@link #read} (newest entries about a subject), {@link #forEach} (every row in chain order,
 * streamed) and {@link #verify} (walk the chain) only read.
 */
public final class AuditRecords {
    private static final String COLUMNS = "id, ts_ms, os_user, subject, action, before, after, prev_hash, hash";

    private AuditRecords() {}

    /**
     * Appends {@code e} as the next row of the chain, in its own {@code BEGIN IMMEDIATE} transaction, committed
     * when this returns. Waits for the write lock as long as the connection's busy timeout allows.
     *
     * @param c a write connection in auto-commit mode (the transaction is this method's own)
     * @return the row as stored
     * @throws IllegalStateException when {@code c} is inside a transaction
     * @throws SQLException when the write lock is not granted in time or the write fails; nothing is stored then
     */
    public static AuditRow append(Connection c, AuditEntry e) throws SQLException {
        Objects.requireNonNull(e, "entry");
        if (!c.getAutoCommit()) {
            throw new IllegalStateException(
                    "an audit entry is appended in its own transaction; this connection is" + " inside one");
        }
        try (Statement st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                AuditRow row = appendInTransaction(c, e);
                st.execute("COMMIT");
                committed = true;
                return row;
            } finally {
                if (!committed) {
                    rollback(st);
                }
            }
        }
    }

    /**
     * Appends {@code e} as the next row of the chain inside the caller's transaction, which must already hold the
     * write lock (begun with {@code BEGIN IMMEDIATE}, as {@code RecordsConnection} begins every transaction), so no
     * other writer can append between the read of the newest row and this insert. For an action and its audit entry
     * committed together.
     */
    public static AuditRow appendInTransaction(Connection c, AuditEntry e) throws SQLException {
        Objects.requireNonNull(e, "entry");
        long lastId = 0;
        String prevHash = AuditChain.GENESIS;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1")) {
            if (rs.next()) {
                lastId = rs.getLong(1);
                prevHash = rs.getString(2);
            }
        }
        long id = lastId + 1;
        String hash = AuditChain.hash(id, e, prevHash);
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO audit(" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, id);
            ps.setLong(2, e.epochMillis());
            ps.setString(3, e.osUser());
            ps.setString(4, e.subject());
            ps.setString(5, e.action());
            ps.setString(6, e.before());
            ps.setString(7, e.after());
            ps.setString(8, prevHash);
            ps.setString(9, hash);
            ps.executeUpdate();
        }
        return new AuditRow(
                id, e.epochMillis(), e.osUser(), e.subject(), e.action(), e.before(), e.after(), prevHash, hash);
    }

    /** Ends a failed append's transaction; SQLite may have rolled it back already (a full disk, an I/O error). */
    private static void rollback(Statement st) {
        try {
            st.execute("ROLLBACK");
        } catch (SQLException alreadyRolledBack) {
            // nothing left to undo
        }
    }

    /**
     * Rewrites {@code prev_hash} and {@code hash} of every row, in id order, from the genesis value on. Only for
     * the schema migration that introduces the chain (inside its transaction, with the update trigger dropped):
     * the rows written before it get the chain they would have had. Reads a few rows at a time.
     */
    public static void chainExistingRows(Connection c) throws SQLException {
        String prevHash = AuditChain.GENESIS;
        long after = Long.MIN_VALUE;
        try (PreparedStatement page =
                        c.prepareStatement("SELECT " + COLUMNS + " FROM audit WHERE id>? ORDER BY id" + " LIMIT 64");
                PreparedStatement update = c.prepareStatement("UPDATE audit SET prev_hash=?, hash=? WHERE id=?")) {
            while (true) {
                page.setLong(1, after);
                List<AuditRow> rows = new ArrayList<>();
                try (ResultSet rs = page.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
                if (rows.isEmpty()) {
                    return;
                }
                for (AuditRow r : rows) {
                    String hash = hash(r, prevHash);
                    update.setString(1, prevHash);
                    update.setString(2, hash);
                    update.setLong(3, r.id());
                    update.executeUpdate();
                    prevHash = hash;
                    after = r.id();
                }
            }
        }
    }

    /** The newest {@code limit} entries about {@code subject}, newest first. */
    public static List<AuditEntry> read(Connection c, String subject, int limit) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT ts_ms, os_user, subject, action, before, after FROM audit"
                        + " WHERE subject=? ORDER BY ts_ms DESC, id DESC LIMIT ?")) {
            ps.setString(1, subject);
            ps.setInt(2, Math.max(0, limit));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEntry(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6)));
                }
            }
        }
        return out;
    }

    /**
     * Hands every row that matches {@code q} to {@code sink}, in chain order (by id), one at a time as SQLite reads
     * it: memory stays bounded however long the log is. Runs in one statement, so the rows come from one
     * consistent state of the file.
     *
     * @return how many rows were handed over
     */
    public static long forEach(Connection c, AuditQuery q, Consumer<? super AuditRow> sink) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM audit WHERE ts_ms>=? AND ts_ms<?"
                + (q.subject().isPresent() ? " AND subject=?" : "") + " ORDER BY id";
        long n = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, q.fromEpochMillis());
            ps.setLong(2, q.toEpochMillis());
            if (q.subject().isPresent()) {
                ps.setString(3, q.subject().get());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(row(rs));
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Walks the chain in id order, one row at a time, and stops at the first row that breaks it. A row breaks the
     * chain when its id is not the one after the previous row's ({@link AuditVerification.Problem#MISSING_ENTRIES},
     * or {@link AuditVerification.Problem#UNEXPECTED_ID} for an id below 1), when its {@code prev_hash} is not the
     * previous row's {@code hash} (or {@link AuditChain#GENESIS} for the first row), or when its fields do not give
     * its {@code hash}. Checked in that order. An empty log is intact. Reads in one statement: one consistent state.
     */
    public static AuditVerification verify(Connection c) throws SQLException {
        long expectedId = 1;
        String expectedPrev = AuditChain.GENESIS;
        long verified = 0;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + COLUMNS + " FROM audit ORDER BY id")) {
            while (rs.next()) {
                AuditRow r = row(rs);
                AuditVerification.Break broken = check(r, expectedId, expectedPrev);
                if (broken != null) {
                    return AuditVerification.broken(verified, broken);
                }
                verified++;
                expectedId = r.id() + 1;
                expectedPrev = r.hash();
            }
        }
        return AuditVerification.intact(verified);
    }

    /** What is wrong with {@code r} as the successor of the row before it; null when nothing is. */
    private static AuditVerification.Break check(AuditRow r, long expectedId, String expectedPrev) {
        if (r.id() < expectedId) {
            return new AuditVerification.Break(
                    r.id(),
                    r.epochMillis(),
                    AuditVerification.Problem.UNEXPECTED_ID,
                    "its id is below 1, where no entry of the log can be: it was inserted by hand");
        }
        if (r.id() > expectedId) {
            long missing = r.id() - expectedId;
            String which = missing == 1
                    ? "entry " + expectedId + " before it is missing"
                    : "entries " + expectedId + " to " + (r.id() - 1) + " before it are missing";
            return new AuditVerification.Break(
                    r.id(), r.epochMillis(), AuditVerification.Problem.MISSING_ENTRIES, which + ": deleted");
        }
        if (!Objects.equals(r.prevHash(), expectedPrev)) {
            String detail = expectedId == 1
                    ? "it is the first entry but does not start the chain (its prev_hash is not the genesis value)"
                    : "its prev_hash is not the hash of entry " + (expectedId - 1) + " before it: that entry was"
                            + " changed and its hash computed again, or this entry was inserted by hand";
            return new AuditVerification.Break(
                    r.id(), r.epochMillis(), AuditVerification.Problem.PREV_HASH_MISMATCH, detail);
        }
        if (r.hash() == null || !r.hash().equals(hash(r, r.prevHash()))) {
            return new AuditVerification.Break(
                    r.id(),
                    r.epochMillis(),
                    AuditVerification.Problem.HASH_MISMATCH,
                    r.hash() == null
                            ? "it has no hash"
                            : "its content does not match its hash: it was changed after it was written");
        }
        return null;
    }

    private static String hash(AuditRow r, String prevHash) {
        return AuditChain.hash(
                r.id(), r.epochMillis(), r.osUser(), r.subject(), r.action(), r.before(), r.after(), prevHash);
    }

    private static AuditRow row(ResultSet rs) throws SQLException {
        return new AuditRow(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9));
    }
}
