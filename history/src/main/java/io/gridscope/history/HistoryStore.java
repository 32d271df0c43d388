package io.gridscope.history;

import io.gridscope.model.Labels;
import io.gridscope.model.MetricKind;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.TelemetryEvent;
import io.gridscope.model.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Gridscope's history: one SQLite file in WAL mode holding a series registry, compressed raw samples (chunks of up
 * to {@link HistoryOptions#chunkMaxSamples()} samples, see {@link ChunkCodec}), 1-minute and 1-hour rollups, and
 * events. Written by a single writer thread in batched transactions; read concurrently by any number of threads.
 *
 * <p><b>Lifecycle.</b> {@link #open(Path)} creates or migrates {@code history.db} in the data directory and starts
 * the writer (and, unless disabled, a background retention task). A corrupt file is moved aside as {@code
 * history.db.corrupt-<UTC timestamp>} and replaced by an empty store; {@link #openWarnings()} says so and the
 * application must show it. A file written by a newer Gridscope, or not by Gridscope at all, is refused with a
 * {@link HistoryException}. {@link #close()} commits what is queued and stops both threads.
 *
 * <p><b>Writes.</b> {@link #append(Snapshot)} never blocks and never does I/O on the caller's thread; it enqueues.
 * The writer commits whatever is queued as soon as it is idle (so at most one transaction's duration later).
 * Each commit rewrites the open chunk and rollup rows of every series it touched, so a committed sample survives a
 * process kill; with {@code synchronous=NORMAL} a power cut may lose the last commits but never corrupts the
 * file. When the queue holds more than {@link HistoryOptions#maxQueuedSamples()}, new snapshots are dropped and
 * counted in {@link #writerStats()} (a visible counter, never a silent loss). A sample older than the newest stored
 * sample of its series is rejected and counted. A failing write (disk full, read-only file) rolls its batch back,
 * is logged and reported through {@link WriterStats#lastError()}; the writer keeps running and later batches
 * succeed once the cause is gone.
 *
 * <p><b>Reads.</b> {@link #query}, {@link #queryRange}, {@link #queryForChart}, {@link #latest}, {@link
 * #findSeries}, {@link #stats} and {@link #backup} use pooled read-only connections and run beside the writer
 * (WAL readers never block the writer). They see committed data only and do I/O: never call them on the UI thread.
 *
 * <p><b>Thread safety.</b> Every public method may be called from any thread.
 */
public final class HistoryStore implements AutoCloseable {
    public static final String FILE_NAME = "history.db";
    /** Newest schema this build understands; see {@link Schema}. */
    public static final int SCHEMA_VERSION = Schema.CURRENT_VERSION;
    public static final long MAX_COMMIT_DELAY_MILLIS = 500;
    /**
     * After the first queued snapshot the writer keeps gathering for this long before it commits, so the passes of
     * all collectors in one second share one transaction (one rewrite of each open chunk instead of several).
     * A flush request ends the wait at once. Commit latency stays under a second.
     */
    public static final long COMMIT_WINDOW_MILLIS = 750;
    private static final int MAX_GATHERED_ITEMS = 10_000;
    public static final int DEFAULT_MAX_QUEUED_SAMPLES = 2_000_000;
    /** A transaction holds at most about this many samples, so one commit stays short. */
    static final int MAX_SAMPLES_PER_TRANSACTION = 200_000;

    private static final Logger log = LoggerFactory.getLogger(HistoryStore.class);
    private static final DateTimeFormatter ASIDE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path file;
    private final String url;
    private final HistoryOptions options;
    private final List<OpenWarning> openWarnings;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedSamples = new AtomicLong();
    private final AtomicLong samplesWritten = new AtomicLong();
    private final AtomicLong samplesDropped = new AtomicLong();
    private final AtomicLong samplesRejected = new AtomicLong();
    private final AtomicLong batchesCommitted = new AtomicLong();
    private volatile String lastError = "";
    private final Thread writer;
    /** Used by the writer thread only (and by close() after it stopped); replaced if it breaks. */
    private Connection writeConnection;
    private TierWriter tiers;
    private final Map<SeriesId, Long> seriesIds = new HashMap<>();
    private final ConcurrentLinkedQueue<Connection> idleReaders = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService maintenance;
    private final Object maintenanceLock = new Object();
    private volatile boolean closing;

    /** Work the writer thread runs between batches, in order with the snapshots around it. */
    @FunctionalInterface
    interface WriterTask {
        void run(Connection writeConnection) throws SQLException;
    }

    private record QueuedTask(WriterTask task, CompletableFuture<Void> done) {}

    private HistoryStore(Path file, HistoryOptions options, Connection writeConnection, List<OpenWarning> warnings) {
        this.file = file;
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        this.options = options;
        this.openWarnings = List.copyOf(warnings);
        this.writeConnection = writeConnection;
        try {
            this.tiers = new TierWriter(writeConnection, options.chunkMaxSamples(), options.chunkMaxSpan().toMillis());
        } catch (SQLException e) {
            closeQuietly(writeConnection);
            throw new HistoryException("cannot prepare writes to " + file + ": " + e.getMessage(), e);
        }
        this.writer = Thread.ofPlatform().name("gridscope-history-writer").daemon(true).unstarted(this::writeLoop);
        writer.start();
        long every = options.maintenanceInterval().toMillis();
        if (every > 0) {
            maintenance = Executors.newSingleThreadScheduledExecutor(
                    r -> Thread.ofPlatform().name("gridscope-history-retention").daemon(true).unstarted(r));
            maintenance.scheduleWithFixedDelay(this::maintenancePass, Math.min(every, 60_000), every,
                    TimeUnit.MILLISECONDS);
        } else {
            maintenance = null;
        }
    }

    /** Opens (creating if needed) {@code history.db} in {@code dataDir} with {@link HistoryOptions#defaults()}. */
    public static HistoryStore open(Path dataDir) {
        return open(dataDir, HistoryOptions.defaults());
    }

    public static HistoryStore open(Path dataDir, int maxQueuedSamples) {
        return open(dataDir, HistoryOptions.defaults().withMaxQueuedSamples(maxQueuedSamples));
    }

    /**
     * Opens (creating if needed) {@code history.db} in {@code dataDir}, which must exist. Migrates an older schema
     * forward; moves a corrupt file aside and starts empty (see {@link #openWarnings()}).
     *
     * @throws HistoryException when the directory is missing, the file belongs to a newer Gridscope or to another
     *     program, or the file cannot be opened at all
     */
    public static HistoryStore open(Path dataDir, HistoryOptions options) {
        if (!Files.isDirectory(dataDir)) {
            throw new HistoryException("data directory " + dataDir + " does not exist or is not a directory");
        }
        Path file = dataDir.resolve(FILE_NAME);
        List<OpenWarning> warnings = new ArrayList<>();
        Connection c;
        try {
            c = openChecked(file, options.checkOnOpen());
        } catch (CorruptDatabase e) {
            Path aside = moveAside(file);
            String message = "The history database " + file + " was damaged (" + e.getMessage() + "). It was moved to "
                    + aside + " and an empty history was started.";
            log.error(message);
            warnings.add(new OpenWarning(aside, message));
            try {
                c = openChecked(file, false);
            } catch (CorruptDatabase again) {
                throw new HistoryException("cannot create a fresh history database " + file + ": "
                        + again.getMessage(), again);
            }
        }
        return new HistoryStore(file, options, c, warnings);
    }

    /** Thrown inside open when SQLite says the file is damaged. */
    private static final class CorruptDatabase extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptDatabase(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static boolean isCorruption(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("SQLITE_CORRUPT") || m.contains("SQLITE_NOTADB") || m.contains("malformed")
                || m.contains("not a database");
    }

    private static Connection openChecked(Path file, boolean check) throws CorruptDatabase {
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        Connection c = null;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(5_000);
            c = DriverManager.getConnection(url, config.toProperties());
            if (check) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA quick_check(5)")) {
                    List<String> problems = new ArrayList<>();
                    while (rs.next()) {
                        problems.add(rs.getString(1));
                    }
                    if (!problems.equals(List.of("ok"))) {
                        throw new CorruptDatabase("integrity check: " + String.join("; ", problems), null);
                    }
                }
            }
            Schema.migrate(c, file);
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            if (isCorruption(e)) {
                throw new CorruptDatabase(e.getMessage(), e);
            }
            throw new HistoryException("cannot open history database " + file + ": " + e.getMessage(), e);
        } catch (CorruptDatabase | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Renames the file (and its WAL) to {@code <name>.corrupt-<UTC stamp>}; deletes the transient -shm. */
    private static Path moveAside(Path file) {
        String stamp = ASIDE_STAMP.format(java.time.Instant.now());
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp);
        for (int i = 1; Files.exists(aside); i++) {
            aside = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp + "-" + i);
        }
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            Path wal = file.resolveSibling(file.getFileName() + "-wal");
            if (Files.exists(wal)) {
                Files.move(wal, aside.resolveSibling(aside.getFileName() + "-wal"), StandardCopyOption.ATOMIC_MOVE);
            }
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
        } catch (IOException e) {
            throw new HistoryException("the history database " + file + " is damaged and could not be moved aside ("
                    + e.getMessage() + "); move it away by hand", e);
        }
        return aside;
    }

    public Path file() {
        return file;
    }

    public HistoryOptions options() {
        return options;
    }

    /** What happened at open that the user must be told (empty normally); e.g. a corrupt file moved aside. */
    public List<OpenWarning> openWarnings() {
        return openWarnings;
    }

    /** Where a corrupt database found at open was moved, if that happened. */
    public Optional<Path> movedAsideCorruptFile() {
        return openWarnings.stream().map(OpenWarning::movedAside).findFirst();
    }

    // ---------------------------------------------------------------- writes

    /** Queues a snapshot for writing; returns at once. Dropped (and counted) when the queue is full or closed. */
    public void append(Snapshot snapshot) {
        int n = snapshot.samples().size() + snapshot.events().size();
        if (n == 0) {
            return;
        }
        if (closing || queuedSamples.get() + n > options.maxQueuedSamples()) {
            samplesDropped.addAndGet(snapshot.samples().size());
            return;
        }
        queuedSamples.addAndGet(n);
        queue.add(snapshot);
    }

    /** Completes when everything queued before this call is committed (or failed: see {@link #writerStats()}). */
    public CompletableFuture<Void> flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!writer.isAlive()) {
            done.complete(null);
            return done;
        }
        queue.add(done);
        return done;
    }

    /** Runs {@code task} on the writer thread after what is queued now; completes exceptionally if it throws. */
    CompletableFuture<Void> onWriter(WriterTask task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new QueuedTask(task, done));
        return done;
    }

    public WriterStats writerStats() {
        return new WriterStats(samplesWritten.get(), samplesDropped.get(), batchesCommitted.get(),
                queuedSamples.get(), lastError, samplesRejected.get());
    }

    private void writeLoop() {
        List<Object> batch = new ArrayList<>();
        while (true) {
            try {
                Object first = queue.poll(MAX_COMMIT_DELAY_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                gather(batch);
                drainBounded(batch);
                writeBatch(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable t) {
                log.error("history writer hit an unexpected error; it keeps running", t);
                lastError = t.toString();
                seriesIds.clear();
                if (writeConnection != null) {
                    tiers.forget();
                    rollbackQuietly();
                }
                batch.clear();
            }
        }
    }

    /** Waits up to {@link #COMMIT_WINDOW_MILLIS} for more snapshots; a flush request or closing ends it early. */
    private void gather(List<Object> batch) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(COMMIT_WINDOW_MILLIS);
        while (!closing && batch.size() < MAX_GATHERED_ITEMS && !(batch.getLast() instanceof CompletableFuture<?>)) {
            long wait = deadline - System.nanoTime();
            if (wait <= 0) {
                return;
            }
            Object more = queue.poll(wait, TimeUnit.NANOSECONDS);
            if (more == null) {
                return;
            }
            batch.add(more);
        }
    }

    private void drainBounded(List<Object> batch) {
        long samples = batch.getFirst() instanceof Snapshot s ? s.samples().size() : 0;
        Object next;
        while (samples < MAX_SAMPLES_PER_TRANSACTION && (next = queue.poll()) != null) {
            batch.add(next);
            if (next instanceof Snapshot s) {
                samples += s.samples().size();
            }
        }
    }

    private void writeBatch(List<Object> batch) {
        List<Snapshot> snapshots = new ArrayList<>();
        for (Object o : batch) {
            switch (o) {
                case Snapshot s -> snapshots.add(s);
                case CompletableFuture<?> f -> {
                    commitSnapshots(snapshots);
                    snapshots.clear();
                    f.complete(null);
                }
                case QueuedTask t -> {
                    commitSnapshots(snapshots);
                    snapshots.clear();
                    runTask(t);
                }
                default -> throw new IllegalStateException("unexpected queue item " + o);
            }
        }
        commitSnapshots(snapshots);
    }

    private void runTask(QueuedTask t) {
        try {
            if (writeConnection == null) {
                throw new SQLException("no write connection: " + lastError);
            }
            t.task().run(writeConnection);
            t.done().complete(null);
        } catch (SQLException | RuntimeException e) {
            t.done().completeExceptionally(e);
        }
    }

    private void commitSnapshots(List<Snapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return;
        }
        long samples = 0;
        long items = 0;
        for (Snapshot s : snapshots) {
            samples += s.samples().size();
            items += s.samples().size() + s.events().size();
        }
        try {
            if (writeConnection == null) {
                reopenWriteConnection();
                if (writeConnection == null) {
                    throw new SQLException(lastError);
                }
            }
            long rejected = insert(snapshots);
            samplesWritten.addAndGet(samples - rejected);
            samplesRejected.addAndGet(rejected);
            batchesCommitted.incrementAndGet();
            if (!lastError.isEmpty()) {
                log.info("history writes to {} succeed again", file);
            }
            lastError = "";
        } catch (SQLException e) {
            samplesDropped.addAndGet(samples);
            String message = describeWriteFailure(e);
            if (!message.equals(lastError)) {
                log.error("history write failed, {} samples dropped: {}", samples, message);
            }
            lastError = message;
            seriesIds.clear(); // ids of a rolled-back transaction may not exist
            if (writeConnection != null) {
                tiers.forget(); // buffered chunks and buckets included rolled-back samples
                rollbackQuietly();
            }
        } finally {
            queuedSamples.addAndGet(-items);
        }
    }

    private String describeWriteFailure(SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("SQLITE_FULL")) {
            return "disk full: cannot write " + file + " (free some space; collection continues, samples are dropped)";
        }
        if (m.contains("SQLITE_READONLY")) {
            return "history database " + file + " is read-only (samples are dropped until it is writable)";
        }
        if (m.contains("SQLITE_IOERR")) {
            return "I/O error writing " + file + ": " + m;
        }
        return "cannot write " + file + ": " + m;
    }

    /**
     * Ends the failed transaction. SQLite rolls some failures (SQLITE_FULL, I/O errors) back by itself, after which
     * the driver still believes a transaction is open and its own ROLLBACK fails; re-opening one first brings both
     * views together again. As a last resort the write connection is replaced.
     */
    private void rollbackQuietly() {
        try {
            if (!writeConnection.getAutoCommit()) {
                try {
                    writeConnection.rollback();
                } catch (SQLException alreadyRolledBack) {
                    try (Statement st = writeConnection.createStatement()) {
                        st.execute("BEGIN");
                    }
                    writeConnection.rollback();
                }
                writeConnection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            log.warn("rollback after a failed history write also failed ({}); reopening the write connection",
                    e.getMessage());
            reopenWriteConnection();
        }
    }

    /** Replaces the write connection; on failure leaves it null so the next batch tries again. */
    private void reopenWriteConnection() {
        if (writeConnection != null) {
            try {
                tiers.close();
            } catch (SQLException e) {
                log.debug("closing statements failed: {}", e.getMessage());
            }
            closeQuietly(writeConnection);
        }
        writeConnection = null;
        try {
            Connection c = openChecked(file, false);
            try {
                tiers = new TierWriter(c, options.chunkMaxSamples(), options.chunkMaxSpan().toMillis());
            } catch (SQLException e) {
                closeQuietly(c);
                throw e;
            }
            writeConnection = c;
        } catch (CorruptDatabase | SQLException | RuntimeException e) {
            lastError = "cannot reopen " + file + " for writing: " + e.getMessage();
            log.error(lastError);
        }
    }

    /** Writes one transaction; returns how many samples were rejected as out of order. */
    private long insert(List<Snapshot> snapshots) throws SQLException {
        Connection c = writeConnection;
        c.setAutoCommit(false);
        long rejected = 0;
        try (PreparedStatement ev = c.prepareStatement(
                "INSERT INTO events(ts_ms, type, labels, severity, detail) VALUES (?,?,?,?,?)")) {
            for (Snapshot s : snapshots) {
                for (Sample sample : s.samples()) {
                    long id = seriesId(c, sample.series(), s.collectorId());
                    boolean counter = sample.series().kind() == MetricKind.COUNTER;
                    if (!tiers.add(id, counter, sample.epochMillis(), sample.value())) {
                        rejected++;
                    }
                }
                for (TelemetryEvent e : s.events()) {
                    ev.setLong(1, e.epochMillis());
                    ev.setString(2, e.type());
                    ev.setString(3, e.labels().canonical());
                    ev.setString(4, e.severity().name());
                    ev.setString(5, e.detail());
                    ev.addBatch();
                }
            }
            tiers.writeOpen();
            ev.executeBatch();
            c.commit();
            c.setAutoCommit(true);
        }
        return rejected;
    }

    private long seriesId(Connection c, SeriesId series, String source) throws SQLException {
        Long id = seriesIds.get(series);
        if (id != null) {
            return id;
        }
        String labels = series.labels().canonical();
        try (PreparedStatement sel = c.prepareStatement("SELECT id FROM series WHERE metric=? AND labels=?")) {
            sel.setString(1, series.metric());
            sel.setString(2, labels);
            try (ResultSet rs = sel.executeQuery()) {
                if (rs.next()) {
                    id = rs.getLong(1);
                }
            }
        }
        if (id == null) {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO series(metric, labels, unit, kind, created_ms, source) VALUES (?,?,?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, series.metric());
                insert.setString(2, labels);
                insert.setString(3, series.unit().storageName());
                insert.setString(4, series.kind().storageName());
                insert.setLong(5, options.clock().millis());
                insert.setString(6, source);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
        }
        seriesIds.put(series, id);
        return id;
    }

    // ---------------------------------------------------------------- reads

    @FunctionalInterface
    private interface Read<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T read(String what, Read<T> body) {
        Connection c = idleReaders.poll();
        try {
            if (c == null) {
                SQLiteConfig config = new SQLiteConfig();
                config.setReadOnly(true);
                config.setBusyTimeout(5_000);
                c = DriverManager.getConnection(url, config.toProperties());
            }
            T result = body.apply(c);
            if (closing) {
                closeQuietly(c);
            } else {
                idleReaders.add(c);
            }
            return result;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new HistoryException("cannot " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every series with this metric whose labels include all of {@code matchers}; sorted by labels. */
    public List<SeriesId> findSeries(String metric, Labels matchers) {
        return read("read series from", c -> seriesRows(c, metric, matchers).stream().map(Row::series).toList());
    }

    /** All metric names in the store, sorted. */
    public List<String> metrics() {
        return read("read metrics from", c -> {
            List<String> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT DISTINCT metric FROM series ORDER BY metric")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** The stored raw points of every matching series in {@code [from, to)}, oldest first. */
    public List<SeriesData> query(SeriesQuery q) {
        return read("query", c -> {
            List<SeriesData> out = new ArrayList<>();
            for (Row r : seriesRows(c, q.metric(), q.matchers())) {
                LongList ts = new LongList();
                DoubleList vs = new DoubleList();
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

    private void forEachRaw(Connection c, long seriesId, long from, long to, PointSink sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT data FROM chunks WHERE series_id=? AND start_ms>=?"
                + " AND start_ms<? AND end_ms>=? ORDER BY start_ms")) {
            ps.setLong(1, seriesId);
            ps.setLong(2, from - options.chunkMaxSpan().toMillis());
            ps.setLong(3, to);
            ps.setLong(4, from);
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
     * Steps are aligned to {@code from}. On the raw tier the counter increase of the first step starts at the
     * first sample inside the range; rollup tiers also count the rise since the sample before their bucket.
     */
    public List<SeriesAggregates> queryRange(SeriesQuery q, long stepMillis) {
        if (stepMillis < 1) {
            throw new IllegalArgumentException("step must be at least 1 ms, got " + stepMillis);
        }
        Tier tier = Tier.select(q.fromEpochMillis(), stepMillis, options.clock().millis(), options);
        long step = tier == Tier.RAW ? stepMillis : ceilToMultiple(stepMillis, tier.widthMillis());
        return read("query", c -> {
            List<SeriesAggregates> out = new ArrayList<>();
            for (Row r : seriesRows(c, q.metric(), q.matchers())) {
                StepAccumulator acc = new StepAccumulator(q.fromEpochMillis(), step,
                        r.series().kind() == MetricKind.COUNTER);
                if (tier == Tier.RAW) {
                    double[] prev = {Double.NaN};
                    // the first sample in the range has no predecessor here, so it adds no counter increase
                    forEachRaw(c, r.id(), q.fromEpochMillis(), q.toEpochMillis(), (t, v) -> {
                        acc.addSample(t, v, prev[0]);
                        if (!Double.isNaN(v)) {
                            prev[0] = v;
                        }
                    });
                } else {
                    readRollups(c, tier, r.id(), q.fromEpochMillis(), q.toEpochMillis(), acc);
                }
                out.add(acc.result(r.series(), tier));
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
                            acc.addBucket(start, (long) b.count()[i], b.sum()[i], b.min()[i], b.max()[i],
                                    b.last()[i], b.increase()[i]);
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
                for (Row r : seriesRows(c, metric, matchers)) {
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

    private record Row(long id, SeriesId series) {}

    private static List<Row> seriesRows(Connection c, String metric, Labels matchers) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id, labels, unit, kind FROM series WHERE metric=? ORDER BY labels")) {
            ps.setString(1, metric);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Labels labels = Labels.parse(rs.getString(2));
                    if (!labels.containsAll(matchers)) {
                        continue;
                    }
                    SeriesId id = new SeriesId(metric, labels, Unit.fromStorageName(rs.getString(3)),
                            MetricKind.fromStorageName(rs.getString(4)));
                    rows.add(new Row(rs.getLong(1), id));
                }
            }
        }
        return rows;
    }

    // ---------------------------------------------------------------- stats, backup, retention

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
                bytes += Files.exists(p) ? Files.size(p) : 0;
            } catch (IOException e) {
                log.debug("cannot size {}: {}", p, e.getMessage());
            }
        }
        return bytes;
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Writes a consistent copy of the database to {@code target} while the store keeps running (SQLite online
     * backup API). The target must not exist yet; the copy is written next to it and renamed when complete.
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
            Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(absolute);
        } catch (IOException e) {
            throw new HistoryException("backup written to " + partial + " but not renamed to " + absolute + ": "
                    + e.getMessage(), e);
        }
    }

    private void maintenancePass() {
        try {
            RetentionRun run = enforceRetention();
            log.debug("history retention: {}", run);
        } catch (RuntimeException e) {
            log.warn("history retention failed; it is retried at the next pass: {}", e.getMessage());
        }
    }

    /**
     * Deletes what is older than each tier's retention, then the oldest data while the database is over {@link
     * HistoryOptions#maxBytes()}. Runs on its own connection in short transactions (one per series and tier, or
     * per slice of chunks), so the writer is never held up for long. Called periodically in the background;
     * callable directly (tests, CLI).
     */
    public RetentionRun enforceRetention() {
        synchronized (maintenanceLock) {
            try (Connection c = DriverManager.getConnection(url, maintenanceConfig().toProperties())) {
                return Retention.run(c, options, options.clock().millis());
            } catch (SQLException e) {
                throw new HistoryException("cannot apply retention to " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static SQLiteConfig maintenanceConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(10_000);
        return config;
    }

    /** Commits what is queued, stops the writer and the retention task, and closes the database. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (maintenance != null) {
            maintenance.shutdownNow();
        }
        try {
            writer.join(10_000);
            if (writer.isAlive()) {
                log.warn("history writer did not finish within 10 s; closing anyway");
                writer.interrupt();
            }
            if (maintenance != null) {
                maintenance.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writeConnection != null) {
            try {
                tiers.close();
            } catch (SQLException e) {
                log.debug("closing statements failed: {}", e.getMessage());
            }
        }
        Connection r;
        while ((r = idleReaders.poll()) != null) {
            closeQuietly(r);
        }
        closeQuietly(writeConnection);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            log.warn("closing a history connection failed: {}", e.getMessage());
        }
    }

    static final class LongList {
        long[] a = new long[64];
        int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    static final class DoubleList {
        double[] a = new double[64];
        int n;

        void add(double v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        double[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
