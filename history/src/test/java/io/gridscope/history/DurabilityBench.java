package io.gridscope.history;

import io.gridscope.history.records.AlertRecords;
import io.gridscope.history.records.AuditEntry;
import io.gridscope.history.records.AuditRecords;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConfig.SynchronousMode;

/**
 * What {@code synchronous=FULL} costs against {@code NORMAL} on this machine, for the three kinds of writes the
 * history takes (see {@link Durability}); run by {@code bench/durability/run.sh}, which also counts the fsyncs of
 * each run with strace. Usage: {@code DurabilityBench DIR WORKLOAD MODE} with WORKLOAD one of
 *
 * <ul>
 *   <li>{@code live}: the collector's path, one commit per second of {@value #SERIES} series through {@link
 *       HistoryStore} (append one snapshot, wait for its commit), {@value #LIVE_COMMITS} commits after
 *       {@value #WARMUP_COMMITS} warm-up commits;
 *   <li>{@code import}: one hour of {@value #SERIES} series through {@link HistoryImport} (one transaction,
 *       written in its 100k-sample batches; its "commit latency" is the whole import);
 *   <li>{@code ack}: {@value #ACK_COMMITS} acknowledgements, each an alert insert + acknowledge + audit entry in one
 *       {@code BEGIN IMMEDIATE} transaction, as {@link RecordsConnection} writes them;
 * </ul>
 *
 * and MODE {@code normal}, {@code full} or {@code both} (both: two rounds of each, alternating, fresh files). Prints
 * one RESULT line per run: commits, wall time, commit latency p50/p99, process CPU per commit.
 */
public final class DurabilityBench {
    static final int SERIES = 500;
    static final int LIVE_COMMITS = 120;
    static final int WARMUP_COMMITS = 30;
    static final int ACK_COMMITS = 200;

    private DurabilityBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String workload = args[1];
        List<SynchronousMode> modes = switch (args[2]) {
            case "normal" -> List.of(SynchronousMode.NORMAL);
            case "full" -> List.of(SynchronousMode.FULL);
            case "both" ->
                List.of(SynchronousMode.NORMAL, SynchronousMode.FULL, SynchronousMode.NORMAL, SynchronousMode.FULL);
            default -> throw new IllegalArgumentException("mode must be normal, full or both: " + args[2]);
        };
        int run = 0;
        for (SynchronousMode mode : modes) {
            Path d = dir.resolve(workload + "-" + mode.name().toLowerCase(Locale.ROOT) + "-" + run++);
            Files.createDirectories(d);
            switch (workload) {
                case "live" -> live(d, mode);
                case "import" -> importHour(d, mode);
                case "ack" -> acks(d, mode);
                default -> throw new IllegalArgumentException("unknown workload " + workload);
            }
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static List<SeriesId> series() {
        List<SeriesId> ids = new ArrayList<>();
        for (int h = 0; ids.size() < SERIES; h++) {
            HistoryBench.Workstation w = new HistoryBench.Workstation("ws-" + h, 42 + h);
            for (SeriesId id : w.series) {
                if (ids.size() < SERIES) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    private static Snapshot second(List<SeriesId> ids, long t, int i) {
        List<Sample> samples = new ArrayList<>(ids.size());
        for (int s = 0; s < ids.size(); s++) {
            samples.add(new Sample(ids.get(s), t, Math.round(200 + 50 * Math.sin((i + s) / 30.0)) / 10.0));
        }
        return Snapshot.of("bench", t, samples);
    }

    private static void live(Path dir, SynchronousMode mode) throws Exception {
        List<SeriesId> ids = series();
        long start = HistorySoak.START_MILLIS;
        HistoryOptions o = HistoryOptions.defaults()
                .withClock(java.time.Clock.fixed(java.time.Instant.ofEpochMilli(start), java.time.ZoneOffset.UTC))
                .withMaintenanceInterval(java.time.Duration.ZERO);
        try (HistoryStore store = HistoryStore.open(dir, o)) {
            store.onWriter(c -> Durability.synchronous(c, mode)).get();
            for (int i = 0; i < WARMUP_COMMITS; i++) {
                store.append(second(ids, start + i * 1000L, i));
                store.flush().get();
            }
            long[] latency = new long[LIVE_COMMITS];
            long cpu0 = cpuNanos();
            long wall0 = System.nanoTime();
            for (int i = 0; i < LIVE_COMMITS; i++) {
                int k = WARMUP_COMMITS + i;
                long t0 = System.nanoTime();
                store.append(second(ids, start + k * 1000L, k));
                store.flush().get();
                latency[i] = System.nanoTime() - t0;
            }
            report(
                    "live",
                    mode,
                    WARMUP_COMMITS + LIVE_COMMITS,
                    LIVE_COMMITS,
                    (long) LIVE_COMMITS * SERIES,
                    latency,
                    cpuNanos() - cpu0,
                    System.nanoTime() - wall0);
            if (store.writerStats().samplesWritten() != (long) (WARMUP_COMMITS + LIVE_COMMITS) * SERIES) {
                throw new IllegalStateException("store wrote " + store.writerStats());
            }
        }
    }

    private static void importHour(Path dir, SynchronousMode mode) throws Exception {
        List<SeriesId> ids = series();
        long start = HistorySoak.START_MILLIS;
        HistoryOptions o = HistoryOptions.defaults()
                .withClock(java.time.Clock.fixed(
                        java.time.Instant.ofEpochMilli(start + 7_200_000L), java.time.ZoneOffset.UTC))
                .withMaintenanceInterval(java.time.Duration.ZERO);
        HistoryStore.open(dir, o).close(); // the file exists, as for an import into a collecting history
        HistoryImport.ConnectionOpener opener = (url, props) -> {
            Properties p = new Properties();
            p.putAll(props);
            p.setProperty(SQLiteConfig.Pragma.SYNCHRONOUS.pragmaName, mode.getValue());
            return DriverManager.getConnection(url, p);
        };
        long cpu0 = cpuNanos();
        long wall0 = System.nanoTime();
        long samples = 0;
        try (HistoryImport imp = HistoryImport.open(
                dir, o, 10_000, "bench", opener, HistoryImport.BATCH_SAMPLES, HistoryImport.BATCH_SERIES)) {
            long line = 0;
            for (int i = 0; i < 3600; i++) {
                for (Sample s : second(ids, start + i * 1000L, i).samples()) {
                    imp.add(s, ++line);
                    samples++;
                }
            }
            imp.commit();
        }
        long wall = System.nanoTime() - wall0;
        // an import is one transaction (written in 100k-sample batches): one commit
        report("import", mode, 1, 1, samples, new long[] {wall}, cpuNanos() - cpu0, wall);
    }

    private static void acks(Path dir, SynchronousMode mode) throws Exception {
        HistoryStore.open(dir, HistoryOptions.defaults().withMaintenanceInterval(java.time.Duration.ZERO))
                .close();
        long[] latency = new long[ACK_COMMITS];
        long cpu0;
        long wall0;
        try (Connection records = RecordsConnection.open(dir)) {
            Durability.synchronous(records, mode);
            cpu0 = cpuNanos();
            wall0 = System.nanoTime();
            for (int i = 0; i < ACK_COMMITS; i++) {
                long t = HistorySoak.START_MILLIS + i;
                int round = i;
                long t0 = System.nanoTime();
                RecordsConnection.inTransaction(records, c -> {
                    long id = AlertRecords.insert(c, AckChild.firing("fp-" + round, t));
                    AlertRecords.acknowledge(c, id, "oncall", t, "");
                    AuditRecords.appendInTransaction(
                            c, new AuditEntry(t, "oncall", "alert " + id, "acknowledge", "", ""));
                    return id;
                });
                latency[i] = System.nanoTime() - t0;
            }
        }
        report("ack", mode, ACK_COMMITS, ACK_COMMITS, 0, latency, cpuNanos() - cpu0, System.nanoTime() - wall0);
    }

    private static void report(
            String workload,
            SynchronousMode mode,
            long allCommits,
            long commits,
            long samples,
            long[] latency,
            long cpu,
            long wall) {
        long[] sorted = latency.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "RESULT %-6s synchronous=%-6s all_commits %4d measured %4d  samples %,10d  wall %8.1f ms  commit p50 %7.2f ms  p99 %7.2f"
                        + " ms  cpu/commit %6.2f ms%n",
                workload,
                mode,
                allCommits,
                commits,
                samples,
                wall / 1e6,
                sorted[sorted.length / 2] / 1e6,
                sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6,
                cpu / 1e6 / commits);
    }
}
