package io.gridscope.console.fx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The one road from background threads onto the JavaFX thread. Producers {@link #submit} from any thread without
 * blocking; the consumer receives items in order, in batches of at most {@code maxBatch}, on the FX executor.
 * At most one drain is pending at any time, and drains are at least {@code minIntervalNanos} apart (≤ 10 Hz by
 * default), so a burst of updates costs the FX thread one pulse, not thousands of {@code runLater}s.
 *
 * <p>In tests, pass {@code Runnable::run} as the FX executor and no timer: drains then run synchronously.
 */
public final class FxBatcher<T> {
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

    public void submit(T item) {
        pending.add(item);
        scheduleDrain();
    }

    public void submitAll(Collection<? extends T> items) {
        if (items.isEmpty()) {
            return;
        }
        pending.addAll(items);
        scheduleDrain();
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
        if (timer == null || wait <= 0) {
            fx.execute(this::drain);
        } else {
            timer.schedule(() -> fx.execute(this::drain), wait, TimeUnit.NANOSECONDS);
        }
    }

    private void drain() {
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
