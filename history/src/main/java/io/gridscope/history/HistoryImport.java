package io.gridscope.history;

import io.gridscope.model.MetricKind;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Backfills a history with samples that carry their own timestamps (behind {@code ./gridscope import}): afterwards
 * the store holds what it would hold had those samples been collected live, in time order, together with what it
 * held before: the same raw chunks, 1-minute and 1-hour buckets and counter increases (so a bucket-aligned period
 * has the same increase on every tier), and retention applied as the store's maintenance applies it.
 *
 * <p><b>Lifecycle.</b> {@link #open} → {@link #add} for every sample, in input order → {@link #commit} → {@link
 * #close}. Everything happens in one SQLite transaction: {@link #commit} makes the whole import visible at once;
 * {@link #close} without a commit (after an input error, a write failure, a timeout or an interrupt) rolls it
 * back, and the database is exactly as it was. A process killed mid-import leaves it as it was too: SQLite never
 * applies an uncommitted transaction.
 *
 * <p><b>Alone.</b> From {@link #open} to {@link #close} the import holds SQLite's exclusive lock on the file
 * ({@code locking_mode=EXCLUSIVE}). It is refused with a {@link HistoryException} while any other connection has the
 * database open (a running {@code collect} or console, a command reading it), and nothing else can open the
 * database while it runs. A live writer keeps the open chunk and rollup windows of its series in memory and would
 * write them back over imported rows, so the two must never run together.
 *
 * <p><b>Where samples go</b>, per series:
 * <ul>
 *   <li>newer than everything stored: appended, as the live writer appends;
 *   <li>older than or among stored samples: the series' stored data from the start of the hour of the first such
 *       sample on is cut away (raw chunks, 1-minute and 1-hour buckets; see {@link Backfill}) and written again from
 *       the stored raw samples merged with the imported ones, through the same {@link TierWriter} the live writer
 *       uses, so chunk boundaries, buckets and counter increases (including the one of the first stored reading
 *       after imported ones) come out as live collection would have made them;
 *   <li>in an hour where the store keeps the series only as rollups (retention or the size cap deleted its raw
 *       samples): skipped and counted, because buckets cannot be merged with samples. In practice this is data
 *       older than the raw retention of a series that was already collected at that time;
 *   <li>older than the 1-hour tier's retention: skipped and counted.
 * </ul>
 * Imported samples older than the raw (or 1-minute) retention are written and then removed from that tier by the
 * same per-series retention the maintenance runs, before the commit, so they are kept as rollups exactly as
 * collected ones are. The size cap is left to the store's next maintenance pass.
 *
 * <p><b>Duplicates.</b> A sample with the series and time of a stored one, or of an earlier sample of the input, is
 * skipped and counted: as a duplicate when the value is the same, else as a conflict (the first conflict's line
 * is reported); the stored (or earlier) value is kept. Importing the same input twice therefore changes nothing
 * the second time.
 *
 * <p><b>Refused input</b> ({@link ImportException}, naming the line): a sample older than the previous one of its
 * series, a timestamp more than {@link #MAX_FUTURE_MILLIS} ahead of the clock (it would block live collection of
 * the series), a series stored with the other {@link MetricKind}, more series than the limit.
 *
 * <p><b>Memory.</b> Bounded: at most {@link #BATCH_SAMPLES} samples of at most {@link #BATCH_SERIES} series are
 * buffered before they are written into the open transaction; per series of the input a few fields are kept (the
 * order check); a series placed among stored samples has its raw samples from the cut on read back (at most the raw
 * retention's worth). SQLite spills a large transaction to its write-ahead log, which grows with the import until
 * the commit.
 *
 * <p><b>Threading.</b> Not thread-safe: one thread opens, adds, commits and closes. Does I/O on that thread.
 */
public final class HistoryImport implements AutoCloseable {
    /** Default limit on the number of series one import may hold. */
    public static final int DEFAULT_MAX_SERIES = 100_000;
    /** How far ahead of the clock a timestamp may be (clock skew between machines); later ones are refused. */
    public static final long MAX_FUTURE_MILLIS = 5 * 60_000L;

    static final int BATCH_SAMPLES = 100_000;
    static final int BATCH_SERIES = 1_000;
    /** How long open waits for another connection to let go of the file before it refuses. */
    static final int LOCK_WAIT_MILLIS = 2_000;

    private static final Logger log = LoggerFactory.getLogger(HistoryImport.class);

    /** Opens a JDBC connection; {@link DriverManager#getConnection(String, Properties)} outside tests. */
    @FunctionalInterface
    interface ConnectionOpener {
        Connection open(String url, Properties properties) throws SQLException;
    }

    /** One series of the input: its stored id, the order check, and the samples buffered for the next batch. */
    private static final class Series {
        final SeriesId id;
        final boolean counter;
        final boolean existed;
        long storedId;
        boolean written;
        boolean hasLast;
        long lastEpochMillis;
        double lastValue;
        long lastLine;
        long[] ts;
        double[] vs;
        long[] lines;
        int n;

        Series(SeriesId id, long storedId, boolean existed) {
            this.id = id;
            this.counter = id.kind() == MetricKind.COUNTER;
            this.storedId = storedId;
            this.existed = existed;
        }

        void buffer(long t, double v, long line) {
            if (ts == null) {
                ts = new long[16];
                vs = new double[16];
                lines = new long[16];
            } else if (n == ts.length) {
                ts = Arrays.copyOf(ts, n * 2);
                vs = Arrays.copyOf(vs, n * 2);
                lines = Arrays.copyOf(lines, n * 2);
            }
            ts[n] = t;
            vs[n] = v;
            lines[n] = line;
            n++;
        }

        void release() {
            ts = null;
            vs = null;
            lines = null;
            n = 0;
        }
    }

    private final Path file;
    private final HistoryOptions options;
    private final Connection c;
    private final int maxSeries;
    private final int batchSamples;
    private final int batchSeries;
    private final String source;
    private final SeriesRegistry registry;
    private final long nowMillis;
    private final long rawCutoff;
    private final long hourCutoff;
    private final Map<SeriesId, Series> series = new HashMap<>();
    private final List<Series> pending = new ArrayList<>();
    private final Set<Long> touched = new LinkedHashSet<>();
    private int buffered;
    private boolean committed;
    private boolean broken;
    private boolean closed;

    private long imported;
    private long seriesNew;
    private long seriesExisting;
    private long firstEpochMillis = Long.MAX_VALUE;
    private long lastEpochMillis = Long.MIN_VALUE;
    private long duplicates;
    private long conflicts;
    private long firstConflictLine;
    private long olderThanRetention;
    private long inRollupOnlyPeriods;
    private long rollupsOnly;

    private HistoryImport(
            Path file,
            HistoryOptions options,
            Connection c,
            int maxSeries,
            String source,
            int batchSamples,
            int batchSeries) {
        this.file = file;
        this.options = options;
        this.c = c;
        this.maxSeries = maxSeries;
        this.batchSamples = batchSamples;
        this.batchSeries = batchSeries;
        this.source = source;
        this.registry = new SeriesRegistry(options.clock());
        this.nowMillis = options.clock().millis();
        this.rawCutoff = nowMillis - options.rawRetention().toMillis();
        this.hourCutoff = nowMillis - options.hourRetention().toMillis();
    }

    /**
     * Opens (creating if needed) {@code history.db} in {@code dataDir} for an import: takes the exclusive lock,
     * checks the file's integrity when {@link HistoryOptions#checkOnOpen()}, migrates an older schema and begins the
     * import's transaction. Of the options, the retention periods, the chunk size and the clock matter.
     *
     * @param maxSeries the most series the input may hold
     * @param source    recorded as the writer of the series the import creates (e.g. {@code import:metrics.om})
     * @throws HistoryException when the directory is missing, another process has the database open, or the file is
     *     damaged, not Gridscope's, from a newer Gridscope, or cannot be opened; nothing is changed then
     */
    public static HistoryImport open(Path dataDir, HistoryOptions options, int maxSeries, String source) {
        return open(dataDir, options, maxSeries, source, DriverManager::getConnection, BATCH_SAMPLES, BATCH_SERIES);
    }

    /**
     * {@link #open(Path, HistoryOptions, int, String)} with the connection opener (tests inject faults) and the
     * batch limits (tests write many small batches) given.
     */
    static HistoryImport open(
            Path dataDir,
            HistoryOptions options,
            int maxSeries,
            String source,
            ConnectionOpener opener,
            int batchSamples,
            int batchSeries) {
        if (maxSeries < 1) {
            throw new IllegalArgumentException("maxSeries must be at least 1, got " + maxSeries);
        }
        if (!Files.isDirectory(dataDir)) {
            throw new HistoryException("data directory " + dataDir + " does not exist or is not a directory");
        }
        Path file = dataDir.resolve(HistoryStore.FILE_NAME);
        Connection c = null;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(Durability.SAMPLES);
            config.setLockingMode(SQLiteConfig.LockingMode.EXCLUSIVE);
            config.setBusyTimeout(LOCK_WAIT_MILLIS);
            c = opener.open("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
            try (Statement st = c.createStatement()) {
                // in exclusive locking mode the lock taken here is held until the connection closes
                st.execute("BEGIN EXCLUSIVE");
                st.execute("COMMIT");
            }
            if (options.checkOnOpen()) {
                List<String> problems = Schema.integrityProblems(c);
                if (!problems.isEmpty()) {
                    throw new HistoryException("the history database " + file + " is damaged (integrity check: "
                            + String.join("; ", problems) + "); it was left as it is. Collecting into it again moves"
                            + " it aside and starts an empty history.");
                }
            }
            Schema.migrate(c, file);
            c.setAutoCommit(false);
            return new HistoryImport(file, options, c, maxSeries, source, batchSamples, batchSeries);
        } catch (SQLException e) {
            HistoryWriter.closeQuietly(c);
            if (HistoryReader.isLocked(e)) {
                throw new HistoryException(
                        "the history database " + file + " is in use by another process (a running collect or"
                                + " console, or a command reading it); an import needs it alone: stop that and"
                                + " import again",
                        e);
            }
            if (HistoryReader.isCorruption(e)) {
                throw new HistoryException(
                        "the history database " + file + " is damaged (" + e.getMessage() + "); it was left as it"
                                + " is. Collecting into it again moves it aside and starts an empty history.",
                        e);
            }
            throw new HistoryException("cannot open history database " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            HistoryWriter.closeQuietly(c);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /**
     * Adds one sample; {@code line} is where the input holds it, for messages. Samples of one series must come in
     * time order (samples of different series may interleave). Buffers, and writes a batch into the open
     * transaction when enough is buffered.
     *
     * @throws ImportException   when the input is refused (see the class description); the import can then only be
     *                           closed
     * @throws HistoryException  when writing fails (disk full, I/O error); likewise
     * @throws IllegalStateException after a failure, a commit or close
     */
    public void add(Sample sample, long line) {
        requireUsable();
        try {
            accept(sample, line);
        } catch (SQLException e) {
            broken = true;
            throw writeFailure(e);
        } catch (RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    private void accept(Sample sample, long line) throws SQLException {
        SeriesId id = sample.series();
        Series s = series.get(id);
        if (s == null) {
            s = firstSight(id, line);
        }
        long t = sample.epochMillis();
        double v = sample.value();
        if (t > nowMillis + MAX_FUTURE_MILLIS) {
            throw new ImportException(
                    line,
                    "the timestamp " + Instant.ofEpochMilli(t) + " of " + id + " is in the future (now "
                            + Instant.ofEpochMilli(nowMillis) + ")");
        }
        if (s.hasLast) {
            if (t < s.lastEpochMillis) {
                throw new ImportException(
                        line,
                        "the sample of " + id + " at " + Instant.ofEpochMilli(t) + " is older than the one before it"
                                + " at line " + s.lastLine + " (" + Instant.ofEpochMilli(s.lastEpochMillis)
                                + "); the samples of a series must be in time order");
            }
            if (t == s.lastEpochMillis) {
                skipDuplicate(sameValue(v, s.lastValue), line);
                return;
            }
        }
        s.hasLast = true;
        s.lastEpochMillis = t;
        s.lastValue = v;
        s.lastLine = line;
        if (t < hourCutoff) {
            olderThanRetention++;
            return;
        }
        if (s.n == 0) {
            pending.add(s);
        }
        s.buffer(t, v, line);
        if (++buffered >= batchSamples || pending.size() >= batchSeries) {
            flush();
        }
    }

    private Series firstSight(SeriesId id, long line) throws SQLException {
        if (series.size() >= maxSeries) {
            throw ImportException.seriesLimit(line, maxSeries);
        }
        Optional<SeriesRegistry.Row> stored = SeriesRegistry.find(c, id.metric(), id.labels());
        if (stored.isPresent() && stored.get().series().kind() != id.kind()) {
            throw new ImportException(
                    line,
                    id + " is stored as a " + stored.get().series().kind().storageName() + ", the input makes it a "
                            + id.kind().storageName());
        }
        Series s = new Series(id, stored.map(SeriesRegistry.Row::id).orElse(-1L), stored.isPresent());
        series.put(id, s);
        return s;
    }

    private static boolean sameValue(double a, double b) {
        return Double.compare(a, b) == 0;
    }

    private void skipDuplicate(boolean same, long line) {
        if (same) {
            duplicates++;
        } else {
            conflicts++;
            if (firstConflictLine == 0 || line < firstConflictLine) {
                firstConflictLine = line;
            }
        }
    }

    /** Writes what is buffered into the open transaction. */
    private void flush() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        try (TierWriter tiers = new TierWriter(
                        c, options.chunkMaxSamples(), options.chunkMaxSpan().toMillis());
                Backfill backfill = new Backfill(c)) {
            for (Series s : pending) {
                write(s, tiers, backfill);
                s.release();
            }
        }
        pending.clear();
        buffered = 0;
    }

    private void write(Series s, TierWriter tiers, Backfill backfill) throws SQLException {
        if (s.storedId < 0) {
            append(s, tiers, 0);
            return;
        }
        Backfill.Span span = backfill.span(s.storedId);
        long first = s.ts[0];
        if (span.isEmpty()) {
            append(s, tiers, 0);
        } else if (span.hasRaw() && first >= span.rawLast()) {
            int from = 0;
            if (first == span.rawLast()) {
                // the input holds at most one sample per time and series: the first one
                skipDuplicate(containsValue(backfill.newestValuesAt(s.storedId, first), s.vs[0]), s.lines[0]);
                from = 1;
            }
            append(s, tiers, from);
        } else if (!span.hasRaw() && first > span.newestUpperBound()) {
            append(s, tiers, 0);
        } else {
            merge(s, tiers, backfill, span);
        }
    }

    private static boolean containsValue(double[] values, double v) {
        for (double x : values) {
            if (sameValue(x, v)) {
                return true;
            }
        }
        return false;
    }

    /** Appends the buffered samples from {@code from} on, as the live writer would. */
    private void append(Series s, TierWriter tiers, int from) throws SQLException {
        if (from >= s.n) {
            return;
        }
        long id = storedId(s);
        for (int i = from; i < s.n; i++) {
            add(tiers, s, id, s.ts[i], s.vs[i]);
            imported(s, id, s.ts[i]);
        }
        tiers.writeOpen();
    }

    /**
     * Places the buffered samples among the stored ones: skips those in hours kept only as rollups and those whose
     * time is stored already, then cuts the series at the start of the hour of the first remaining one and writes
     * everything from there again, stored and imported samples merged in time order.
     */
    private void merge(Series s, TierWriter tiers, Backfill backfill, Backfill.Span span) throws SQLException {
        long id = s.storedId;
        long rollupOnlyUntil = backfill.rollupOnlyUntil(id, span);
        int from = 0;
        while (from < s.n && s.ts[from] < rollupOnlyUntil) {
            inRollupOnlyPeriods++;
            from++;
        }
        if (from == s.n) {
            return;
        }
        long cut = Math.max(Backfill.floorHour(s.ts[from]), rollupOnlyUntil);
        ChunkCodec.Samples tail = backfill.rawFrom(id, cut);
        long[] tt = tail.epochMillis();
        double[] tv = tail.values();
        int m = tail.size();
        boolean[] keep = new boolean[s.n];
        int kept = 0;
        for (int i = from, j = 0; i < s.n; i++) {
            while (j < m && tt[j] < s.ts[i]) {
                j++;
            }
            if (j < m && tt[j] == s.ts[i]) {
                boolean same = false;
                for (int q = j; q < m && tt[q] == s.ts[i]; q++) {
                    same |= sameValue(tv[q], s.vs[i]);
                }
                skipDuplicate(same, s.lines[i]);
            } else {
                keep[i] = true;
                kept++;
            }
        }
        if (kept == 0) {
            return;
        }
        backfill.cutFrom(id, cut);
        int a = 0;
        int b = from;
        while (a < m || b < s.n) {
            if (b < s.n && !keep[b]) {
                b++;
            } else if (b >= s.n || (a < m && tt[a] <= s.ts[b])) {
                add(tiers, s, id, tt[a], tv[a]);
                a++;
            } else {
                add(tiers, s, id, s.ts[b], s.vs[b]);
                imported(s, id, s.ts[b]);
                b++;
            }
        }
        tiers.writeOpen();
    }

    private static void add(TierWriter tiers, Series s, long id, long t, double v) throws SQLException {
        if (!tiers.add(id, s.counter, t, v)) {
            throw new IllegalStateException(
                    "the import placed a sample of " + s.id + " at " + t + " before the series' newest stored one");
        }
    }

    private long storedId(Series s) throws SQLException {
        if (s.storedId < 0) {
            s.storedId = registry.idFor(c, s.id, source);
        }
        return s.storedId;
    }

    private void imported(Series s, long id, long t) {
        imported++;
        firstEpochMillis = Math.min(firstEpochMillis, t);
        lastEpochMillis = Math.max(lastEpochMillis, t);
        if (t < rawCutoff) {
            rollupsOnly++;
        }
        if (!s.written) {
            s.written = true;
            touched.add(id);
            if (s.existed) {
                seriesExisting++;
            } else {
                seriesNew++;
            }
        }
    }

    /**
     * Writes what is still buffered, applies the tiers' retention to the series the import wrote (as the store's
     * maintenance would) and commits: the whole import becomes visible at once.
     *
     * @throws HistoryException when writing or committing fails; nothing is imported then (close rolls back)
     * @throws IllegalStateException after a failure, a commit or close
     */
    public ImportSummary commit() {
        requireUsable();
        try {
            flush();
            if (!touched.isEmpty()) {
                Retention.deleteExpired(c, options, nowMillis, touched);
            }
            c.commit();
            committed = true;
        } catch (SQLException e) {
            broken = true;
            throw writeFailure(e);
        } catch (RuntimeException e) {
            broken = true;
            throw e;
        }
        return summary();
    }

    /** The counts so far (before {@link #commit}: what would be committed of the samples written until now). */
    public ImportSummary summary() {
        return new ImportSummary(
                imported,
                seriesNew,
                seriesExisting,
                imported == 0 ? 0 : firstEpochMillis,
                imported == 0 ? 0 : lastEpochMillis,
                duplicates,
                conflicts,
                firstConflictLine,
                olderThanRetention,
                inRollupOnlyPeriods,
                rollupsOnly);
    }

    private void requireUsable() {
        if (closed || committed || broken) {
            throw new IllegalStateException(
                    "this import is " + (closed ? "closed" : committed ? "committed" : "failed") + "; open a new one");
        }
    }

    private HistoryException writeFailure(SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("SQLITE_FULL")) {
            return new HistoryException("disk full: cannot write " + file, e);
        }
        if (m.contains("SQLITE_READONLY")) {
            return new HistoryException("history database " + file + " is read-only", e);
        }
        if (m.contains("SQLITE_IOERR")) {
            return new HistoryException("I/O error writing " + file + ": " + m, e);
        }
        return new HistoryException("cannot write " + file + ": " + m, e);
    }

    /** Rolls back unless committed, and releases the database (and its lock). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!committed) {
                c.rollback();
            }
        } catch (SQLException e) {
            // closing the connection discards the transaction all the same
            log.warn("rolling back the import into {} failed ({}); closing discards it", file, e.getMessage());
        } finally {
            HistoryWriter.closeQuietly(c);
        }
    }
}
