package io.gridscope.history;

import static io.gridscope.history.TestSeries.NOW;
import static io.gridscope.history.TestSeries.TEMP;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
    private static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    /** Ten minutes of 1 s samples starting at {@code start}. */
    private static void tenMinutes(HistoryStore store, long start) {
        List<Sample> batch = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            batch.add(new Sample(TEMP, start + 1000L * i, 40 + (i * 7919 % 1000) / 100.0));
        }
        store.append(TestSeries.snapshot(batch));
    }

    private static int count(HistoryStore store, Tier tier, long from, long to) {
        SeriesQuery q = new SeriesQuery(TEMP.metric(), Labels.EMPTY, from, to);
        if (tier == Tier.RAW) {
            return store.query(q).getFirst().size();
        }
        List<SeriesAggregates> r = store.queryRange(q, tier.widthMillis());
        return r.getFirst().size();
    }

    @Test
    void eachTierKeepsItsOwnRetention() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            tenMinutes(store, NOW - 800 * DAY);
            tenMinutes(store, NOW - 100 * DAY);
            tenMinutes(store, NOW - 10 * DAY);
            tenMinutes(store, NOW - DAY);
            store.flush().get();
            assertThat(count(store, Tier.RAW, 0, NOW)).isEqualTo(2400);

            RetentionRun run = store.enforceRetention();
            assertThat(run.rawChunksDeleted()).isEqualTo(3); // 3 x 600 samples, one chunk each (up to 720)
            assertThat(run.minuteWindowsDeleted()).isEqualTo(2);
            assertThat(run.hourWindowsDeleted()).isEqualTo(1);
            assertThat(run.deletedForSizeCap()).isZero();

            assertThat(count(store, Tier.RAW, 0, NOW)).isEqualTo(600);
            assertThat(store.query(new SeriesQuery(TEMP.metric(), Labels.EMPTY, 0, NOW))
                            .getFirst()
                            .epochMillis()[0])
                    .isEqualTo(NOW - DAY);
            HistoryStats stats = store.stats();
            assertThat(stats.minuteBuckets()).isEqualTo(20); // 10 d and 1 d ago
            assertThat(stats.hourBuckets()).isEqualTo(3); // all but 800 d ago

            // a second pass finds nothing more, and writes keep working afterwards
            assertThat(store.enforceRetention()).isEqualTo(new RetentionRun(0, 0, 0, 0));
            tenMinutes(store, NOW - 1000 * 600);
            store.flush().get();
            assertThat(store.writerStats().healthy()).isTrue();
            assertThat(count(store, Tier.RAW, 0, NOW)).isEqualTo(1200);
        }
    }

    @Test
    void sizeCapDeletesTheOldestRawDataFirst() throws Exception {
        long used;
        long cap;
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            for (int h = 0; h < 48; h++) {
                tenMinutes(store, NOW - 2 * DAY + h * 3_600_000L);
            }
            store.flush().get();
            HistoryStats stats = store.stats();
            used = stats.usedBytes();
            cap = used - stats.rawChunkBytes() / 2;
        }
        HistoryOptions capped = TestSeries.options().withMaxBytes(cap);
        try (HistoryStore store = HistoryStore.open(dir, capped)) {
            RetentionRun run = store.enforceRetention();
            assertThat(run.deletedForSizeCap()).isPositive();
            assertThat(store.stats().usedBytes()).isLessThanOrEqualTo(cap);
            assertThat(store.stats().minuteBuckets()).isEqualTo(48 * 10);
            SeriesData raw = store.query(new SeriesQuery(TEMP.metric(), Labels.EMPTY, 0, NOW))
                    .getFirst();
            assertThat(raw.size()).isPositive().isLessThan(48 * 600);
            assertThat(raw.epochMillis()[raw.size() - 1]).isEqualTo(NOW - 2 * DAY + 47 * 3_600_000L + 599_000);
            assertThat(raw.epochMillis()[0]).isGreaterThan(NOW - 2 * DAY);
        }
    }

    @Test
    void backgroundRetentionRunsWhileWritesContinue() throws Exception {
        HistoryOptions o = TestSeries.options().withMaintenanceInterval(Duration.ofMillis(20));
        try (HistoryStore store = HistoryStore.open(dir, o)) {
            tenMinutes(store, NOW - 30 * DAY);
            store.flush().get();
            long t = NOW - DAY;
            SeriesQuery old = new SeriesQuery(TEMP.metric(), Labels.EMPTY, 0, NOW - 2 * DAY);
            // keep writing until the background pass has removed the 30-day-old raw data (bounded loop)
            int i = 0;
            for (; i < 20_000 && store.query(old).getFirst().size() > 0; i++) {
                store.append(TestSeries.snapshot(TEMP, t + i * 1000L, 1));
                store.flush().get();
            }
            assertThat(store.query(old).getFirst().size()).isZero();
            // the writer's open chunk from 30 days ago was deleted too and does not come back with new samples
            store.append(TestSeries.snapshot(TEMP, t + i * 1000L + 1000, 1));
            store.flush().get();
            assertThat(store.query(old).getFirst().size()).isZero();
            assertThat(store.query(new SeriesQuery(TEMP.metric(), Labels.EMPTY, t, NOW))
                            .getFirst()
                            .size())
                    .isEqualTo(i + 1);
            assertThat(store.writerStats().healthy()).isTrue();
            assertThat(store.writerStats().samplesDropped()).isZero();
        }
    }
}
