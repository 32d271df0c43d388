package io.gridscope.history;

import static io.gridscope.history.TestSeries.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.history.records.EventRecords;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.TelemetryEvent;
import io.gridscope.model.Unit;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer beside long reads (a month-long report on its own reader) and the other connections that commit to the
 * same file meanwhile (alert records, retention, audit entries from other processes): no sample is ever dropped
 * because another connection reads or holds the file for a while.
 */
class WriterBesideLongReadsTest {
    private static final long MINUTE = 60_000;

    @TempDir
    Path dir;

    private static SeriesId gpu(int i) {
        return SeriesId.gauge("gpu_power_watts", Unit.WATTS, Labels.of("gpu_uuid", "GPU-" + i));
    }

    private static SeriesId job(int i) {
        return SeriesId.gauge("job_power_watts", Unit.WATTS, Labels.of("job", "j" + i));
    }

    /** One committed write on another connection, as the alert service records an alert state. */
    private static void recordEvent(Connection c, long epochMillis) throws Exception {
        RecordsConnection.inTransaction(c, x -> {
            try (PreparedStatement ps = EventRecords.prepareInsert(x)) {
                EventRecords.addInsert(
                        ps,
                        new TelemetryEvent(
                                "alert_state", Labels.EMPTY, epochMillis, TelemetryEvent.Severity.INFO, "firing"));
                ps.executeBatch();
            }
            return null;
        });
    }

    @Test
    void longReportsBesideOtherCommittersNeverMakeTheWriterDropSamples() throws Exception {
        int gpus = 8;
        long seedStart = NOW - 7 * 24 * 60 * MINUTE;
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            // a week of per-minute samples of 8 GPUs: a report over it reads for a while
            for (long t = seedStart; t < NOW - 60 * MINUTE; t += MINUTE) {
                List<Sample> samples = new ArrayList<>();
                for (int g = 0; g < gpus; g++) {
                    samples.add(new Sample(gpu(g), t, 100 + g));
                }
                store.append(Snapshot.of("seed", t, samples));
            }
            store.flush().get(60, TimeUnit.SECONDS);
            assertThat(store.writerStats().samplesDropped()).isZero();
        }

        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            AtomicBoolean stop = new AtomicBoolean();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            AtomicLong reports = new AtomicLong();
            AtomicLong commits = new AtomicLong();
            List<Thread> others = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                // reports and the accounting, each on its own thread and its own read-only reader
                others.add(Thread.ofPlatform().start(() -> {
                    try (HistoryReader reader = HistoryReader.open(dir, TestSeries.options())) {
                        while (!stop.get()) {
                            for (SeriesData d :
                                    reader.query(new SeriesQuery("gpu_power_watts", Labels.EMPTY, seedStart, NOW))) {
                                assertThat(d.size()).isGreaterThan(0);
                            }
                            reports.incrementAndGet();
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }));
            }
            others.add(Thread.ofPlatform().start(() -> {
                // the alert service commits its records on a connection of its own meanwhile
                try (Connection c = RecordsConnection.open(dir)) {
                    for (long i = 0; !stop.get(); i++) {
                        recordEvent(c, NOW + i);
                        commits.incrementAndGet();
                        Thread.sleep(2);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));

            // the collectors keep going, and new series appear (e.g. a report caching intensities)
            int snapshots = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (System.nanoTime() < deadline || reports.get() < 2) {
                long t = NOW - 60 * MINUTE + snapshots * 1000L;
                List<Sample> samples = new ArrayList<>();
                for (int g = 0; g < gpus; g++) {
                    samples.add(new Sample(gpu(g), t, 200 + g));
                }
                samples.add(new Sample(job(snapshots), t, snapshots));
                store.append(Snapshot.of("live", t, samples));
                snapshots++;
                if (snapshots % 10 == 0) {
                    store.flush().get(60, TimeUnit.SECONDS);
                }
            }
            store.flush().get(60, TimeUnit.SECONDS);
            stop.set(true);
            for (Thread th : others) {
                th.join(30_000);
            }
            assertThat(failures).isEmpty();
            assertThat(reports.get()).isGreaterThanOrEqualTo(2);
            assertThat(commits.get()).isGreaterThan(0);

            WriterStats stats = store.writerStats();
            assertThat(stats.lastError()).isEmpty();
            assertThat(stats.samplesDropped()).isZero();
            assertThat(stats.samplesWritten()).isEqualTo((long) snapshots * (gpus + 1));
            long from = NOW - 60 * MINUTE;
            // one snapshot a second of sample time from an hour ago: a fast machine writes more than an hour's worth
            long to = from + snapshots * 1000L;
            for (SeriesData d : store.query(new SeriesQuery("gpu_power_watts", Labels.EMPTY, from, to))) {
                assertThat(d.size()).isEqualTo(snapshots);
            }
            assertThat(store.findSeries("job_power_watts", Labels.EMPTY)).hasSize(snapshots);
        }
    }

    /**
     * Commits once on another connection, from another thread, the next time the writer thread reads the clock
     * (which the writer does between looking a new series up and inserting it); waits for that commit at most
     * {@code waitMillis}, since a writer holding the write lock makes it wait until the writer commits.
     */
    private static final class CommitOnNextTick extends Clock {
        private final Path dir;
        private final AtomicBoolean armed = new AtomicBoolean();
        private final List<CompletableFuture<Void>> commits = new CopyOnWriteArrayList<>();

        CommitOnNextTick(Path dir) {
            this.dir = dir;
        }

        void arm() {
            armed.set(true);
        }

        @Override
        public long millis() {
            if (Thread.currentThread().getName().equals("gridscope-history-writer") && armed.getAndSet(false)) {
                CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> {
                    try (Connection c = RecordsConnection.open(dir)) {
                        recordEvent(c, NOW);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                commits.add(commit);
                try {
                    commit.get(300, TimeUnit.MILLISECONDS);
                } catch (Exception waitedEnough) {
                    // the writer holds the write lock: the commit goes in after the writer's
                }
            }
            return NOW;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aCommitBetweenTheWritersFirstReadAndItsFirstWriteDoesNotDropTheBatch() throws Exception {
        CommitOnNextTick clock = new CommitOnNextTick(dir);
        HistoryOptions options = TestSeries.options().withClock(clock);
        try (HistoryStore store = HistoryStore.open(dir, options)) {
            store.append(TestSeries.snapshot(gpu(0), NOW - 2000, 1));
            store.flush().get(30, TimeUnit.SECONDS);

            clock.arm();
            store.append(Snapshot.of(
                    "live", NOW - 1000, List.of(new Sample(gpu(0), NOW - 1000, 2), new Sample(job(0), NOW - 1000, 3))));
            store.flush().get(30, TimeUnit.SECONDS);
            for (CompletableFuture<Void> commit : clock.commits) {
                commit.get(30, TimeUnit.SECONDS);
            }

            assertThat(clock.commits).hasSize(1);
            WriterStats stats = store.writerStats();
            assertThat(stats.lastError()).isEmpty();
            assertThat(stats.samplesDropped()).isZero();
            assertThat(stats.samplesWritten()).isEqualTo(3);
            assertThat(store.query(new SeriesQuery("gpu_power_watts", Labels.EMPTY, 0, NOW))
                            .getFirst()
                            .values())
                    .containsExactly(1, 2);
            assertThat(store.query(new SeriesQuery("job_power_watts", Labels.EMPTY, 0, NOW))
                            .getFirst()
                            .values())
                    .containsExactly(3);
        }
    }

    @Test
    void aWriteLockHeldLongerThanTheBusyTimeoutIsWaitedOutNotDropped() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            store.append(TestSeries.snapshot(gpu(0), NOW - 2000, 1));
            store.flush().get(30, TimeUnit.SECONDS);

            try (Connection c = RecordsConnection.open(dir)) {
                try (Statement st = c.createStatement()) {
                    st.execute("BEGIN IMMEDIATE");
                }
                store.append(TestSeries.snapshot(gpu(0), NOW - 1000, 2));
                // longer than the writer's busy timeout (5 s)
                Thread.sleep(6_500);
                try (Statement st = c.createStatement()) {
                    st.execute("COMMIT");
                }
            }
            store.flush().get(30, TimeUnit.SECONDS);

            WriterStats stats = store.writerStats();
            assertThat(stats.samplesDropped()).isZero();
            assertThat(stats.lastError()).isEmpty();
            assertThat(stats.samplesWritten()).isEqualTo(2);
            assertThat(store.query(new SeriesQuery("gpu_power_watts", Labels.EMPTY, 0, NOW))
                            .getFirst()
                            .values())
                    .containsExactly(1, 2);
        }
    }
}
