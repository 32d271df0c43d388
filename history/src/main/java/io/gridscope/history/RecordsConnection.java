package io.gridscope.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/**
 * A short-lived write connection to a data directory's history, for durable records written beside whatever
 * process collects: alert states, acknowledgements, silences, audit entries (from the console, the {@code alerts}
 * commands, or the evaluating process). SQLite serialises it with the history writer (WAL, busy timeout
 * {@value #BUSY_TIMEOUT_MILLIS} ms); every transaction on it begins {@code IMMEDIATE} (holding the write lock), so
 * keep them short. Every commit on it is synced to the disk before it returns ({@code synchronous=FULL}, see {@link
 * Durability}): a committed record survives a power cut. Brings an older schema forward as the history
 * writer would; never creates a database.
 */
public final class RecordsConnection {
    public static final int BUSY_TIMEOUT_MILLIS = 5_000;

    private RecordsConnection() {}

    /** Work on a connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction on {@code c}: committed when it returns, rolled back when it throws;
     * the connection's auto-commit mode is restored either way.
     */
    public static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            T result = work.apply(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** @throws HistoryException when there is no history in {@code dataDir} or it cannot be opened */
    public static Connection open(Path dataDir) {
        Path file = dataDir.resolve(HistoryStore.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new HistoryException("no history in " + dataDir + " (" + file.getFileName()
                    + " is missing): start Gridscope or ./gridscope collect with this --data-dir first");
        }
        Connection c = null;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(Durability.RECORDS);
            config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
            // every transaction takes the write lock first: reads in it (the newest audit row) cannot go stale
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
            Schema.migrate(c, file);
            return c;
        } catch (SQLException e) {
            HistoryWriter.closeQuietly(c);
            if (HistoryReader.isLocked(e)) {
                throw new HistoryException(
                        "cannot open " + file + ": it is locked by another process (an import holds"
                                + " it alone until it ends): " + e.getMessage(),
                        e);
            }
            throw new HistoryException("cannot open " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            HistoryWriter.closeQuietly(c);
            throw e;
        }
    }
}
