package io.gridscope.history;

import io.gridscope.history.records.AuditEntry;
import io.gridscope.history.records.AuditRecords;
import io.gridscope.history.records.AuditRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Appends to a history's audit log from a process that does not hold the history open: a command that records one
 * action (acknowledging an alert from the command line) while {@code collect} or the console owns the writer
 * thread. Where a {@link HistoryStore} is open in the same process, use {@link HistoryStore#audit(AuditEntry)}
 * instead, which appends on its writer thread.
 *
 * <p>{@link #append} opens a short-lived write connection (busy timeout {@value #BUSY_TIMEOUT_MILLIS} ms), appends
 * the entry in one {@code BEGIN IMMEDIATE} transaction through {@link AuditRecords#append} and closes the
 * connection. The commit is synced to the disk before {@code append} returns ({@code synchronous=FULL}, see {@link
 * Durability}). SQLite serialises it with every other writer of the file, so the entry links to whatever was
 * committed before it, whoever wrote that. It never creates, migrates or repairs a history: a missing file, one
 * from an older or newer Gridscope, one that is not Gridscope's or is damaged is refused with a {@link
 * HistoryException} and left as it is. An import, which holds the file alone, makes it wait, then fail.
 *
 * <p>Stateless; any thread; blocks for the write (at most about the busy timeout when another writer holds the
 * lock).
 */
public final class AuditLog {
    static final int BUSY_TIMEOUT_MILLIS = 5_000;

    private AuditLog() {}

    /**
     * Appends {@code entry} to the audit log of the history in {@code dataDir}; committed when this returns.
     *
     * @return the row as stored (its id and hashes included)
     * @throws HistoryException when there is no usable history there or the entry could not be written; nothing is
     *     written then
     */
    public static AuditRow append(Path dataDir, AuditEntry entry) {
        Path file = dataDir.resolve(HistoryStore.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new HistoryException("no history database " + file);
        }
        try (Connection c = connect(file)) {
            Schema.requireCurrent(c, file);
            return AuditRecords.append(c, entry);
        } catch (SQLException e) {
            if (HistoryReader.isCorruption(e)) {
                throw new HistoryException(
                        "the history database " + file + " is damaged (" + e.getMessage() + "); the audit entry was"
                                + " not written",
                        e);
            }
            if (HistoryReader.isLocked(e)) {
                throw new HistoryException(
                        "cannot write the audit log of " + file + ": the database stayed locked for "
                                + BUSY_TIMEOUT_MILLIS / 1000 + " s (an import holds it alone until it ends): "
                                + e.getMessage(),
                        e);
            }
            throw new HistoryException("cannot write the audit log of " + file + ": " + e.getMessage(), e);
        }
    }

    /** The connection {@link #append} writes on: never creates the file; commits synced ({@code FULL}). */
    static Connection connect(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE); // never create a file: it must be the history
        config.setSynchronous(Durability.RECORDS);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }
}
