package io.gridscope.console.bench;

import io.gridscope.console.ui.shell.Page;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javafx.beans.value.ObservableValue;
import javafx.scene.Scene;
import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the FX thread's time goes in long pulses, from a JFR recording of the console bench
 * ({@code JFR=1 bench/console/run.sh}). {@link Recorder} marks every pulse's CSS + layout as a JFR event with the
 * page shown; {@code ConsoleBench jfr FILE [THRESHOLD_MS]} then takes the pulses longer than the threshold
 * (default 16 ms) and prints what the FX thread's execution samples inside them show: the pulse phase (CSS, layout,
 * chart redraw), the first Gridscope frame, the top frame, and the GC pauses that overlap them. Samples taken while
 * the thread is stopped for a GC or descheduled do not exist, so few samples in a long pulse point there.
 */
final class PulseProfile {
    static final String PULSE_EVENT = "io.gridscope.bench.Pulse";

    private PulseProfile() {}

    /** CSS + layout of one pulse of the console's scene. */
    @Name(PULSE_EVENT)
    @Label("Pulse CSS + layout")
    @Category("Gridscope")
    @StackTrace(false)
    static final class PulseEvent extends Event {
        @Label("Page")
        String page;
    }

    /**
     * Emits a {@link PulseEvent} for every pulse of a scene (cheap when no recording runs), and keeps the FX
     * thread's CPU time of each pulse's CSS + layout: unlike wall time, it does not grow when a loaded machine
     * deschedules the thread or a GC stops it.
     */
    static final class Recorder {
        private static final java.lang.management.ThreadMXBean THREADS =
                java.lang.management.ManagementFactory.getThreadMXBean();
        /** CPU nanoseconds of the pulses since the last {@link #takeCpuNanos()}; FX thread only. */
        private static long[] cpuNanos = new long[1_024];

        private static int cpuCount;

        private Recorder() {}

        /** The CPU times recorded since the last call, and forgets them. FX thread. */
        static long[] takeCpuNanos() {
            long[] out = java.util.Arrays.copyOf(cpuNanos, cpuCount);
            cpuCount = 0;
            return out;
        }

        /** The FX thread's CPU time so far, in nanoseconds. FX thread. */
        static long threadCpuNanos() {
            return THREADS.getCurrentThreadCpuTime();
        }

        /**
         * The CPU time so far of the thread that renders the scene (Prism's {@code QuantumRenderer}), in
         * nanoseconds; -1 when there is none. It rasterises what the pulses changed, charts' lines included, and
         * competes with the FX thread for the machine's CPUs.
         */
        static long renderThreadCpuNanos() {
            for (java.lang.management.ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                if (t != null && t.getThreadName().startsWith("QuantumRenderer")) {
                    return THREADS.getThreadCpuTime(t.getThreadId());
                }
            }
            return -1;
        }

        static void watch(Scene scene, ObservableValue<Page> page) throws Exception {
            ConsoleBench.fx(() -> {
                PulseEvent[] current = {null};
                long[] cpuStart = {0};
                StackSampler sampler = StackSampler.fromProperty(Thread.currentThread(), page);
                scene.addPreLayoutPulseListener(() -> {
                    PulseEvent e = new PulseEvent();
                    e.begin();
                    current[0] = e;
                    if (sampler != null) {
                        sampler.begin();
                    }
                    cpuStart[0] = THREADS.getCurrentThreadCpuTime();
                });
                scene.addPostLayoutPulseListener(() -> {
                    if (cpuCount == cpuNanos.length) {
                        cpuNanos = java.util.Arrays.copyOf(cpuNanos, cpuCount * 2);
                    }
                    long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart[0];
                    cpuNanos[cpuCount++] = cpu;
                    if (sampler != null) {
                        sampler.end(cpu);
                    }
                    PulseEvent e = current[0];
                    if (e != null) {
                        e.end();
                        if (e.shouldCommit()) {
                            e.page = page.getValue().name();
                            e.commit();
                        }
                        current[0] = null;
                    }
                });
                return null;
            });
        }
    }

    /**
     * Stacks of the FX thread in long pulses, without JFR: while a pulse has lasted over {@link #START_NANOS}, a
     * daemon thread takes the FX thread's stack every half millisecond; a pulse whose FX-thread CPU time exceeds the
     * threshold then prints its stacks to stdout, grouped (the most frequent first). Other pulses' samples are
     * dropped, and so are pulses outside a measured phase ({@link #armed}). On with
     * {@code -Dgridscope.bench.longPulseStacksMs=N} ({@code STACKS_MS=N bench/console/run.sh}).
     */
    static final class StackSampler {
        static final String PROPERTY = "gridscope.bench.longPulseStacksMs";
        static final long START_NANOS = 2_000_000;

        private final Thread fx;
        private final ObservableValue<Page> page;
        private final long thresholdNanos;
        private volatile long pulseStartNanos;
        /** Whether a measured phase runs: pulses outside (a page being built, settling) are not printed. */
        static volatile boolean armed;
        /** Guarded by this. */
        private final List<StackTraceElement[]> samples = new ArrayList<>();

        private StackSampler(Thread fx, ObservableValue<Page> page, long thresholdNanos) {
            this.fx = fx;
            this.page = page;
            this.thresholdNanos = thresholdNanos;
        }

        static StackSampler fromProperty(Thread fx, ObservableValue<Page> page) {
            String ms = System.getProperty(PROPERTY, "");
            if (ms.isBlank()) {
                return null;
            }
            StackSampler s = new StackSampler(fx, page, (long) (Double.parseDouble(ms) * 1e6));
            Thread t = new Thread(s::sample, "bench-fx-stack-sampler");
            t.setDaemon(true);
            t.start();
            System.out.printf(Locale.ROOT, "stacks of pulses over %s ms of FX-thread CPU will be printed%n", ms);
            return s;
        }

        void begin() {
            synchronized (this) {
                samples.clear();
            }
            pulseStartNanos = System.nanoTime();
        }

        private void sample() {
            while (true) {
                java.util.concurrent.locks.LockSupport.parkNanos(500_000);
                long start = pulseStartNanos;
                if (start != 0 && System.nanoTime() - start > START_NANOS) {
                    StackTraceElement[] stack = fx.getStackTrace();
                    synchronized (this) {
                        if (pulseStartNanos == start) {
                            samples.add(stack);
                        }
                    }
                }
            }
        }

        void end(long cpuNanos) {
            long start = pulseStartNanos;
            pulseStartNanos = 0;
            List<StackTraceElement[]> taken;
            synchronized (this) {
                if (cpuNanos < thresholdNanos || !armed) {
                    samples.clear();
                    return;
                }
                taken = new ArrayList<>(samples);
                samples.clear();
            }
            // grouped by their path from the pulse: the scene pass, then each frame of Gridscope, of a skin, of a
            // control or of ControlsFX, outermost first (one frame per method); the innermost frame is counted apart
            Map<String, Integer> paths = new HashMap<>();
            Map<String, Integer> tops = new HashMap<>();
            for (StackTraceElement[] st : taken) {
                if (st.length == 0) {
                    continue;
                }
                List<String> path = new ArrayList<>();
                String last = "";
                for (int i = st.length - 1; i >= 0; i--) {
                    String c = st[i].getClassName();
                    boolean keep = c.startsWith("io.gridscope.")
                            || c.startsWith("javafx.scene.control.")
                            || c.startsWith("org.controlsfx.")
                            || (c.equals("javafx.scene.Scene")
                                    && st[i].getMethodName().startsWith("do"));
                    String frame = c.substring(c.lastIndexOf('.') + 1) + "." + st[i].getMethodName();
                    if (keep && !frame.equals(last)) {
                        path.add(frame + ":" + st[i].getLineNumber());
                        last = frame;
                    }
                }
                paths.merge(String.join("\n                ", path), 1, Integer::sum);
                tops.merge(st[0].toString(), 1, Integer::sum);
            }
            System.out.printf(
                    Locale.ROOT,
                    "LONG PULSE on %s: %.2f ms FX-thread CPU, %.2f ms wall, %d stack samples after the first %d ms%n",
                    page.getValue(),
                    cpuNanos / 1e6,
                    (System.nanoTime() - start) / 1e6,
                    taken.size(),
                    START_NANOS / 1_000_000);
            print("  from the pulse", paths, taken.size(), 12);
            print("  innermost frames", tops, taken.size(), 10);
        }
    }

    record Span(Instant start, Instant end, String label) {
        boolean contains(Instant t) {
            return !t.isBefore(start) && !t.isAfter(end);
        }

        long overlapNanos(Span o) {
            Instant s = start.isAfter(o.start) ? start : o.start;
            Instant e = end.isBefore(o.end) ? end : o.end;
            return e.isAfter(s) ? java.time.Duration.between(s, e).toNanos() : 0;
        }

        long nanos() {
            return java.time.Duration.between(start, end).toNanos();
        }
    }

    record Sample(long threadId, Instant time, RecordedStackTrace stack) {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        double thresholdMs = args.length > 1 ? Double.parseDouble(args[1]) : 16;
        List<Span> pulses = new ArrayList<>();
        List<Span> gcPauses = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        long fxThreadId = -1; // the thread of the pulse events (its name depends on the glass platform)
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                String type = e.getEventType().getName();
                switch (type) {
                    case PULSE_EVENT -> {
                        pulses.add(new Span(e.getStartTime(), e.getEndTime(), e.getString("page")));
                        fxThreadId = e.getThread().getJavaThreadId();
                    }
                    case "jdk.GCPhasePause" -> gcPauses.add(new Span(e.getStartTime(), e.getEndTime(), "GC"));
                    case "jdk.ExecutionSample", "jdk.NativeMethodSample" -> {
                        var t = e.getThread("sampledThread");
                        if (t != null && e.getStackTrace() != null) {
                            samples.add(new Sample(t.getJavaThreadId(), e.getStartTime(), e.getStackTrace()));
                        }
                    }
                    default -> {}
                }
            }
        }
        long fxThread = fxThreadId;
        samples.removeIf(s -> s.threadId() != fxThread);
        pulses.sort(Comparator.comparing(Span::start));
        samples.sort(Comparator.comparing(Sample::time));
        long thresholdNanos = (long) (thresholdMs * 1e6);
        List<Span> longPulses =
                pulses.stream().filter(p -> p.nanos() > thresholdNanos).toList();
        System.out.printf(
                Locale.ROOT,
                "%s: %d pulses, %d longer than %.1f ms; %d FX-thread samples in all%n",
                file,
                pulses.size(),
                longPulses.size(),
                thresholdMs,
                samples.size());
        Map<String, Integer> perPage = new TreeMap<>();
        longPulses.forEach(p -> perPage.merge(p.label(), 1, Integer::sum));
        System.out.println("long pulses per page: " + perPage);

        long gcOverlapNanos = 0;
        long longNanos = 0;
        int withGc = 0;
        Map<String, Integer> phase = new HashMap<>();
        Map<String, Integer> gridscopeFrame = new HashMap<>();
        Map<String, Integer> topFrame = new HashMap<>();
        Map<String, Integer> stacks = new HashMap<>();
        Map<String, Integer> perPageFrame = new HashMap<>();
        int inLong = 0;
        for (Span p : longPulses) {
            longNanos += p.nanos();
            long overlap = gcPauses.stream().mapToLong(p::overlapNanos).sum();
            gcOverlapNanos += overlap;
            if (overlap > 0) {
                withGc++;
            }
            int count = 0;
            for (Sample s : samplesIn(samples, p)) {
                count++;
                inLong++;
                List<RecordedFrame> frames = s.stack().getFrames();
                phase.merge(phase(frames), 1, Integer::sum);
                topFrame.merge(frames.isEmpty() ? "?" : name(frames.get(0)), 1, Integer::sum);
                gridscopeFrame.merge(firstGridscope(frames), 1, Integer::sum);
                perPageFrame.merge(p.label() + " " + phase(frames) + " " + firstOwn(frames), 1, Integer::sum);
                stacks.merge(signature(frames), 1, Integer::sum);
            }
            System.out.printf(
                    Locale.ROOT,
                    "  pulse %s %-16s %6.1f ms: %3d samples, GC pauses inside %.1f ms%n",
                    p.start(),
                    p.label(),
                    p.nanos() / 1e6,
                    count,
                    overlap / 1e6);
        }
        System.out.printf(
                Locale.ROOT,
                "long pulses: %.1f ms in all, %d overlap a GC pause (%.1f ms of pauses); %d FX-thread samples in them%n",
                longNanos / 1e6,
                withGc,
                gcOverlapNanos / 1e6,
                inLong);
        print("phase of the samples in long pulses", phase, inLong, 10);
        print("first Gridscope frame", gridscopeFrame, inLong, 15);
        print("top frame", topFrame, inLong, 15);
        print("top 6 frames", stacks, inLong, 12);
        print("page, phase and first Gridscope or control frame", perPageFrame, inLong, 25);

        // the same breakdown over all pulses, for comparison
        Map<String, Integer> allPhase = new HashMap<>();
        Map<String, Integer> allGridscope = new HashMap<>();
        int inAll = 0;
        for (Span p : pulses) {
            for (Sample s : samplesIn(samples, p)) {
                inAll++;
                allPhase.merge(phase(s.stack().getFrames()), 1, Integer::sum);
                allGridscope.merge(firstGridscope(s.stack().getFrames()), 1, Integer::sum);
            }
        }
        print("phase of the samples in all pulses", allPhase, inAll, 10);
        print("first Gridscope frame, all pulses", allGridscope, inAll, 15);
    }

    private static List<Sample> samplesIn(List<Sample> sorted, Span p) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).time().isBefore(p.start())) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        List<Sample> out = new ArrayList<>();
        for (int i = lo; i < sorted.size() && p.contains(sorted.get(i).time()); i++) {
            out.add(sorted.get(i));
        }
        return out;
    }

    private static void print(String title, Map<String, Integer> counts, int total, int limit) {
        System.out.println(title + ":");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(limit)
                .forEach(en -> System.out.printf(
                        Locale.ROOT,
                        "  %5d  %5.1f%%  %s%n",
                        en.getValue(),
                        total == 0 ? 0 : 100.0 * en.getValue() / total,
                        en.getKey()));
    }

    /** CSS, layout, chart redraw (inside layout) or other, from the frames' methods (top frame first). */
    static String phase(List<RecordedFrame> frames) {
        boolean css = false;
        boolean layout = false;
        for (RecordedFrame f : frames) {
            String n = name(f);
            if (n.startsWith("io.gridscope.console.ui.chart.TimeSeriesChart.redraw")
                    || n.startsWith("io.gridscope.console.ui.chart.TimeSeriesChart.draw")) {
                return "chart redraw";
            }
            css |= n.equals("javafx.scene.Scene.doCSSPass");
            layout |= n.equals("javafx.scene.Scene.doLayoutPass");
        }
        return css ? "CSS" : layout ? "layout" : "other";
    }

    private static String firstGridscope(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String n = name(f);
            if (n.startsWith("io.gridscope.") && !n.startsWith("io.gridscope.console.bench.")) {
                return n;
            }
        }
        return "(none)";
    }

    /** The first Gridscope frame, else the first frame of a control, skin or cell: whose code the time is in. */
    private static String firstOwn(List<RecordedFrame> frames) {
        String g = firstGridscope(frames);
        if (!g.equals("(none)")) {
            return g;
        }
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith("javafx.scene.control.") || type.contains("Skin") || type.contains("VirtualFlow")) {
                return name(f);
            }
        }
        return "(none)";
    }

    private static String signature(List<RecordedFrame> frames) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(6, frames.size()); i++) {
            sb.append(i == 0 ? "" : " <- ").append(name(frames.get(i)));
        }
        return sb.toString();
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
