package io.gridscope.console.fx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one road from background threads onto the JavaFX thread. Producers {@link #submit} from any thread without
 * blocking; the consumer receives items in order, in batches of at most {@code maxBatch}, on the FX executor.
 * At most one drain is pending at any time, and drains are at least {@code minIntervalNanos} apart (≤ 10 Hz by
 * default), so a burst of updates costs the FX thread one pulse, not thousands of {@code runLater}s.
 *
 * <p>Once {@link #close closed}, or once its timer or FX executor refuses work (the window is closing), it drops
 * what is pending and what is submitted later: producers on collector and I/O threads never see a closing
 * console's exceptions.
 *
 * <p>In tests, pass {@code Runnable::run} as the FX executor and no timer: drains then run synchronously.
 */
public final class FxBatcher<T> {
    private static final Logger log = LoggerFactory.getLogger(FxBatcher.class);

    public static final int DEFAULT_MAX_BATCH = 10_000;
    public static final long DEFAULT_MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Queue<T> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<List<T>> onFx;
    private final Executor fx;
    private final ScheduledExecutorService timer;
    private final LongSupplier nanoTime;
    private final int maxBatch;
    private final long minIntervalNanos;
    private volatile long lastDrainNanos;
    private volatile boolean closed;

    /**
     * @param fx    runs the drain on the FX thread ({@code Platform::runLater})
     * @param timer delays a drain to respect the minimum interval; null to drain immediately (tests)
     */
    public FxBatcher(Executor fx, ScheduledExecutorService timer, Consumer<List<T>> onFx) {
        this(fx, timer, System::nanoTime, onFx, DEFAULT_MAX_BATCH, DEFAULT_MIN_INTERVAL_NANOS);
    }

    public FxBatcher(
            Executor fx,
            ScheduledExecutorService timer,
            LongSupplier nanoTime,
            Consumer<List<T>> onFx,
            int maxBatch,
            long minIntervalNanos) {
        this.fx = Objects.requireNonNull(fx);
        this.timer = timer;
        this.nanoTime = nanoTime;
        this.onFx = Objects.requireNonNull(onFx);
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be ≥ 1");
        }
        this.maxBatch = maxBatch;
        this.minIntervalNanos = minIntervalNanos;
        this.lastDrainNanos = nanoTime.getAsLong() - minIntervalNanos;
    }

    /** Queues {@code item} for the FX thread; dropped once the batcher is closed. Never blocks, never throws. */
    public void submit(T item) {
        if (closed) {
            log.debug("update arrived after the console closed; dropped");
            return;
        }
        pending.add(item);
        scheduleDrain();
    }

    /** Queues {@code items} for the FX thread, in order; dropped once the batcher is closed. */
    public void submitAll(Collection<? extends T> items) {
        if (items.isEmpty()) {
            return;
        }
        if (closed) {
            log.debug("{} updates arrived after the console closed; dropped", items.size());
            return;
        }
        pending.addAll(items);
        scheduleDrain();
    }

    /** Drops what is pending and everything submitted from now on; a drain already on the FX queue delivers nothing. */
    public void close() {
        closed = true;
        pending.clear();
    }

    /** Whether this batcher drops what it is given: closed, or its timer or FX executor has refused work. */
    public boolean isClosed() {
        return closed;
    }

    /** Items waiting for the FX thread. */
    public int pendingCount() {
        return pending.size();
    }

    private void scheduleDrain() {
        if (!scheduled.compareAndSet(false, true)) {
            return;
        }
        long wait = lastDrainNanos + minIntervalNanos - nanoTime.getAsLong();
        try {
            if (timer == null || wait <= 0) {
                fx.execute(this::drain);
            } else {
                timer.schedule(this::drainOnFx, wait, TimeUnit.NANOSECONDS);
            }
        } catch (RejectedExecutionException e) {
            refused(e);
        }
    }

    private void drainOnFx() {
        try {
            fx.execute(this::drain);
        } catch (RejectedExecutionException e) {
            refused(e);
        }
    }

    /** The timer or the FX executor has shut down: the console is closing, and nothing more will be shown. */
    private void refused(RejectedExecutionException e) {
        log.debug("console is closing ({}); {} pending updates dropped", e.getMessage(), pending.size());
        close();
    }

    private void drain() {
        if (closed) {
            scheduled.set(false);
            pending.clear();
            return;
        }
        lastDrainNanos = nanoTime.getAsLong();
        List<T> batch = new ArrayList<>(Math.min(maxBatch, Math.max(16, pending.size())));
        for (T t; batch.size() < maxBatch && (t = pending.poll()) != null; ) {
            batch.add(t);
        }
        scheduled.set(false);
        long diagnosticsStart = FxDiagnostics.start();
        try {
            if (!batch.isEmpty()) {
                onFx.accept(batch);
            }
        } finally {
            FxDiagnostics.stop(FxDiagnostics.Kind.BATCH_DELIVERY, diagnosticsStart);
            if (!pending.isEmpty()) {
                scheduleDrain();
            }
        }
    }
}
