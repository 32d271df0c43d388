package io.gridscope.history;

import io.gridscope.model.Sample;
import io.gridscope.model.Snapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;

/**
 * Days of simulated 1 s telemetry through the real {@link HistoryStore} (writer, tiers, rollups, retention and size
 * cap) on an injected clock that runs as fast as the store writes. Run by {@code bench/soak/run.sh} (7 days, 500
 * series) and, much shorter, by {@code HistorySoakTest}.
 *
 * <p>Series are {@link HistoryBench.Workstation}s (40 series each, host label {@code ws-NN}), cut to the asked
 * number. Retention passes run every {@link Config#maintenanceEvery()} of simulated time, as the background
 * maintenance would. At every {@link Config#reportEvery()} the run prints a {@link Point}: file and WAL size against
 * the cap, heap used after a full GC, RSS, samples written, each tier's oldest retained timestamp against what its
 * retention promises, and the wall time. {@link #violations} then names what broke:
 *
 * <ul>
 *   <li>{@code history.db} larger than the cap by more than {@link Config#capMarginRatio()} (at least {@link
 *       #MIN_CAP_MARGIN_PAGES} pages);
 *   <li>heap after GC growing faster than {@link Config#maxHeapSlopeBytesPerDay()} (least-squares slope over the
 *       points after the first quarter of the run, so warm-up is left out);
 *   <li>a tier keeping less than its promise ({@code max(run start, now - retention)}, plus one bucket) when the cap
 *       cannot be the reason: the cap has not deleted anything yet, or a finer tier still has rows (the cap empties
 *       raw first, then 1-minute, then 1-hour rollups);
 *   <li>a tier keeping much more than its retention (older than {@code now - retention} by more than one stored
 *       row's span): retention is not running;
 *   <li>samples dropped or rejected by the writer, or a writer error;
 *   <li>a cap that never bit, when the run was meant to make it bite.
 * </ul>
 */
public final class HistorySoak {
    static final long START_MILLIS = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    private static final long DAY_MILLIS = 86_400_000L;
    /**
     * The least margin over the cap in pages, whatever {@link Config#capMarginRatio()} says: the cap counts pages in
     * use, the file also holds the pointer-map pages of incremental vacuum and pages freed since the last pass.
     */
    static final long MIN_CAP_MARGIN_PAGES = 16;
    /**
     * Samples per append batch (or fewer, up to the next retention pass); the main thread waits for batch n-1 while
     * the writer commits batch n.
     */
    private static final int SAMPLES_PER_BATCH = 100_000;

    private HistorySoak() {}

    /**
     * What to run and what to accept.
     *
     * @param length                 simulated time at 1 s
     * @param series                 series written every second
     * @param maxBytes               the store's size cap ({@link HistoryOptions#maxBytes()})
     * @param rawRetention           raw tier retention (the others are the shipped defaults unless set below)
     * @param minuteRetention        1-minute tier retention
     * @param hourRetention          1-hour tier retention
     * @param maintenanceEvery       simulated time between retention passes
     * @param reportEvery            simulated time between report points
     * @param capMarginRatio         {@code history.db} may exceed the cap by this fraction (one maintenance interval
     *                               of writes, page granularity) before it is a violation
     * @param maxHeapSlopeBytesPerDay heap-after-GC growth per simulated day above which the run fails
     * @param capMustBite            fail when the cap never deleted anything
     */
    record Config(
            Duration length,
            int series,
            long maxBytes,
            Duration rawRetention,
            Duration minuteRetention,
            Duration hourRetention,
            Duration maintenanceEvery,
            Duration reportEvery,
            double capMarginRatio,
            long maxHeapSlopeBytesPerDay,
            boolean capMustBite) {
        long totalSeconds() {
            return length.toSeconds();
        }

        Duration retention(Tier t) {
            return switch (t) {
                case RAW -> rawRetention;
                case MINUTE -> minuteRetention;
                case HOUR -> hourRetention;
            };
        }
    }

    /** The oldest retained row start of one tier: over all series, and of the series that keeps the least. */
    record TierAge(long rows, long seriesWithRows, long oldestMillis, long worstSeriesOldestMillis) {}

    /** One report, at simulated time {@code nowMillis}. */
    record Point(
            long nowMillis,
            long dbBytes,
            long walBytes,
            long usedBytes,
            long pageBytes,
            long heapUsedAfterGcBytes,
            long rssBytes,
            long samplesWritten,
            long samplesDropped,
            long samplesRejected,
            String writerError,
            long cappedRowsSoFar,
            Map<Tier, TierAge> tiers,
            double wallSeconds) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: HistorySoak DIR DAYS SERIES MAX_BYTES [REPORT_EVERY_HOURS (default 24)]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Config config = new Config(
                Duration.ofDays(Integer.parseInt(args[1])),
                Integer.parseInt(args[2]),
                Long.parseLong(args[3]),
                Duration.ofDays(7),
                Duration.ofDays(90),
                Duration.ofDays(730),
                Duration.ofMinutes(10),
                Duration.ofHours(args.length > 4 ? Integer.parseInt(args[4]) : 24),
                0.05,
                2L << 20,
                true);
        List<Point> points = run(dir, config, System.out);
        List<String> broken = violations(config, points);
        broken.forEach(v -> System.out.println("VIOLATION " + v));
        System.out.println(broken.isEmpty() ? "RESULT soak passed" : "RESULT soak FAILED: " + broken.size());
        System.exit(broken.isEmpty() ? 0 : 1);
    }

    /** A clock the soak moves forward; retention measures against it. */
    static final class SimulatedClock extends Clock {
        private volatile long millis;

        SimulatedClock(long millis) {
            this.millis = millis;
        }

        void set(long epochMillis) {
            millis = epochMillis;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the simulated clock is UTC only");
        }
    }

    /** Runs the soak in {@code dir} (which must be empty), printing each point to {@code out}. */
    static List<Point> run(Path dir, Config config, PrintStream out) throws Exception {
        SimulatedClock clock = new SimulatedClock(START_MILLIS);
        HistoryOptions options = HistoryOptions.defaults()
                .withRetention(config.rawRetention(), config.minuteRetention(), config.hourRetention())
                .withMaxBytes(config.maxBytes())
                .withClock(clock)
                .withMaintenanceInterval(Duration.ZERO)
                .withMaxQueuedSamples(4 * SAMPLES_PER_BATCH);
        int hosts = (config.series() + 39) / 40;
        List<HistoryBench.Workstation> machines = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            machines.add(new HistoryBench.Workstation(String.format(Locale.ROOT, "ws-%02d", h), 42 + h));
        }
        long maintenanceSeconds = config.maintenanceEvery().toSeconds();
        long reportSeconds = config.reportEvery().toSeconds();
        out.printf(
                Locale.ROOT,
                "soak: %s simulated at 1 s, %d series, cap %,d bytes (margin %.0f %%), retention raw %s,"
                        + " 1m %s, 1h %s; retention pass every %s; heap slope limit %,d bytes/day%n",
                config.length(),
                config.series(),
                config.maxBytes(),
                config.capMarginRatio() * 100,
                config.rawRetention(),
                config.minuteRetention(),
                config.hourRetention(),
                config.maintenanceEvery(),
                config.maxHeapSlopeBytesPerDay());
        out.println("point  sim_time              db_MB  wal_MB  cap_MB  heap_MB  rss_MB  samples_written  capped_rows"
                + "  raw_oldest(worst)/promise  1m_oldest(worst)/promise  1h_oldest(worst)/promise  wall_s");
        List<Point> points = new ArrayList<>();
        long t0 = System.nanoTime();
        long capped = 0;
        long batchSeconds = Math.max(1, SAMPLES_PER_BATCH / Math.max(1, config.series()));
        try (HistoryStore store = HistoryStore.open(dir, options)) {
            CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);
            for (long sec = 0; sec < config.totalSeconds(); sec++) {
                for (int m = 0; m < machines.size(); m++) {
                    store.append(trim(machines.get(m).pass(START_MILLIS, (int) sec), config.series(), m));
                }
                long next = sec + 1;
                boolean maintain = next % maintenanceSeconds == 0;
                boolean report = next % reportSeconds == 0 || next == config.totalSeconds();
                if (next % batchSeconds == 0 || maintain || report) {
                    previous.get(10, TimeUnit.MINUTES);
                    previous = store.flush();
                }
                if (maintain || report) {
                    previous.get(10, TimeUnit.MINUTES);
                    clock.set(START_MILLIS + next * 1000);
                    capped += store.enforceRetention().deletedForSizeCap();
                }
                if (report) {
                    Point p = measure(store, clock.millis(), capped, (System.nanoTime() - t0) / 1e9);
                    points.add(p);
                    out.println(format(points.size(), p, config));
                }
            }
        }
        return points;
    }

    /** Only the first {@code series} series over all machines are written. */
    private static Snapshot trim(Snapshot s, int series, int machine) {
        int keep = series - 40 * machine;
        if (keep >= s.samples().size()) {
            return s;
        }
        List<Sample> samples = s.samples().subList(0, Math.max(0, keep));
        return Snapshot.of(s.collectorId(), s.epochMillis(), samples);
    }

    private static Point measure(HistoryStore store, long nowMillis, long capped, double wallSeconds)
            throws SQLException, IOException {
        Path file = store.file();
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        Map<Tier, TierAge> tiers = new EnumMap<>(Tier.class);
        long used;
        long pageBytes;
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
                Statement st = c.createStatement()) {
            used = Retention.usedBytes(c);
            try (ResultSet rs = st.executeQuery("PRAGMA page_size")) {
                rs.next();
                pageBytes = rs.getLong(1);
            }
            for (Tier t : Tier.values()) {
                try (ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM " + t.table() + "), count(*),"
                        + " coalesce(min(m), -1), coalesce(max(m), -1) FROM (SELECT min(start_ms) m FROM " + t.table()
                        + " GROUP BY series_id)")) {
                    rs.next();
                    tiers.put(t, new TierAge(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        WriterStats w = store.writerStats();
        return new Point(
                nowMillis,
                Files.size(file),
                Files.exists(wal) ? Files.size(wal) : 0,
                used,
                pageBytes,
                heap,
                rssBytes(),
                w.samplesWritten(),
                w.samplesDropped(),
                w.samplesRejected(),
                w.lastError(),
                capped,
                tiers,
                wallSeconds);
    }

    /** Resident set size from {@code /proc/self/status}; -1 where there is none. */
    static long rssBytes() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.trim().split("\\s+");
                return Long.parseLong(parts[1]) * 1024; // kB
            }
        }
        return -1;
    }

    /** The oldest timestamp tier {@code t} promises to hold at {@code nowMillis}. */
    static long promiseMillis(Config config, Tier t, long nowMillis) {
        return Math.max(START_MILLIS, nowMillis - config.retention(t).toMillis());
    }

    private static String format(int n, Point p, Config config) {
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT,
                "%5d  %s  %6.1f  %6.1f  %6.1f  %7.1f  %6.1f  %,15d  %,11d",
                n,
                Instant.ofEpochMilli(p.nowMillis()).toString().substring(0, 16) + "Z",
                p.dbBytes() / 1e6,
                p.walBytes() / 1e6,
                config.maxBytes() / 1e6,
                p.heapUsedAfterGcBytes() / 1e6,
                p.rssBytes() / 1e6,
                p.samplesWritten(),
                p.cappedRowsSoFar()));
        for (Tier t : Tier.values()) {
            TierAge a = p.tiers().get(t);
            b.append(String.format(
                    Locale.ROOT,
                    "  %s(%s)/%s",
                    hours(a.oldestMillis(), p.nowMillis()),
                    hours(a.worstSeriesOldestMillis(), p.nowMillis()),
                    hours(promiseMillis(config, t, p.nowMillis()), p.nowMillis())));
        }
        b.append(String.format(Locale.ROOT, "  %7.1f", p.wallSeconds()));
        return b.toString();
    }

    /** A timestamp as hours before now ("-36.0h"), or "none". */
    private static String hours(long millis, long nowMillis) {
        return millis < 0 ? "none" : String.format(Locale.ROOT, "-%.1fh", (nowMillis - millis) / 3_600_000.0);
    }

    /** What the points show to be broken; empty when the run kept every promise. */
    static List<String> violations(Config config, List<Point> points) {
        List<String> v = new ArrayList<>();
        if (points.isEmpty()) {
            v.add("no points were measured");
            return v;
        }
        for (Point p : points) {
            String at = Instant.ofEpochMilli(p.nowMillis()) + ": ";
            long capLimit = config.maxBytes() <= 0
                    ? Long.MAX_VALUE
                    : config.maxBytes()
                            + Math.max(MIN_CAP_MARGIN_PAGES * p.pageBytes(), (long)
                                    (config.maxBytes() * config.capMarginRatio()));
            if (p.dbBytes() > capLimit) {
                v.add(at + "history.db is " + p.dbBytes() + " bytes, over the cap " + config.maxBytes()
                        + " + its margin (" + (capLimit - config.maxBytes()) + " bytes)");
            }
            if (p.samplesDropped() > 0
                    || p.samplesRejected() > 0
                    || (p.writerError() != null && !p.writerError().isEmpty())) {
                v.add(at + "writer dropped " + p.samplesDropped() + ", rejected " + p.samplesRejected()
                        + " samples; last error " + p.writerError());
            }
            boolean finerTiersEmpty = true;
            for (Tier t : Tier.values()) {
                TierAge a = p.tiers().get(t);
                long promise = promiseMillis(config, t, p.nowMillis());
                long slack = Math.max(1_000, t.widthMillis());
                boolean capMayCut = p.cappedRowsSoFar() > 0 && finerTiersEmpty;
                if (!capMayCut) {
                    if (a.seriesWithRows() < config.series()) {
                        v.add(at + t + " holds rows of " + a.seriesWithRows() + " series of " + config.series()
                                + " though the cap has not reached it");
                    } else if (a.worstSeriesOldestMillis() > promise + slack) {
                        v.add(at + t + " keeps only from " + Instant.ofEpochMilli(a.worstSeriesOldestMillis())
                                + " for some series, less than its promise from " + Instant.ofEpochMilli(promise)
                                + ", and the cap is not the reason");
                    }
                }
                long rowSpan = t == Tier.RAW ? Duration.ofHours(2).toMillis() : t.windowMillis();
                long cutoff = p.nowMillis() - config.retention(t).toMillis();
                if (a.oldestMillis() >= 0 && a.oldestMillis() < cutoff - rowSpan) {
                    v.add(at + t + " still holds data from " + Instant.ofEpochMilli(a.oldestMillis())
                            + ", older than its retention allows (" + Instant.ofEpochMilli(cutoff) + ")");
                }
                finerTiersEmpty &= a.rows() == 0;
            }
        }
        if (config.capMustBite() && points.getLast().cappedRowsSoFar() == 0) {
            v.add("the size cap " + config.maxBytes() + " never deleted anything; choose a smaller cap");
        }
        double slope = heapSlopeBytesPerDay(points);
        if (slope > config.maxHeapSlopeBytesPerDay()) {
            v.add(String.format(
                    Locale.ROOT,
                    "heap after GC grows %,.0f bytes per simulated day (limit %,d)",
                    slope,
                    config.maxHeapSlopeBytesPerDay()));
        }
        return v;
    }

    /**
     * Least-squares slope of heap-after-GC against simulated time, in bytes per day, over the points after the
     * first quarter of the run (at least two points; 0 when there are fewer).
     */
    static double heapSlopeBytesPerDay(List<Point> points) {
        List<Point> steady = points.subList(points.size() / 4, points.size());
        if (steady.size() < 2) {
            return 0;
        }
        double n = steady.size();
        double mx = steady.stream()
                        .mapToDouble(p -> p.nowMillis() / (double) DAY_MILLIS)
                        .sum()
                / n;
        double my = steady.stream()
                        .mapToDouble(p -> (double) p.heapUsedAfterGcBytes())
                        .sum()
                / n;
        double sxy = 0;
        double sxx = 0;
        for (Point p : steady) {
            double x = p.nowMillis() / (double) DAY_MILLIS - mx;
            sxy += x * (p.heapUsedAfterGcBytes() - my);
            sxx += x * x;
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }
}
