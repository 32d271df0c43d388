package io.gridscope.history;

import io.gridscope.history.records.EventRecords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Retention of every tier and of the events, and the size cap, on a connection of their own (see {@link
 * HistoryMaintenance}). Every delete is a short transaction (one series and
 * tier, or one slice of the oldest chunks), so the writer waits milliseconds at most for the write lock.
 */
final class Retention {
    /** Most rows one size-cap transaction deletes. */
    private static final int MAX_SLICE = 5_000;

    private Retention() {}

    static RetentionRun run(Connection c, HistoryOptions o, long nowMillis) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id FROM series")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        long[] expired = deleteExpired(c, o, nowMillis, ids);
        long raw = expired[0];
        long minute = expired[1];
        long hour = expired[2];
        long capped = 0;
        if (o.maxBytes() > 0) {
            for (Tier t : Tier.values()) {
                long used;
                while ((used = usedBytes(c)) > o.maxBytes()) {
                    int n = deleteOldest(c, t, rowsFor(c, t, used - o.maxBytes()));
                    if (n == 0) {
                        break;
                    }
                    capped += n;
                    switch (t) {
                        case RAW -> raw += n;
                        case MINUTE -> minute += n;
                        case HOUR -> hour += n;
                    }
                }
            }
        }
        long events =
                EventRecords.deleteOlderThan(c, nowMillis - o.eventRetention().toMillis());
        // resolved alerts (and ended silences) are kept as long as events; open alerts always stay
        long alerts = io.gridscope.history.records.AlertRecords.deleteResolvedBefore(
                c, nowMillis - o.eventRetention().toMillis());
        if (raw + minute + hour + events + alerts > 0) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA incremental_vacuum");
            }
        }
        return new RetentionRun(raw, minute, hour, capped, events);
    }

    /**
     * Deletes what of the given series is older than each tier's retention (whole chunks and rollup windows, as
     * every retention pass does); returns the rows deleted per tier: raw, 1-minute, 1-hour. Runs in the caller's
     * transaction, if any.
     */
    static long[] deleteExpired(Connection c, HistoryOptions o, long nowMillis, Iterable<Long> seriesIds)
            throws SQLException {
        long rawCutoff = nowMillis - o.rawRetention().toMillis();
        long raw = 0;
        long minute = 0;
        long hour = 0;
        try (PreparedStatement chunks =
                        c.prepareStatement("DELETE FROM chunks WHERE series_id=? AND start_ms<? AND end_ms<?");
                PreparedStatement m = c.prepareStatement(deleteRollup(Tier.MINUTE));
                PreparedStatement h = c.prepareStatement(deleteRollup(Tier.HOUR))) {
            for (long id : seriesIds) {
                chunks.setLong(1, id);
                chunks.setLong(2, rawCutoff);
                chunks.setLong(3, rawCutoff);
                raw += chunks.executeUpdate();
                minute += deleteBuckets(m, id, nowMillis - o.minuteRetention().toMillis(), Tier.MINUTE);
                hour += deleteBuckets(h, id, nowMillis - o.hourRetention().toMillis(), Tier.HOUR);
            }
        }
        return new long[] {raw, minute, hour};
    }

    private static String deleteRollup(Tier t) {
        return "DELETE FROM " + t.table() + " WHERE series_id=? AND start_ms<=? AND end_ms<=?";
    }

    /** Deletes rollup windows whose last bucket ends at or before the cutoff. */
    private static int deleteBuckets(PreparedStatement ps, long id, long cutoff, Tier t) throws SQLException {
        ps.setLong(1, id);
        ps.setLong(2, cutoff - t.widthMillis());
        ps.setLong(3, cutoff - t.widthMillis());
        return ps.executeUpdate();
    }

    /** About how many of the oldest rows of the tier free {@code excessBytes}; at least one. */
    private static int rowsFor(Connection c, Tier t, long excessBytes) throws SQLException {
        String avg = "SELECT avg(length(data)) + 40 FROM " + t.table();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(avg)) {
            double rowBytes = rs.next() ? Math.max(1, rs.getDouble(1)) : 60;
            return (int) Math.clamp((long) Math.ceil(excessBytes / rowBytes), 1, MAX_SLICE);
        }
    }

    private static int deleteOldest(Connection c, Tier t, int rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t.table() + " WHERE id IN (SELECT id FROM "
                + t.table() + " ORDER BY end_ms LIMIT " + rows + ")")) {
            return ps.executeUpdate();
        }
    }

    static long usedBytes(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            long pages = pragma(st, "page_count");
            long free = pragma(st, "freelist_count");
            return (pages - free) * pragma(st, "page_size");
        }
    }

    private static long pragma(Statement st, String name) throws SQLException {
        try (ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
