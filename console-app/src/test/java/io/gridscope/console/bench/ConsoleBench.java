package io.gridscope.console.bench;

import io.gridscope.collectors.host.HostIdentity;
import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.LiveBackend;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.fx.FxDiagnostics;
import io.gridscope.console.ui.GridscopeApp;
import io.gridscope.console.ui.chart.ChartLine;
import io.gridscope.console.ui.chart.ChartViewModel;
import io.gridscope.console.ui.chart.PointBuffer;
import io.gridscope.console.ui.chart.TimeSeriesChart;
import io.gridscope.console.ui.shell.TimeRange;
import io.gridscope.history.HistoryOptions;
import io.gridscope.history.HistoryStore;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleUnaryOperator;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.paint.Color;
import javafx.stage.Stage;

/**
 * Console benchmarks, run by {@code bench/console/run.sh} (not a test). Modes:
 * <ul>
 *   <li>{@code seed DATA_DIR HOURS SERIES}: {@code HOURS} of 1 s history for {@code SERIES} series that the console
 *       charts, written through {@link HistoryStore} with the {@code host} label the console uses
 *       ({@link HostIdentity#detect()}), ending now. See {@link #consoleSeries}.
 *   <li>{@code ui DATA_DIR HOME LIVE_SECONDS SWITCHES CHART_POINTS [PAGE_SECONDS [PAGES]]}: the real console ({@link GridscopeApp} on a
 *       {@link LiveBackend} over {@code DATA_DIR}) in a real JavaFX runtime, on the Network &amp; Storage page with
 *       the 24 h range, then: (1) FX-thread work while live updates run for {@code LIVE_SECONDS}; (2) time from
 *       switching the range to 30 days to all 8 charts of the page drawn with their history, {@code SWITCHES} times;
 *       (3) one chart of {@code CHART_POINTS} raw points: redraw plus render (a snapshot of the chart node).
 *       (1b) with {@code PAGE_SECONDS} &gt; 0, the main pages ({@code PAGES}, comma-separated {@code Page} names or
 *       {@code all}) one after the other with live updates, the pulses of each (see {@link PagePulses}).
 *       A phase given 0 is skipped. Needs {@code -Dgridscope.diagnostics.fxPulse=true}.
 *   <li>{@code jfr RECORDING [THRESHOLD_MS]}: where the FX thread spent the long pulses of a recording
 *       ({@link PulseProfile}).
 * </ul>
 * Figures are printed as {@code RESULT} lines.
 */
public final class ConsoleBench {
    /** The GPUs of collectors/src/test/resources/fake-nvml/three-gpus.scenario come first: live and seeded agree. */
    static final List<String> GPU_UUIDS = List.of(
            "GPU-5a1c2d3e-0000-4000-8000-000000000000",
            "GPU-6b2d3e4f-1111-4111-8111-111111111111",
            "GPU-7c3e4f50-2222-4222-8222-222222222222");
    /** The fake NVML's second GPU is in MIG mode: NVML reports no utilisation there, so none is seeded. */
    private static final String MIG_MODE_GPU = GPU_UUIDS.get(1);

    private static final long SETTLE_TIMEOUT_MS = 120_000;

    private ConsoleBench() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "seed" -> seed(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "ui" ->
                ui(
                        Path.of(args[1]),
                        Path.of(args[2]),
                        Integer.parseInt(args[3]),
                        Integer.parseInt(args[4]),
                        Integer.parseInt(args[5]),
                        args.length > 6 ? Integer.parseInt(args[6]) : 0,
                        args.length > 7 ? PagePulses.parsePages(args[7]) : PagePulses.DEFAULT_PAGES);
            case "jfr" -> PulseProfile.main(Arrays.copyOfRange(args, 1, args.length));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    // ------------------------------------------------------------------ seed

    /** One seeded series and how its next value is made. */
    record Seeded(SeriesId id, DoubleUnaryOperator next) {}

    /**
     * {@code count} series the console's pages chart, all labelled {@code host=host}, in this order until
     * {@code count} is reached: CPU total and per core (up to 32 cores), memory used and total; per interface
     * (eth0, eth1, ens5, ifb0) receive/transmit bytes and errors per second; per disk (vda, vdb, nvme0n1, nvme1n1)
     * read/write bytes and operations per second; then per GPU (the fake NVML's three, then more) utilisation,
     * memory used, power, temperature, SM clock, fan, memory utilisation and energy (no utilisation for the MIG-mode
     * GPU, as NVML reports none). Values move as the
     * collectors' do (quantised like them: whole percent, MiB, whole degrees, rounded ratios).
     */
    static List<Seeded> consoleSeries(String host, int count) {
        SplittableRandom r = new SplittableRandom(7);
        List<Seeded> out = new ArrayList<>();
        Labels h = Labels.of("host", host);
        out.add(walk(
                SeriesId.gauge("host_cpu_utilization_ratio", Unit.RATIO, h.with("cpu", "total")),
                r,
                0.3,
                0.02,
                0,
                1,
                0.001));
        for (int c = 0; c < 32; c++) {
            out.add(walk(
                    SeriesId.gauge("host_cpu_utilization_ratio", Unit.RATIO, h.with("cpu", Integer.toString(c))),
                    r,
                    0.3,
                    0.08,
                    0,
                    1,
                    0.001));
        }
        out.add(walk(SeriesId.gauge("host_memory_used_bytes", Unit.BYTES, h), r, 20e9, 4096 * 200, 1e9, 60e9, 4096));
        out.add(walk(SeriesId.gauge("host_memory_total_bytes", Unit.BYTES, h), r, 64e9, 0, 64e9, 64e9, 1));
        for (String nic : List.of("eth0", "eth1", "ens5", "ifb0")) {
            Labels l = h.with("interface", nic);
            out.add(walk(
                    SeriesId.gauge("host_network_receive_bytes_per_second", Unit.BYTES_PER_SECOND, l),
                    r,
                    2e6,
                    2e5,
                    0,
                    1.25e9,
                    1));
            out.add(walk(
                    SeriesId.gauge("host_network_transmit_bytes_per_second", Unit.BYTES_PER_SECOND, l),
                    r,
                    5e5,
                    5e4,
                    0,
                    1.25e9,
                    1));
            out.add(walk(
                    SeriesId.gauge("host_network_receive_errors_per_second", Unit.PER_SECOND, l), r, 0, 0.3, 0, 5, 1));
            out.add(walk(
                    SeriesId.gauge("host_network_transmit_errors_per_second", Unit.PER_SECOND, l), r, 0, 0.3, 0, 5, 1));
        }
        for (String disk : List.of("vda", "vdb", "nvme0n1", "nvme1n1")) {
            Labels l = h.with("disk", disk);
            out.add(walk(
                    SeriesId.gauge("host_disk_read_bytes_per_second", Unit.BYTES_PER_SECOND, l),
                    r,
                    4e6,
                    5e5,
                    0,
                    3e9,
                    4096));
            out.add(walk(
                    SeriesId.gauge("host_disk_write_bytes_per_second", Unit.BYTES_PER_SECOND, l),
                    r,
                    8e6,
                    1e6,
                    0,
                    3e9,
                    4096));
            out.add(walk(SeriesId.gauge("host_disk_reads_per_second", Unit.PER_SECOND, l), r, 200, 20, 0, 1e6, 1));
            out.add(walk(SeriesId.gauge("host_disk_writes_per_second", Unit.PER_SECOND, l), r, 400, 40, 0, 1e6, 1));
        }
        for (int g = 0; out.size() < count; g++) {
            String uuid = g < GPU_UUIDS.size()
                    ? GPU_UUIDS.get(g)
                    : String.format(Locale.ROOT, "GPU-%08x-0000-4000-8000-%012d", 0x10000000 + g, g);
            Labels l = h.with("gpu_uuid", uuid);
            List<Seeded> gpu = List.of(
                    walk(SeriesId.gauge("gpu_utilization_ratio", Unit.RATIO, l), r, 0.7, 0.05, 0, 1, 0.01),
                    walk(SeriesId.gauge("gpu_memory_used_bytes", Unit.BYTES, l), r, 30e9, 50e6, 1e9, 80e9, 1 << 20),
                    walk(SeriesId.gauge("gpu_power_watts", Unit.WATTS, l), r, 400, 8, 60, 700, 0.001),
                    walk(SeriesId.gauge("gpu_temperature_celsius", Unit.CELSIUS, l), r, 60, 0.5, 30, 90, 1),
                    walk(
                            SeriesId.gauge("gpu_clock_hertz", Unit.HERTZ, l.with("clock", "sm")),
                            r,
                            1.8e9,
                            15e6,
                            2.1e8,
                            1.98e9,
                            1e6),
                    walk(SeriesId.gauge("gpu_fan_ratio", Unit.RATIO, l), r, 0.3, 0.01, 0, 1, 0.01),
                    walk(SeriesId.gauge("gpu_memory_utilization_ratio", Unit.RATIO, l), r, 0.4, 0.05, 0, 1, 0.01),
                    counter(SeriesId.counter("gpu_energy_joules_total", Unit.JOULES, l), r, 400));
            for (Seeded s : gpu) {
                boolean unsupported =
                        uuid.equals(MIG_MODE_GPU) && s.id().metric().endsWith("utilization_ratio");
                if (out.size() < count && !unsupported) {
                    out.add(s);
                }
            }
        }
        return List.copyOf(out.subList(0, count));
    }

    /** A clamped random walk, rounded to {@code quantum} as the collectors round their readings. */
    private static Seeded walk(
            SeriesId id, SplittableRandom r, double start, double step, double min, double max, double quantum) {
        double[] v = {start};
        return new Seeded(id, t -> {
            v[0] = Math.clamp(v[0] + r.nextGaussian() * step, min, max);
            return Math.round(v[0] / quantum) * quantum;
        });
    }

    private static Seeded counter(SeriesId id, SplittableRandom r, double perSecond) {
        double[] v = {1e6};
        return new Seeded(
                id, t -> v[0] += Math.max(0, Math.round((perSecond + r.nextGaussian() * 20) * 1000) / 1000.0));
    }

    static void seed(Path dataDir, int hours, int count) throws Exception {
        Files.createDirectories(dataDir);
        String host = HostIdentity.detect().hostname();
        List<Seeded> series = consoleSeries(host, count);
        long end = System.currentTimeMillis() / 1000 * 1000;
        int passes = hours * 3600;
        long start = end - passes * 1000L;
        HistoryOptions options =
                HistoryOptions.defaults().withMaintenanceInterval(Duration.ZERO).withMaxQueuedSamples(20_000_000);
        long t0 = System.nanoTime();
        SplittableRandom jitter = new SplittableRandom(11);
        try (HistoryStore store = HistoryStore.open(dataDir, options)) {
            for (int i = 0; i < passes; i++) {
                long t = start + 1000L * i + jitter.nextInt(4); // a scheduler's few ms of jitter
                List<Sample> samples = new ArrayList<>(series.size());
                for (Seeded s : series) {
                    samples.add(new Sample(s.id(), t, s.next().applyAsDouble(t)));
                }
                store.append(Snapshot.of("bench-seed", t, samples));
                if (i % 3600 == 3599) {
                    store.flush().get(10, TimeUnit.MINUTES); // keeps the writer's queue bounded
                }
            }
            store.flush().get(10, TimeUnit.MINUTES);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "seeded %d series x %d h at 1 s (%,d samples) for host=%s in %.1f s (%s)%n",
                series.size(),
                hours,
                (long) passes * series.size(),
                host,
                seconds,
                dataDir.resolve(HistoryStore.FILE_NAME));
    }

    // ------------------------------------------------------------------ ui

    static void ui(
            Path dataDir,
            Path home,
            int liveSeconds,
            int switches,
            int chartPoints,
            int pageSeconds,
            List<io.gridscope.console.ui.shell.Page> pages)
            throws Exception {
        FxDiagnostics diag = FxDiagnostics.global()
                .orElseThrow(() -> new IllegalStateException("run with -D" + FxDiagnostics.PROPERTY + "=true"));
        writeFakeNvmlScenario();
        AppPaths paths = AppPaths.resolve(Map.of(), home, Optional.of(dataDir));
        UiSettings settings = UiSettings.empty();
        settings.put("page", "NETWORK_STORAGE");
        settings.put("range", TimeRange.live(Duration.ofHours(24)).encode());
        GridscopeApp app = new GridscopeApp(() -> new LiveBackend(paths, Clock.systemUTC()), settings);
        CountDownLatch started = new CountDownLatch(1);
        Stage[] stage = new Stage[1];
        // the pipeline, GTK and region-cache choices the console makes before its toolkit starts
        io.gridscope.console.app.RenderingPipeline.choose().forEach(System.out::println);
        // and the JVM's own deferred-work threads at the background priority, as the console's launcher sets them
        System.out.println("JVM threads at the background priority: "
                + io.gridscope.model.BackgroundPriority.lowerJvmServiceThreads());
        Platform.startup(() -> {
            stage[0] = new Stage();
            app.start(stage[0]);
            started.countDown();
        });
        if (!started.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the console window did not open in 60 s");
        }
        try {
            System.out.printf(
                    Locale.ROOT,
                    "javafx: %s (runtime %s)%n",
                    System.getProperty("javafx.version"),
                    System.getProperty("javafx.runtime.version"));
            List<ChartViewModel> pageCharts = app.viewModel().networkStorageCharts();
            List<TimeSeriesChart> charts = fx(() -> pageCharts.stream()
                    .map(c -> (TimeSeriesChart)
                            stage[0].getScene().lookup("#" + c.spec().id()))
                    .toList());
            if (charts.contains(null) || charts.size() != 8) {
                throw new IllegalStateException("the Network & Storage page does not show its 8 charts: " + charts);
            }
            long settleStart = System.currentTimeMillis();
            waitUntil(
                    "24 h of history on the Network & Storage charts",
                    () -> fxUnchecked(() -> allHaveHistory(
                            pageCharts, settleStart - Duration.ofHours(1).toMillis())));
            System.out.printf(
                    Locale.ROOT,
                    "history shown %d ms after the window opened%n",
                    System.currentTimeMillis() - settleStart);
            PulseProfile.Recorder.watch(
                    stage[0].getScene(), app.viewModel().shell().pageProperty());
            if (liveSeconds > 0) {
                livePulses(diag, liveSeconds, pageCharts);
            }
            if (switches > 0) {
                rangeSwitches(app, pageCharts, charts, switches);
            }
            if (pageSeconds > 0) {
                PagePulses.run(diag, app.viewModel().shell(), stage[0].getScene(), pages, pageSeconds);
            }
        } finally {
            fx(() -> {
                stage[0].close();
                return null;
            });
        }
        if (chartPoints > 0) {
            bigChart(stage, chartPoints);
        }
        Platform.exit();
        app.controller().close();
    }

    /** The fake NVML lists processes by PID: put this JVM's in, as the GPU page test does. */
    private static void writeFakeNvmlScenario() throws Exception {
        String template = System.getProperty("gridscope.bench.fakeNvmlScenario", "");
        String target = System.getenv("FAKE_NVML_SCENARIO");
        if (template.isEmpty() || target == null) {
            return;
        }
        Files.writeString(
                Path.of(target),
                Files.readString(Path.of(template))
                        .replace("@PID@", Long.toString(ProcessHandle.current().pid())));
    }

    /** Every chart has a line with a point older than {@code beforeMillis}: history, not live samples. */
    private static boolean allHaveHistory(List<ChartViewModel> charts, long beforeMillis) {
        return charts.stream().allMatch(c -> hasHistory(c, beforeMillis));
    }

    private static boolean hasHistory(ChartViewModel c, long beforeMillis) {
        for (ChartViewModel.Line l : c.lines()) {
            PointBuffer p = l.data().points();
            if (!p.isEmpty() && p.time(0) < beforeMillis) {
                return true;
            }
        }
        return false;
    }

    /**
     * (1) While live samples flow: every FxBatcher delivery, chart redraw and pulse's CSS + layout (FxDiagnostics),
     * and the gap between consecutive pulses, with an AnimationTimer requesting one every frame. A gap covers
     * everything the FX thread did in between (deliveries, layout, waiting for the previous frame's rendering, GC).
     */
    private static void livePulses(FxDiagnostics diag, int seconds, List<ChartViewModel> pageCharts) throws Exception {
        // warm-up: the JIT compiles the draw and delivery paths
        Thread.sleep(5_000);
        long[] gaps = new long[seconds * 200 + 1_000];
        int[] n = {0};
        long[] last = {0};
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long t = System.nanoTime();
                if (last[0] != 0 && n[0] < gaps.length) {
                    gaps[n[0]++] = t - last[0];
                }
                last[0] = t;
            }
        };
        GcPauses gc = new GcPauses();
        long livePointsBefore = fx(() -> pointCount(pageCharts));
        long threadCpuBefore = fx(() -> {
            diag.reset();
            PulseProfile.Recorder.takeCpuNanos();
            PulseProfile.StackSampler.armed = true;
            timer.start();
            return PulseProfile.Recorder.threadCpuNanos();
        });
        long renderCpuBefore = PulseProfile.Recorder.renderThreadCpuNanos();
        Thread.sleep(seconds * 1_000L);
        long[][] cpu = fx(() -> {
            timer.stop();
            PulseProfile.StackSampler.armed = false;
            return new long[][] {
                PulseProfile.Recorder.takeCpuNanos(), {PulseProfile.Recorder.threadCpuNanos() - threadCpuBefore}
            };
        });
        long renderCpu = PulseProfile.Recorder.renderThreadCpuNanos() - renderCpuBefore;
        long livePointsAfter = fx(() -> pointCount(pageCharts));
        gc.close();
        long[] g = Arrays.copyOf(gaps, n[0]);
        System.out.printf(
                Locale.ROOT,
                "live phase: %d s on the Network & Storage page, 24 h range; %d points added "
                        + "to its charts by live samples; system load average %.2f at the end%n",
                seconds,
                livePointsAfter - livePointsBefore,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());
        for (FxDiagnostics.Kind k : FxDiagnostics.Kind.values()) {
            FxDiagnostics.Stats s = diag.stats(k);
            System.out.printf(
                    Locale.ROOT,
                    "RESULT live %-20s max %7.2f ms  p99 %6.2f ms  count %d%n",
                    k.label(),
                    s.maxNanos() / 1e6,
                    s.p99Nanos() / 1e6,
                    s.count());
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT live %-20s max %7.2f ms  p99 %6.2f ms  count %d (%d over 20 ms; " + "a frame is 16.7 ms)%n",
                "pulse-to-pulse gap",
                max(g) / 1e6,
                percentile(g, 0.99) / 1e6,
                g.length,
                Arrays.stream(g).filter(x -> x > 20_000_000).count());
        System.out.printf(
                Locale.ROOT,
                "RESULT live %-20s max %7.2f ms  p99 %6.2f ms | FX thread CPU %.0f ms/s | render thread CPU %.0f ms/s%n",
                "pulse CPU time",
                max(cpu[0]) / 1e6,
                percentile(cpu[0], 0.99) / 1e6,
                cpu[1][0] / 1e6 / seconds,
                renderCpu / 1e6 / seconds);
        System.out.println("GC during the live phase (any thread, stops the FX thread too): " + gc.summary());
    }

    /**
     * Pauses of every collector while open, from the JVM's GC notifications; and the share of the machine's CPU time
     * the hypervisor gave to other guests meanwhile ({@code steal} in {@code /proc/stat}): on a shared virtual machine
     * a pulse's wall time includes time its CPU was taken away.
     */
    static final class GcPauses implements AutoCloseable {
        private final long[] cpuTicksAtOpen = cpuTicks();
        private final List<Long> pausesMillis = java.util.Collections.synchronizedList(new ArrayList<>());
        private final javax.management.NotificationListener listener = (n, h) -> {
            if (n.getType()
                    .equals(com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                        (javax.management.openmbean.CompositeData) n.getUserData());
                pausesMillis.add(info.getGcInfo().getDuration());
            }
        };

        GcPauses() {
            for (var b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                ((javax.management.NotificationEmitter) b).addNotificationListener(listener, null, null);
            }
        }

        String summary() {
            long[] now = cpuTicks();
            String stolen = now == null || cpuTicksAtOpen == null || now[0] == cpuTicksAtOpen[0]
                    ? "CPU stolen by the hypervisor: n/a"
                    : String.format(
                            Locale.ROOT,
                            "CPU stolen by the hypervisor: %.1f %% of the machine's time",
                            100.0 * (now[1] - cpuTicksAtOpen[1]) / (now[0] - cpuTicksAtOpen[0]));
            synchronized (pausesMillis) {
                return String.format(
                        Locale.ROOT,
                        "%d collections, %d ms in all, longest %d ms; %s",
                        pausesMillis.size(),
                        pausesMillis.stream().mapToLong(Long::longValue).sum(),
                        pausesMillis.stream().mapToLong(Long::longValue).max().orElse(0),
                        stolen);
            }
        }

        /** All CPUs' ticks in all and stolen ones, from the first line of /proc/stat; null where it cannot be read. */
        private static long[] cpuTicks() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat"))
                        .getFirst()
                        .trim()
                        .split("\\s+");
                long total = 0;
                for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                    total += Long.parseLong(f[i]);
                }
                return new long[] {total, f.length > 8 ? Long.parseLong(f[8]) : 0};
            } catch (java.io.IOException | RuntimeException e) {
                System.out.println("  /proc/stat not read: " + e);
                return null;
            }
        }

        @Override
        public void close() throws Exception {
            for (var b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                ((javax.management.NotificationEmitter) b).removeNotificationListener(listener);
            }
        }
    }

    private static long pointCount(List<ChartViewModel> charts) {
        long n = 0;
        for (ChartViewModel c : charts) {
            for (ChartViewModel.Line l : c.lines()) {
                n += l.data().points().size();
            }
        }
        return n;
    }

    /**
     * (2) From setting the range to 30 days (on the FX thread, as the range bar does) until each of the page's 8
     * charts has finished a redraw that includes history (a point older than 2 h: live samples cannot be). Between
     * runs the range goes back to 24 h and settles.
     */
    private static void rangeSwitches(
            GridscopeApp app, List<ChartViewModel> pageCharts, List<TimeSeriesChart> charts, int runs)
            throws Exception {
        TimeRange day = TimeRange.live(Duration.ofHours(24));
        TimeRange month = TimeRange.live(Duration.ofDays(30));
        long[] totals = new long[runs];
        for (int run = 0; run < runs; run++) {
            if (run > 0) {
                fx(() -> {
                    app.viewModel().shell().rangeProperty().set(day);
                    return null;
                });
                long since = System.currentTimeMillis();
                waitUntil(
                        "24 h range back on the charts",
                        () -> fxUnchecked(() -> allHaveHistory(
                                pageCharts, since - Duration.ofHours(2).toMillis())));
                Thread.sleep(1_000);
            }
            long[] doneAt = new long[charts.size()];
            CompletableFuture<Long> all = new CompletableFuture<>();
            long[] t0 = {0};
            long wallBefore = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
            fx(() -> {
                for (int i = 0; i < charts.size(); i++) {
                    int ci = i;
                    charts.get(i).drawCountProperty().addListener(new javafx.beans.value.ChangeListener<Number>() {
                        @Override
                        public void changed(
                                javafx.beans.value.ObservableValue<? extends Number> o, Number a, Number b) {
                            if (hasHistory(pageCharts.get(ci), wallBefore)
                                    && app.viewModel()
                                            .shell()
                                            .rangeProperty()
                                            .get()
                                            .equals(month)) {
                                doneAt[ci] = System.nanoTime();
                                o.removeListener(this);
                                if (Arrays.stream(doneAt).allMatch(x -> x != 0)) {
                                    all.complete(Arrays.stream(doneAt).max().orElseThrow() - t0[0]);
                                }
                            }
                        }
                    });
                }
                t0[0] = System.nanoTime();
                app.viewModel().shell().rangeProperty().set(month);
                return null;
            });
            totals[run] = all.get(SETTLE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            int lines =
                    fx(() -> pageCharts.stream().mapToInt(c -> c.lines().size()).sum());
            long points = fx(() -> pointCount(pageCharts));
            System.out.printf(
                    Locale.ROOT,
                    "  switch %d: %.1f ms (%d lines, %d points on the page)%n",
                    run + 1,
                    totals[run] / 1e6,
                    lines,
                    points);
        }
        long[] sorted = totals.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "RESULT range 24 h -> 30 d, 8 charts drawn with history: first %.1f ms, "
                        + "median %.1f ms, max %.1f ms (%d runs)%n",
                totals[0] / 1e6,
                sorted[runs / 2] / 1e6,
                sorted[runs - 1] / 1e6,
                runs);
    }

    /**
     * (3) One chart of {@code points} raw points (1 s apart), 1000 x 360 px in its own window: each run marks it
     * changed and takes a snapshot of the chart node, which lays it out (decimation + canvas commands) and renders
     * it into an image, waiting for the render thread (reading the pixels back is included: an upper bound of an
     * on-screen frame). 3 warm-up runs, then 15.
     */
    private static void bigChart(Stage[] owner, int points) throws Exception {
        TimeSeriesChart chart = fx(() -> {
            TimeSeriesChart c = new TimeSeriesChart("CPU utilisation", "%");
            ChartLine line = c.addLine("cpu", Color.web("#2f6fdb"), 100);
            SplittableRandom r = new SplittableRandom(3);
            double v = 0.5;
            for (int i = 0; i < points; i++) {
                v = Math.clamp(v + r.nextGaussian() * 0.02, 0, 1);
                line.points().append(i * 1_000L, v);
            }
            c.setRange(0, points * 1_000L);
            Stage s = new Stage();
            s.setScene(new Scene(c, 1_000, 360));
            s.show();
            owner[0] = s;
            return c;
        });
        Thread.sleep(500);
        int warm = 3;
        int runs = 15;
        javafx.scene.image.WritableImage image = new javafx.scene.image.WritableImage(1_000, 360);
        long[] total = new long[runs];
        long[] draw = new long[runs];
        for (int i = 0; i < warm + runs; i++) {
            int run = i - warm;
            long[] r = fx(() -> {
                long t0 = System.nanoTime();
                chart.dataChanged();
                chart.snapshot(null, image);
                return new long[] {
                    System.nanoTime() - t0, chart.lastDrawNanosProperty().get()
                };
            });
            if (run >= 0) {
                total[run] = r[0];
                draw[run] = r[1];
            }
        }
        fx(() -> {
            owner[0].close();
            return null;
        });
        Arrays.sort(total);
        Arrays.sort(draw);
        System.out.printf(
                Locale.ROOT,
                "RESULT chart of %,d points, redraw + render (node snapshot): median %.1f ms, "
                        + "max %.1f ms, min %.1f ms (%d runs); of which decimation + canvas commands: median %.1f ms%n",
                points,
                total[runs / 2] / 1e6,
                total[runs - 1] / 1e6,
                total[0] / 1e6,
                runs,
                draw[runs / 2] / 1e6);
    }

    // ------------------------------------------------------------------ helpers

    static long max(long[] a) {
        return Arrays.stream(a).max().orElse(0);
    }

    static long percentile(long[] a, double q) {
        if (a.length == 0) {
            return 0;
        }
        long[] s = a.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.ceil(s.length * q) - 1)];
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SETTLE_TIMEOUT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    static <T> T fx(java.util.concurrent.Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }

    private static boolean fxUnchecked(java.util.concurrent.Callable<Boolean> c) {
        try {
            return fx(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
