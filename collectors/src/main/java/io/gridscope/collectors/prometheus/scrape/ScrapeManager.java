package io.gridscope.collectors.prometheus.scrape;

import io.gridscope.collectors.scheduler.Backoff;
import io.gridscope.collectors.scheduler.SnapshotSink;
import io.gridscope.model.BackgroundPriority;
import io.gridscope.model.DurationText;
import io.gridscope.model.Labels;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes Prometheus exporters on their own schedules and feeds the results to {@link SnapshotSink}s.
 *
 * <p>Why not a {@code Collector} on the {@code CollectorScheduler}: that scheduler runs passes one after another on
 * one thread, so one slow exporter (up to its timeout) would delay every other source. Here a small timer thread
 * only dispatches; each scrape runs on its own (virtual) thread, and a target's next scrape is scheduled when its
 * previous one ends, so passes of one target never overlap and a failing target never delays another.
 *
 * <p>Every scrape yields a {@link Snapshot} with collector id {@code prometheus:<target id>}: the preset's samples
 * (on success) plus self-metrics labelled {@code target}: {@code gridscope_scrape_up} (1/0),
 * {@code gridscope_scrape_duration_seconds} and {@code gridscope_scrape_samples}. A payload is read as Prometheus'
 * scrape reads it: where it breaks a rule of its format that Prometheus does not enforce, it is ingested and the
 * target's status carries the warnings ({@link TargetStatus#warnings()}). A failed target is retried with
 * exponential backoff: interval × 2^(failures−1), capped at the larger of the interval and {@link #MAX_BACKOFF};
 * a 429 or 503 answer's {@code Retry-After} lengthens that wait to what the server asked, up to
 * {@link #MAX_RETRY_AFTER}. The status message ends with the wait ("; next try in 30 s").
 *
 * <p>Sinks and status listeners are called on the scrape's thread and must return quickly. Thread safety: all
 * public methods may be called from any thread.
 */
public final class ScrapeManager implements AutoCloseable {
    public static final String COLLECTOR_ID_PREFIX = "prometheus:";
    public static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    /** The longest wait a server's {@code Retry-After} can impose before the next scrape. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    public static final String UP_METRIC = "gridscope_scrape_up";
    public static final String DURATION_METRIC = "gridscope_scrape_duration_seconds";
    public static final String SAMPLES_METRIC = "gridscope_scrape_samples";

    private static final Logger log = LoggerFactory.getLogger(ScrapeManager.class);

    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final ExecutorService scrapes;
    private final boolean owned;
    private final List<SnapshotSink> sinks = new CopyOnWriteArrayList<>();
    private final List<Consumer<TargetStatus>> statusListeners = new CopyOnWriteArrayList<>();
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile boolean started;
    private volatile boolean closed;

    /** A manager with its own timer thread and a virtual thread per scrape. */
    public ScrapeManager(Clock clock) {
        this(
                clock,
                Executors.newSingleThreadScheduledExecutor(BackgroundPriority.daemonThreads("gridscope-scrape-timer")),
                Executors.newVirtualThreadPerTaskExecutor(),
                true);
    }

    /** A manager on caller-owned executors (left running by {@link #close}). */
    public ScrapeManager(Clock clock, ScheduledExecutorService timer, ExecutorService scrapes) {
        this(clock, timer, scrapes, false);
    }

    private ScrapeManager(Clock clock, ScheduledExecutorService timer, ExecutorService scrapes, boolean owned) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.scrapes = Objects.requireNonNull(scrapes, "scrapes");
        this.owned = owned;
    }

    public void addSink(SnapshotSink sink) {
        sinks.add(Objects.requireNonNull(sink));
    }

    public void addStatusListener(Consumer<TargetStatus> listener) {
        statusListeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Adds a target; it is first scraped at once if the manager is started.
     *
     * @throws ScrapeException (kind TLS) when the target's CA bundle cannot be used
     */
    public void add(ScrapeTarget target, ScrapePreset preset) throws ScrapeException {
        Entry e = new Entry(new Scraper(target, clock), preset);
        Entry old = entries.putIfAbsent(target.id(), e);
        if (old != null) {
            e.scraper.close();
            throw new IllegalArgumentException("a target with id '" + target.id() + "' already exists");
        }
        if (started) {
            e.schedule(0);
        }
    }

    /** Stops scraping a target; a scrape in flight finishes but its result is dropped. */
    public void remove(String targetId) {
        Entry e = entries.remove(targetId);
        if (e != null) {
            e.stop();
        }
    }

    /** Starts every target's schedule. Idempotent. */
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        entries.values().forEach(e -> e.schedule(0));
    }

    public List<TargetStatus> statuses() {
        List<TargetStatus> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            out.add(e.status);
        }
        out.sort((a, b) -> a.targetId().compareTo(b.targetId()));
        return out;
    }

    public Optional<TargetStatus> status(String targetId) {
        Entry e = entries.get(targetId);
        return e == null ? Optional.empty() : Optional.of(e.status);
    }

    /** Runs one scrape of a target on the calling thread, outside its schedule (a "scrape now" button; tests). */
    public TargetStatus scrapeNow(String targetId) {
        Entry e = entries.get(targetId);
        if (e == null) {
            throw new IllegalArgumentException("no target '" + targetId + "'");
        }
        e.pass();
        return e.status;
    }

    static Duration backoff(Duration interval, int failures) {
        return Backoff.delay(interval, failures, MAX_BACKOFF);
    }

    @Override
    public void close() {
        closed = true;
        for (String id : List.copyOf(entries.keySet())) {
            remove(id);
        }
        if (owned) {
            timer.shutdownNow();
            scrapes.shutdownNow();
        }
    }

    private final class Entry {
        final Scraper scraper;
        final ScrapePreset preset;
        final ScrapeTarget target;
        final Labels selfLabels;
        volatile TargetStatus status;
        volatile boolean stopped;
        final Object scheduleLock = new Object();
        ScheduledFuture<?> next;

        Entry(Scraper scraper, ScrapePreset preset) {
            this.scraper = scraper;
            this.preset = Objects.requireNonNull(preset, "preset");
            this.target = scraper.target();
            this.selfLabels = Labels.of("target", target.id(), "instance", target.instance());
            this.status = TargetStatus.unknown(target);
        }

        void schedule(long delayMillis) {
            synchronized (scheduleLock) {
                scheduleLocked(delayMillis);
            }
        }

        private void scheduleLocked(long delayMillis) {
            if (stopped || closed) {
                return;
            }
            try {
                next = timer.schedule(
                        () -> {
                            try {
                                scrapes.execute(this::scheduledPass);
                            } catch (RejectedExecutionException e) {
                                log.debug("scrape of {} not started: executor shut down", target.id());
                            }
                        },
                        delayMillis,
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                log.debug("scrape of {} not scheduled: timer shut down", target.id());
            }
        }

        void scheduledPass() {
            pass();
            schedule(Math.max(0, status.nextScrapeEpochMillis() - clock.millis()));
        }

        /** Does not wait for a scrape in flight: closing the client makes it fail, and its result is dropped. */
        void stop() {
            synchronized (scheduleLock) {
                stopped = true;
                if (next != null) {
                    next.cancel(false);
                }
            }
            scraper.close();
        }

        /** One guarded scrape: never throws, always leaves a status. */
        synchronized void pass() {
            if (stopped) {
                return;
            }
            long startMillis = clock.millis();
            long startNanos = System.nanoTime();
            List<Sample> samples = new ArrayList<>();
            TargetStatus newStatus;
            try {
                ScrapeResult result = scraper.scrape();
                samples.addAll(preset.map(target, result));
                newStatus = new TargetStatus(
                        target.id(),
                        target.url().toString(),
                        TargetStatus.Health.UP,
                        "",
                        Optional.empty(),
                        startMillis,
                        startMillis,
                        result.durationNanos(),
                        result.samples().size(),
                        0,
                        startMillis + target.interval().toMillis(),
                        result.warnings());
                if (!result.warnings().isEmpty() && !result.warnings().equals(status.warnings())) {
                    log.info("target {}: payload accepted with warnings: {}", target.id(), result.warnings());
                }
            } catch (ScrapeException e) {
                newStatus = failed(startMillis, System.nanoTime() - startNanos, e);
            } catch (RuntimeException e) {
                log.warn("scrape of {} failed unexpectedly", target.id(), e);
                newStatus = failed(
                        startMillis,
                        System.nanoTime() - startNanos,
                        new ScrapeException(ScrapeException.Kind.IO, "unexpected error: " + e, e));
            }
            if (stopped) {
                return;
            }
            samples.add(
                    new Sample(SeriesId.gauge(UP_METRIC, Unit.NONE, selfLabels), startMillis, newStatus.up() ? 1 : 0));
            samples.add(new Sample(
                    SeriesId.gauge(DURATION_METRIC, Unit.SECONDS, selfLabels),
                    startMillis,
                    newStatus.lastDurationNanos() / 1e9));
            if (newStatus.up()) {
                samples.add(new Sample(
                        SeriesId.gauge(SAMPLES_METRIC, Unit.NONE, selfLabels), startMillis, newStatus.sampleCount()));
            }
            status = newStatus;
            Snapshot snapshot = Snapshot.of(COLLECTOR_ID_PREFIX + target.id(), startMillis, samples);
            for (SnapshotSink sink : sinks) {
                try {
                    sink.accept(snapshot);
                } catch (RuntimeException e) {
                    log.warn("snapshot sink failed for target {}", target.id(), e);
                }
            }
            for (Consumer<TargetStatus> l : statusListeners) {
                try {
                    l.accept(newStatus);
                } catch (RuntimeException e) {
                    log.warn("status listener failed for target {}", target.id(), e);
                }
            }
        }

        private TargetStatus failed(long startMillis, long nanos, ScrapeException e) {
            int failures = status.consecutiveFailures() + 1;
            Duration wait = backoff(target.interval(), failures);
            long nextMillis = startMillis + wait.toMillis();
            String message = e.getMessage();
            if (e.retryAfter().isPresent()) {
                Duration asked = e.retryAfter().get();
                if (asked.compareTo(MAX_RETRY_AFTER) > 0) {
                    message += "; waiting " + DurationText.of(MAX_RETRY_AFTER) + " at most";
                    asked = MAX_RETRY_AFTER;
                }
                // counted from the answer, as the server meant it, not from the start of the scrape
                nextMillis = Math.max(nextMillis, clock.millis() + asked.toMillis());
                if (asked.compareTo(wait) > 0) {
                    wait = asked;
                }
            }
            message += "; next try in " + DurationText.of(wait);
            if (failures == 1) {
                log.info("target {} is down: {}", target.id(), message);
            }
            return new TargetStatus(
                    target.id(),
                    target.url().toString(),
                    TargetStatus.Health.DOWN,
                    message,
                    Optional.of(e.kind()),
                    startMillis,
                    status.lastSuccessEpochMillis(),
                    nanos,
                    0,
                    failures,
                    nextMillis);
        }
    }

    /** The targets currently configured. */
    public Collection<ScrapeTarget> targets() {
        return entries.values().stream().map(e -> e.target).toList();
    }
}
