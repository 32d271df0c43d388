package io.gridscope.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer gathers samples for {@link HistoryOptions#commitWindow()} before it commits them. */
class CommitWindowTest {
    @TempDir
    Path dir;

    @Test
    void theDefaultWindowIsUnderASecond() {
        assertThat(HistoryOptions.defaults().commitWindow()).isEqualTo(Duration.ofMillis(750));
        assertThat(HistoryStore.COMMIT_WINDOW_MILLIS).isEqualTo(750);
    }

    @Test
    void aWindowOutsideItsBoundsIsRefused() {
        HistoryOptions o = HistoryOptions.defaults();
        assertThatThrownBy(() -> o.withCommitWindow(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("commitWindow");
        assertThatThrownBy(() -> o.withCommitWindow(HistoryOptions.MAX_COMMIT_WINDOW.plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("commitWindow");
        assertThat(o.withCommitWindow(Duration.ZERO).commitWindow()).isZero();
        assertThat(o.withCommitWindow(Duration.ofSeconds(5)).withMaxBytes(1).commitWindow())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void samplesOfALongWindowShareOneCommit() throws Exception {
        HistoryOptions options = TestSeries.options().withCommitWindow(Duration.ofSeconds(3));
        try (HistoryStore store = HistoryStore.open(dir, options)) {
            long start = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                store.append(TestSeries.snapshot(TestSeries.POWER, 1_000L * (i + 1), i));
            }
            Thread.sleep(1_000);
            // less than the window has passed since the first snapshot: nothing is committed yet
            if (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(2_500)) {
                assertThat(store.writerStats().batchesCommitted()).isZero();
                assertThat(store.writerStats().samplesWritten()).isZero();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (store.writerStats().samplesWritten() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(store.writerStats().samplesWritten()).isEqualTo(4);
            assertThat(store.writerStats().batchesCommitted()).isEqualTo(1);
        }
    }

    @Test
    void aFlushDoesNotWaitForTheWindow() throws Exception {
        HistoryOptions options = TestSeries.options().withCommitWindow(HistoryOptions.MAX_COMMIT_WINDOW);
        try (HistoryStore store = HistoryStore.open(dir, options)) {
            store.append(TestSeries.snapshot(TestSeries.POWER, 1_000, 1));
            long start = System.nanoTime();
            store.flush().get(20, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            assertThat(store.writerStats().samplesWritten()).isEqualTo(1);
        }
    }

    @Test
    void aFullTransactionOfSamplesDoesNotWaitForTheWindow() throws Exception {
        HistoryOptions options = TestSeries.options().withCommitWindow(HistoryOptions.MAX_COMMIT_WINDOW);
        try (HistoryStore store = HistoryStore.open(dir, options)) {
            long start = System.nanoTime();
            int perSnapshot = HistoryStore.MAX_SAMPLES_PER_TRANSACTION / 4;
            for (int k = 0; k < 4; k++) {
                java.util.List<io.gridscope.model.Sample> samples = new java.util.ArrayList<>(perSnapshot);
                for (int i = 0; i < perSnapshot; i++) {
                    samples.add(new io.gridscope.model.Sample(
                            TestSeries.POWER, 1_000L * (k * perSnapshot + i + 1), i % 300));
                }
                store.append(TestSeries.snapshot(samples));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (store.writerStats().samplesWritten() < HistoryStore.MAX_SAMPLES_PER_TRANSACTION
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(store.writerStats().samplesWritten()).isEqualTo(HistoryStore.MAX_SAMPLES_PER_TRANSACTION);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HistoryOptions.MAX_COMMIT_WINDOW);
        }
    }

    @Test
    void closingCommitsWhatTheWindowHolds() throws Exception {
        HistoryOptions options = TestSeries.options().withCommitWindow(HistoryOptions.MAX_COMMIT_WINDOW);
        HistoryStore store = HistoryStore.open(dir, options);
        store.append(TestSeries.snapshot(TestSeries.POWER, 1_000, 1));
        store.append(TestSeries.snapshot(TestSeries.POWER, 2_000, 2));
        long start = System.nanoTime();
        store.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        try (HistoryReader reader = HistoryReader.open(dir, options)) {
            assertThat(reader.latest(TestSeries.POWER.metric(), TestSeries.POWER.labels()))
                    .singleElement()
                    .satisfies(v -> assertThat(v.value()).isEqualTo(2.0));
        }
    }
}
