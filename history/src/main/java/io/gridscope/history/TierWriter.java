package io.gridscope.history;

import io.gridscope.model.Counters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns samples into rows of every tier inside the caller's transaction: the open raw chunk of each series is
 * buffered here and re-encoded into its row by {@link #writeOpen()}, so every commit holds every sample given so far
 * (a process kill loses nothing committed). 1-minute and 1-hour buckets are accumulated the same way.
 *
 * <p>Counters: the increase of each sample is {@link Counters#increase} from the series' last finite reading (also
 * across a reopen, where that reading is read back from the stored chunks by {@link CounterBase}), added to the
 * sample's 1-minute and 1-hour buckets; the first reading of a series adds nothing. The raw tier's range queries
 * apply the same rule, so every tier reports the same increase over bucket-aligned periods.
 *
 * <p>Ordering: per series, a sample older than the newest one already accepted is rejected ({@link #add} returns
 * false); equal timestamps are kept. State is loaded lazily from the database the first time a series is seen, so a
 * reopened store continues its chunks and buckets. After a rolled-back transaction call {@link #forget()}.
 *
 * <p>Not thread-safe: used by the writer thread (or a migration) only.
 */
final class TierWriter implements AutoCloseable {
    private final Connection c;
    private final int chunkMaxSamples;
    private final long chunkMaxSpanMillis;
    private final Map<Long, SeriesState> states = new HashMap<>();
    private final List<SeriesState> dirty = new ArrayList<>();
    private final PreparedStatement upsertChunk;
    private final PreparedStatement upsertMinute;
    private final PreparedStatement upsertHour;
    private final PreparedStatement lastChunk;
    private final PreparedStatement lastMinute;
    private final PreparedStatement lastHour;
    private final PreparedStatement olderChunk;
    /** Every commit re-encodes each touched series' open chunk and windows: with this, only their bytes are new. */
    private final ChunkCodec.Scratch scratch = new ChunkCodec.Scratch();

    TierWriter(Connection c, int chunkMaxSamples, long chunkMaxSpanMillis) throws SQLException {
        this.c = c;
        this.chunkMaxSamples = chunkMaxSamples;
        this.chunkMaxSpanMillis = chunkMaxSpanMillis;
        upsertChunk = c.prepareStatement("INSERT OR REPLACE INTO chunks(series_id, start_ms, end_ms, sample_count,"
                + " last_value, data) VALUES (?,?,?,?,?,?)");
        upsertMinute = c.prepareStatement(upsertRollup(Tier.MINUTE));
        upsertHour = c.prepareStatement(upsertRollup(Tier.HOUR));
        lastChunk = c.prepareStatement("SELECT data FROM chunks WHERE series_id=? ORDER BY start_ms DESC LIMIT 1");
        lastMinute = c.prepareStatement(lastRollup(Tier.MINUTE));
        lastHour = c.prepareStatement(lastRollup(Tier.HOUR));
        olderChunk = CounterBase.prepare(c);
    }

    private static String upsertRollup(Tier t) {
        return "INSERT OR REPLACE INTO " + t.table()
                + "(series_id, start_ms, end_ms, bucket_count, data) VALUES (?,?,?,?,?)";
    }

    private static String lastRollup(Tier t) {
        return "SELECT data FROM " + t.table() + " WHERE series_id=? ORDER BY start_ms DESC LIMIT 1";
    }

    /** Adds one sample; false when it is older than the series' newest sample (rejected, nothing written). */
    boolean add(long seriesId, boolean counter, long epochMillis, double value) throws SQLException {
        SeriesState s = states.get(seriesId);
        if (s == null) {
            s = load(seriesId, counter);
            states.put(seriesId, s);
        }
        if (s.hasTs && epochMillis < s.lastTs) {
            return false;
        }
        if (s.n == chunkMaxSamples || (s.n > 0 && epochMillis - s.ts[0] >= chunkMaxSpanMillis)) {
            if (s.dirty) {
                // only when it has samples not yet written: a committed chunk may since have been deleted by
                // retention, and must not come back
                writeChunk(s);
            }
            s.n = 0;
        }
        s.ts[s.n] = epochMillis;
        s.vs[s.n] = value;
        s.n++;
        s.hasTs = true;
        s.lastTs = epochMillis;
        if (!Double.isNaN(value)) {
            double increase = Double.NaN;
            if (s.counter) {
                // NaN for the first reading of a series and for non-finite or negative ones: no increase
                increase = Counters.increase(s.lastValue, value);
                if (Double.isFinite(value)) {
                    s.lastValue = value;
                }
            }
            s.minute.add(epochMillis, value, increase);
            s.hour.add(epochMillis, value, increase);
        }
        if (!s.dirty) {
            s.dirty = true;
            dirty.add(s);
        }
        return true;
    }

    /** Writes every open chunk and bucket touched since the last call. Call before each commit. */
    void writeOpen() throws SQLException {
        for (SeriesState s : dirty) {
            if (s.n > 0) {
                writeChunk(s);
            }
            s.minute.writeIfDirty();
            s.hour.writeIfDirty();
            s.dirty = false;
        }
        dirty.clear();
        upsertChunk.executeBatch();
        upsertMinute.executeBatch();
        upsertHour.executeBatch();
    }

    /** Drops all buffered state; the next sample of each series reloads it from what was committed. */
    void forget() {
        states.clear();
        dirty.clear();
        try {
            upsertChunk.clearBatch();
            upsertMinute.clearBatch();
            upsertHour.clearBatch();
        } catch (SQLException ignored) {
            // only a closed statement fails here, and the writer reopens nothing from it
        }
    }

    private void writeChunk(SeriesState s) throws SQLException {
        byte[] data = ChunkCodec.encode(s.ts, s.vs, s.n, scratch);
        upsertChunk.setLong(1, s.id);
        upsertChunk.setLong(2, s.ts[0]);
        upsertChunk.setLong(3, s.ts[s.n - 1]);
        upsertChunk.setInt(4, s.n);
        setDouble(upsertChunk, 5, s.vs[s.n - 1]);
        upsertChunk.setBytes(6, data);
        upsertChunk.addBatch();
    }

    static void setDouble(PreparedStatement ps, int i, double v) throws SQLException {
        if (Double.isNaN(v)) {
            ps.setNull(i, Types.REAL);
        } else {
            ps.setDouble(i, v);
        }
    }

    private SeriesState load(long id, boolean counter) throws SQLException {
        SeriesState s = new SeriesState(id, counter, chunkMaxSamples);
        lastChunk.setLong(1, id);
        try (ResultSet rs = lastChunk.executeQuery()) {
            if (rs.next()) {
                ChunkCodec.Samples last = ChunkCodec.decode(rs.getBytes(1));
                int n = last.size();
                s.hasTs = true;
                s.lastTs = last.epochMillis()[n - 1];
                if (counter) {
                    // the base of the next increase: the last finite reading stored, as the raw tier's queries use
                    s.lastValue = CounterBase.lastFinite(last, Long.MAX_VALUE);
                    if (Double.isNaN(s.lastValue)) {
                        s.lastValue = CounterBase.lastFiniteBefore(olderChunk, id, last.epochMillis()[0]);
                    }
                }
                if (n < chunkMaxSamples && s.lastTs - last.epochMillis()[0] < chunkMaxSpanMillis) {
                    System.arraycopy(last.epochMillis(), 0, s.ts, 0, n);
                    System.arraycopy(last.values(), 0, s.vs, 0, n);
                    s.n = n;
                }
            }
        }
        s.minute = loadBucket(lastMinute, upsertMinute, Tier.MINUTE, id, counter, scratch);
        s.hour = loadBucket(lastHour, upsertHour, Tier.HOUR, id, counter, scratch);
        return s;
    }

    private static Bucket loadBucket(
            PreparedStatement q, PreparedStatement upsert, Tier t, long id, boolean counter, ChunkCodec.Scratch scratch)
            throws SQLException {
        Bucket b = new Bucket(upsert, t, id, counter, scratch);
        q.setLong(1, id);
        try (ResultSet rs = q.executeQuery()) {
            if (rs.next()) {
                RollupCodec.Buckets stored = RollupCodec.decode(rs.getBytes(1));
                int n = Math.min(stored.size(), b.starts.length);
                System.arraycopy(stored.starts(), 0, b.starts, 0, n);
                double[][] from = {
                    stored.count(), stored.sum(), stored.min(), stored.max(), stored.last(), stored.increase()
                };
                for (int c = 0; c < from.length; c++) {
                    System.arraycopy(from[c], 0, b.columns[c], 0, n);
                }
                b.n = n;
            }
        }
        return b;
    }

    @Override
    public void close() throws SQLException {
        upsertChunk.close();
        upsertMinute.close();
        upsertHour.close();
        lastChunk.close();
        lastMinute.close();
        lastHour.close();
        olderChunk.close();
    }

    private static final class SeriesState {
        final long id;
        final boolean counter;
        final long[] ts;
        final double[] vs;
        int n;
        boolean hasTs;
        long lastTs;
        /** Counters only: the last finite reading, the base of the next increase; NaN before the first. */
        double lastValue = Double.NaN;

        boolean dirty;
        Bucket minute;
        Bucket hour;

        SeriesState(long id, boolean counter, int capacity) {
            this.id = id;
            this.counter = counter;
            this.ts = new long[capacity];
            this.vs = new double[capacity];
        }
    }

    /**
     * The open rollup window of one series and tier: its buckets so far, the last one still accumulating. Written
     * as one compressed row per window ({@link RollupCodec}).
     */
    private static final class Bucket {
        private static final int COUNT = 0;
        private static final int SUM = 1;
        private static final int MIN = 2;
        private static final int MAX = 3;
        private static final int LAST = 4;
        private static final int INCREASE = 5;
        final PreparedStatement upsert;
        final ChunkCodec.Scratch scratch;
        final long width;
        final long window;
        final long seriesId;
        final boolean counter;
        final long[] starts;
        final double[][] columns;
        int n;
        boolean dirty;

        Bucket(PreparedStatement upsert, Tier tier, long seriesId, boolean counter, ChunkCodec.Scratch scratch) {
            this.upsert = upsert;
            this.scratch = scratch;
            this.width = tier.widthMillis();
            this.window = tier.windowMillis();
            this.seriesId = seriesId;
            this.counter = counter;
            int capacity = (int) (window / width);
            this.starts = new long[capacity];
            this.columns = new double[6][capacity];
        }

        void add(long epochMillis, double v, double inc) throws SQLException {
            long bucketStart = Math.floorDiv(epochMillis, width) * width;
            if (n == 0 || starts[n - 1] != bucketStart) {
                if (n > 0 && Math.floorDiv(bucketStart, window) != Math.floorDiv(starts[0], window)) {
                    writeIfDirty();
                    n = 0;
                }
                starts[n] = bucketStart;
                columns[COUNT][n] = 0;
                columns[SUM][n] = 0;
                columns[MIN][n] = Double.POSITIVE_INFINITY;
                columns[MAX][n] = Double.NEGATIVE_INFINITY;
                columns[INCREASE][n] = counter ? 0 : Double.NaN;
                n++;
            }
            int i = n - 1;
            columns[COUNT][i]++;
            // exact for decimals (watts from milliwatts, whole percent): the sum then compresses as they do
            columns[SUM][i] = ChunkCodec.decimalSum(columns[SUM][i], v);
            columns[MIN][i] = Math.min(columns[MIN][i], v);
            columns[MAX][i] = Math.max(columns[MAX][i], v);
            columns[LAST][i] = v;
            if (counter && !Double.isNaN(inc)) {
                columns[INCREASE][i] += inc;
            }
            dirty = true;
        }

        void writeIfDirty() throws SQLException {
            if (!dirty || n == 0) {
                return;
            }
            upsert.setLong(1, seriesId);
            upsert.setLong(2, starts[0]);
            upsert.setLong(3, starts[n - 1]);
            upsert.setInt(4, n);
            upsert.setBytes(5, RollupCodec.encode(starts, columns, n, scratch));
            upsert.addBatch();
            dirty = false;
        }
    }
}
