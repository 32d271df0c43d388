package io.gridscope.console.fx;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;

/**
 * Opt-in timing of the work the console puts on the FX thread, for benchmarks and diagnosis. Started with
 * {@code -Dgridscope.diagnostics.fxPulse=true}, it records the duration of every {@link FxBatcher} delivery, every
 * chart redraw and the CSS + layout part of every pulse of the window's scene, and prints a summary per kind (count,
 * p99, max) to stderr when the JVM exits. Off by default: {@link #start()} and {@link #stop} then cost one
 * static-final check and record nothing.
 *
 * <p>Durations are in nanoseconds, from {@link System#nanoTime()}: wall time on the FX thread, so a GC pause or
 * the thread being descheduled inside a task counts against it. Percentiles are the upper bound of their bucket in
 * a histogram of 50 µs buckets up to 250 ms; a percentile beyond 250 ms is reported as the maximum. The maximum and
 * the count are exact.
 *
 * <p>Thread safety: recording and reading may happen on any thread; each kind is guarded by its own lock.
 */
public final class FxDiagnostics {
    /** System property that turns recording on. */
    public static final String PROPERTY = "gridscope.diagnostics.fxPulse";

    /** What was timed. */
    public enum Kind {
        /** One {@link FxBatcher} batch handed to its consumer on the FX thread. */
        BATCH_DELIVERY("FxBatcher delivery"),
        /** One chart redraw: decimation and canvas commands. */
        CHART_REDRAW("chart redraw"),
        /** CSS and layout of one pulse of the window's scene (chart redraws happen inside it). */
        LAYOUT_PULSE("pulse CSS + layout");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Count, 99th percentile (upper bound of its 50 µs bucket) and maximum of one kind, in nanoseconds. */
    public record Stats(long count, long p99Nanos, long maxNanos) {}

    static final long BUCKET_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    static final int BUCKETS = 5_000; // 250 ms; the last bucket also holds anything longer

    private static final FxDiagnostics GLOBAL = Boolean.getBoolean(PROPERTY) ? createGlobal() : null;

    private final Map<Kind, Histogram> histograms = new EnumMap<>(Kind.class);

    FxDiagnostics() {
        for (Kind k : Kind.values()) {
            histograms.put(k, new Histogram());
        }
    }

    private static FxDiagnostics createGlobal() {
        FxDiagnostics d = new FxDiagnostics();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> System.err.print(d.summary()), "gridscope-fx-diagnostics-summary"));
        return d;
    }

    /** The process-wide recorder, present only when {@link #PROPERTY} is true. */
    public static Optional<FxDiagnostics> global() {
        return Optional.ofNullable(GLOBAL);
    }

    /** A start time for {@link #stop}; 0 when recording is off. */
    public static long start() {
        return GLOBAL == null ? 0 : System.nanoTime();
    }

    /** Records the time since {@code startNanos} (from {@link #start()}) under {@code kind}, when recording is on. */
    public static void stop(Kind kind, long startNanos) {
        if (GLOBAL != null) {
            GLOBAL.record(kind, System.nanoTime() - startNanos);
        }
    }

    /** Records an already measured duration, when recording is on. */
    public static void recordIfEnabled(Kind kind, long nanos) {
        if (GLOBAL != null) {
            GLOBAL.record(kind, nanos);
        }
    }

    /** Times the CSS and layout of every pulse of {@code scene}, when recording is on. FX thread. */
    public static void watchPulses(Scene scene) {
        if (GLOBAL == null) {
            return;
        }
        long[] pulseStart = {0};
        scene.addPreLayoutPulseListener(() -> pulseStart[0] = System.nanoTime());
        scene.addPostLayoutPulseListener(() -> GLOBAL.record(Kind.LAYOUT_PULSE, System.nanoTime() - pulseStart[0]));
    }

    void record(Kind kind, long nanos) {
        histograms.get(kind).add(Math.max(0, nanos));
    }

    public Stats stats(Kind kind) {
        return histograms.get(kind).stats();
    }

    /** Forgets everything recorded so far (e.g. between the phases of a benchmark). */
    public void reset() {
        histograms.values().forEach(Histogram::reset);
    }

    /** One line per kind: "gridscope: fx KIND count=N p99=X ms max=Y ms". */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (Kind k : Kind.values()) {
            Stats s = stats(k);
            sb.append(String.format(
                    Locale.ROOT,
                    "gridscope: fx %-20s count=%d p99=%.2f ms max=%.2f ms%n",
                    k.label(),
                    s.count(),
                    s.p99Nanos() / 1e6,
                    s.maxNanos() / 1e6));
        }
        return sb.toString();
    }

    private static final class Histogram {
        private final long[] buckets = new long[BUCKETS];
        private long count;
        private long max;

        synchronized void add(long nanos) {
            buckets[(int) Math.min(BUCKETS - 1, nanos / BUCKET_NANOS)]++;
            count++;
            max = Math.max(max, nanos);
        }

        synchronized Stats stats() {
            if (count == 0) {
                return new Stats(0, 0, 0);
            }
            long rank = (long) Math.ceil(count * 0.99);
            long seen = 0;
            for (int i = 0; i < BUCKETS; i++) {
                seen += buckets[i];
                if (seen >= rank) {
                    // in the overflow bucket all that is known is "at most the maximum"
                    return new Stats(count, i == BUCKETS - 1 ? max : Math.min(max, (i + 1) * BUCKET_NANOS), max);
                }
            }
            return new Stats(count, max, max);
        }

        synchronized void reset() {
            java.util.Arrays.fill(buckets, 0);
            count = 0;
            max = 0;
        }
    }
}
