package io.gridscope.history;

import static io.gridscope.history.TestSeries.NOW;

import io.gridscope.model.Counters;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.sqlite.SQLiteConfig;

/** Recordings and table dumps for the import tests. */
final class ImportTestData {
    static final long HOUR = 3_600_000L;
    static final long MINUTE = 60_000L;
    static final long DAY = 24 * HOUR;

    private ImportTestData() {}

    static SeriesId energy(int i) {
        return SeriesId.counter("gpu_energy_joules_total", Unit.JOULES, Labels.of("gpu_uuid", "GPU-" + i));
    }

    static SeriesId power(int i) {
        return SeriesId.gauge("gpu_power_watts", Unit.WATTS, Labels.of("gpu_uuid", "GPU-" + i));
    }

    /**
     * A random recording from {@code start} for {@code span}, in time order, with one sample per time: counters
     * with resets to zero and to smaller values, gauges; NaN readings, gaps of minutes to hours, samples exactly on
     * minute and hour boundaries, irregular steps.
     */
    static List<Sample> recording(SeriesId id, Random r, long start, long span) {
        List<Sample> out = new ArrayList<>();
        boolean counter = id.metric().endsWith("_total");
        long t = start + r.nextInt(3_600) * 1000L;
        double v = r.nextBoolean() ? 0 : r.nextInt(1_000_000) / 8.0;
        long end = start + span;
        while (t < end) {
            double roll = r.nextDouble();
            if (!counter) {
                v = 100 + r.nextInt(2_000) / 8.0;
            } else if (roll < 0.01) {
                v = 0;
            } else if (roll < 0.02) {
                v = Math.floor(v * r.nextDouble());
            } else {
                v += r.nextInt(5_000) / 16.0;
            }
            out.add(new Sample(id, t, r.nextInt(200) == 0 ? Double.NaN : v));
            double step = r.nextDouble();
            if (step < 0.005) {
                t += MINUTE * (10 + r.nextInt(240));
            } else if (step < 0.05) {
                t = (t / MINUTE + 1) * MINUTE;
            } else if (step < 0.06) {
                t = (t / HOUR + 1) * HOUR;
            } else {
                t += 1 + r.nextInt(30_000);
            }
        }
        return out;
    }

    /** Increases between consecutive finite readings whose later reading lies in [from, to). */
    static double expectedIncrease(List<Sample> samples, long from, long to) {
        double base = Double.NaN;
        double sum = 0;
        for (Sample s : samples) {
            if (s.epochMillis() >= to) {
                break;
            }
            double inc = Counters.increase(base, s.value());
            if (s.epochMillis() >= from && !Double.isNaN(inc)) {
                sum += inc;
            }
            if (Double.isFinite(s.value())) {
                base = s.value();
            }
        }
        return sum;
    }

    /** Writes {@code samples} as live collection would, in time order, into a store of its own. */
    static void collectLive(Path dir, List<Sample> samples) throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            for (int i = 0; i < samples.size(); i += 5_000) {
                store.append(TestSeries.snapshot(samples.subList(i, Math.min(samples.size(), i + 5_000))));
            }
            store.flush().get();
            if (store.writerStats().samplesRejected() != 0
                    || !store.writerStats().healthy()) {
                throw new AssertionError("live writes failed: " + store.writerStats());
            }
            store.enforceRetention();
        }
    }

    /** Small batches, so that tests of a few thousand samples write many, and split series across them. */
    static final int TEST_BATCH_SAMPLES = 3_000;

    static final int TEST_BATCH_SERIES = 7;

    /** An import with {@link #TEST_BATCH_SAMPLES} and {@link #TEST_BATCH_SERIES}. */
    static HistoryImport open(Path dir, int maxSeries, HistoryImport.ConnectionOpener opener) {
        return HistoryImport.open(
                dir, TestSeries.options(), maxSeries, "import:test", opener, TEST_BATCH_SAMPLES, TEST_BATCH_SERIES);
    }

    static HistoryImport open(Path dir) {
        return open(dir, 1_000, DriverManager::getConnection);
    }

    /** Imports {@code samples} (line numbers = position + 1) in small batches and commits. */
    static ImportSummary importAll(Path dir, List<Sample> samples) {
        try (HistoryImport imp = open(dir)) {
            long line = 1;
            for (Sample s : samples) {
                imp.add(s, line++);
            }
            return imp.commit();
        }
    }

    /**
     * The stored data, independent of row ids and of when and by whom a series was created: every series (metric,
     * labels, unit, kind) with its chunk rows and rollup rows, byte for byte.
     */
    static List<String> contents(Path dir) throws Exception {
        return dump(dir, "SELECT s.metric, s.labels, s.unit, s.kind FROM series s ORDER BY 1, 2", """
                SELECT s.metric || s.labels, c.start_ms, c.end_ms, c.sample_count, c.last_value, c.data
                FROM chunks c JOIN series s ON s.id = c.series_id ORDER BY 1, 2""", """
                SELECT s.metric || s.labels, r.start_ms, r.end_ms, r.bucket_count, r.data
                FROM rollup_1m r JOIN series s ON s.id = r.series_id ORDER BY 1, 2""", """
                SELECT s.metric || s.labels, r.start_ms, r.end_ms, r.bucket_count, r.data
                FROM rollup_1h r JOIN series s ON s.id = r.series_id ORDER BY 1, 2""");
    }

    /** Every row of every table, ids, creation times and sources included. */
    static List<String> allRows(Path dir) throws Exception {
        return dump(
                dir,
                "SELECT * FROM series ORDER BY id",
                "SELECT * FROM chunks ORDER BY series_id, start_ms",
                "SELECT * FROM rollup_1m ORDER BY series_id, start_ms",
                "SELECT * FROM rollup_1h ORDER BY series_id, start_ms",
                "SELECT * FROM events ORDER BY id");
    }

    private static List<String> dump(Path dir, String... queries) throws Exception {
        SQLiteConfig ro = new SQLiteConfig();
        ro.setReadOnly(true);
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(
                        "jdbc:sqlite:" + dir.resolve(HistoryStore.FILE_NAME), ro.toProperties());
                Statement st = c.createStatement()) {
            for (String q : queries) {
                rows.add("-- " + q.lines().findFirst().orElse(q));
                try (ResultSet rs = st.executeQuery(q)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder sb = new StringBuilder();
                        for (int i = 1; i <= n; i++) {
                            Object o = rs.getObject(i);
                            sb.append(o instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(o))
                                    .append('|');
                        }
                        rows.add(sb.toString());
                    }
                }
            }
        }
        return rows;
    }

    static final long START = NOW - 30 * HOUR;
}
