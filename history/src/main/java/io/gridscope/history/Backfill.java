package io.gridscope.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * What {@link HistoryImport} needs to place older samples among a series' stored ones: where the stored data of a
 * series begins and ends in each tier, where it is kept only as rollups, its raw samples from a time on, and the
 * cut that removes everything of the series from a time on (raw samples, 1-minute and 1-hour buckets) so that
 * {@link TierWriter} can write that part again, merged with the imported samples, exactly as live collection
 * would have written it.
 *
 * <p>A cut happens at the start of an hour, which is also the start of a minute bucket: the chunk that spans the
 * cut keeps its samples before it (its start stays, so the tier writer continues it as live collection would
 * have), a rollup window that spans the cut keeps its buckets before it, and later chunks and windows are
 * deleted. Runs in the caller's transaction. Not thread-safe; one per import.
 */
final class Backfill implements AutoCloseable {
    static final long HOUR = Tier.HOUR.widthMillis();
    static final long MINUTE = Tier.MINUTE.widthMillis();

    /**
     * The stored extent of one series: its oldest and newest raw sample times, and the start of its newest 1-minute
     * and 1-hour bucket. Raw samples are always a suffix of the series' history (retention and the size cap delete
     * the oldest chunks first), so rollups that start before {@link #rawFirst} may hold data that is no longer raw.
     */
    record Span(
            boolean hasRaw,
            long rawFirst,
            long rawLast,
            boolean hasMinute,
            long lastMinuteBucket,
            boolean hasHour,
            long lastHourBucket) {
        boolean isEmpty() {
            return !hasRaw && !hasMinute && !hasHour;
        }

        /** The latest time the newest stored sample can have. */
        long newestUpperBound() {
            if (hasRaw) {
                return rawLast;
            }
            if (hasMinute) {
                return lastMinuteBucket + MINUTE - 1;
            }
            return hasHour ? lastHourBucket + HOUR - 1 : Long.MIN_VALUE;
        }
    }

    private final Connection c;
    private final PreparedStatement firstChunk;
    private final PreparedStatement lastChunk;
    private final PreparedStatement lastMinute;
    private final PreparedStatement lastHour;
    private final PreparedStatement chunksFrom;

    Backfill(Connection c) throws SQLException {
        this.c = c;
        firstChunk = c.prepareStatement("SELECT start_ms FROM chunks WHERE series_id=? ORDER BY start_ms LIMIT 1");
        lastChunk =
                c.prepareStatement("SELECT end_ms, data FROM chunks WHERE series_id=? ORDER BY start_ms DESC LIMIT 1");
        lastMinute = c.prepareStatement(lastBucket(Tier.MINUTE));
        lastHour = c.prepareStatement(lastBucket(Tier.HOUR));
        chunksFrom = c.prepareStatement(
                "SELECT start_ms, data FROM chunks WHERE series_id=? AND end_ms>=? ORDER BY start_ms");
    }

    private static String lastBucket(Tier t) {
        return "SELECT end_ms FROM " + t.table() + " WHERE series_id=? ORDER BY start_ms DESC LIMIT 1";
    }

    Span span(long seriesId) throws SQLException {
        long rawFirst = 0;
        long rawLast = 0;
        boolean hasRaw = false;
        firstChunk.setLong(1, seriesId);
        try (ResultSet rs = firstChunk.executeQuery()) {
            if (rs.next()) {
                hasRaw = true;
                rawFirst = rs.getLong(1);
            }
        }
        if (hasRaw) {
            lastChunk.setLong(1, seriesId);
            try (ResultSet rs = lastChunk.executeQuery()) {
                rs.next();
                rawLast = rs.getLong(1);
            }
        }
        long[] minute = newest(lastMinute, seriesId);
        long[] hour = newest(lastHour, seriesId);
        return new Span(
                hasRaw,
                rawFirst,
                rawLast,
                minute != null,
                minute == null ? 0 : minute[0],
                hour != null,
                hour == null ? 0 : hour[0]);
    }

    private static long[] newest(PreparedStatement ps, long seriesId) throws SQLException {
        ps.setLong(1, seriesId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new long[] {rs.getLong(1)} : null;
        }
    }

    /** The values of the series' newest chunk stored at exactly {@code epochMillis} (several when equal times). */
    double[] newestValuesAt(long seriesId, long epochMillis) throws SQLException {
        lastChunk.setLong(1, seriesId);
        try (ResultSet rs = lastChunk.executeQuery()) {
            if (!rs.next()) {
                return new double[0];
            }
            ChunkCodec.Samples s = ChunkCodec.decode(rs.getBytes(2));
            return valuesAt(s.epochMillis(), s.values(), s.size(), epochMillis);
        }
    }

    private static double[] valuesAt(long[] ts, double[] vs, int n, long epochMillis) {
        double[] out = new double[0];
        for (int i = 0; i < n; i++) {
            if (ts[i] == epochMillis) {
                out = Arrays.copyOf(out, out.length + 1);
                out[out.length - 1] = vs[i];
            }
        }
        return out;
    }

    /**
     * The hour from which on every stored sample of the series is also a raw sample; {@link Long#MIN_VALUE} when
     * that holds for all of it. Before that time the store keeps only rollups of some of the series' data
     * (retention or the size cap deleted their raw chunks), which cannot be merged with other samples.
     */
    long rollupOnlyUntil(long seriesId, Span span) throws SQLException {
        if (!span.hasRaw()) {
            long newest = Long.MIN_VALUE;
            if (span.hasMinute()) {
                newest = Math.max(newest, span.lastMinuteBucket() + MINUTE);
            }
            if (span.hasHour()) {
                newest = Math.max(newest, span.lastHourBucket() + HOUR);
            }
            return newest == Long.MIN_VALUE ? Long.MIN_VALUE : ceilHour(newest);
        }
        long h0 = floorHour(span.rawFirst());
        boolean earlier = rollupRowBefore(Tier.MINUTE, seriesId, h0) || rollupRowBefore(Tier.HOUR, seriesId, h0);
        long raw = rawCountIn(seriesId, h0, h0 + HOUR);
        if (bucketCountIn(Tier.MINUTE, seriesId, h0, h0 + HOUR) > raw
                || bucketCountIn(Tier.HOUR, seriesId, h0, h0 + HOUR) > raw) {
            return h0 + HOUR;
        }
        return earlier ? h0 : Long.MIN_VALUE;
    }

    private boolean rollupRowBefore(Tier t, long seriesId, long before) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM " + t.table() + " WHERE series_id=? AND start_ms<? LIMIT 1")) {
            ps.setLong(1, seriesId);
            ps.setLong(2, before);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Raw samples in {@code [from, to)} that a rollup counts (every one but NaN). */
    private long rawCountIn(long seriesId, long from, long to) throws SQLException {
        long n = 0;
        chunksFrom.setLong(1, seriesId);
        chunksFrom.setLong(2, from);
        try (ResultSet rs = chunksFrom.executeQuery()) {
            while (rs.next() && rs.getLong(1) < to) {
                ChunkCodec.Samples s = ChunkCodec.decode(rs.getBytes(2));
                for (int i = 0; i < s.size(); i++) {
                    long t = s.epochMillis()[i];
                    if (t >= from && t < to && !Double.isNaN(s.values()[i])) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private long bucketCountIn(Tier t, long seriesId, long from, long to) throws SQLException {
        long n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT data FROM " + t.table()
                + " WHERE series_id=? AND start_ms<? AND end_ms>=? ORDER BY start_ms")) {
            ps.setLong(1, seriesId);
            ps.setLong(2, to);
            ps.setLong(3, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RollupCodec.Buckets b = RollupCodec.decode(rs.getBytes(1));
                    for (int i = 0; i < b.size(); i++) {
                        if (b.starts()[i] >= from && b.starts()[i] < to) {
                            n += (long) b.count()[i];
                        }
                    }
                }
            }
        }
        return n;
    }

    /** The stored raw samples of the series at or after {@code from}, in stored order. */
    ChunkCodec.Samples rawFrom(long seriesId, long from) throws SQLException {
        PrimitiveLists.LongList ts = new PrimitiveLists.LongList();
        PrimitiveLists.DoubleList vs = new PrimitiveLists.DoubleList();
        chunksFrom.setLong(1, seriesId);
        chunksFrom.setLong(2, from);
        try (ResultSet rs = chunksFrom.executeQuery()) {
            while (rs.next()) {
                ChunkCodec.Samples s = ChunkCodec.decode(rs.getBytes(2));
                for (int i = 0; i < s.size(); i++) {
                    if (s.epochMillis()[i] >= from) {
                        ts.add(s.epochMillis()[i]);
                        vs.add(s.values()[i]);
                    }
                }
            }
        }
        return new ChunkCodec.Samples(ts.toArray(), vs.toArray());
    }

    /**
     * Removes every stored sample and bucket of the series at or after {@code cut} (the start of an hour): chunks
     * and rollup windows that start at or after it are deleted, the ones that span it keep what lies before it.
     */
    void cutFrom(long seriesId, long cut) throws SQLException {
        if (Math.floorMod(cut, HOUR) != 0) {
            throw new IllegalArgumentException("a cut must be at the start of an hour, got " + cut);
        }
        cutChunks(seriesId, cut);
        cutRollups(Tier.MINUTE, seriesId, cut);
        cutRollups(Tier.HOUR, seriesId, cut);
    }

    private void cutChunks(long seriesId, long cut) throws SQLException {
        try (PreparedStatement spanning = c.prepareStatement(
                        "SELECT start_ms, data FROM chunks WHERE series_id=?" + " AND start_ms<? AND end_ms>=?");
                PreparedStatement update = c.prepareStatement(
                        "UPDATE chunks SET end_ms=?, sample_count=?, last_value=?, data=? WHERE series_id=?"
                                + " AND start_ms=?");
                PreparedStatement delete = c.prepareStatement("DELETE FROM chunks WHERE series_id=? AND start_ms>=?")) {
            spanning.setLong(1, seriesId);
            spanning.setLong(2, cut);
            spanning.setLong(3, cut);
            try (ResultSet rs = spanning.executeQuery()) {
                while (rs.next()) {
                    long start = rs.getLong(1);
                    ChunkCodec.Samples s = ChunkCodec.decode(rs.getBytes(2));
                    int keep = 0;
                    while (keep < s.size() && s.epochMillis()[keep] < cut) {
                        keep++;
                    }
                    update.setLong(1, s.epochMillis()[keep - 1]);
                    update.setInt(2, keep);
                    TierWriter.setDouble(update, 3, s.values()[keep - 1]);
                    update.setBytes(4, ChunkCodec.encode(s.epochMillis(), s.values(), keep));
                    update.setLong(5, seriesId);
                    update.setLong(6, start);
                    update.addBatch();
                }
            }
            update.executeBatch();
            delete.setLong(1, seriesId);
            delete.setLong(2, cut);
            delete.executeUpdate();
        }
    }

    private void cutRollups(Tier t, long seriesId, long cut) throws SQLException {
        try (PreparedStatement spanning = c.prepareStatement(
                        "SELECT start_ms, data FROM " + t.table() + " WHERE series_id=? AND start_ms<? AND end_ms>=?");
                PreparedStatement update = c.prepareStatement("UPDATE " + t.table()
                        + " SET end_ms=?, bucket_count=?, data=? WHERE series_id=? AND start_ms=?");
                PreparedStatement delete =
                        c.prepareStatement("DELETE FROM " + t.table() + " WHERE series_id=? AND start_ms>=?")) {
            spanning.setLong(1, seriesId);
            spanning.setLong(2, cut);
            spanning.setLong(3, cut);
            try (ResultSet rs = spanning.executeQuery()) {
                while (rs.next()) {
                    long start = rs.getLong(1);
                    RollupCodec.Buckets b = RollupCodec.decode(rs.getBytes(2));
                    int keep = 0;
                    while (keep < b.size() && b.starts()[keep] < cut) {
                        keep++;
                    }
                    double[][] columns = {b.count(), b.sum(), b.min(), b.max(), b.last(), b.increase()};
                    update.setLong(1, b.starts()[keep - 1]);
                    update.setInt(2, keep);
                    update.setBytes(3, RollupCodec.encode(b.starts(), columns, keep));
                    update.setLong(4, seriesId);
                    update.setLong(5, start);
                    update.addBatch();
                }
            }
            update.executeBatch();
            delete.setLong(1, seriesId);
            delete.setLong(2, cut);
            delete.executeUpdate();
        }
    }

    static long floorHour(long epochMillis) {
        return Math.floorDiv(epochMillis, HOUR) * HOUR;
    }

    static long ceilHour(long epochMillis) {
        return Math.ceilDiv(epochMillis, HOUR) * HOUR;
    }

    @Override
    public void close() throws SQLException {
        firstChunk.close();
        lastChunk.close();
        lastMinute.close();
        lastHour.close();
        chunksFrom.close();
    }
}
