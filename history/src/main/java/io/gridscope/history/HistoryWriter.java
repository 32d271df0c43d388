package io.gridscope.history;

import io.gridscope.history.records.EventRecords;
import io.gridscope.model.BackgroundPriority;
import io.gridscope.model.MetricKind;
import io.gridscope.model.Sample;
import io.gridscope.model.Snapshot;
import io.gridscope.model.TelemetryEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one write road into the history: a bounded queue and the {@code gridscope-history-writer} thread, which
 * commits what is queued in batched transactions through the {@link SeriesRegistry} (series ids), the {@link
 * TierWriter} (raw chunks and rollups) and {@link EventRecords} (events).
 *
 * <p><b>Lifecycle.</b> Created by {@link HistoryStore#open} with the store's open, migrated write connection; the
 * thread starts in the constructor. {@link #close()} commits what is queued, stops the thread and closes the
 * connection. After close, {@link #append} drops (and counts).
 *
 * <p><b>Batching.</b> After the first queued snapshot the thread gathers for up to {@link
 * HistoryOptions#commitWindow()} (a flush, a task or closing ends the wait), then commits at most about {@link
 * HistoryStore#MAX_SAMPLES_PER_TRANSACTION} samples per transaction. Each commit rewrites the open chunk and rollup
 * rows of every series it touched, so a committed sample survives a process kill.
 *
 * <p><b>Failures.</b> A failing write (disk full, read-only file, I/O error) rolls its batch back; its samples and
 * events are counted as dropped, the cause is logged once and kept in {@link WriterStats#lastError()}, and the
 * cached series ids and open chunks are forgotten so nothing of the rolled-back transaction is reused. A connection
 * that cannot be rolled back is replaced through the store's opener. The thread keeps running; later batches
 * succeed once the cause is gone. A queue overflow drops new snapshots whole, counted the same way.
 *
 * <p><b>Other connections.</b> Readers (the store's, reports and the accounting on their own) never make a write
 * fail, however long they read. Other writers (retention, alert records, audit entries from other processes)
 * share the file: every batch begins {@code BEGIN IMMEDIATE}, taking the write lock before its first read (the
 * series lookups and the open chunks it reloads), so no other commit can slip in between a read and a write of the
 * batch ({@code SQLITE_BUSY_SNAPSHOT}, which no busy timeout waits out). A batch that finds the file busy for
 * longer than the busy timeout is rolled back and retried with a growing pause, never dropped.
 *
 * <p><b>Threading.</b> {@link #append}, {@link #flush}, {@link #onWriter} and {@link #stats} may be called from
 * any thread and never do I/O on the caller's thread. Everything else runs on the writer thread only. The writer
 * never deletes data (that is {@link HistoryMaintenance}) and never reads for callers (that is {@link
 * HistoryReader}).
 */
final class HistoryWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);
    private static final int MAX_GATHERED_ITEMS = 10_000;
    /** Pause before a batch that found the file busy is tried again; it doubles up to the longest below. */
    private static final long FIRST_RETRY_PAUSE_MILLIS = 20;
    /** Longest pause between two tries of a batch that finds the file busy. */
    private static final long MAX_RETRY_PAUSE_MILLIS = 1_000;

    /** Opens a fresh, migrated write connection to the store's file; used when the current one breaks. */
    @FunctionalInterface
    interface ConnectionOpener {
        Connection open() throws SQLException;
    }

    /**
     * Work the writer thread runs between batches, in order with the snapshots around it, on the write connection
     * in auto-commit mode: a task that writes opens and ends its own transaction (an audit entry does, with {@code
     * BEGIN IMMEDIATE}: see {@link io.gridscope.history.records.AuditRecords#append}).
     */
    @FunctionalInterface
    interface WriterTask {
        void run(Connection writeConnection) throws SQLException;
    }

    private record QueuedTask(WriterTask task, CompletableFuture<Void> done) {}

    private final Path file;
    private final HistoryOptions options;
    private final ConnectionOpener reopen;
    private final SeriesRegistry registry;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedItems = new AtomicLong();
    private final AtomicLong samplesWritten = new AtomicLong();
    private final AtomicLong samplesDropped = new AtomicLong();
    private final AtomicLong samplesRejected = new AtomicLong();
    private final AtomicLong eventsDropped = new AtomicLong();
    private final AtomicLong batchesCommitted = new AtomicLong();
    private volatile String lastError = "";
    private volatile boolean closing;
    /** Flushes, tasks and close marks queued and not yet taken: each ends the commit window at once. */
    private final AtomicInteger awaitedQueued = new AtomicInteger();

    private final Thread thread;
    /** Used by the writer thread only (and by close() after it stopped); replaced if it breaks, null while broken. */
    private Connection writeConnection;

    private TierWriter tiers;

    /**
     * Takes ownership of {@code writeConnection} (closed on failure here, or by {@link #close()}) and starts the
     * writer thread.
     *
     * @throws HistoryException when the write statements cannot be prepared
     */
    HistoryWriter(Path file, HistoryOptions options, Connection writeConnection, ConnectionOpener reopen) {
        this.file = file;
        this.options = options;
        this.reopen = reopen;
        this.registry = new SeriesRegistry(options.clock());
        this.writeConnection = writeConnection;
        try {
            this.tiers = newTierWriter(writeConnection);
        } catch (SQLException e) {
            closeQuietly(writeConnection);
            throw new HistoryException("cannot prepare writes to " + file + ": " + e.getMessage(), e);
        }
        this.thread =
                BackgroundPriority.daemonThreads("gridscope-history-writer").newThread(this::writeLoop);
        thread.start();
    }

    private TierWriter newTierWriter(Connection c) throws SQLException {
        return new TierWriter(
                c, options.chunkMaxSamples(), options.chunkMaxSpan().toMillis());
    }

    /** Queues a snapshot; returns at once. Dropped whole (and counted) when the queue is full or closed. */
    void append(Snapshot snapshot) {
        int samples = snapshot.samples().size();
        int events = snapshot.events().size();
        int n = samples + events;
        if (n == 0) {
            return;
        }
        if (closing || queuedItems.get() + n > options.maxQueuedSamples()) {
            samplesDropped.addAndGet(samples);
            eventsDropped.addAndGet(events);
            return;
        }
        queuedItems.addAndGet(n);
        queue.add(snapshot);
        if (fullBatchQueued()) {
            LockSupport.unpark(thread); // no need to sit out the window
        }
    }

    /** Whether a whole transaction's worth of samples, or of snapshots, is waiting in the queue. */
    private boolean fullBatchQueued() {
        return queuedItems.get() >= HistoryStore.MAX_SAMPLES_PER_TRANSACTION || queue.size() >= MAX_GATHERED_ITEMS;
    }

    /** Queues something a caller waits for, and wakes the writer from its commit window. */
    private void queueAwaited(Object item) {
        awaitedQueued.incrementAndGet();
        queue.add(item);
        LockSupport.unpark(thread);
    }

    /** Counts {@code item}, just taken off the queue (or null: nothing was there), as no longer waiting; returns it. */
    private Object taken(Object item) {
        if (item != null && awaited(item)) {
            awaitedQueued.decrementAndGet();
        }
        return item;
    }

    /** Completes when everything queued before this call is committed (or failed: see {@link #stats()}). */
    CompletableFuture<Void> flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!thread.isAlive()) {
            done.complete(null);
            return done;
        }
        queueAwaited(done);
        return done;
    }

    /** Runs {@code task} on the writer thread after what is queued now; completes exceptionally if it throws. */
    CompletableFuture<Void> onWriter(WriterTask task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queueAwaited(new QueuedTask(task, done));
        return done;
    }

    WriterStats stats() {
        return new WriterStats(
                samplesWritten.get(),
                samplesDropped.get(),
                batchesCommitted.get(),
                queuedItems.get(),
                lastError,
                samplesRejected.get(),
                eventsDropped.get());
    }

    private void writeLoop() {
        List<Object> batch = new ArrayList<>();
        while (true) {
            try {
                Object first = taken(queue.poll(HistoryStore.MAX_COMMIT_DELAY_MILLIS, TimeUnit.MILLISECONDS));
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
                registry.forget();
                if (writeConnection != null) {
                    tiers.forget();
                    rollbackQuietly();
                }
                batch.clear();
            }
        }
    }

    /**
     * Sleeps through {@link HistoryOptions#commitWindow()} while snapshots queue up (they do not wake this thread:
     * at 1 s collection and a 5 s window that is one wake-up a window instead of one a snapshot); a flush request, a
     * task (someone waits for each: an audit entry is committed at once), closing, or a full transaction's worth of
     * samples ends it early. What queued meanwhile is taken by {@link #drainBounded}.
     */
    private void gather(List<Object> batch) throws InterruptedException {
        if (awaited(batch.getLast())) {
            return;
        }
        long deadline = System.nanoTime() + options.commitWindow().toNanos();
        while (!closing && awaitedQueued.get() == 0 && !fullBatchQueued()) {
            long wait = deadline - System.nanoTime();
            if (wait <= 0) {
                return;
            }
            LockSupport.parkNanos(this, wait);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** Whether a caller waits for {@code item}: then gathering more would only delay it. */
    private static boolean awaited(Object item) {
        return item instanceof CompletableFuture<?> || item instanceof QueuedTask;
    }

    private void drainBounded(List<Object> batch) {
        long samples = batch.getFirst() instanceof Snapshot s ? s.samples().size() : 0;
        Object next;
        while (samples < HistoryStore.MAX_SAMPLES_PER_TRANSACTION && (next = taken(queue.poll())) != null) {
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
                reopenWriteConnection();
                if (writeConnection == null) {
                    throw new SQLException("no write connection: " + lastError);
                }
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
        long events = 0;
        for (Snapshot s : snapshots) {
            samples += s.samples().size();
            events += s.events().size();
        }
        try {
            long pause = FIRST_RETRY_PAUSE_MILLIS;
            while (true) {
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
                    return;
                } catch (SQLException e) {
                    forgetRolledBack();
                    if (isBusy(e)) {
                        // another connection holds the write lock: wait for it, never drop
                        String message = "history database " + file + " is busy (another connection writes);"
                                + " retrying, nothing is dropped: " + e.getMessage();
                        if (!message.equals(lastError)) {
                            log.warn(message);
                        }
                        lastError = message;
                        if (sleepBeforeRetry(pause)) {
                            pause = Math.min(pause * 2, MAX_RETRY_PAUSE_MILLIS);
                            continue;
                        }
                    }
                    samplesDropped.addAndGet(samples);
                    eventsDropped.addAndGet(events);
                    String message = describeWriteFailure(e);
                    if (!message.equals(lastError)) {
                        log.error(
                                "history write failed, {} samples and {} events dropped: {}", samples, events, message);
                    }
                    lastError = message;
                    return;
                }
            }
        } finally {
            queuedItems.addAndGet(-(samples + events));
        }
    }

    /** After a failed batch: rolls it back and forgets what the writer cached from it. */
    private void forgetRolledBack() {
        registry.forget(); // ids of a rolled-back transaction may not exist
        if (writeConnection != null) {
            tiers.forget(); // buffered chunks and buckets included rolled-back samples
            rollbackQuietly();
        }
    }

    /** Sleeps before a retry; false when the writer thread is interrupted (close gave up waiting for it). */
    private static boolean sleepBeforeRetry(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Whether a write failed only because another connection held the file ({@code SQLITE_BUSY} and its extended
     * codes such as {@code SQLITE_BUSY_SNAPSHOT}, or a lock): trying again later succeeds.
     */
    static boolean isBusy(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                for (SQLException x = s; x != null; x = x.getNextException()) {
                    if (HistoryReader.isLocked(x)
                            || String.valueOf(x.getMessage()).contains("SQLITE_LOCKED")) {
                        return true;
                    }
                }
            }
        }
        return false;
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
     * Ends the failed transaction, if one is still open: SQLite rolls some failures (SQLITE_FULL, I/O errors) back
     * by itself. As a last resort the write connection is replaced.
     */
    private void rollbackQuietly() {
        try {
            if (!writeConnection.getAutoCommit()) {
                writeConnection.rollback(); // a transaction begun through the driver (none of the writer's own)
                writeConnection.setAutoCommit(true);
            }
            try (Statement st = writeConnection.createStatement()) {
                st.execute("ROLLBACK");
            } catch (SQLException e) {
                if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            log.warn(
                    "rollback after a failed history write also failed ({}); reopening the write connection",
                    e.getMessage());
            reopenWriteConnection();
        }
    }

    /** Closes the tier writer's statements and the write connection, if there is one. */
    private void closeWriteConnection() {
        if (writeConnection == null) {
            return;
        }
        try {
            tiers.close();
        } catch (SQLException e) {
            log.debug("closing statements failed: {}", e.getMessage());
        }
        closeQuietly(writeConnection);
    }

    /** Replaces the write connection; on failure leaves it null so the next batch tries again. */
    private void reopenWriteConnection() {
        closeWriteConnection();
        writeConnection = null;
        try {
            Connection c = reopen.open();
            try {
                tiers = newTierWriter(c);
            } catch (SQLException e) {
                closeQuietly(c);
                throw e;
            }
            writeConnection = c;
        } catch (SQLException | RuntimeException e) {
            lastError = "cannot reopen " + file + " for writing: " + e.getMessage();
            log.error(lastError);
        }
    }

    /**
     * Writes one transaction; returns how many samples were rejected as out of order. Begins {@code IMMEDIATE}: the
     * write lock is taken (waiting through the busy timeout) before anything is read, so what the batch reads (series
     * ids, the open chunks and buckets it reloads) cannot be outdated by another connection's commit before the
     * batch writes. A deferred transaction that read first would fail with {@code SQLITE_BUSY_SNAPSHOT} then.
     */
    private long insert(List<Snapshot> snapshots) throws SQLException {
        Connection c = writeConnection;
        long rejected = 0;
        try (Statement tx = c.createStatement();
                PreparedStatement ev = EventRecords.prepareInsert(c)) {
            tx.execute("BEGIN IMMEDIATE");
            for (Snapshot s : snapshots) {
                for (Sample sample : s.samples()) {
                    long id = registry.idFor(c, sample.series(), s.collectorId());
                    boolean counter = sample.series().kind() == MetricKind.COUNTER;
                    if (!tiers.add(id, counter, sample.epochMillis(), sample.value())) {
                        rejected++;
                    }
                }
                for (TelemetryEvent e : s.events()) {
                    EventRecords.addInsert(ev, e);
                }
            }
            tiers.writeOpen();
            ev.executeBatch();
            tx.execute("COMMIT");
        }
        return rejected;
    }

    /** Commits what is queued (waiting up to 10 s), stops the thread and closes the write connection. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        // wakes a writer that gathers for its commit window: what it holds is committed now
        queueAwaited(new CompletableFuture<Void>());
        try {
            thread.join(10_000);
            if (thread.isAlive()) {
                log.warn("history writer did not finish within 10 s; closing anyway");
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeWriteConnection();
    }

    static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            log.warn("closing a history connection failed: {}", e.getMessage());
        }
    }
}
