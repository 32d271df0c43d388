package io.gridscope.collectors.scheduler;

import io.gridscope.collectors.Collector;
import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.CollectorUnavailableException;
import io.gridscope.model.BackgroundPriority;
import io.gridscope.model.DurationText;
import io.gridscope.model.Labels;
import io.gridscope.model.PassTimestamps;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs collectors off the UI thread on a fixed cadence and hands each pass's {@link Snapshot} to the sinks.
 *
 * <p>Every pass is guarded: an exception becomes a FAILED status with its message, never a dead scheduled task
 * (a task that throws under {@code scheduleAtFixedRate} is silently never run again). A collector that is
 * UNAVAILABLE or FAILED is retried with exponential backoff, from its interval up to {@link #MAX_BACKOFF}.
 *
 * <p>A pass stamps its samples with its tick on the collector's regular grid when it started within 1 % of the
 * interval (at most 10 ms) of it, and with its real start otherwise ({@link PassTimestamps}).
 *
 * <p>Each pass also yields a self-metric, {@code gridscope_collector_pass_duration_seconds{collector=...}}, so the
 * collectors' own cost is visible in the same history as everything else.
 *
 * <p>Thread safety: {@link #register}, {@link #start}, {@link #statuses} and {@link #close} may be called from any
 * thread. A collector's passes never overlap each other.
 */
public final class CollectorScheduler implements AutoCloseable {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    public static final String PASS_DURATION_METRIC = "gridscope_collector_pass_duration_seconds";

    private static final Logger log = LoggerFactory.getLogger(CollectorScheduler.class);

    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    private final List<SnapshotSink> sinks = new CopyOnWriteArrayList<>();
    private final List<Consumer<CollectorStatus>> statusListeners = new CopyOnWriteArrayList<>();
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** The collectors of each interval (ms), run one after another by one scheduled task. */
    private final Map<Long, List<Entry>> groups = new ConcurrentHashMap<>();

    private final List<ScheduledFuture<?>> futures = new CopyOnWriteArrayList<>();
    private volatile boolean started;
    private volatile boolean closed;

    /** A scheduler with its own daemon thread named {@code gridscope-collect}. */
    public CollectorScheduler(Clock clock) {
        this(
                clock,
                Executors.newSingleThreadScheduledExecutor(BackgroundPriority.daemonThreads("gridscope-collect")),
                true);
    }

    /** A scheduler on a caller-owned executor (tests pass one they control); {@link #close} leaves it running. */
    public CollectorScheduler(Clock clock, ScheduledExecutorService executor) {
        this(clock, executor, false);
    }

    private CollectorScheduler(Clock clock, ScheduledExecutorService executor, boolean ownsExecutor) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.ownsExecutor = ownsExecutor;
    }

    public void addSink(SnapshotSink sink) {
        sinks.add(Objects.requireNonNull(sink));
    }

    /** Called with every status change and after every pass; on the scheduler's thread. */
    public void addStatusListener(Consumer<CollectorStatus> listener) {
        statusListeners.add(Objects.requireNonNull(listener));
        entries.values().forEach(e -> listener.accept(e.status));
    }

    public void register(Collector collector) {
        register(collector, DEFAULT_INTERVAL);
    }

    public void register(Collector collector, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        Entry entry = new Entry(collector, interval);
        if (entries.putIfAbsent(collector.id(), entry) != null) {
            throw new IllegalArgumentException("a collector with id '" + collector.id() + "' is already registered");
        }
        publish(entry, entry.status);
        if (started) {
            schedule(entry);
        }
    }

    /** Starts every registered collector; the first pass runs at once. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("scheduler is closed");
        }
        if (started) {
            return;
        }
        started = true;
        Map<Long, List<Entry>> byPeriod = new TreeMap<>();
        for (Entry e : entries.values()) {
            e.scheduled = true;
            byPeriod.computeIfAbsent(e.interval.toMillis(), k -> new ArrayList<>())
                    .add(e);
        }
        byPeriod.forEach((period, group) -> scheduleGroup(period, group));
    }

    /**
     * A collector registered after the start: its first pass runs at once, then it runs with the collectors of
     * the same interval, or on its own.
     */
    private synchronized void schedule(Entry entry) {
        if (entry.scheduled || closed) {
            return; // start() took it already
        }
        entry.scheduled = true;
        long periodMillis = entry.interval.toMillis();
        List<Entry> group = groups.get(periodMillis);
        if (group == null) {
            scheduleGroup(periodMillis, List.of(entry));
            return;
        }
        group.add(entry);
        executor.execute(() -> runGuarded(entry));
    }

    /**
     * Collectors of one interval run as one task: one wake-up of the thread per interval for all of them, not one
     * each (a wake-up costs a few hundred microseconds of CPU on a small VM, as much as a cheap collector's pass).
     */
    private void scheduleGroup(long periodMillis, List<Entry> members) {
        List<Entry> group = new CopyOnWriteArrayList<>(members);
        groups.put(periodMillis, group);
        futures.add(executor.scheduleAtFixedRate(
                () -> group.forEach(this::runGuarded), 0, periodMillis, TimeUnit.MILLISECONDS));
    }

    /** Runs one pass of the named collector now, on the calling thread, honouring backoff. For tests and the CLI. */
    public void runPass(String collectorId) {
        Entry entry = entries.get(collectorId);
        if (entry == null) {
            throw new IllegalArgumentException("no collector '" + collectorId + "'");
        }
        runGuarded(entry);
    }

    public Collection<CollectorStatus> statuses() {
        List<CollectorStatus> out = new ArrayList<>();
        entries.values().forEach(e -> out.add(e.status));
        out.sort((a, b) -> a.collectorId().compareTo(b.collectorId()));
        return out;
    }

    private void runGuarded(Entry entry) {
        // Never let anything escape: an exception would cancel the fixed-rate task for good.
        try {
            synchronized (entry) {
                if (closed) {
                    return;
                }
                long now = clock.millis();
                if (now < entry.nextAttemptMillis) {
                    return;
                }
                runPass(entry, now);
            }
        } catch (Throwable t) {
            log.error("scheduler bookkeeping failed for collector {}", entry.collector.id(), t);
        }
    }

    private void runPass(Entry entry, long now) {
        Collector c = entry.collector;
        long t0 = System.nanoTime();
        // the samples' time: the pass's tick when it started within the tolerance of it (see PassTimestamps)
        long stamp = entry.stamps.stamp(now);
        Snapshot snapshot;
        try {
            snapshot = c.collect(stamp);
        } catch (CollectorUnavailableException e) {
            fail(entry, now, System.nanoTime() - t0, CollectorState.UNAVAILABLE, e.getMessage());
            return;
        } catch (RuntimeException | LinkageError e) {
            String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            if (entry.consecutiveFailures == 0) {
                log.warn("collector {} failed", c.id(), e);
            }
            fail(entry, now, System.nanoTime() - t0, CollectorState.FAILED, message);
            return;
        }
        long passNanos = System.nanoTime() - t0;
        if (entry.consecutiveFailures > 0) {
            log.info("collector {} recovered after {} failed passes", c.id(), entry.consecutiveFailures);
        }
        entry.consecutiveFailures = 0;
        entry.nextAttemptMillis = 0;
        List<Sample> samples = new ArrayList<>(snapshot.samples().size() + 1);
        samples.addAll(snapshot.samples());
        samples.add(new Sample(entry.passDurationSeries, stamp, passNanos / 1e9));
        Snapshot delivered = new Snapshot(snapshot.collectorId(), snapshot.epochMillis(), samples, snapshot.events());
        publish(
                entry,
                new CollectorStatus(
                        c.id(),
                        c.displayName(),
                        CollectorState.OK,
                        "",
                        now,
                        passNanos,
                        snapshot.samples().size(),
                        0));
        for (SnapshotSink sink : sinks) {
            try {
                sink.accept(delivered);
            } catch (RuntimeException e) {
                log.error("snapshot sink {} failed on a snapshot from {}", sink, c.id(), e);
            }
        }
    }

    private void fail(Entry entry, long now, long passNanos, CollectorState state, String message) {
        entry.consecutiveFailures++;
        long backoff = backoffMillis(entry.interval, entry.consecutiveFailures);
        entry.nextAttemptMillis = now + backoff;
        CollectorStatus prev = entry.status;
        if (prev.state() != state || !prev.message().equals(message)) {
            log.warn(
                    "collector {} is {}: {} (retrying in {})",
                    entry.collector.id(),
                    state,
                    message,
                    DurationText.ofMillis(backoff));
        }
        publish(
                entry,
                new CollectorStatus(
                        entry.collector.id(),
                        entry.collector.displayName(),
                        state,
                        message == null ? "" : message,
                        prev.lastSuccessEpochMillis(),
                        passNanos,
                        prev.lastSampleCount(),
                        entry.consecutiveFailures));
    }

    /** interval × 2^(failures−1), capped at {@link #MAX_BACKOFF} (but never below the interval itself). */
    static long backoffMillis(Duration interval, int consecutiveFailures) {
        return Backoff.delay(interval, Math.max(1, consecutiveFailures), MAX_BACKOFF)
                .toMillis();
    }

    private void publish(Entry entry, CollectorStatus status) {
        entry.status = status;
        for (Consumer<CollectorStatus> l : statusListeners) {
            try {
                l.accept(status);
            } catch (RuntimeException e) {
                log.error("status listener failed", e);
            }
        }
    }

    /** Stops scheduling, closes every collector and reports each as STOPPED. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        futures.forEach(f -> f.cancel(false));
        if (ownsExecutor) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                    log.warn("a collector pass did not finish within 5 s of shutdown");
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        for (Entry e : entries.values()) {
            synchronized (e) {
                try {
                    e.collector.close();
                } catch (Exception ex) {
                    log.warn("closing collector {} failed", e.collector.id(), ex);
                }
                publish(
                        e,
                        new CollectorStatus(
                                e.collector.id(),
                                e.collector.displayName(),
                                CollectorState.STOPPED,
                                "",
                                e.status.lastSuccessEpochMillis(),
                                e.status.lastPassNanos(),
                                e.status.lastSampleCount(),
                                0));
            }
        }
    }

    private static final class Entry {
        final Collector collector;
        final Duration interval;
        final SeriesId passDurationSeries;
        volatile CollectorStatus status;
        int consecutiveFailures;
        long nextAttemptMillis;
        /** Given to a group's task; guarded by the scheduler. */
        boolean scheduled;

        final PassTimestamps stamps;

        Entry(Collector collector, Duration interval) {
            this.collector = collector;
            this.interval = interval;
            this.stamps = new PassTimestamps(interval);
            this.passDurationSeries =
                    SeriesId.gauge(PASS_DURATION_METRIC, Unit.SECONDS, Labels.of("collector", collector.id()));
            this.status = CollectorStatus.starting(collector.id(), collector.displayName());
        }
    }
}
