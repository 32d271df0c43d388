package io.gridscope.history;

import io.gridscope.history.records.AuditEntry;
import io.gridscope.history.records.AuditRecords;
import io.gridscope.history.records.EventQuery;
import io.gridscope.model.Labels;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.TelemetryEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Gridscope's history, writable: one SQLite file in WAL mode holding a series registry, compressed raw samples
 * (chunks of up to {@link HistoryOptions#chunkMaxSamples()} samples, see {@link ChunkCodec}), 1-minute and 1-hour
 * rollups, and records such as events. A thin facade over the parts that do the work:
 *
 * <ul>
 *   <li>{@link HistoryWriter}: the queue and the single writer thread, the one road for every write;
 *   <li>{@link SeriesRegistry}: series ids for the writer, series lookups for reads;
 *   <li>{@link HistoryReader}: every read, on read-only connections;
 *   <li>{@link HistoryMaintenance}: retention and the size cap, in the background;
 *   <li>{@link io.gridscope.history.records}: rows that are not samples (events, the audit log).
 * </ul>
 *
 * Commands that only read open a {@link HistoryReader} on its own instead: it has no writer or maintenance, never
 * migrates or repairs, and works on histories the user cannot write. A backfill from samples with their own
 * timestamps goes through {@link HistoryImport}, which holds the file alone while it runs (no store may be open).
 *
 * <p><b>Lifecycle.</b> {@link #open(Path)} creates or migrates {@code history.db} in the data directory and starts
 * the writer (and, unless disabled, the background maintenance). A corrupt file is moved aside as {@code
 * history.db.corrupt-<UTC timestamp>} and replaced by an empty store; {@link #openWarnings()} says so and the
 * application must show it. A file written by a newer Gridscope, or not by Gridscope at all, is refused with a
 * {@link HistoryException}. {@link #close()} stops the maintenance, commits what is queued, stops the writer and
 * closes every connection.
 *
 * <p><b>Writes.</b> {@link #append(Snapshot)} never blocks and never does I/O on the caller's thread; it enqueues.
 * The writer commits what is queued after gathering for {@link HistoryOptions#commitWindow()} (750 ms unless set).
 * Each commit rewrites the open chunk and rollup rows of every series it touched, so a committed sample survives a
 * process kill; with {@code synchronous=NORMAL} a power cut may lose the last commits but never corrupts the
 * file. Audit entries are committed with {@code synchronous=FULL} and survive a power cut (see {@link Durability}). When the queue holds more than {@link HistoryOptions#maxQueuedSamples()}, new snapshots are dropped and
 * their samples and events counted in {@link #writerStats()} (a visible counter, never a silent loss). A sample
 * older than the newest stored sample of its series is rejected and counted. A failing write (disk full, read-only
 * file) rolls its batch back, is logged and reported through {@link WriterStats#lastError()}; the writer keeps
 * running and later batches succeed once the cause is gone. Readers never make a write fail, however long they
 * read; a batch that finds the file busy with another connection's write (retention, alert records, an audit entry
 * from another process) is rolled back and retried until it is written, never dropped.
 *
 * <p><b>Reads.</b> {@link #query}, {@link #queryRange}, {@link #queryForChart}, {@link #latest}, {@link
 * #findSeries}, {@link #metrics}, {@link #events}, {@link #stats} and {@link #backup} go to the store's {@link
 * HistoryReader} and run beside the writer (WAL readers never block the writer). They see committed data only and
 * do I/O: never call them on the UI thread.
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
     * A flush request or an audit entry ends the wait at once. The default of {@link HistoryOptions#commitWindow()}.
     */
    public static final long COMMIT_WINDOW_MILLIS = HistoryOptions.DEFAULT_COMMIT_WINDOW.toMillis();

    public static final int DEFAULT_MAX_QUEUED_SAMPLES = 2_000_000;
    /** A transaction holds at most about this many samples, so one commit stays short. */
    static final int MAX_SAMPLES_PER_TRANSACTION = 200_000;

    private static final Logger log = LoggerFactory.getLogger(HistoryStore.class);
    private static final DateTimeFormatter ASIDE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path file;
    private final HistoryOptions options;
    private final List<OpenWarning> openWarnings;
    private final HistoryWriter writer;
    private final HistoryReader reader;
    private final HistoryMaintenance maintenance;
    private volatile boolean closed;

    private HistoryStore(Path file, HistoryOptions options, Connection writeConnection, List<OpenWarning> warnings) {
        this.file = file;
        this.options = options;
        this.openWarnings = List.copyOf(warnings);
        this.writer = new HistoryWriter(file, options, writeConnection, () -> {
            try {
                return openChecked(file, false);
            } catch (CorruptDatabase e) {
                throw new SQLException(e.getMessage(), e);
            }
        });
        this.reader = HistoryReader.attached(file, options);
        this.maintenance = new HistoryMaintenance(file, options);
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
                throw new HistoryException(
                        "cannot create a fresh history database " + file + ": " + again.getMessage(), again);
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

    /** A write connection to {@code file}: WAL, checked (if asked), migrated to the current schema. */
    private static Connection openChecked(Path file, boolean check) throws CorruptDatabase {
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        Connection c = null;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(Durability.SAMPLES);
            config.setBusyTimeout(5_000);
            c = DriverManager.getConnection(url, config.toProperties());
            if (check) {
                List<String> problems = Schema.integrityProblems(c);
                if (!problems.isEmpty()) {
                    throw new CorruptDatabase("integrity check: " + String.join("; ", problems), null);
                }
            }
            Schema.migrate(c, file);
            return c;
        } catch (SQLException e) {
            HistoryWriter.closeQuietly(c);
            if (HistoryReader.isCorruption(e)) {
                throw new CorruptDatabase(e.getMessage(), e);
            }
            if (HistoryReader.isLocked(e)) {
                throw new HistoryException(
                        "cannot open history database " + file + ": it is locked by another process (an import holds"
                                + " it alone until it ends): " + e.getMessage(),
                        e);
            }
            throw new HistoryException("cannot open history database " + file + ": " + e.getMessage(), e);
        } catch (CorruptDatabase | RuntimeException e) {
            HistoryWriter.closeQuietly(c);
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
            throw new HistoryException(
                    "the history database " + file + " is damaged and could not be moved aside (" + e.getMessage()
                            + "); move it away by hand",
                    e);
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

    /** The reader all of this store's reads go through. */
    public HistoryReader reader() {
        return reader;
    }

    // ---------------------------------------------------------------- writes

    /** Queues a snapshot for writing; returns at once. Dropped (and counted) when the queue is full or closed. */
    public void append(Snapshot snapshot) {
        writer.append(snapshot);
    }

    /** Completes when everything queued before this call is committed (or failed: see {@link #writerStats()}). */
    public CompletableFuture<Void> flush() {
        return writer.flush();
    }

    /** Runs {@code task} on the writer thread after what is queued now; completes exceptionally if it throws. */
    CompletableFuture<Void> onWriter(HistoryWriter.WriterTask task) {
        return writer.onWriter(task);
    }

    /**
     * Appends {@code entry} to the audit log on the writer thread, after the samples queued before it, in its own
     * transaction, synced to the disk before it completes ({@link Durability#RECORDS}), that links it into the hash chain ({@link AuditRecords#append}; other processes may append to the
     * same file meanwhile, e.g. through {@link AuditLog}). Completes when it is committed, or exceptionally (the
     * caller must show that error: an unrecorded change is not silently dropped).
     */
    public CompletableFuture<Void> audit(AuditEntry entry) {
        return writer.onWriter(c -> Durability.durably(c, d -> AuditRecords.append(d, entry)));
    }

    /** The newest {@code limit} audit entries about {@code subject}, newest first. */
    public List<AuditEntry> audit(String subject, int limit) {
        return reader.audit(subject, limit);
    }

    public WriterStats writerStats() {
        return writer.stats();
    }

    // ---------------------------------------------------------------- reads

    /** Every series with this metric whose labels include all of {@code matchers}; sorted by labels. */
    public List<SeriesId> findSeries(String metric, Labels matchers) {
        return reader.findSeries(metric, matchers);
    }

    /** All metric names in the store, sorted. */
    public List<String> metrics() {
        return reader.metrics();
    }

    /** The stored raw points of every matching series in {@code [from, to)}, oldest first. */
    public List<SeriesData> query(SeriesQuery q) {
        return reader.query(q);
    }

    /** See {@link HistoryReader#queryRange(SeriesQuery, long)}. */
    public List<SeriesAggregates> queryRange(SeriesQuery q, long stepMillis) {
        return reader.queryRange(q, stepMillis);
    }

    /** See {@link HistoryReader#queryForChart(SeriesQuery, int)}. */
    public List<SeriesAggregates> queryForChart(SeriesQuery q, int maxPoints) {
        return reader.queryForChart(q, maxPoints);
    }

    /** The newest committed sample of every matching series (series with no stored raw sample are left out). */
    public List<LatestValue> latest(String metric, Labels matchers) {
        return reader.latest(metric, matchers);
    }

    /** The stored events that match {@code q}; see {@link EventQuery}. */
    public List<TelemetryEvent> events(EventQuery q) {
        return reader.events(q);
    }

    // ---------------------------------------------------------------- stats, backup, retention

    /** Counts and sizes of what is stored now. */
    public HistoryStats stats() {
        return reader.stats();
    }

    /** See {@link HistoryReader#backup(Path)}. */
    public long backup(Path target) {
        return reader.backup(target);
    }

    /**
     * Deletes what is older than each tier's and the events' retention, then the oldest data while the database is
     * over {@link HistoryOptions#maxBytes()}. Runs on its own connection in short transactions (one per series and
     * tier, or per slice of rows), so the writer is never held up for long. Called periodically in the background;
     * callable directly (tests, CLI).
     */
    public RetentionRun enforceRetention() {
        return maintenance.enforceRetention();
    }

    /** Stops the maintenance, commits what is queued, stops the writer and closes the database. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        maintenance.close();
        writer.close();
        reader.close();
    }
}
