package io.gridscope.console.bench;

import io.gridscope.collectors.prometheus.query.PromQueryClient;
import io.gridscope.collectors.prometheus.query.PrometheusServerSource;
import io.gridscope.collectors.prometheus.scrape.Credentials;
import io.gridscope.console.app.fleet.PrometheusUsageSource;
import io.gridscope.history.HistoryOptions;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.HistoryStore;
import io.gridscope.history.RetentionRun;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.IntensityLookup;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.accounting.ReportRow;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.AccountingFile;
import io.gridscope.reports.usage.HistoryUsageSource;
import io.gridscope.reports.usage.UsageSource;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The accounting report benchmark, run by {@code bench/report/run.sh} (not a test). Modes:
 *
 * <ul>
 *   <li>{@code prepare DIR END_MS DAYS}: {@code DAYS} days before {@code END_MS} of 16 GPUs on 4 hosts at 1 s, into a
 *       local history ({@code DIR/local}) and as OpenMetrics ({@code DIR/dcgm.om}) for {@code promtool}. Both hold,
 *       per GPU and second, the same energy counter (dcgm-exporter's mJ; the history's joules = mJ ÷ 1000) and
 *       utilisation (percent; the history's ratio = percent ÷ 100). The history also holds, per host and second, CPU
 *       utilisation and installed memory, and once per GPU its model ({@code gpu_info}) and per host its core count,
 *       as the collectors store them; Prometheus holds the two GPU series only.
 *   <li>{@code local DIR END_MS DAYS CONFIG}: the report by GPU over those days on the local history, engine only
 *       (in-process): a warm-up, then 3 timed runs.
 *   <li>{@code fleet URL END_MS DAYS CONFIG}: the same report from the Prometheus server at {@code URL} through
 *       {@link PrometheusUsageSource} (the fleet path): a warm-up, then 3 timed runs.
 * </ul>
 *
 * The workload: each GPU runs jobs of about 30 minutes (busy 85–95 % at 550–700 W, idle 0–2 % at 60–80 W, power
 * with milliwatt noise); each GPU's energy counter restarts once (a driver reload) on day {@code 3 + g mod 7}.
 * Seeded, deterministic.
 */
public final class ReportBench {
    static final int HOSTS = 4;
    static final int GPUS_PER_HOST = 4;
    static final String MODEL = "NVIDIA H100 80GB HBM3";

    private ReportBench() {}

    public static void main(String[] args) throws Exception {
        long end = Long.parseLong(args[2]);
        int days = Integer.parseInt(args[3]);
        switch (args[0]) {
            case "prepare" -> prepare(Path.of(args[1]), end, days);
            case "local" -> {
                Clock clock = Clock.fixed(Instant.ofEpochMilli(end), ZoneOffset.UTC);
                try (HistoryReader reader = HistoryReader.open(
                        Path.of(args[1]).resolve("local"),
                        HistoryOptions.defaults().withClock(clock))) {
                    time(
                            "local history (engine only)",
                            () -> new HistoryUsageSource(reader),
                            Path.of(args[4]),
                            end,
                            days);
                }
            }
            case "fleet" -> {
                PrometheusServerSource s = PrometheusServerSource.of(
                                "bench", java.net.URI.create(args[1]), Credentials.none())
                        .withTimeout(Duration.ofMinutes(2));
                try (PromQueryClient client = new PromQueryClient(s)) {
                    time(
                            "Prometheus fleet path (engine + PromQL)",
                            () -> new PrometheusUsageSource(client, Duration.ofMinutes(30)),
                            Path.of(args[4]),
                            end,
                            days);
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    static String uuid(int g) {
        return String.format(Locale.ROOT, "GPU-%02d6f1c-4b2a-9d3e-1a2b-3c4d5e6f%04d", g, g);
    }

    static String host(int g) {
        return "node-" + g / GPUS_PER_HOST;
    }

    private static void prepare(Path dir, long end, int days) throws Exception {
        long start = end - days * 86_400_000L;
        int gpus = HOSTS * GPUS_PER_HOST;
        HistoryOptions options = HistoryOptions.defaults()
                .withClock(Clock.fixed(Instant.ofEpochMilli(end), ZoneOffset.UTC))
                .withMaintenanceInterval(Duration.ZERO)
                .withMaxQueuedSamples(4_000_000);
        SeriesId[] energy = new SeriesId[gpus];
        SeriesId[] util = new SeriesId[gpus];
        String[] omEnergy = new String[gpus];
        String[] omUtil = new String[gpus];
        SplittableRandom[] random = new SplittableRandom[gpus];
        boolean[] busy = new boolean[gpus];
        long[] mj = new long[gpus];
        long[] reload = new long[gpus];
        for (int g = 0; g < gpus; g++) {
            Labels l = Labels.of("host", host(g), "gpu_uuid", uuid(g));
            energy[g] = SeriesId.counter(HistoryUsageSource.GPU_ENERGY, Unit.JOULES, l);
            util[g] = SeriesId.gauge(HistoryUsageSource.GPU_UTILIZATION, Unit.RATIO, l);
            String labels = "{Hostname=\"" + host(g) + "\",UUID=\"" + uuid(g) + "\",gpu=\"" + g % GPUS_PER_HOST
                    + "\",modelName=\"" + MODEL + "\"} ";
            omEnergy[g] = PrometheusUsageSource.DCGM_ENERGY + labels;
            omUtil[g] = PrometheusUsageSource.DCGM_UTIL + labels;
            random[g] = new SplittableRandom(1000 + g);
            busy[g] = g % 3 != 0;
            mj[g] = 3_000_000_000L + g * 7_654_321L;
            reload[g] = start + (3 + g % 7) * 86_400_000L + 12 * 3_600_000L + g * 1000L;
        }
        SeriesId[] cpu = new SeriesId[HOSTS];
        SeriesId[] memory = new SeriesId[HOSTS];
        List<Sample> once = new ArrayList<>();
        for (int h = 0; h < HOSTS; h++) {
            Labels l = Labels.of("host", "node-" + h);
            cpu[h] = SeriesId.gauge(HistoryUsageSource.HOST_CPU, Unit.RATIO, l.with("cpu", "total"));
            memory[h] = SeriesId.gauge(HistoryUsageSource.HOST_MEMORY_TOTAL, Unit.BYTES, l);
            once.add(new Sample(SeriesId.gauge(HistoryUsageSource.HOST_CORES, Unit.NONE, l), start, 128));
        }
        for (int g = 0; g < gpus; g++) {
            once.add(new Sample(
                    SeriesId.gauge(
                            HistoryUsageSource.GPU_INFO,
                            Unit.NONE,
                            Labels.of("host", host(g), "gpu_uuid", uuid(g), "gpu_name", MODEL)),
                    start,
                    1));
        }
        SplittableRandom hostNoise = new SplittableRandom(99);
        long written = 0;
        long omLines = 0;
        long t0 = System.nanoTime();
        Path om = dir.resolve("dcgm.om");
        try (HistoryStore store = HistoryStore.open(Files.createDirectories(dir.resolve("local")), options);
                BufferedWriter out = new BufferedWriter(
                        new OutputStreamWriter(Files.newOutputStream(om), StandardCharsets.US_ASCII), 1 << 20)) {
            store.append(Snapshot.of("bench", start, once));
            List<Sample> batch = new ArrayList<>();
            for (long t = start; t < end; t += 1000) {
                String seconds = Long.toString(t / 1000);
                int[] busyOnHost = new int[HOSTS];
                for (int g = 0; g < gpus; g++) {
                    SplittableRandom r = random[g];
                    if (r.nextInt(1800) == 0) {
                        busy[g] = !busy[g];
                    }
                    long pct = busy[g] ? r.nextLong(85, 96) : r.nextLong(0, 3);
                    long milliwatts = busy[g] ? r.nextLong(550_000, 700_001) : r.nextLong(60_000, 80_001);
                    mj[g] = t >= reload[g] && t - 1000 < reload[g] ? milliwatts : mj[g] + milliwatts;
                    busyOnHost[g / GPUS_PER_HOST] += busy[g] ? 1 : 0;
                    batch.add(new Sample(energy[g], t, mj[g] / 1000.0));
                    batch.add(new Sample(util[g], t, pct / 100.0));
                    out.write(omEnergy[g]);
                    out.write(Long.toString(mj[g]));
                    out.write(' ');
                    out.write(seconds);
                    out.write('\n');
                    out.write(omUtil[g]);
                    out.write(Long.toString(pct));
                    out.write(' ');
                    out.write(seconds);
                    out.write('\n');
                    omLines += 2;
                }
                for (int h = 0; h < HOSTS; h++) {
                    double ratio =
                            Math.round((0.05 + 0.2 * busyOnHost[h] + hostNoise.nextDouble(0, 0.02)) * 1000) / 1000.0;
                    batch.add(new Sample(cpu[h], t, ratio));
                    batch.add(new Sample(memory[h], t, 2.0 * (1L << 40)));
                }
                if (batch.size() >= 50_000) {
                    store.append(Snapshot.of("bench", t, batch));
                    written += batch.size();
                    batch = new ArrayList<>();
                    if (written % 2_000_000 < 50_000) {
                        store.flush().get(); // keeps the writer's queue bounded: nothing is dropped
                    }
                }
            }
            store.append(Snapshot.of("bench", end - 1000, batch));
            written += batch.size() + once.size();
            out.write("# EOF\n");
            store.flush().get();
            var stats = store.writerStats();
            if (stats.samplesDropped() > 0 || stats.samplesWritten() != written) {
                throw new IllegalStateException("the history dropped samples: " + stats);
            }
            RetentionRun run = store.enforceRetention(); // raw older than 7 days goes, as in production
            System.out.printf(
                    Locale.ROOT,
                    "prepare: %d days to %s in %.0f s%n  local history: %,d samples (%d GPUs × energy + utilisation,"
                            + " %d hosts × CPU + memory, 1 s), then %s; %s%n  OpenMetrics: %,d samples (%d GPUs ×"
                            + " energy + utilisation, 1 s), %,d bytes%n",
                    days,
                    Instant.ofEpochMilli(end),
                    (System.nanoTime() - t0) / 1e9,
                    stats.samplesWritten(),
                    gpus,
                    HOSTS,
                    run,
                    store.stats(),
                    omLines,
                    gpus,
                    Files.size(om));
        }
    }

    private static void time(String what, Supplier<UsageSource> source, Path configFile, long end, int days)
            throws Exception {
        AccountingConfig config = AccountingFile.load(configFile, Currency.getInstance("EUR"));
        Clock clock = Clock.fixed(Instant.ofEpochMilli(end), ZoneOffset.UTC);
        ReportRequest request = new ReportRequest(
                Instant.ofEpochMilli(end - days * 86_400_000L),
                Instant.ofEpochMilli(end),
                GroupBy.GPU,
                Currency.getInstance("EUR"));
        double best = Double.MAX_VALUE;
        for (int run = 0; run < 4; run++) {
            UsageSource s = source.get();
            long t0 = System.nanoTime();
            AccountingReport r = new AccountingEngine(config, s, IntensityLookup.FIXED_OR_WORLD, clock).report(request);
            double ms = (System.nanoTime() - t0) / 1e6;
            if (s instanceof AutoCloseable c) {
                c.close();
            }
            BigDecimal gpuKwh = BigDecimal.ZERO;
            int gpuRows = 0;
            for (ReportRow row : r.rows()) {
                if (!row.group().endsWith("(CPU, memory)")) {
                    gpuKwh = gpuKwh.add(row.itKwh());
                    gpuRows++;
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "  %s run %d%s: %.1f ms; %d rows (%d GPUs), GPU energy %s kWh, total %s%n",
                    what,
                    run,
                    run == 0 ? " (warm-up)" : "",
                    ms,
                    r.rows().size(),
                    gpuRows,
                    gpuKwh.setScale(3, java.math.RoundingMode.HALF_EVEN).toPlainString(),
                    r.totalCost().format());
            if (run > 0) {
                best = Math.min(best, ms);
            }
        }
        System.out.printf(Locale.ROOT, "RESULT %s best of 3: %.1f ms%n", what, best);
    }
}
