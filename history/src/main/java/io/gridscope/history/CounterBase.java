package io.gridscope.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The base of a counter's next increase (see {@link io.gridscope.model.Counters}): its last finite stored reading
 * before a time. The writer uses it when it resumes a series after a reopen, the raw tier's range queries for the
 * first increase inside their range, so both count the rise from the same reading and the tiers agree.
 *
 * <p>Looks at the newest chunk that starts before the time (one index seek); only when that chunk holds no finite
 * reading before the time does it step back to older chunks. Stateless; the statement is the caller's.
 */
final class CounterBase {
    /** Prepare this on the connection the lookups run on. */
    static final String NEWEST_CHUNK_BEFORE =
            "SELECT start_ms, data FROM chunks WHERE series_id=? AND start_ms<? ORDER BY start_ms DESC LIMIT 1";

    private CounterBase() {}

    static PreparedStatement prepare(Connection c) throws SQLException {
        return c.prepareStatement(NEWEST_CHUNK_BEFORE);
    }

    /**
     * The value of the newest stored sample of the series with a timestamp before {@code beforeEpochMillis} and a
     * finite value; NaN when there is none.
     *
     * @param newestChunkBefore a statement prepared from {@link #NEWEST_CHUNK_BEFORE}
     */
    static double lastFiniteBefore(PreparedStatement newestChunkBefore, long seriesId, long beforeEpochMillis)
            throws SQLException {
        long chunkStartBefore = beforeEpochMillis;
        while (true) {
            newestChunkBefore.setLong(1, seriesId);
            newestChunkBefore.setLong(2, chunkStartBefore);
            byte[] data;
            try (ResultSet rs = newestChunkBefore.executeQuery()) {
                if (!rs.next()) {
                    return Double.NaN;
                }
                chunkStartBefore = rs.getLong(1);
                data = rs.getBytes(2);
            }
            double v = lastFinite(ChunkCodec.decode(data), beforeEpochMillis);
            if (!Double.isNaN(v)) {
                return v;
            }
        }
    }

    /** The last finite value of {@code s} with a timestamp before {@code beforeEpochMillis}; NaN when none. */
    static double lastFinite(ChunkCodec.Samples s, long beforeEpochMillis) {
        long[] t = s.epochMillis();
        double[] v = s.values();
        for (int i = t.length - 1; i >= 0; i--) {
            if (t[i] < beforeEpochMillis && Double.isFinite(v[i])) {
                return v[i];
            }
        }
        return Double.NaN;
    }
}
