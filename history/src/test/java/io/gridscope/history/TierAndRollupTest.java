package io.gridscope.history;

import static io.gridscope.history.TestSeries.ENERGY;
import static io.gridscope.history.TestSeries.NOW;
import static io.gridscope.history.TestSeries.POWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TierAndRollupTest {
    private static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    @Test
    void tierFollowsStepThenRetention() {
        HistoryOptions o = TestSeries.options();
        assertThat(Tier.select(NOW - DAY, 1_000, NOW, o)).isEqualTo(Tier.RAW);
        assertThat(Tier.select(NOW - DAY, 59_999, NOW, o)).isEqualTo(Tier.RAW);
        assertThat(Tier.select(NOW - DAY, 60_000, NOW, o)).isEqualTo(Tier.MINUTE);
        assertThat(Tier.select(NOW - DAY, 3_600_000, NOW, o)).isEqualTo(Tier.HOUR);
        // raw is kept 7 days: an older start must read the minute tier even for a fine step
        assertThat(Tier.select(NOW - 8 * DAY, 1_000, NOW, o)).isEqualTo(Tier.MINUTE);
        // minutes are kept 90 days
        assertThat(Tier.select(NOW - 100 * DAY, 60_000, NOW, o)).isEqualTo(Tier.HOUR);
        assertThat(Tier.select(NOW - 3000 * DAY, 1_000, NOW, o)).isEqualTo(Tier.HOUR);
    }

    /** Power (gauge, some NaN) and energy (counter with two resets) at ~1 s for 3 hours. */
    private static List<Sample> recording(long start) {
        SplittableRandom r = new SplittableRandom(3);
        List<Sample> out = new ArrayList<>();
        double energy = 1000;
        long t = start;
        for (int i = 0; i < 3 * 3600; i++) {
            t += 1000 + r.nextInt(-20, 20);
            double power = r.nextInt(50) == 0 ? Double.NaN : 150 + r.nextInt(-5000, 5000) / 100.0;
            energy = i == 4000 || i == 7777 ? r.nextInt(10) : energy + r.nextInt(100, 300);
            out.add(new Sample(POWER, t, power));
            out.add(new Sample(ENERGY, t, energy));
        }
        return out;
    }

    /** Aggregates per bucket computed straight from the raw samples: count, sum, min, max, last, increase. */
    private static TreeMap<Long, double[]> expected(List<Sample> samples, String metric, long width) {
        TreeMap<Long, double[]> m = new TreeMap<>();
        double prev = Double.NaN;
        for (Sample s : samples) {
            if (!s.series().metric().equals(metric) || Double.isNaN(s.value())) {
                continue;
            }
            double v = s.value();
            long b = Math.floorDiv(s.epochMillis(), width) * width;
            double[] a = m.computeIfAbsent(b, k -> new double[] {0, 0, Double.MAX_VALUE, -Double.MAX_VALUE, 0, 0});
            a[0]++;
            a[1] += v;
            a[2] = Math.min(a[2], v);
            a[3] = Math.max(a[3], v);
            a[4] = v;
            a[5] += Double.isNaN(prev) ? 0 : v >= prev ? v - prev : v;
            prev = v;
        }
        return m;
    }

    @Test
    void rollupsEqualAggregatesComputedFromRawAndQueriesPickTheTier() throws Exception {
        long start = NOW - 4 * 3_600_000L;
        long from = Math.floorDiv(start, 3_600_000L) * 3_600_000L;
        List<Sample> samples = recording(start);
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            // many small batches, as the collectors deliver them
            for (int i = 0; i < samples.size(); i += 2) {
                store.append(TestSeries.snapshot(samples.subList(i, i + 2)));
            }
            store.flush().get();
            for (Tier tier : List.of(Tier.MINUTE, Tier.HOUR)) {
                for (String metric : List.of(POWER.metric(), ENERGY.metric())) {
                    SeriesAggregates got = store.queryRange(
                                    new SeriesQuery(metric, Labels.EMPTY, from, NOW), tier.widthMillis())
                            .getFirst();
                    assertThat(got.tier()).isEqualTo(tier);
                    TreeMap<Long, double[]> want = expected(samples, metric, tier.widthMillis());
                    assertThat(got.size()).isEqualTo(want.size());
                    int i = 0;
                    for (var e : want.entrySet()) {
                        double[] a = e.getValue();
                        assertThat(got.epochMillis()[i]).isEqualTo(e.getKey());
                        assertThat(got.count()[i]).isEqualTo((long) a[0]);
                        assertThat(got.sum()[i]).isCloseTo(a[1], within(1e-6 * Math.abs(a[1]) + 1e-9));
                        assertThat(got.min()[i]).isEqualTo(a[2]);
                        assertThat(got.max()[i]).isEqualTo(a[3]);
                        assertThat(got.last()[i]).isEqualTo(a[4]);
                        if (metric.equals(ENERGY.metric())) {
                            assertThat(got.increase()[i]).isCloseTo(a[5], within(1e-6));
                        } else {
                            assertThat(got.increase()[i]).isNaN();
                        }
                        i++;
                    }
                }
            }
            // counter increase never goes negative across the resets
            SeriesAggregates energy = store.queryRange(
                            new SeriesQuery(ENERGY.metric(), Labels.EMPTY, from, NOW), 60_000)
                    .getFirst();
            assertThat(java.util.Arrays.stream(energy.increase()).min().orElseThrow())
                    .isNotNegative();

            // a fine step reads raw; the same buckets agree with the minute tier
            SeriesAggregates rawMinutes = store.queryRange(
                            new SeriesQuery(POWER.metric(), Labels.EMPTY, from, NOW), 59_999)
                    .getFirst();
            assertThat(rawMinutes.tier()).isEqualTo(Tier.RAW);
        }
    }

    @Test
    void chartDecimationKeepsAtMostMaxPointsAndTheSpikes() throws Exception {
        long start = NOW - 3_600_000L;
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            List<Sample> batch = new ArrayList<>();
            for (int i = 0; i < 3600; i++) {
                batch.add(new Sample(POWER, start + 1000L * i, i == 1234 ? 999 : 100));
            }
            store.append(TestSeries.snapshot(batch));
            store.flush().get();
            SeriesAggregates chart = store.queryForChart(new SeriesQuery(POWER.metric(), Labels.EMPTY, start, NOW), 100)
                    .getFirst();
            assertThat(chart.size()).isLessThanOrEqualTo(100).isGreaterThanOrEqualTo(90);
            assertThat(chart.tier()).isEqualTo(Tier.RAW);
            assertThat(chart.max()).contains(999.0);
            assertThat(java.util.Arrays.stream(chart.count()).sum()).isEqualTo(3600);
            SeriesAggregates coarse = store.queryForChart(new SeriesQuery(POWER.metric(), Labels.EMPTY, start, NOW), 10)
                    .getFirst();
            assertThat(coarse.tier()).isEqualTo(Tier.MINUTE);
            assertThat(coarse.size()).isLessThanOrEqualTo(10);
            assertThat(coarse.max()).contains(999.0);
        }
    }
}
