package io.gridscope.history;

import static io.gridscope.history.ImportTestData.DAY;
import static io.gridscope.history.ImportTestData.HOUR;
import static io.gridscope.history.ImportTestData.START;
import static io.gridscope.history.ImportTestData.collectLive;
import static io.gridscope.history.ImportTestData.contents;
import static io.gridscope.history.ImportTestData.energy;
import static io.gridscope.history.ImportTestData.expectedIncrease;
import static io.gridscope.history.ImportTestData.importAll;
import static io.gridscope.history.ImportTestData.power;
import static io.gridscope.history.ImportTestData.recording;
import static io.gridscope.history.TestSeries.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import stores what live collection of the same samples would have stored: compared row for row (raw chunks,
 * 1-minute and 1-hour rollups, byte for byte) with a history that collected everything live, whether the import goes
 * into an empty history, before newer collected data, or among it; and the counter increase over bucket-aligned
 * periods is the same on every tier.
 */
class ImportBackfillTest {
    private static final int SERIES = 40;

    @TempDir
    Path tmp;

    private Path dir(String name) throws Exception {
        return Files.createDirectories(tmp.resolve(name));
    }

    /** Half counters, half gauges, each a random recording of about a day. */
    private static List<List<Sample>> recordings(long seed, long start, long span) {
        Random r = new Random(seed);
        List<List<Sample>> out = new ArrayList<>();
        for (int i = 0; i < SERIES; i++) {
            out.add(recording(i % 2 == 0 ? energy(i) : power(i), r, start, span));
        }
        return out;
    }

    private static List<Sample> all(List<List<Sample>> recordings) {
        return recordings.stream().flatMap(List::stream).toList();
    }

    /** Every sample of every series ordered by time (series interleaved, as a scrape-by-scrape export is). */
    private static List<Sample> byTime(List<Sample> samples) {
        return samples.stream()
                .sorted(Comparator.comparingLong(Sample::epochMillis))
                .toList();
    }

    private static double increase(HistoryReader reader, SeriesId id, long from, long to, Tier tier) {
        SeriesAggregates a = reader.queryRange(new SeriesQuery(id.metric(), id.labels(), from, to), to - from, tier)
                .getFirst();
        return Arrays.stream(a.increase()).sum();
    }

    private static void assertClose(double actual, double expected, String what) {
        assertThat(Math.abs(actual - expected))
                .as("%s: %s vs %s", what, actual, expected)
                .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(expected)));
    }

    /** The increase of each counter over random hour-aligned periods: equal on RAW, MINUTE, HOUR and the samples. */
    private static void assertTiersAgree(Path dir, List<List<Sample>> recordings, long seed) {
        Random r = new Random(seed);
        try (HistoryReader reader = HistoryReader.open(dir, TestSeries.options())) {
            long firstHour = Math.floorDiv(START, HOUR) * HOUR;
            int checked = 0;
            for (List<Sample> rec : recordings) {
                SeriesId id = rec.getFirst().series();
                if (!id.metric().endsWith("_total")) {
                    continue;
                }
                for (int k = 0; k < 3; k++) {
                    long a = firstHour + r.nextInt(26) * HOUR;
                    long c = a + (1 + r.nextInt(12)) * HOUR;
                    double raw = increase(reader, id, a, c, Tier.RAW);
                    assertClose(raw, expectedIncrease(rec, a, c), "raw " + id);
                    assertClose(increase(reader, id, a, c, Tier.MINUTE), raw, "minute " + id);
                    assertClose(increase(reader, id, a, c, Tier.HOUR), raw, "hour " + id);
                    checked++;
                }
            }
            assertThat(checked).isEqualTo(3 * SERIES / 2);
        }
    }

    @Test
    void importIntoAnEmptyHistoryStoresWhatLiveCollectionStores() throws Exception {
        List<List<Sample>> recordings = recordings(1, START, DAY);
        Path live = dir("live");
        collectLive(live, byTime(all(recordings)));

        Path imported = dir("imported");
        ImportSummary summary = importAll(imported, all(recordings));

        assertThat(contents(imported)).isEqualTo(contents(live));
        assertThat(summary.samplesImported()).isEqualTo(all(recordings).size());
        assertThat(summary.seriesNew()).isEqualTo(SERIES);
        assertThat(summary.seriesExisting()).isZero();
        assertThat(summary.duplicates() + summary.conflicts()).isZero();
        assertThat(summary.firstEpochMillis())
                .isEqualTo(all(recordings).stream()
                        .mapToLong(Sample::epochMillis)
                        .min()
                        .orElseThrow());
        assertTiersAgree(imported, recordings, 11);
    }

    @Test
    void seriesInterleavedByTimeAcrossManyBatchesComeOutTheSame() throws Exception {
        List<List<Sample>> recordings = recordings(2, START, DAY);
        List<Sample> samples = byTime(all(recordings));
        assertThat(samples.size()).isGreaterThan(10 * ImportTestData.TEST_BATCH_SAMPLES);
        Path live = dir("live");
        collectLive(live, samples);

        Path imported = dir("imported");
        importAll(imported, samples);

        assertThat(contents(imported)).isEqualTo(contents(live));
    }

    @Test
    void olderSamplesAreBackfilledBeforeNewerCollectedOnesAsIfCollectedLive() throws Exception {
        List<List<Sample>> recordings = recordings(3, START, DAY);
        Path reference = dir("reference");
        collectLive(reference, byTime(all(recordings)));

        // collected live from a time in the middle on, then the older part imported
        long split = START + 9 * HOUR + 1_234;
        Path dir = dir("backfilled");
        collectLive(
                dir,
                byTime(all(recordings)).stream()
                        .filter(s -> s.epochMillis() >= split)
                        .toList());
        ImportSummary summary = importAll(
                dir,
                all(recordings).stream().filter(s -> s.epochMillis() < split).toList());

        assertThat(contents(dir)).isEqualTo(contents(reference));
        assertThat(summary.seriesExisting()).isEqualTo(SERIES);
        assertThat(summary.seriesNew()).isZero();
        assertTiersAgree(dir, recordings, 12);
    }

    @Test
    void samplesAmongCollectedOnesAreMergedAsIfCollectedLive() throws Exception {
        List<List<Sample>> recordings = recordings(4, START, DAY);
        Path reference = dir("reference");
        collectLive(reference, byTime(all(recordings)));

        // every sample is either collected or imported (gaps of either kind, a part of the series only imported),
        // and a tenth of the collected ones is also in the input: duplicates
        Random r = new Random(40);
        List<Sample> collected = new ArrayList<>();
        List<Sample> input = new ArrayList<>();
        long duplicates = 0;
        for (List<Sample> rec : recordings) {
            boolean importedOnly = r.nextInt(8) == 0;
            for (Sample s : rec) {
                boolean collect = !importedOnly && r.nextInt(3) != 0;
                if (collect) {
                    collected.add(s);
                }
                if (!collect) {
                    input.add(s);
                } else if (r.nextInt(10) == 0) {
                    input.add(s);
                    duplicates++;
                }
            }
        }
        Path dir = dir("merged");
        collectLive(dir, byTime(collected));
        ImportSummary summary = importAll(dir, input);

        assertThat(contents(dir)).isEqualTo(contents(reference));
        assertThat(summary.duplicates()).isEqualTo(duplicates);
        assertThat(summary.conflicts()).isZero();
        assertThat(summary.samplesImported()).isEqualTo(input.size() - duplicates);
        assertTiersAgree(dir, recordings, 13);
    }

    @Test
    void samplesOlderThanTheRawRetentionAreKeptAsRollupsAsRetentionKeepsCollectedOnes() throws Exception {
        // 12 days up to now: the first 5 are older than the 7-day raw retention
        long start = NOW - 12 * DAY;
        List<List<Sample>> recordings = recordings(5, start, 12 * DAY - HOUR);
        Path live = dir("live");
        collectLive(live, byTime(all(recordings)));

        Path imported = dir("imported");
        ImportSummary summary = importAll(imported, all(recordings));

        assertThat(contents(imported)).isEqualTo(contents(live));
        long old = all(recordings).stream()
                .filter(s -> s.epochMillis() < NOW - 7 * DAY)
                .count();
        assertThat(summary.rollupsOnly()).isEqualTo(old).isPositive();
        try (HistoryReader reader = HistoryReader.open(imported, TestSeries.options())) {
            SeriesData raw = reader.query(
                            new SeriesQuery(energy(0).metric(), energy(0).labels(), 0, NOW))
                    .getFirst();
            // whole chunks older than the retention are gone, as retention deletes them: at most one chunk's span
            assertThat(raw.epochMillis()[0]).isGreaterThan(NOW - 7 * DAY - 2 * HOUR);
        }
    }
}
