package io.gridscope.history.records;

import io.gridscope.model.Labels;
import io.gridscope.model.TelemetryEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code events} table: one row per {@link TelemetryEvent} (time, type, canonical labels, severity, detail),
 * indexed by time. Stateless; every method works on the caller's connection and transaction.
 *
 * <p>Who calls what: the history's writer thread inserts ({@link #prepareInsert}, {@link #addInsert}) inside its
 * batched transaction; {@link io.gridscope.history.HistoryReader#events} reads ({@link #read}) on a read-only
 * connection; the writable store's maintenance deletes what is older than {@link
 * io.gridscope.history.HistoryOptions#eventRetention()} ({@link #deleteOlderThan}). Nothing else touches the
 * table. Not meant to be called from outside the history.
 */
public final class EventRecords {
    /** Most rows one retention transaction deletes, so the writer never waits long for the write lock. */
    static final int MAX_DELETE_SLICE = 5_000;

    private EventRecords() {}

    /** The insert statement the writer batches events into; close it after the transaction. */
    public static PreparedStatement prepareInsert(Connection c) throws SQLException {
        return c.prepareStatement("INSERT INTO events(ts_ms, type, labels, severity, detail) VALUES (?,?,?,?,?)");
    }

    /** Adds one event to the batch of {@code insert} (from {@link #prepareInsert}). */
    public static void addInsert(PreparedStatement insert, TelemetryEvent e) throws SQLException {
        insert.setLong(1, e.epochMillis());
        insert.setString(2, e.type());
        insert.setString(3, e.labels().canonical());
        insert.setString(4, e.severity().name());
        insert.setString(5, e.detail());
        insert.addBatch();
    }

    /**
     * The stored events that match {@code q}, in its order, at most {@code q.limit()}. Label matching happens
     * while the rows stream by, so the limit counts matching events only.
     *
     * @throws SQLException when the table cannot be read or holds a severity this build does not know
     */
    public static List<TelemetryEvent> read(Connection c, EventQuery q) throws SQLException {
        String direction = q.order() == EventQuery.Order.NEWEST_FIRST ? "DESC" : "ASC";
        boolean filterLabels = !q.matchers().isEmpty();
        String sql = "SELECT ts_ms, type, labels, severity, detail FROM events WHERE ts_ms>=? AND ts_ms<?"
                + (q.type().isPresent() ? " AND type=?" : "")
                + " ORDER BY ts_ms " + direction + ", id " + direction
                + (filterLabels ? "" : " LIMIT " + q.limit());
        List<TelemetryEvent> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, q.fromEpochMillis());
            ps.setLong(2, q.toEpochMillis());
            if (q.type().isPresent()) {
                ps.setString(3, q.type().get());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (out.size() < q.limit() && rs.next()) {
                    Labels labels = Labels.parse(rs.getString(3));
                    if (filterLabels && !labels.containsAll(q.matchers())) {
                        continue;
                    }
                    out.add(new TelemetryEvent(
                            rs.getString(2), labels, rs.getLong(1), severity(rs.getString(4)), rs.getString(5)));
                }
            }
        }
        return out;
    }

    private static TelemetryEvent.Severity severity(String stored) throws SQLException {
        try {
            return TelemetryEvent.Severity.valueOf(stored);
        } catch (IllegalArgumentException e) {
            throw new SQLException("unknown event severity '" + stored + "' in the events table", e);
        }
    }

    /**
     * Deletes the events older than {@code cutoffEpochMillis}, oldest first, in transactions of at most {@value
     * #MAX_DELETE_SLICE} rows (the connection must be in auto-commit mode).
     *
     * @return how many events were deleted
     */
    public static long deleteOlderThan(Connection c, long cutoffEpochMillis) throws SQLException {
        long deleted = 0;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM events WHERE id IN (SELECT id FROM events"
                + " WHERE ts_ms<? ORDER BY ts_ms LIMIT " + MAX_DELETE_SLICE + ")")) {
            ps.setLong(1, cutoffEpochMillis);
            int n;
            do {
                n = ps.executeUpdate();
                deleted += n;
            } while (n == MAX_DELETE_SLICE);
        }
        return deleted;
    }
}
