package io.gridscope.alerts.bench;

import io.gridscope.alerts.engine.AlertEngine;
import io.gridscope.alerts.engine.AlertState;
import io.gridscope.alerts.engine.Evaluation;
import io.gridscope.alerts.engine.RuleStatus;
import io.gridscope.alerts.engine.Transition;
import io.gridscope.alerts.rules.Rule;
import io.gridscope.alerts.rules.RuleFile;
import io.gridscope.alerts.rules.RuleSet;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Gridscope side of the alert evaluation benchmark, run by {@code bench/alerts/run.sh} next to a Prometheus
 * evaluating the same rules over the same data (not a test). Modes:
 *
 * <ul>
 *   <li>{@code checksum K}: the sum of the 10,000 values at second {@code K} of the walk ({@code gen.py checksum K}
 *       prints the same: both sides generate the same doubles).
 *   <li>{@code replay ALERTS_TOML CYCLES}: the same engine and data on simulated time, as fast as it goes, with a
 *       digest of every transition and alert value: a change to the engine that should not change its results
 *       must print the same digest before and after.
 *   <li>{@code run T0_MS ALERTS_TOML WARMUP_S MEASURE_S CSV}: the rules of the rules file (packs off) in one
 *       {@link AlertEngine}; every second {@code T0_MS + k * 1000} (on the wall clock, as a collector would) one
 *       snapshot of the 10,000 series at step {@code k} of the walk is accepted and drained into the engine's
 *       windows (ingest, timed on its own), then {@link AlertEngine#evaluate} runs (timed: {@link Evaluation#nanos()}
 *       and this thread's CPU time). Cycles of the first {@code WARMUP_S} seconds (JIT, windows filling) are not
 *       counted; the next {@code MEASURE_S} are (then 10 more run, not counted). Prints RESULT lines and writes
 *       one CSV line per cycle.
 * </ul>
 *
 * The data is generated in-process (the same walk as the exporter Prometheus scrapes, see {@code gen.py}), not
 * scraped: the figures are the engine's, without a collector. The engine drains its queue at the start of
 * {@code evaluate}; the harness calls that (private) drain just before, so that ingest and evaluation are timed
 * apart and the evaluation finds an empty queue.
 */
public final class AlertBench {
    static final int METRICS = 20;
    static final int GAUGES = 16;
    static final int PER_METRIC = 500;
    static final int SERIES = METRICS * PER_METRIC;

    /** The walk of {@code gen.py}: same constants, same order of operations. */
    static final class Walk {
        int k;
        final double[] x = new double[SERIES];
        final double[] c = new double[SERIES];

        Walk() {
            Arrays.fill(x, 50.0);
            for (int i = 0; i < SERIES; i++) {
                c[i] = 1000.0 * (i % 7);
            }
        }

        static double u(long i, long k) {
            long z = ((i << 32) | k) + 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
            return (z >>> 11) * 0x1.0p-53;
        }

        void advanceTo(int target) {
            int counterFrom = GAUGES * PER_METRIC;
            while (k < target) {
                k++;
                for (int i = 0; i < SERIES; i++) {
                    double v = x[i] + 0.05 * (50 - x[i]) + 6 * (u(i, k) - 0.5);
                    x[i] = v;
                    if (i >= counterFrom) {
                        c[i] = c[i] + Math.max(v, 0.0) / 10;
                    }
                }
            }
        }

        double value(int i) {
            return i < GAUGES * PER_METRIC ? x[i] : c[i];
        }
    }

    static String metricName(int m) {
        return m < GAUGES
                ? String.format(Locale.ROOT, "bench_gauge_%02d", m)
                : String.format(Locale.ROOT, "bench_counter_%02d_total", m - GAUGES);
    }

    static SeriesId[] seriesIds() {
        SeriesId[] ids = new SeriesId[SERIES];
        for (int i = 0; i < SERIES; i++) {
            int m = i / PER_METRIC;
            int j = i % PER_METRIC;
            Labels l = Labels.of("host", String.format(Locale.ROOT, "h%03d", j / 5), "gpu", Integer.toString(j % 5));
            ids[i] = m < GAUGES
                    ? SeriesId.gauge(metricName(m), Unit.NONE, l)
                    : SeriesId.counter(metricName(m), Unit.NONE, l);
        }
        return ids;
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "checksum" -> {
                Walk w = new Walk();
                w.advanceTo(Integer.parseInt(args[1]));
                double sum = 0;
                for (int i = 0; i < SERIES; i++) {
                    sum += w.value(i);
                }
                System.out.println(sum);
            }
            case "replay" -> replay(Path.of(args[1]), Integer.parseInt(args[2]));
            case "run" ->
                run(
                        Long.parseLong(args[1]),
                        Path.of(args[2]),
                        Integer.parseInt(args[3]),
                        Integer.parseInt(args[4]),
                        Path.of(args[5]));
            default ->
                throw new IllegalArgumentException(
                        "modes: checksum K | replay ALERTS_TOML CYCLES | run T0_MS ALERTS_TOML WARMUP_S MEASURE_S CSV");
        }
    }

    static AlertEngine engine(Path rulesFile) throws Exception {
        RuleSet parsed = RuleFile.parse(Files.readString(rulesFile), rulesFile);
        if (!parsed.problems().isEmpty()) {
            throw new IllegalStateException("rules file problems: " + parsed.problems());
        }
        List<Rule> rules = parsed.rules().stream().filter(r -> !r.builtIn()).toList();
        return new AlertEngine(new RuleSet(rules, Map.of(), Duration.ofMinutes(15), List.of(), Optional.empty()));
    }

    static void replay(Path rulesFile, int cycles) throws Exception {
        AlertEngine engine = engine(rulesFile);
        SeriesId[] ids = seriesIds();
        Walk walk = new Walk();
        long t0 = 1_800_000_000_000L;
        long digest = 17;
        int transitions = 0;
        long nanos = 0;
        for (int k = 0; k <= cycles; k++) {
            long at = t0 + k * 1000L;
            walk.advanceTo(k);
            List<Sample> samples = new ArrayList<>(SERIES);
            for (int i = 0; i < SERIES; i++) {
                samples.add(new Sample(ids[i], at, walk.value(i)));
            }
            engine.accept(new Snapshot("bench", at, samples, List.of()));
            Evaluation e = engine.evaluate(at);
            if (k > cycles / 2) {
                nanos += e.nanos();
            }
            // In each cycle the order of transitions and alerts is not part of the result: sorted first.
            List<String> lines = new ArrayList<>();
            for (Transition t : e.transitions()) {
                transitions++;
                lines.add(t.from() + ">" + t.alert());
            }
            for (var a : e.open()) {
                lines.add(a.toString());
            }
            for (RuleStatus r : e.rules()) {
                lines.add(r.toString());
            }
            lines.sort(null);
            for (String line : lines) {
                digest = digest * 31 + line.hashCode();
            }
        }
        System.out.printf(
                Locale.ROOT,
                "replay: %d cycles, %d transitions, digest %016x; evaluate mean %.2f ms (second" + " half)%n",
                cycles,
                transitions,
                digest,
                nanos / 1e6 / (cycles - cycles / 2));
    }

    static void run(long t0, Path rulesFile, int warmup, int measure, Path csv) throws Exception {
        AlertEngine engine = engine(rulesFile);
        Method drain = AlertEngine.class.getDeclaredMethod("drain");
        drain.setAccessible(true);
        System.out.printf(
                Locale.ROOT,
                "gridscope: %d rules, %d series, warm-up %d s, measured %d s%n",
                engine.rules().rules().size(),
                SERIES,
                warmup,
                measure);

        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SeriesId[] ids = seriesIds();
        Walk walk = new Walk();
        int cycles = warmup + measure + 10; // a few more, so the process outlives the Prometheus side's reads
        long[] evalWall = new long[measure];
        long[] evalCpu = new long[measure];
        long[] ingestWall = new long[measure];
        long[] ingestCpu = new long[measure];
        long[] evalAlloc = new long[measure];
        long gcBefore = 0;
        int late = 0;
        int fired = 0;
        int resolved = 0;
        Evaluation last = null;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
            out.println(
                    "k,epoch_ms,ingest_wall_ns,ingest_cpu_ns,eval_wall_ns,eval_cpu_ns,eval_alloc_bytes,open,transitions");
            for (int k = 0; k <= cycles; k++) {
                long at = t0 + k * 1000L;
                long sleep = at - System.currentTimeMillis();
                if (sleep > 0) {
                    Thread.sleep(sleep);
                } else if (sleep < -500) {
                    late++;
                }
                walk.advanceTo(k);
                List<Sample> samples = new ArrayList<>(SERIES);
                for (int i = 0; i < SERIES; i++) {
                    samples.add(new Sample(ids[i], at, walk.value(i)));
                }
                Snapshot snapshot = new Snapshot("bench", at, samples, List.of());

                long c0 = threads.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                engine.accept(snapshot);
                drain.invoke(engine);
                long w1 = System.nanoTime();
                long c1 = threads.getCurrentThreadCpuTime();
                long a1 = threads.getCurrentThreadAllocatedBytes();
                Evaluation e = engine.evaluate(at);
                long c2 = threads.getCurrentThreadCpuTime();
                long a2 = threads.getCurrentThreadAllocatedBytes();
                last = e;
                for (Transition t : e.transitions()) {
                    if (t.alert().state() == AlertState.FIRING && t.from() != AlertState.FIRING) {
                        fired++;
                    } else if (t.alert().state() == AlertState.RESOLVED) {
                        resolved++;
                    }
                }
                out.printf(
                        Locale.ROOT,
                        "%d,%d,%d,%d,%d,%d,%d,%d,%d%n",
                        k,
                        at,
                        w1 - w0,
                        c1 - c0,
                        e.nanos(),
                        c2 - c1,
                        a2 - a1,
                        e.open().size(),
                        e.transitions().size());
                if (k == warmup) {
                    gcBefore = gcMillis();
                    fired = 0;
                    late = 0;
                    resolved = 0;
                }
                if (k > warmup && k <= warmup + measure) {
                    int m = k - warmup - 1;
                    evalWall[m] = e.nanos();
                    evalCpu[m] = c2 - c1;
                    ingestWall[m] = w1 - w0;
                    ingestCpu[m] = c1 - c0;
                    evalAlloc[m] = a2 - a1;
                }
            }
        }
        long ok = last.rules().stream()
                .filter(r -> r.health() == RuleStatus.Health.OK)
                .count();
        long firing =
                last.open().stream().filter(a -> a.state() == AlertState.FIRING).count();
        long pending = last.open().stream()
                .filter(a -> a.state() == AlertState.PENDING)
                .count();
        System.out.printf(
                Locale.ROOT,
                "gridscope: at the end %d firing, %d pending; %d rules OK; during the measured cycles %d fired,"
                        + " %d resolved; %d measured cycles started over 0.5 s late; GC %d ms in the measured cycles%n",
                firing,
                pending,
                ok,
                fired,
                resolved,
                late,
                gcMillis() - gcBefore);
        System.out.println("RESULT gridscope evaluate wall ms " + stats(evalWall));
        System.out.println("RESULT gridscope evaluate cpu ms " + stats(evalCpu));
        System.out.println("RESULT gridscope ingest wall ms " + stats(ingestWall));
        System.out.println("RESULT gridscope ingest cpu ms " + stats(ingestCpu));
        System.out.printf(
                Locale.ROOT,
                "RESULT gridscope evaluate alloc MB mean %.1f%n",
                Arrays.stream(evalAlloc).average().orElse(0) / 1e6);
        System.out.println("RESULT gridscope open " + firing + " firing " + pending + " pending");
    }

    /** "mean X p50 Y p99 Z max W" in milliseconds. */
    static String stats(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(0);
        return String.format(
                Locale.ROOT,
                "mean %.2f p50 %.2f p99 %.2f max %.2f n %d",
                mean / 1e6,
                pct(s, 0.50) / 1e6,
                pct(s, 0.99) / 1e6,
                s[s.length - 1] / 1e6,
                s.length);
    }

    static double pct(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static long gcMillis() {
        long t = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, gc.getCollectionTime());
        }
        return t;
    }

    private AlertBench() {}
}
