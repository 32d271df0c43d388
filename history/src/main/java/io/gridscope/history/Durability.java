package io.gridscope.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig.SynchronousMode;

/**
 * How hard each kind of write is pushed to the disk (see {@code docs/adr/0005-durability.md} for the measurements).
 * Every connection runs in WAL mode; what differs is SQLite's {@code synchronous} level, which is per connection:
 *
 * <ul>
 *   <li>{@link #SAMPLES} ({@code NORMAL}): the sample writer and an import. A commit does not fsync the WAL; the WAL
 *       is synced before each checkpoint. A process kill loses nothing committed; a power cut may lose the samples
 *       committed since the last sync of the WAL (the last checkpoint or the last durable record, whichever came
 *       later), never the file's integrity.
 *   <li>{@link #RECORDS} ({@code FULL}): alert states, acknowledgements, snoozes, silences, the audit log (so every
 *       configuration change recorded there). Each commit fsyncs the WAL before it returns, so a committed record
 *       survives a power cut. Since the WAL is one file, that sync also makes every sample committed before it
 *       durable.
 * </ul>
 *
 * Retention runs at {@link #SAMPLES} too: a deletion lost to a power cut is simply done again by the next pass.
 */
final class Durability {
    /** {@code PRAGMA synchronous} of the sample writer, imports and retention. */
    static final SynchronousMode SAMPLES = SynchronousMode.NORMAL;
    /** {@code PRAGMA synchronous} of every connection or transaction that writes durable records. */
    static final SynchronousMode RECORDS = SynchronousMode.FULL;

    private Durability() {}

    /**
     * Runs {@code work} on the connection {@code c} (in auto-commit mode, a {@link #SAMPLES} connection such as the
     * history writer's) with {@code synchronous=FULL}, so what it commits is on the disk when it returns; puts the
     * connection back to {@link #SAMPLES} afterwards, whether {@code work} succeeded or not. SQLite refuses to change
     * the level inside a transaction, so {@code work} must begin and commit its own.
     */
    static <T> T durably(Connection c, RecordsConnection.Work<T> work) throws SQLException {
        synchronous(c, RECORDS);
        try {
            return work.apply(c);
        } finally {
            synchronous(c, SAMPLES);
        }
    }

    /** Sets {@code PRAGMA synchronous} on {@code c}, outside any transaction. */
    static void synchronous(Connection c, SynchronousMode mode) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA synchronous=" + mode.getValue());
        }
    }
}
