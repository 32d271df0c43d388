package io.gridscope.history;

import io.gridscope.model.Labels;
import io.gridscope.model.PassTimestamps;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;

/**
 * History benchmarks, run by {@code bench/history/run.sh} (not a test). Modes:
 * <ul>
 *   <li>{@code ingest DIR}: the same samples through {@link HistoryStore} and through a plain sqlite-jdbc batched
 *       insert (row per sample, WAL, synchronous=NORMAL, 100k rows per transaction), in the same run.
 *   <li>{@code size DIR}: 24 h of simulated 1 s workstation telemetry (see {@link Workstation}), then bytes on disk
 *       per sample.
 *   <li>{@code query-prepare DIR END_MS}: 30 days of one 1 s series into a store and into {@code DIR/series.om}
 *       (OpenMetrics, for {@code promtool tsdb create-blocks-from openmetrics}).
 *   <li>{@code query DIR END_MS}: range query latency on that store: 24 h raw, 30 days at 1 minute.
 *   <li>{@code codec DIR [CHUNK_SAMPLES]}: {@link ChunkCodec} speed on the {@link Workstation}'s series cut into
 *       chunks: encode and decode of whole chunks, and the writer's cost of re-encoding the open chunk after every
 *       1 s pass. Uses only {@code encode} and {@code decode}, so the same class measures an older codec on its
 *       classpath.
 * </ul>
 */
public final class HistoryBench {
    private HistoryBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        Files.createDirectories(dir);
        switch (args[0]) {
            case "ingest" -> ingest(dir);
            case "size" -> size(dir);
            case "query-prepare" -> queryPrepare(dir, Long.parseLong(args[2]));
            case "query" -> query(dir, Long.parseLong(args[2]));
            case "codec" -> codec(args.length > 2 ? Integer.parseInt(args[2]) : 240);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static HistoryOptions options(long nowMillis) {
        HistoryOptions o = HistoryOptions.defaults()
                .withClock(Clock.fixed(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC))
                .withMaintenanceInterval(Duration.ZERO)
                .withMaxQueuedSamples(50_000_000);
        String chunk = System.getProperty("gridscope.bench.chunkMaxSamples");
        return chunk == null
                ? o
                : new HistoryOptions(
                        o.rawRetention(),
                        o.minuteRetention(),
                        o.hourRetention(),
                        o.maxBytes(),
                        o.maxQueuedSamples(),
                        Integer.parseInt(chunk),
                        o.chunkMaxSpan(),
                        o.maintenanceInterval(),
                        o.checkOnOpen(),
                        o.clock(),
                        o.eventRetention(),
                        o.commitWindow());
    }

    // ------------------------------------------------------------------ workload

    /**
     * A simulated GPU workstation sampled every second, shaped like what Gridscope's collectors emit: per pass one
     * timestamp, the pass starting 0-3 ms after its tick (and one pass in 500 held up by 15-200 ms: a GC pause, a
     * busy machine), stamped as the collector scheduler stamps it ({@link PassTimestamps}); 16 CPU cores + total as busy/total jiffy ratios rounded to
     * 0.001 as the host collector rounds them; memory used/available in 4 KiB pages doing a slow random walk, totals constant; two GPUs with
     * utilisation in whole percent, temperature in whole degrees drifting with load, power from milliwatts with
     * noise, an energy counter in millijoules, SM clock in MHz that changes with load, memory used in MiB steps,
     * fan in whole percent, PCIe throughput in KiB/s; network rx/tx byte counters. Seeded, deterministic.
     */
    static final class Workstation {
        final List<SeriesId> series = new ArrayList<>();
        private final List<LongToDoubleFunction> next = new ArrayList<>();
        private final SplittableRandom r;
        private final SplittableRandom holdUps;
        private final PassTimestamps stamps = new PassTimestamps(Duration.ofSeconds(1));

        Workstation() {
            this("ws-01", 42);
        }

        /** A workstation whose series carry {@code host=hostName}, its noise drawn from {@code seed}. */
        Workstation(String hostName, long seed) {
            r = new SplittableRandom(seed);
            holdUps = new SplittableRandom(seed ^ 0x5eedL);
            Labels host = Labels.of("host", hostName);
            double[] load = {0.3};
            for (int c = -1; c < 16; c++) {
                String cpu = c < 0 ? "total" : Integer.toString(c);
                add(SeriesId.gauge("host_cpu_utilization_ratio", Unit.RATIO, host.with("cpu", cpu)), t -> {
                    if (cpu.equals("total")) {
                        load[0] = Math.clamp(load[0] + r.nextGaussian() * 0.02, 0.02, 0.98);
                    }
                    long total = 100 * (cpu.equals("total") ? 16 : 1) + r.nextInt(-1, 2);
                    long busy = Math.round(total * Math.clamp(load[0] + r.nextGaussian() * 0.1, 0, 1));
                    return Math.round((double) busy / total * 1000) / 1000.0; // as CpuTicks.RESOLUTION rounds
                });
            }
            long memTotal = 64L << 30;
            long[] memUsed = {20L << 30};
            add(SeriesId.gauge("host_memory_total_bytes", Unit.BYTES, host), t -> memTotal);
            add(SeriesId.gauge("host_memory_used_bytes", Unit.BYTES, host), t -> {
                memUsed[0] += 4096L * Math.round(r.nextGaussian() * 200);
                return memUsed[0];
            });
            add(SeriesId.gauge("host_memory_available_bytes", Unit.BYTES, host), t -> memTotal - memUsed[0]);
            add(SeriesId.gauge("host_swap_total_bytes", Unit.BYTES, host), t -> 8L << 30);
            add(SeriesId.gauge("host_swap_used_bytes", Unit.BYTES, host), t -> 12_582_912);
            for (String dirn : List.of("receive", "transmit")) {
                double[] bytes = {1e9};
                add(
                        SeriesId.counter(
                                "host_network_" + dirn + "_bytes_total", Unit.BYTES, host.with("device", "eth0")),
                        t -> bytes[0] += Math.max(0, Math.round(200_000 + r.nextGaussian() * 50_000)));
            }
            for (int g = 0; g < 2; g++) {
                Labels gpu = host.with("gpu_uuid", "GPU-" + g + "-6f1c");
                double[] busy = {0.9};
                double[] temp = {60};
                double[] energyMj = {5e9};
                double[] powerMw = {250_000};
                long[] memMib = {30_000};
                add(SeriesId.gauge("gpu_utilization_ratio", Unit.RATIO, gpu), t -> {
                    if (r.nextInt(600) == 0) {
                        busy[0] = busy[0] > 0.5 ? 0.05 : 0.95; // jobs start and stop
                    }
                    return Math.clamp(Math.round(busy[0] * 100 + r.nextGaussian() * 3), 0, 100) / 100.0;
                });
                add(SeriesId.gauge("gpu_temperature_celsius", Unit.CELSIUS, gpu), t -> {
                    temp[0] += (35 + 45 * busy[0] - temp[0]) / 120.0;
                    return Math.round(temp[0]);
                });
                add(SeriesId.gauge("gpu_power_watts", Unit.WATTS, gpu), t -> {
                    powerMw[0] = Math.max(20_000, Math.round(60_000 + 300_000 * busy[0] + r.nextGaussian() * 4_000));
                    return powerMw[0] / 1000.0;
                });
                add(SeriesId.counter("gpu_energy_joules_total", Unit.JOULES, gpu), t -> {
                    energyMj[0] += powerMw[0]; // 1 s at the current power
                    return energyMj[0] / 1000.0;
                });
                add(
                        SeriesId.gauge("gpu_sm_clock_hertz", Unit.HERTZ, gpu),
                        t -> (busy[0] > 0.5 ? 1_980 - 15 * r.nextInt(3) : 210) * 1e6);
                add(SeriesId.gauge("gpu_memory_used_bytes", Unit.BYTES, gpu), t -> {
                    if (r.nextInt(300) == 0) {
                        memMib[0] = 2_000 + r.nextInt(70_000);
                    }
                    return memMib[0] * 1_048_576.0;
                });
                add(SeriesId.gauge("gpu_fan_speed_ratio", Unit.RATIO, gpu), t -> Math.round(temp[0] * 0.8) / 100.0);
                add(
                        SeriesId.gauge("gpu_pcie_rx_bytes_per_second", Unit.BYTES_PER_SECOND, gpu),
                        t -> 1024.0 * Math.max(0, Math.round(busy[0] * 400_000 + r.nextGaussian() * 30_000)));
            }
        }

        private void add(SeriesId id, LongToDoubleFunction f) {
            series.add(id);
            next.add(f);
        }

        /** One collection pass at nominal second {@code i} after {@code start}; call with increasing {@code i}. */
        Snapshot pass(long start, int i) {
            long started = start + 1000L * i + r.nextInt(4);
            if (holdUps.nextInt(500) == 0) {
                started += holdUps.nextInt(15, 200);
            }
            long t = stamps.stamp(started);
            List<Sample> samples = new ArrayList<>(series.size());
            for (int s = 0; s < series.size(); s++) {
                samples.add(new Sample(series.get(s), t, next.get(s).applyAsDouble(t)));
            }
            return Snapshot.of("bench", t, samples);
        }
    }

    // ------------------------------------------------------------------ ingest

    private static void ingest(Path dir) throws Exception {
        int passes = 4 * 3600; // 4 h of the workstation = ~0.7M samples; repeated for more series below
        int copies = 4; // four workstations' worth of series
        List<Snapshot> snapshots = new ArrayList<>();
        long start = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
        for (int c = 0; c < copies; c++) {
            Workstation w = new Workstation();
            for (int i = 0; i < passes; i++) {
                Snapshot s = w.pass(start, i);
                List<Sample> relabelled = new ArrayList<>(s.samples().size());
                for (Sample x : s.samples()) {
                    SeriesId id = x.series();
                    relabelled.add(new Sample(
                            new SeriesId(id.metric(), id.labels().with("host", "ws-" + c), id.unit(), id.kind()),
                            x.epochMillis(),
                            x.value()));
                }
                snapshots.add(Snapshot.of("bench", s.epochMillis(), relabelled));
            }
        }
        // one timeline: snapshots of all hosts interleaved by time, as a scheduler would deliver them
        snapshots.sort((a, b) -> Long.compare(a.epochMillis(), b.epochMillis()));
        long total = snapshots.stream().mapToLong(s -> s.samples().size()).sum();
        System.out.printf(
                Locale.ROOT,
                "ingest: %d samples, %d series, %d snapshots%n",
                total,
                snapshots.getFirst().samples().size() * copies,
                snapshots.size());
        double[] store = new double[5];
        double[] plain = new double[5];
        for (int run = 0; run < store.length; run++) {
            plain[run] = plainInsert(dir.resolve("plain-" + run), snapshots, total);
            store[run] = storeInsert(dir.resolve("store-" + run), snapshots, total, start + passes * 1000L);
            System.out.printf(
                    Locale.ROOT,
                    "  run %d: HistoryStore %,.0f samples/s, plain insert %,.0f samples/s%n",
                    run,
                    store[run],
                    plain[run]);
        }
        double s = median(store);
        double p = median(plain);
        System.out.printf(
                Locale.ROOT,
                "RESULT ingest median: HistoryStore %,.0f samples/s; plain sqlite-jdbc batched"
                        + " insert %,.0f samples/s; ratio %.2fx (target >= 0.7x)%n",
                s,
                p,
                s / p);
    }

    private static double storeInsert(Path dir, List<Snapshot> snapshots, long total, long now) throws Exception {
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        try (HistoryStore store = HistoryStore.open(dir, options(now))) {
            for (Snapshot s : snapshots) {
                store.append(s);
            }
            store.flush().get();
            if (store.writerStats().samplesWritten() != total) {
                throw new IllegalStateException("store wrote " + store.writerStats());
            }
        }
        return total / ((System.nanoTime() - t0) / 1e9);
    }

    private static double plainInsert(Path dir, List<Snapshot> snapshots, long total) throws Exception {
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("plain.db"))) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
                st.execute("CREATE TABLE series(id INTEGER PRIMARY KEY, metric TEXT, labels TEXT, UNIQUE(metric,"
                        + " labels))");
                st.execute("CREATE TABLE samples(series_id INTEGER NOT NULL, ts_ms INTEGER NOT NULL, value REAL,"
                        + " PRIMARY KEY(series_id, ts_ms)) WITHOUT ROWID");
            }
            java.util.Map<SeriesId, Long> ids = new java.util.HashMap<>();
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO samples VALUES (?,?,?)");
                    PreparedStatement ser = c.prepareStatement(
                            "INSERT INTO series(metric, labels) VALUES (?,?)", Statement.RETURN_GENERATED_KEYS)) {
                long inTx = 0;
                for (Snapshot s : snapshots) {
                    for (Sample x : s.samples()) {
                        Long id = ids.get(x.series());
                        if (id == null) {
                            ser.setString(1, x.series().metric());
                            ser.setString(2, x.series().labels().canonical());
                            ser.executeUpdate();
                            try (var keys = ser.getGeneratedKeys()) {
                                keys.next();
                                id = keys.getLong(1);
                            }
                            ids.put(x.series(), id);
                        }
                        ins.setLong(1, id);
                        ins.setLong(2, x.epochMillis());
                        ins.setDouble(3, x.value());
                        ins.addBatch();
                        if (++inTx == 100_000) {
                            ins.executeBatch();
                            c.commit();
                            inTx = 0;
                        }
                    }
                }
                ins.executeBatch();
                c.commit();
            }
        }
        return total / ((System.nanoTime() - t0) / 1e9);
    }

    // ------------------------------------------------------------------ size

    private static void size(Path dir) throws Exception {
        Workstation w = new Workstation();
        long start = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
        int passes = 24 * 3600;
        long total = 0;
        try (HistoryStore store = HistoryStore.open(dir, options(start + passes * 1000L))) {
            for (int i = 0; i < passes; i++) {
                Snapshot s = w.pass(start, i);
                total += s.samples().size();
                store.append(s);
                if (i % 3600 == 0) {
                    store.flush().get();
                }
            }
            store.flush().get();
        }
        // reopen so the write-ahead log has been checkpointed into the file
        try (HistoryStore store = HistoryStore.open(dir, options(start + passes * 1000L))) {
            HistoryStats s = store.stats();
            System.out.printf(
                    Locale.ROOT, "size: %d series, %d samples (24 h at 1 s)%n", s.seriesCount(), s.rawSamples());
            System.out.printf(
                    Locale.ROOT,
                    "  file %,d bytes, used %,d bytes, raw chunk payload %,d bytes,"
                            + " %d chunks, %d minute buckets, %d hour buckets%n",
                    s.fileBytes(),
                    s.usedBytes(),
                    s.rawChunkBytes(),
                    s.rawChunks(),
                    s.minuteBuckets(),
                    s.hourBuckets());
            System.out.printf(
                    Locale.ROOT,
                    "RESULT bytes per sample: %.3f B on disk (whole file incl. rollups and"
                            + " indexes); raw chunk payload alone %.3f B (target <= 1.5 B whole file)%n",
                    s.bytesPerSample(),
                    (double) s.rawChunkBytes() / total);
            perMetric(store, w);
            breakdown(store, total);
        }
    }

    /** Where the file's bytes go: SQLite's dbstat per table and index, and the rollup columns. */
    private static void breakdown(HistoryStore store, long samples) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.file());
                Statement st = c.createStatement()) {
            System.out.println("  file by table/index (dbstat): bytes, B/sample, of which row payload, unused");
            try (var rs = st.executeQuery("SELECT name, sum(pgsize), sum(payload), sum(unused) FROM dbstat"
                    + " GROUP BY name ORDER BY 2 DESC")) {
                while (rs.next()) {
                    System.out.printf(
                            Locale.ROOT,
                            "    %-32s %,11d %6.3f  payload %,11d  unused %,10d%n",
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getLong(2) / (double) samples,
                            rs.getLong(3),
                            rs.getLong(4));
                }
            }
            for (String table : List.of("rollup_1m", "rollup_1h")) {
                long[] columnBytes = new long[6];
                long buckets = 0;
                try (var rs = st.executeQuery("SELECT data, bucket_count FROM " + table)) {
                    while (rs.next()) {
                        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(rs.getBytes(1));
                        buckets += rs.getLong(2);
                        for (int k = 0; k < 6; k++) {
                            int len = b.getInt();
                            columnBytes[k] += len + 4;
                            b.position(b.position() + len);
                        }
                    }
                }
                System.out.printf(
                        Locale.ROOT,
                        "  %s, bytes per bucket: count %.2f, sum %.2f, min %.2f, max %.2f, last %.2f, increase"
                                + " %.2f (%d buckets)%n",
                        table,
                        columnBytes[0] / (double) buckets,
                        columnBytes[1] / (double) buckets,
                        columnBytes[2] / (double) buckets,
                        columnBytes[3] / (double) buckets,
                        columnBytes[4] / (double) buckets,
                        columnBytes[5] / (double) buckets,
                        buckets);
            }
            System.out.println("  raw chunks by encoding: chunks, B/sample");
            java.util.Map<String, long[]> byLayout = new java.util.TreeMap<>();
            try (var rs = st.executeQuery("SELECT data, sample_count FROM chunks")) {
                while (rs.next()) {
                    byte[] data = rs.getBytes(1);
                    ChunkCodec.Layout l = ChunkCodec.layout(data);
                    String key = "format " + l.format() + (l.gridTimes() ? ", grid times" : ", delta times") + ", "
                            + l.values();
                    long[] a = byLayout.computeIfAbsent(key, k -> new long[3]);
                    a[0]++;
                    a[1] += data.length;
                    a[2] += rs.getLong(2);
                }
            }
            byLayout.forEach(
                    (k, a) -> System.out.printf(Locale.ROOT, "    %-48s %6d %6.3f%n", k, a[0], a[1] / (double) a[2]));
        }
    }

    private static void perMetric(HistoryStore store, Workstation w) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.file());
                Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT s.metric, sum(length(c.data)) * 1.0 / sum(c.sample_count),"
                        + " count(DISTINCT s.id) FROM chunks c JOIN series s ON s.id = c.series_id"
                        + " GROUP BY s.metric ORDER BY 2 DESC")) {
            while (rs.next()) {
                System.out.printf(
                        Locale.ROOT,
                        "    %-40s %6.3f B/sample (%d series)%n",
                        rs.getString(1),
                        rs.getDouble(2),
                        rs.getInt(3));
            }
        }
    }

    // ------------------------------------------------------------------ codec

    private static void codec(int chunkSamples) {
        Workstation w = new Workstation();
        long start = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
        int passes = 6 * 3600;
        int series = w.series.size();
        long[] ts = new long[passes];
        double[][] vs = new double[series][passes];
        for (int i = 0; i < passes; i++) {
            Snapshot s = w.pass(start, i);
            ts[i] = s.epochMillis();
            for (int k = 0; k < series; k++) {
                vs[k][i] = s.samples().get(k).value();
            }
        }
        long samples = (long) passes * series;
        double[] enc = new double[5];
        double[] dec = new double[5];
        double[] open = new double[5];
        double[] openFresh = new double[5];
        double[] openAlloc = new double[5];
        double[] openFreshAlloc = new double[5];
        long bytes = 0;
        long sink = 0;
        for (int run = 0; run < enc.length; run++) {
            List<byte[]> chunks = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int k = 0; k < series; k++) {
                for (int from = 0; from < passes; from += chunkSamples) {
                    int n = Math.min(chunkSamples, passes - from);
                    chunks.add(ChunkCodec.encode(
                            Arrays.copyOfRange(ts, from, from + n), Arrays.copyOfRange(vs[k], from, from + n), n));
                }
            }
            long t1 = System.nanoTime();
            for (byte[] c : chunks) {
                sink += ChunkCodec.decode(c).size();
            }
            long t2 = System.nanoTime();
            long a2 = allocatedBytes();
            sink += reencodeOpenChunks(ts, vs, chunkSamples, null);
            long t3 = System.nanoTime();
            long a3 = allocatedBytes();
            sink += reencodeOpenChunks(ts, vs, chunkSamples, new ChunkCodec.Scratch());
            long t4 = System.nanoTime();
            long a4 = allocatedBytes();
            enc[run] = (t1 - t0) / (double) samples;
            dec[run] = (t2 - t1) / (double) samples;
            openFresh[run] = (t3 - t2) / (double) OPEN_PASSES;
            open[run] = (t4 - t3) / (double) OPEN_PASSES;
            openFreshAlloc[run] = (a3 - a2) / (double) OPEN_PASSES;
            openAlloc[run] = (a4 - a3) / (double) OPEN_PASSES;
            bytes = chunks.stream().mapToLong(c -> c.length).sum();
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT codec %d-sample chunks, %d samples: encode %.1f ns/sample, decode %.1f ns/sample,"
                        + " %.3f B/sample payload (median of %d runs; %d)%n",
                chunkSamples,
                samples,
                median(enc),
                median(dec),
                (double) bytes / samples,
                enc.length,
                sink % 10);
        System.out.printf(
                Locale.ROOT,
                "RESULT codec open-chunk re-encode per series and pass (what the writer does at every commit):"
                        + " %.0f ns and %.0f bytes allocated with the writer's reused working memory; %.0f ns and"
                        + " %.0f bytes allocated with fresh working memory per encode (median of %d runs)%n",
                median(open),
                median(openAlloc),
                median(openFresh),
                median(openFreshAlloc),
                enc.length);
    }

    /** Series and passes of {@link #reencodeOpenChunks}: 10 series, 1 hour of passes at 1 s. */
    private static final int OPEN_PASSES = 10 * 3600;

    /**
     * The writer's open-chunk work: after each pass, each series' open chunk (held from index 0 of its buffers, as
     * the writer holds it) is encoded whole. {@code scratch} null: fresh working memory for every encode.
     */
    private static long reencodeOpenChunks(long[] ts, double[][] vs, int chunkSamples, ChunkCodec.Scratch scratch) {
        long sink = 0;
        long[] openTs = new long[chunkSamples];
        double[] openVs = new double[chunkSamples];
        for (int k = 0; k < 10; k++) {
            for (int i = 0; i < 3600; i++) {
                int n = i % chunkSamples + 1;
                openTs[n - 1] = ts[i];
                openVs[n - 1] = vs[k][i];
                byte[] chunk = scratch == null
                        ? ChunkCodec.encode(openTs, openVs, n)
                        : ChunkCodec.encode(openTs, openVs, n, scratch);
                sink += chunk.length;
            }
        }
        return sink;
    }

    /** Bytes this thread has allocated so far. */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    // ------------------------------------------------------------------ query

    static final SeriesId QUERY_SERIES =
            SeriesId.gauge("gpu_power_watts", Unit.WATTS, Labels.of("gpu_uuid", "GPU-0-6f1c", "host", "ws-01"));

    private static void queryPrepare(Path dir, long endMillis) throws Exception {
        int days = 30;
        long start = endMillis - days * 86_400_000L;
        SplittableRandom r = new SplittableRandom(5);
        Path om = dir.resolve("series.om");
        double busy = 0.9;
        try (HistoryStore store = HistoryStore.open(dir, options(endMillis));
                BufferedWriter out = Files.newBufferedWriter(om)) {
            out.write("# TYPE gpu_power_watts gauge\n");
            List<Sample> batch = new ArrayList<>();
            for (long t = start; t < endMillis; t += 1000) {
                if (r.nextInt(600) == 0) {
                    busy = busy > 0.5 ? 0.05 : 0.95;
                }
                double v = Math.max(20_000, Math.round(60_000 + 300_000 * busy + r.nextGaussian() * 4_000)) / 1000.0;
                batch.add(new Sample(QUERY_SERIES, t, v));
                out.write("gpu_power_watts{gpu_uuid=\"GPU-0-6f1c\",host=\"ws-01\"} ");
                out.write(Double.toString(v));
                out.write(' ');
                out.write(Long.toString(t / 1000));
                out.write('\n');
                if (batch.size() == 10_000) {
                    store.append(Snapshot.of("bench", t, batch));
                    batch = new ArrayList<>();
                }
            }
            store.append(Snapshot.of("bench", endMillis, batch));
            out.write("# EOF\n");
            store.flush().get();
            System.out.printf(
                    Locale.ROOT,
                    "query-prepare: %d samples of %s from %s to %s%n",
                    store.writerStats().samplesWritten(),
                    QUERY_SERIES,
                    Instant.ofEpochMilli(start),
                    Instant.ofEpochMilli(endMillis));
            RetentionRun run = store.enforceRetention(); // raw older than 7 days goes, as in production
            System.out.println("  retention: " + run + "; " + store.stats());
        }
    }

    private static void query(Path dir, long endMillis) throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, options(endMillis))) {
            SeriesQuery day =
                    new SeriesQuery(QUERY_SERIES.metric(), QUERY_SERIES.labels(), endMillis - 86_400_000L, endMillis);
            SeriesQuery month = new SeriesQuery(
                    QUERY_SERIES.metric(), QUERY_SERIES.labels(), endMillis - 30 * 86_400_000L, endMillis);
            time("24 h raw (query)", () -> store.query(day).getFirst().size());
            time(
                    "24 h at 1 s step (queryRange)",
                    () -> store.queryRange(day, 1000).getFirst().size());
            time(
                    "30 d at 1 min (queryRange)",
                    () -> store.queryRange(month, 60_000).getFirst().size());
            time(
                    "30 d chart, 1000 points (queryForChart)",
                    () -> store.queryForChart(month, 1000).getFirst().size());
        }
    }

    private interface Body {
        int run() throws Exception;
    }

    private static void time(String what, Body body) throws Exception {
        int points = 0;
        for (int i = 0; i < 5; i++) {
            points = body.run();
        }
        double[] ms = new double[15];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            body.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT gridscope %-40s %8.2f ms median (%d points, %d runs)%n",
                what,
                median(ms),
                points,
                ms.length);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            try (var list = Files.list(p)) {
                for (Path c : list.toList()) {
                    deleteTree(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}
