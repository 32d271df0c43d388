package io.gridscope.history;

import io.gridscope.history.records.AuditEntry;
import io.gridscope.history.records.AuditQuery;
import io.gridscope.history.records.AuditRecords;
import io.gridscope.history.records.AuditRow;
import io.gridscope.history.records.AuditVerification;
import io.gridscope.history.records.EventQuery;
import io.gridscope.history.records.EventRecords;
import io.gridscope.model.Labels;
import io.gridscope.model.MetricKind;
import io.gridscope.model.SeriesId;
import io.gridscope.model.TelemetryEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Every read of a history: series and metric lookups, raw points, aggregated ranges and chart decimation, latest
 * values, events, the audit log (entries, export, chain verification), statistics and online backup. Uses SQLite read-only connections only.
 *
 * <p><b>Two ways to get one.</b> A {@link HistoryStore} reads through its own reader (beside its writer, WAL
 * readers never block it). {@link #open(Path, HistoryOptions)} opens one on its own, for commands that only read
 * (query, statistics, backup) and for histories the user cannot or must not change: another user's data directory,
 * a backup on read-only media, a file that is in use by a running collector.
 *
 * <p><b>What a reader never does.</b> It starts no thread (no writer, no retention or other maintenance: data far
 * older than any retention stays as it is however long the reader is used), runs no schema migration, never
 * repairs or moves a file aside, and writes nothing to the database. A damaged file, a missing file, a file
 * Gridscope did not write, one from an older or newer Gridscope are refused with a {@link HistoryException} that
 * says so, and the file is left byte-for-byte as it was. The only files that may appear are SQLite's own {@code
 * -wal} and {@code -shm} companions, which a WAL reader needs and which hold no data of their own.
 *
 * <p><b>Unwritable directories.</b> A WAL reader needs the {@code -shm} file; in a directory the user cannot write,
 * where it does not exist yet, SQLite refuses the normal read-only open ({@code SQLITE_READONLY_DIRECTORY} or
 * {@code SQLITE_CANTOPEN}). The reader then opens the file with SQLite's {@code immutable=1} URI parameter (see
 * {@link #immutable()}): SQLite takes no locks, creates no files and reads only the main database file, assuming
 * that nothing changes it while the reader is open. That is right for a cleanly closed history (whose log has been
 * folded into the file) and for copies on read-only media; if a writer does change the file meanwhile, results
 * may be inconsistent or reported as damage. A {@code -wal} file that still holds data cannot be read this way;
 * the reader refuses it rather than show a history without its newest part.
 *
 * <p><b>Lifecycle and threading.</b> All methods may be called from any thread, concurrently; each read borrows a
 * pooled connection and does I/O on the caller's thread (never call from the UI thread). Reads see committed data
 * only. {@link #close()} closes the idle connections; reads after close still work but no longer pool.
 */
public final class HistoryReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HistoryReader.class);
    private static final int BUSY_TIMEOUT_MILLIS = 5_000;
    /** Result codes of a read-only open that fails only because SQLite cannot create its shared-memory file. */
    private static final Set<SQLiteErrorCode> NEEDS_IMMUTABLE = Set.of(
            SQLiteErrorCode.SQLITE_READONLY_DIRECTORY,
            SQLiteErrorCode.SQLITE_READONLY_CANTINIT,
            SQLiteErrorCode.SQLITE_CANTOPEN);

    /** Opens a JDBC connection; {@link DriverManager#getConnection(String, Properties)} outside tests. */
    @FunctionalInterface
    interface ConnectionOpener {
        Connection open(String url, Properties properties) throws SQLException;
    }

    private final Path file;
    private final HistoryOptions options;
    private final String url;
    private final boolean immutable;
    private final ConnectionOpener opener;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    private HistoryReader(Path file, HistoryOptions options, boolean immutable, ConnectionOpener opener) {
        this.file = file;
        this.options = options;
        this.immutable = immutable;
        this.url = url(file, immutable);
        this.opener = opener;
    }

    /** The reader of a {@link HistoryStore}, which has opened, checked and migrated {@code file} itself. */
    static HistoryReader attached(Path file, HistoryOptions options) {
        return new HistoryReader(file, options, false, DriverManager::getConnection);
    }

    /** Opens {@code history.db} in {@code dataDir} for reading, with {@link HistoryOptions#defaults()}. */
    public static HistoryReader open(Path dataDir) {
        return open(dataDir, HistoryOptions.defaults());
    }

    /**
     * Opens {@code history.db} in {@code dataDir} for reading only. Checks that it is a Gridscope history of this
     * build's schema and, when {@link HistoryOptions#checkOnOpen()}, that it is intact ({@code PRAGMA
     * quick_check}). Of the options, only the retention periods (which tier answers a range, see {@link
     * Tier#select}), the clock and {@code checkOnOpen} matter; nothing is ever deleted.
     *
     * @throws HistoryException when the directory or file is missing, the file is damaged, not Gridscope's, from
     *     an older or newer Gridscope, or cannot be read; the file is left untouched
     */
    public static HistoryReader open(Path dataDir, HistoryOptions options) {
        return open(dataDir, options, DriverManager::getConnection);
    }

    /** {@link #open(Path, HistoryOptions)} with the connection opener given (tests simulate refusals with it). */
    static HistoryReader open(Path dataDir, HistoryOptions options, ConnectionOpener opener) {
        if (!Files.isDirectory(dataDir)) {
            throw new HistoryException("data directory " + dataDir + " does not exist or is not a directory");
        }
        Path file = dataDir.resolve(HistoryStore.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new HistoryException("no history database " + file);
        }
        HistoryReader shared = new HistoryReader(file, options, false, opener);
        Connection c;
        try {
            c = shared.checkedConnection();
        } catch (SQLException e) {
            if (!needsImmutableOpen(e)) {
                throw openFailure(file, e);
            }
            Path wal = file.resolveSibling(file.getFileName() + "-wal");
            if (walHoldsData(wal)) {
                throw new HistoryException(
                        "cannot read " + file + ": its write-ahead log " + wal + " holds data that"
                                + " SQLite can only read with write access to " + dataDir + " (" + e.getMessage()
                                + "). Copy"
                                + " the directory somewhere writable, or read it once the Gridscope writing it has closed.",
                        e);
            }
            log.info("reading {} as immutable: {}", file, e.getMessage());
            HistoryReader immutableReader = new HistoryReader(file, options, true, opener);
            try {
                c = immutableReader.checkedConnection();
            } catch (SQLException again) {
                throw openFailure(file, again);
            }
            immutableReader.idle.add(c);
            return immutableReader;
        }
        shared.idle.add(c);
        return shared;
    }

    /**
     * Whether a failed read-only open is the one SQLite reports when it cannot create the {@code -shm} file a WAL
     * reader needs (an unwritable directory), so that an {@code immutable=1} open can work instead.
     */
    static boolean needsImmutableOpen(SQLException e) {
        return e instanceof SQLiteException s && NEEDS_IMMUTABLE.contains(s.getResultCode());
    }

    private static boolean walHoldsData(Path wal) {
        try {
            return Files.isRegularFile(wal) && Files.size(wal) > 0;
        } catch (IOException e) {
            return true; // cannot tell: do not risk hiding its data
        }
    }

    private static HistoryException openFailure(Path file, SQLException e) {
        if (isCorruption(e)) {
            return damaged(file, e);
        }
        if (isLocked(e)) {
            return new HistoryException(
                    "cannot read history database " + file + ": it is locked by another process"
                            + " (an import holds it alone until it ends): " + e.getMessage(),
                    e);
        }
        return new HistoryException("cannot read history database " + file + ": " + e.getMessage(), e);
    }

    private static HistoryException damaged(Path file, Exception e) {
        return new HistoryException(
                "the history database " + file + " is damaged (" + e.getMessage() + "); it was"
                        + " left as it is. Collecting into it again moves it aside and starts an empty history.",
                e);
    }

    /** SQLite could not get the lock within the busy timeout: another connection holds the file for itself. */
    static boolean isLocked(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("SQLITE_BUSY") || m.contains("database is locked");
    }

    static boolean isCorruption(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("SQLITE_CORRUPT")
                || m.contains("SQLITE_NOTADB")
                || m.contains("malformed")
                || m.contains("not a database");
    }

    private static String url(Path file, boolean immutable) {
        return immutable
                ? "jdbc:sqlite:" + file.toAbsolutePath().toUri() + "?immutable=1"
                : "jdbc:sqlite:" + file.toAbsolutePath();
    }

    private Connection connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        return opener.open(url, config.toProperties());
    }

    /** A new connection on which the schema (and, if configured, the file's integrity) has been checked. */
    private Connection checkedConnection() throws SQLException {
        Connection c = connect();
        try {
            Schema.requireCurrent(c, file);
            if (options.checkOnOpen()) {
                List<String> problems = Schema.integrityProblems(c);
                if (!problems.isEmpty()) {
                    throw damaged(file, new SQLException("integrity check: " + String.join("; ", problems)));
                }
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            HistoryWriter.closeQuietly(c);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    public HistoryOptions options() {
        return options;
    }

    /**
     * True when the file had to be opened with SQLite's {@code immutable=1} because its directory is not writable
     * (see the class description): no locks are taken, and changes made by a writer meanwhile may not be seen.
     */
    public boolean immutable() {
        return immutable;
    }

    // ---------------------------------------------------------------- series

    @FunctionalInterface
    private interface Read<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T read(String what, Read<T> body) {
        Connection c = idle.poll();
        try {
            if (c == null) {
                c = connect();
            }
            T result = body.apply(c);
            if (closed) {
                HistoryWriter.closeQuietly(c);
            } else {
                idle.add(c);
            }
            return result;
        } catch (SQLException e) {
            HistoryWriter.closeQuietly(c);
            if (isCorruption(e)) {
                throw damaged(file, e);
            }
            throw new HistoryException("cannot " + what + " " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            HistoryWriter.closeQuietly(c); // e.g. thrown by a caller's sink in the middle of a read
            throw e;
        }
    }

    /** Every series with this metric whose labels include all of {@code matchers}; sorted by labels. */
    public List<SeriesId> findSeries(String metric, Labels matchers) {
        return read(
                "read series from",
                c -> SeriesRegistry.rows(c, metric, matchers).stream()
                        .map(SeriesRegistry.Row::series)
                        .toList());
    }

    /** All metric names in the store, sorted. */
    public List<String> metrics() {
        return read("read metrics from", SeriesRegistry::metrics);
    }

    // ---------------------------------------------------------------- samples

    /** The stored raw points of every matching series in {@code [from, to)}, oldest first. */
    public List<SeriesData> query(SeriesQuery q) {
        return read("query", c -> {
            List<SeriesData> out = new ArrayList<>();
            for (SeriesRegistry.Row r : SeriesRegistry.rows(c, q.metric(), q.matchers())) {
                PrimitiveLists.LongList ts = new PrimitiveLists.LongList();
                PrimitiveLists.DoubleList vs = new PrimitiveLists.DoubleList();
                forEachRaw(c, r.id(), q.fromEpochMillis(), q.toEpochMillis(), (t, v) -> {
                    ts.add(t);
                    vs.add(v);
                });
                out.add(new SeriesData(r.series(), ts.toArray(), vs.toArray()));
            }
            return out;
        });
    }

    @FunctionalInterface
    private interface PointSink {
        void accept(long epochMillis, double value);
    }

    /**
     * The raw samples of a series in {@code [from, to)}, oldest first. Chunks never overlap in time, so the only
     * chunk starting before {@code from} that can hold samples inside the range is the newest one; it is found by
     * an index seek, which keeps this independent of the chunk span the history was written with.
     */
    private static void forEachRaw(Connection c, long seriesId, long from, long to, PointSink sink)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT data FROM chunks WHERE series_id=? AND start_ms>="
                + "coalesce((SELECT start_ms FROM chunks WHERE series_id=? AND start_ms<? ORDER BY start_ms DESC"
                + " LIMIT 1), ?) AND start_ms<? AND end_ms>=? ORDER BY start_ms")) {
            ps.setLong(1, seriesId);
            ps.setLong(2, seriesId);
            ps.setLong(3, from);
            ps.setLong(4, from);
            ps.setLong(5, to);
            ps.setLong(6, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ChunkCodec.Samples s = ChunkCodec.decode(rs.getBytes(1));
                    long[] t = s.epochMillis();
                    double[] v = s.values();
                    for (int i = 0; i < t.length; i++) {
                        if (t[i] >= from && t[i] < to) {
                            sink.accept(t[i], v[i]);
                        }
                    }
                }
            }
        }
    }

    /**
     * Every matching series aggregated into steps of about {@code stepMillis} over {@code [from, to)}. The tier is
     * chosen by {@link Tier#select}; on a rollup tier the step is rounded up to a whole number of its buckets.
     * Steps are aligned to {@code from}. A counter's increase follows {@link io.gridscope.model.Counters}: on every
     * tier the first increase inside the range is measured from the last stored reading before it, so the increase
     * over a period aligned to the tier's buckets is the same whichever tier answers, and consecutive periods add
     * up to their union.
     */
    public List<SeriesAggregates> queryRange(SeriesQuery q, long stepMillis) {
        if (stepMillis < 1) {
            throw new IllegalArgumentException("step must be at least 1 ms, got " + stepMillis);
        }
        return queryRange(
                q,
                stepMillis,
                Tier.select(q.fromEpochMillis(), stepMillis, options.clock().millis(), options));
    }

    /** {@link #queryRange(SeriesQuery, long)} on the given tier, whatever {@link Tier#select} would choose. */
    List<SeriesAggregates> queryRange(SeriesQuery q, long stepMillis, Tier tier) {
        long step = tier == Tier.RAW ? stepMillis : ceilToMultiple(stepMillis, tier.widthMillis());
        return read("query", c -> {
            List<SeriesAggregates> out = new ArrayList<>();
            PreparedStatement base = null;
            try {
                for (SeriesRegistry.Row r : SeriesRegistry.rows(c, q.metric(), q.matchers())) {
                    boolean counter = r.series().kind() == MetricKind.COUNTER;
                    StepAccumulator acc = new StepAccumulator(q.fromEpochMillis(), step, counter);
                    if (tier == Tier.RAW) {
                        double[] prev = {Double.NaN};
                        if (counter) {
                            base = base != null ? base : CounterBase.prepare(c);
                            prev[0] = CounterBase.lastFiniteBefore(base, r.id(), q.fromEpochMillis());
                        }
                        forEachRaw(c, r.id(), q.fromEpochMillis(), q.toEpochMillis(), (t, v) -> {
                            acc.addSample(t, v, prev[0]);
                            if (Double.isFinite(v)) {
                                prev[0] = v;
                            }
                        });
                    } else {
                        readRollups(c, tier, r.id(), q.fromEpochMillis(), q.toEpochMillis(), acc);
                    }
                    out.add(acc.result(r.series(), tier));
                }
            } finally {
                if (base != null) {
                    base.close();
                }
            }
            return out;
        });
    }

    /**
     * Server-side decimation for charts: at most {@code maxPoints} steps per series over the range, each with min
     * and max, so spikes stay visible however long the range is.
     */
    public List<SeriesAggregates> queryForChart(SeriesQuery q, int maxPoints) {
        if (maxPoints < 1) {
            throw new IllegalArgumentException("maxPoints must be at least 1, got " + maxPoints);
        }
        long range = Math.max(1, q.toEpochMillis() - q.fromEpochMillis());
        return queryRange(q, Math.max(1, ceilToMultiple(range, maxPoints) / maxPoints));
    }

    private static long ceilToMultiple(long v, long m) {
        return Math.ceilDiv(v, m) * m;
    }

    private static void readRollups(Connection c, Tier tier, long seriesId, long from, long to, StepAccumulator acc)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT data FROM " + tier.table()
                + " WHERE series_id=? AND start_ms>=? AND start_ms<? AND end_ms>=? ORDER BY start_ms")) {
            ps.setLong(1, seriesId);
            ps.setLong(2, from - tier.windowMillis());
            ps.setLong(3, to);
            ps.setLong(4, from - tier.widthMillis());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RollupCodec.Buckets b = RollupCodec.decode(rs.getBytes(1));
                    for (int i = 0; i < b.size(); i++) {
                        long start = b.starts()[i];
                        if (start >= from && start < to) {
                            acc.addBucket(
                                    start,
                                    (long) b.count()[i],
                                    b.sum()[i],
                                    b.min()[i],
                                    b.max()[i],
                                    b.last()[i],
                                    b.increase()[i]);
                        }
                    }
                }
            }
        }
    }

    /** The newest committed sample of every matching series (series with no stored raw sample are left out). */
    public List<LatestValue> latest(String metric, Labels matchers) {
        return read("read latest values from", c -> {
            List<LatestValue> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT end_ms, last_value FROM chunks WHERE series_id=? ORDER BY start_ms DESC LIMIT 1")) {
                for (SeriesRegistry.Row r : SeriesRegistry.rows(c, metric, matchers)) {
                    ps.setLong(1, r.id());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            double v = rs.getDouble(2);
                            out.add(new LatestValue(r.series(), rs.getLong(1), rs.wasNull() ? Double.NaN : v));
                        }
                    }
                }
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- records

    /** The stored events that match {@code q}: see {@link EventQuery} for order, filters and limit. */
    public List<TelemetryEvent> events(EventQuery q) {
        return read("read events from", c -> EventRecords.read(c, q));
    }

    // ---------------------------------------------------------------- audit log

    /** The newest {@code limit} audit entries about {@code subject}, newest first. */
    public List<AuditEntry> audit(String subject, int limit) {
        return read("audit", c -> AuditRecords.read(c, subject, limit));
    }

    /** Alerts in {@code states} (all when empty) open at some time since {@code sinceMillis}, newest first. */
    public List<io.gridscope.history.records.AlertRow> alerts(
            java.util.Set<String> states, long sinceMillis, int limit) {
        return read(
                "read alerts from", c -> io.gridscope.history.records.AlertRecords.list(c, states, sinceMillis, limit));
    }

    public java.util.Optional<io.gridscope.history.records.AlertRow> alert(long id) {
        return read("read an alert from", c -> io.gridscope.history.records.AlertRecords.byId(c, id));
    }

    /** Each rule's health as the evaluating process last wrote it. */
    public List<io.gridscope.history.records.RuleStatusRow> ruleStatus() {
        return read("read rule health from", io.gridscope.history.records.AlertRecords::ruleStatus);
    }

    /** Silences not ended before {@code sinceMillis}, newest first. */
    public List<io.gridscope.history.records.SilenceRow> silences(long sinceMillis) {
        return read("read silences from", c -> io.gridscope.history.records.AlertRecords.silences(c, sinceMillis));
    }
    /**
     * Hands every audit entry that matches {@code q} to {@code sink} in the chain's order (oldest first, by id), as
     * the rows are read: memory stays bounded however long the log is. The rows come from one consistent state of
     * the file; {@code sink} runs on the caller's thread while a read connection is held, so it should not wait on
     * anything slow. An exception thrown by {@code sink} ends the read and reaches the caller as it is.
     *
     * @return how many entries were handed over
     */
    public long auditAll(AuditQuery q, Consumer<? super AuditRow> sink) {
        return read("read the audit log of", c -> AuditRecords.forEach(c, q, sink));
    }

    /**
     * Walks the audit log's hash chain and says whether it holds, or which entry is the first to break it (see
     * {@link AuditRecords#verify}). Reads only.
     */
    public AuditVerification verifyAudit() {
        return read("verify the audit log of", AuditRecords::verify);
    }

    // ---------------------------------------------------------------- stats, backup

    /** Counts and sizes of what is stored now. */
    public HistoryStats stats() {
        return read("read statistics of", c -> {
            long series = scalar(c, "SELECT count(*) FROM series");
            long raw = scalar(c, "SELECT coalesce(sum(sample_count), 0) FROM chunks");
            long chunks = scalar(c, "SELECT count(*) FROM chunks");
            long chunkBytes = scalar(c, "SELECT coalesce(sum(length(data)), 0) FROM chunks");
            long minute = scalar(c, "SELECT coalesce(sum(bucket_count), 0) FROM rollup_1m");
            long hour = scalar(c, "SELECT coalesce(sum(bucket_count), 0) FROM rollup_1h");
            long used = (scalar(c, "PRAGMA page_count") - scalar(c, "PRAGMA freelist_count"))
                    * scalar(c, "PRAGMA page_size");
            return new HistoryStats(series, raw, chunks, minute, hour, fileBytes(), used, chunkBytes);
        });
    }

    private long fileBytes() {
        long bytes = 0;
        for (Path p : List.of(file, file.resolveSibling(file.getFileName() + "-wal"))) {
            try {
                bytes += Files.isRegularFile(p) ? Files.size(p) : 0;
            } catch (IOException e) {
                log.debug("cannot size {}: {}", p, e.getMessage());
            }
        }
        return bytes;
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Writes a consistent copy of the database to {@code target} while writers may keep running (SQLite online
     * backup API, from a read-only connection). The target must not exist yet; the copy is written next to it and
     * renamed when complete.
     *
     * @return the size of the copy in bytes
     */
    public long backup(Path target) {
        Path absolute = target.toAbsolutePath();
        if (Files.exists(absolute)) {
            throw new HistoryException("backup target " + absolute + " already exists; choose a new file name");
        }
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new HistoryException("backup target directory " + dir + " does not exist");
        }
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        if (partial.toString().contains("\"")) {
            throw new HistoryException("backup path must not contain a double quote: " + absolute);
        }
        read("back up", c -> {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("backup to \"" + partial + "\"");
            }
            return null;
        });
        try {
            DurableFiles.replace(partial, absolute); // fsync, rename, fsync of the directory
            return Files.size(absolute);
        } catch (IOException e) {
            throw new HistoryException(
                    "backup written to " + partial + " but not renamed to " + absolute + ": " + e.getMessage(), e);
        }
    }

    /** Closes the pooled connections. */
    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            HistoryWriter.closeQuietly(c);
        }
    }
}
