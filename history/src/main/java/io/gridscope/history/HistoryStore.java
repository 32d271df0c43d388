package io.gridscope.history;

import io.gridscope.collectors.model.Labels;
import io.gridscope.collectors.model.MetricKind;
import io.gridscope.collectors.model.Sample;
import io.gridscope.collectors.model.SeriesId;
import io.gridscope.collectors.model.Snapshot;
import io.gridscope.collectors.model.TelemetryEvent;
import io.gridscope.collectors.model.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Gridscope's history: one SQLite file in WAL mode, written by a single writer thread in batched transactions and
 * read concurrently by any number of threads.
 *
 * <p>Writes: {@link #append(Snapshot)} never blocks and never does I/O on the caller's thread; it enqueues. The
 * writer commits whatever is queued at most every {@link #MAX_COMMIT_DELAY_MILLIS} ms. When the queue holds more
 * than {@code maxQueuedSamples}, new snapshots are dropped and counted in {@link #writerStats()} (a visible
 * counter, never a silent loss). A failing write (disk full, read-only file) is logged, counted and reported; the
 * writer keeps running and the application stays alive.
 *
 * <p>Reads: {@link #query}, {@link #findSeries} open their own read connection, so they run beside the writer.
 * They do I/O: never call them on the UI thread.
 */
public final class HistoryStore implements AutoCloseable {
    public static final String FILE_NAME = "history.db";
    /** Newest schema this build understands; see {@link Schema}. */
    public static final int SCHEMA_VERSION = Schema.CURRENT_VERSION;
    public static final long MAX_COMMIT_DELAY_MILLIS = 500;
    public static final int DEFAULT_MAX_QUEUED_SAMPLES = 2_000_000;

    private static final Logger log = LoggerFactory.getLogger(HistoryStore.class);

    private final Path file;
    private final String url;
    private final int maxQueuedSamples;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedSamples = new AtomicLong();
    private final AtomicLong samplesWritten = new AtomicLong();
    private final AtomicLong samplesDropped = new AtomicLong();
    private final AtomicLong batchesCommitted = new AtomicLong();
    private volatile String lastError = "";
    private final Thread writer;
    private final Connection writeConnection;
    private final Map<SeriesId, Long> seriesIds = new HashMap<>();
    private volatile boolean closing;

    private HistoryStore(Path file, int maxQueuedSamples) {
        this.file = file;
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        this.maxQueuedSamples = maxQueuedSamples;
        this.writeConnection = openWriteConnection();
        this.writer = Thread.ofPlatform().name("gridscope-history-writer").daemon(true).unstarted(this::writeLoop);
        writer.start();
    }

    /** Opens (creating if needed) {@code history.db} in {@code dataDir}. The directory must exist and be writable. */
    public static HistoryStore open(Path dataDir) {
        return open(dataDir, DEFAULT_MAX_QUEUED_SAMPLES);
    }

    public static HistoryStore open(Path dataDir, int maxQueuedSamples) {
        if (!Files.isDirectory(dataDir)) {
            throw new HistoryException("data directory " + dataDir + " does not exist or is not a directory");
        }
        return new HistoryStore(dataDir.resolve(FILE_NAME), maxQueuedSamples);
    }

    public Path file() {
        return file;
    }

    private Connection openWriteConnection() {
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(5_000);
            Connection c = DriverManager.getConnection(url, config.toProperties());
            try {
                Schema.migrate(c, file);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            return c;
        } catch (SQLException e) {
            throw new HistoryException("cannot open history database " + file + ": " + e.getMessage(), e);
        }
    }

    private Connection openReadConnection() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5_000);
        return DriverManager.getConnection(url, config.toProperties());
    }

    /** Queues a snapshot for writing; returns at once. Dropped (and counted) when the queue is full or closed. */
    public void append(Snapshot snapshot) {
        int n = snapshot.samples().size() + snapshot.events().size();
        if (n == 0) {
            return;
        }
        if (closing || queuedSamples.get() + n > maxQueuedSamples) {
            samplesDropped.addAndGet(snapshot.samples().size());
            return;
        }
        queuedSamples.addAndGet(n);
        queue.add(snapshot);
    }

    /** Completes when everything queued before this call is committed (or failed). */
    public CompletableFuture<Void> flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!writer.isAlive()) {
            done.complete(null);
            return done;
        }
        queue.add(done);
        return done;
    }

    public WriterStats writerStats() {
        return new WriterStats(samplesWritten.get(), samplesDropped.get(), batchesCommitted.get(),
                queuedSamples.get(), lastError);
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
                queue.drainTo(batch);
                writeBatch(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable t) {
                log.error("history writer hit an unexpected error; it keeps running", t);
                lastError = t.toString();
                batch.clear();
            }
        }
    }

    private void writeBatch(List<Object> batch) {
        List<Snapshot> snapshots = new ArrayList<>(batch.size());
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        for (Object o : batch) {
            if (o instanceof Snapshot s) {
                snapshots.add(s);
            } else if (o instanceof CompletableFuture<?> f) {
                @SuppressWarnings("unchecked")
                CompletableFuture<Void> w = (CompletableFuture<Void>) f;
                waiters.add(w);
            }
        }
        long samples = 0;
        long items = 0;
        for (Snapshot s : snapshots) {
            samples += s.samples().size();
            items += s.samples().size() + s.events().size();
        }
        try {
            if (!snapshots.isEmpty()) {
                insert(snapshots);
                samplesWritten.addAndGet(samples);
                batchesCommitted.incrementAndGet();
                if (!lastError.isEmpty()) {
                    log.info("history writes succeed again");
                }
                lastError = "";
            }
        } catch (SQLException e) {
            samplesDropped.addAndGet(samples);
            String message = describeWriteFailure(e);
            if (!message.equals(lastError)) {
                log.error("history write failed, {} samples dropped: {}", samples, message);
            }
            lastError = message;
            seriesIds.clear(); // ids of a rolled-back transaction may not exist
            rollbackQuietly();
        } finally {
            queuedSamples.addAndGet(-items);
            waiters.forEach(w -> w.complete(null));
        }
    }

    private String describeWriteFailure(SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("SQLITE_FULL")) {
            return "disk full: cannot write " + file + " (free some space; collection continues, samples are dropped)";
        }
        if (m.contains("SQLITE_READONLY")) {
            return "history database " + file + " is read-only";
        }
        return "cannot write " + file + ": " + m;
    }

    private void rollbackQuietly() {
        try {
            if (!writeConnection.getAutoCommit()) {
                writeConnection.rollback();
                writeConnection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            log.warn("rollback after a failed history write also failed: {}", e.getMessage());
        }
    }

    private void insert(List<Snapshot> snapshots) throws SQLException {
        Connection c = writeConnection;
        c.setAutoCommit(false);
        try (PreparedStatement ins = c.prepareStatement(
                        "INSERT OR REPLACE INTO samples(series_id, ts_ms, value) VALUES (?,?,?)");
                PreparedStatement ev = c.prepareStatement(
                        "INSERT INTO events(ts_ms, type, labels, severity, detail) VALUES (?,?,?,?,?)")) {
            for (Snapshot s : snapshots) {
                for (Sample sample : s.samples()) {
                    ins.setLong(1, seriesId(c, sample.series()));
                    ins.setLong(2, sample.epochMillis());
                    ins.setDouble(3, sample.value());
                    ins.addBatch();
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
            ins.executeBatch();
            ev.executeBatch();
            c.commit();
        } finally {
            if (!c.getAutoCommit()) {
                // commit() above succeeded or an exception is propagating; the caller rolls back on failure
                try {
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // the propagating exception is the one that matters; rollbackQuietly() logs its own failure
                }
            }
        }
    }

    private long seriesId(Connection c, SeriesId series) throws SQLException {
        Long id = seriesIds.get(series);
        if (id != null) {
            return id;
        }
        String labels = series.labels().canonical();
        try (PreparedStatement sel = c.prepareStatement("SELECT id, unit, kind FROM series WHERE metric=? AND labels=?")) {
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
                    "INSERT INTO series(metric, labels, unit, kind, created_ms) VALUES (?,?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, series.metric());
                insert.setString(2, labels);
                insert.setString(3, series.unit().storageName());
                insert.setString(4, series.kind().storageName());
                insert.setLong(5, System.currentTimeMillis());
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

    /** Every series with this metric whose labels include all of {@code matchers}; sorted by labels. */
    public List<SeriesId> findSeries(String metric, Labels matchers) {
        List<SeriesId> out = new ArrayList<>();
        try (Connection c = openReadConnection()) {
            for (Row r : seriesRows(c, metric, matchers)) {
                out.add(r.series);
            }
        } catch (SQLException e) {
            throw new HistoryException("cannot read series from " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** All metric names in the store, sorted. */
    public List<String> metrics() {
        List<String> out = new ArrayList<>();
        try (Connection c = openReadConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT DISTINCT metric FROM series ORDER BY metric")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new HistoryException("cannot read metrics from " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The stored points of every matching series in the range, oldest first. */
    public List<SeriesData> query(SeriesQuery q) {
        List<SeriesData> out = new ArrayList<>();
        try (Connection c = openReadConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT ts_ms, value FROM samples WHERE series_id=? AND ts_ms>=? AND ts_ms<? ORDER BY ts_ms")) {
            for (Row r : seriesRows(c, q.metric(), q.matchers())) {
                ps.setLong(1, r.id);
                ps.setLong(2, q.fromEpochMillis());
                ps.setLong(3, q.toEpochMillis());
                LongList ts = new LongList();
                DoubleList vs = new DoubleList();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ts.add(rs.getLong(1));
                        double v = rs.getDouble(2);
                        // SQLite stores NaN as NULL
                        vs.add(rs.wasNull() ? Double.NaN : v);
                    }
                }
                out.add(new SeriesData(r.series, ts.toArray(), vs.toArray()));
            }
        } catch (SQLException e) {
            throw new HistoryException("cannot query " + file + ": " + e.getMessage(), e);
        }
        return out;
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

    /** Writes what is queued, stops the writer and closes the database. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            writer.join(10_000);
            if (writer.isAlive()) {
                log.warn("history writer did not finish within 10 s; closing anyway");
                writer.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            writeConnection.close();
        } catch (SQLException e) {
            log.warn("closing {} failed: {}", file, e.getMessage());
        }
    }

    private static final class LongList {
        long[] a = new long[64];
        int n;

        void add(long v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }

    private static final class DoubleList {
        double[] a = new double[64];
        int n;

        void add(double v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        double[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
