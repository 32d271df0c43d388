package io.gridscope.collectors.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.Collector;
import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.CollectorUnavailableException;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import io.gridscope.testsupport.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CollectorSchedulerTest {
    private static final SeriesId SERIES = SeriesId.gauge("test_value_ratio", Unit.RATIO, Labels.EMPTY);

    /** Fails while {@code failing} > 0 (counting down), then succeeds. */
    static final class ScriptedCollector implements Collector {
        int unavailable;
        int throwing;
        final AtomicInteger calls = new AtomicInteger();
        boolean closed;

        @Override
        public String id() {
            return "scripted";
        }

        @Override
        public Snapshot collect(long epochMillis) throws CollectorUnavailableException {
            calls.incrementAndGet();
            if (unavailable > 0) {
                unavailable--;
                throw new CollectorUnavailableException("driver not loaded");
            }
            if (throwing > 0) {
                throwing--;
                throw new IllegalStateException("boom");
            }
            return Snapshot.of(id(), epochMillis, List.of(new Sample(SERIES, epochMillis, 0.5)));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void failuresBecomeStatusesAndAreRetriedWithBackoff() {
        ManualClock clock = new ManualClock(10_000);
        ScriptedCollector c = new ScriptedCollector();
        c.unavailable = 2;
        c.throwing = 1;
        List<CollectorStatus> statuses = new CopyOnWriteArrayList<>();
        List<Snapshot> delivered = new ArrayList<>();
        try (CollectorScheduler s =
                new CollectorScheduler(clock, java.util.concurrent.Executors.newSingleThreadScheduledExecutor())) {
            s.addStatusListener(statuses::add);
            s.addSink(delivered::add);
            s.register(c, Duration.ofSeconds(1));

            s.runPass("scripted");
            assertThat(last(statuses).state()).isEqualTo(CollectorState.UNAVAILABLE);
            assertThat(last(statuses).message()).isEqualTo("driver not loaded");

            s.runPass("scripted"); // within backoff (1 s): skipped
            assertThat(c.calls).hasValue(1);

            clock.advance(Duration.ofMillis(1_000));
            s.runPass("scripted"); // second failure → backoff 2 s
            assertThat(c.calls).hasValue(2);
            clock.advance(Duration.ofMillis(1_000));
            s.runPass("scripted");
            assertThat(c.calls).hasValue(2);
            clock.advance(Duration.ofMillis(1_000));
            s.runPass("scripted"); // throws → FAILED, backoff 4 s
            assertThat(last(statuses).state()).isEqualTo(CollectorState.FAILED);
            assertThat(last(statuses).message()).isEqualTo("IllegalStateException: boom");
            assertThat(last(statuses).consecutiveFailures()).isEqualTo(3);

            clock.advance(Duration.ofMillis(4_000));
            s.runPass("scripted");
            CollectorStatus ok = last(statuses);
            assertThat(ok.state()).isEqualTo(CollectorState.OK);
            assertThat(ok.consecutiveFailures()).isZero();
            assertThat(ok.lastSuccessEpochMillis()).isEqualTo(clock.millis());
            assertThat(delivered).hasSize(1);
            // the pass's own cost travels with its samples
            assertThat(delivered.get(0).samples())
                    .extracting(x -> x.series().metric())
                    .containsExactly("test_value_ratio", CollectorScheduler.PASS_DURATION_METRIC);
        }
        assertThat(c.closed).isTrue();
        assertThat(last(statuses).state()).isEqualTo(CollectorState.STOPPED);
    }

    @Test
    void passesThatStartALittleLateAreStampedWithTheirTickAndLateOnesWithTheirStart() {
        ManualClock clock = new ManualClock(10_000);
        ScriptedCollector c = new ScriptedCollector();
        List<Snapshot> delivered = new ArrayList<>();
        try (CollectorScheduler s =
                new CollectorScheduler(clock, java.util.concurrent.Executors.newSingleThreadScheduledExecutor())) {
            s.addSink(delivered::add);
            s.register(c, Duration.ofSeconds(1));
            for (long late : new long[] {0, 3, 9, 40, 1}) {
                clock.set(10_000 + 1_000L * delivered.size() + late);
                s.runPass("scripted");
            }
        }
        // the collector itself is given the stamp, and every sample of the pass carries it
        assertThat(delivered)
                .extracting(Snapshot::epochMillis)
                .containsExactly(10_000L, 11_000L, 12_000L, 13_040L, 14_000L);
        for (Snapshot snap : delivered) {
            assertThat(snap.samples())
                    .allSatisfy(x -> assertThat(x.epochMillis()).isEqualTo(snap.epochMillis()));
        }
    }

    @Test
    void backoffDoublesUpToTheCap() {
        Duration second = Duration.ofSeconds(1);
        assertThat(CollectorScheduler.backoffMillis(second, 1)).isEqualTo(1_000);
        assertThat(CollectorScheduler.backoffMillis(second, 2)).isEqualTo(2_000);
        assertThat(CollectorScheduler.backoffMillis(second, 4)).isEqualTo(8_000);
        assertThat(CollectorScheduler.backoffMillis(second, 30)).isEqualTo(CollectorScheduler.MAX_BACKOFF.toMillis());
        assertThat(CollectorScheduler.backoffMillis(Duration.ofMinutes(5), 3)).isEqualTo(300_000);
    }

    @Test
    void aThrowingSinkDoesNotStopCollectionOrOtherSinks() throws Exception {
        ScriptedCollector c = new ScriptedCollector();
        CountDownLatch threePasses = new CountDownLatch(3);
        try (CollectorScheduler s = new CollectorScheduler(Clock.systemUTC())) {
            s.addSink(snapshot -> {
                throw new IllegalStateException("sink broken");
            });
            s.addSink(snapshot -> threePasses.countDown());
            s.register(c, Duration.ofMillis(20));
            s.start();
            assertThat(threePasses.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void collectorsRunOffTheCallersThread() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch ran = new CountDownLatch(1);
        Collector c = new Collector() {
            @Override
            public String id() {
                return "t";
            }

            @Override
            public Snapshot collect(long epochMillis) {
                threads.add(Thread.currentThread().getName());
                ran.countDown();
                return Snapshot.of("t", epochMillis, List.of());
            }
        };
        try (CollectorScheduler s = new CollectorScheduler(Clock.systemUTC())) {
            s.register(c);
            s.start();
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(threads).first().isEqualTo("gridscope-collect");
    }

    @Test
    void collectorsOfOneIntervalShareOneTaskAndALateOneRunsAtOnce() throws Exception {
        AtomicInteger fixedRateTasks = new AtomicInteger();
        java.util.concurrent.ScheduledThreadPoolExecutor executor =
                new java.util.concurrent.ScheduledThreadPoolExecutor(1) {
                    @Override
                    public java.util.concurrent.ScheduledFuture<?> scheduleAtFixedRate(
                            Runnable command, long initialDelay, long period, TimeUnit unit) {
                        fixedRateTasks.incrementAndGet();
                        return super.scheduleAtFixedRate(command, initialDelay, period, unit);
                    }
                };
        java.util.Map<String, CountDownLatch> firstPass = new java.util.concurrent.ConcurrentHashMap<>();
        try (CollectorScheduler s = new CollectorScheduler(Clock.systemUTC(), executor)) {
            s.addSink(snapshot -> firstPass.get(snapshot.collectorId()).countDown());
            for (String id : List.of("a", "b", "c", "slow")) {
                firstPass.put(id, new CountDownLatch(1));
                s.register(named(id), id.equals("slow") ? Duration.ofSeconds(30) : Duration.ofSeconds(1));
            }
            s.start();
            assertThat(fixedRateTasks).hasValue(2);
            firstPass.put("late", new CountDownLatch(1));
            s.register(named("late"), Duration.ofSeconds(1));
            assertThat(fixedRateTasks).as("joins the 1 s task").hasValue(2);
            for (var e : firstPass.entrySet()) {
                assertThat(e.getValue().await(10, TimeUnit.SECONDS))
                        .as(e.getKey())
                        .isTrue();
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static Collector named(String id) {
        return new Collector() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Snapshot collect(long epochMillis) {
                return Snapshot.of(id, epochMillis, List.of());
            }
        };
    }

    private static CollectorStatus last(List<CollectorStatus> statuses) {
        return statuses.get(statuses.size() - 1);
    }
}
