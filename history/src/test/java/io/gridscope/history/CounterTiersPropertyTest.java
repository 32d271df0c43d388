package io.gridscope.history;

import static io.gridscope.history.TestSeries.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.model.Counters;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The increase of a counter over a period aligned to hour buckets is the same from the raw samples, the 1-minute
 * and the 1-hour tier, equals the increase computed from the samples with {@link Counters#increase}, and
 * consecutive periods add up to their union. Random series (seeded): resets to a smaller value or to zero, gaps of
 * minutes to hours, irregular timestamps, samples exactly on minute and hour boundaries, NaN readings, equal
 * timestamps; half of them are written in two parts with the store closed and reopened in between.
 */
class CounterTiersPropertyTest {
    private static final long HOUR = 3_600_000L;
    private static final long MINUTE = 60_000L;
    private static final int SERIES = 200;
    private static final long START = NOW - 30 * HOUR;

    @TempDir
    Path dir;

    private static SeriesId series(int i) {
        return SeriesId.counter("gpu_energy_joules_total", Unit.JOULES, Labels.of("gpu_uuid", "GPU-" + i));
    }

    /** A random counter recording between {@link #START} and about 24 h later, in time order. */
    private static List<Sample> recording(SeriesId id, Random r) {
        List<Sample> out = new ArrayList<>();
        long t = START + r.nextInt(3_600) * 1000L;
        double v = r.nextBoolean() ? 0 : r.nextInt(1_000_000) / 8.0;
        long end = START + 24 * HOUR;
        while (t < end) {
            double roll = r.nextDouble();
            if (roll < 0.01) {
                v = 0; // reset to zero
            } else if (roll < 0.02) {
                v = Math.floor(v * r.nextDouble()); // reset to a smaller value
            } else {
                v += r.nextInt(5_000) / 16.0;
            }
            out.add(new Sample(id, t, r.nextInt(200) == 0 ? Double.NaN : v));
            if (r.nextInt(100) == 0) {
                out.add(new Sample(id, t, v + 1)); // equal timestamp, kept
                v += 1;
            }
            double step = r.nextDouble();
            if (step < 0.005) {
                t += MINUTE * (10 + r.nextInt(240)); // a gap of 10 minutes to 4 hours
            } else if (step < 0.05) {
                t = (t / MINUTE + 1) * MINUTE; // exactly on the next minute boundary
            } else if (step < 0.06) {
                t = (t / HOUR + 1) * HOUR; // exactly on the next hour boundary
            } else {
                t += 1 + r.nextInt(30_000); // irregular, up to 30 s
            }
        }
        return out;
    }

    /** The reference: increases between consecutive finite readings whose later reading lies in [from, to). */
    private static double expectedIncrease(List<Sample> samples, long from, long to) {
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

    private static double increase(HistoryReader reader, SeriesId id, long from, long to, Tier tier) {
        SeriesAggregates a = reader.queryRange(new SeriesQuery(id.metric(), id.labels(), from, to), to - from, tier)
                .getFirst();
        assertThat(a.tier()).isEqualTo(tier);
        return Arrays.stream(a.increase()).sum();
    }

    private static void assertClose(double actual, double expected, String what) {
        assertThat(Math.abs(actual - expected))
                .as("%s: %s vs %s", what, actual, expected)
                .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(expected)));
    }

    @Test
    void counterIncreaseIsTheSameOnEveryTierAndAddsUp() throws Exception {
        Random r = new Random(20260301);
        List<List<Sample>> recordings = new ArrayList<>();
        for (int i = 0; i < SERIES; i++) {
            recordings.add(recording(series(i), r));
        }
        // first part: everything of the even series, the first half of the odd ones
        long split = START + 12 * HOUR + 7_777;
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            for (int i = 0; i < SERIES; i++) {
                List<Sample> rec = recordings.get(i);
                store.append(TestSeries.snapshot(
                        i % 2 == 0
                                ? rec
                                : rec.stream()
                                        .filter(s -> s.epochMillis() < split)
                                        .toList()));
            }
            store.flush().get();
        }
        // reopened in the middle of the odd series: the writer must take their stored last value as the base
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            for (int i = 1; i < SERIES; i += 2) {
                List<Sample> rest = recordings.get(i).stream()
                        .filter(s -> s.epochMillis() >= split)
                        .toList();
                for (int from = 0; from < rest.size(); from += 500) {
                    store.append(TestSeries.snapshot(rest.subList(from, Math.min(rest.size(), from + 500))));
                }
            }
            store.flush().get();
            assertThat(store.writerStats().samplesRejected()).isZero();
            assertThat(store.writerStats().healthy()).isTrue();

            HistoryReader reader = store.reader();
            long firstHour = START / HOUR * HOUR;
            int periods = 0;
            for (int i = 0; i < SERIES; i++) {
                SeriesId id = series(i);
                List<Sample> rec = recordings.get(i);
                for (int k = 0; k < 3; k++) {
                    long a = firstHour + r.nextInt(26) * HOUR;
                    long b = a + (1 + r.nextInt(6)) * HOUR;
                    long c = b + (1 + r.nextInt(6)) * HOUR;
                    double want = expectedIncrease(rec, a, c);
                    double raw = increase(reader, id, a, c, Tier.RAW);
                    assertClose(raw, want, "raw " + id + " [" + a + ", " + c + ")");
                    assertClose(increase(reader, id, a, c, Tier.MINUTE), raw, "minute " + id);
                    assertClose(increase(reader, id, a, c, Tier.HOUR), raw, "hour " + id);
                    for (Tier tier : Tier.values()) {
                        double left = increase(reader, id, a, b, tier);
                        double right = increase(reader, id, b, c, tier);
                        assertClose(left + right, increase(reader, id, a, c, tier), tier + " union " + id);
                    }
                    periods++;
                }
            }
            assertThat(periods).isEqualTo(3 * SERIES);
        }
    }

    @Test
    void theRawTierCountsTheRiseFromTheLastReadingBeforeTheRange() throws Exception {
        SeriesId id = series(0);
        long h = NOW - 5 * HOUR;
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            // 100 before the hour, NaN on it, 130 inside; then a reset to 5 in the next hour
            store.append(TestSeries.snapshot(List.of(
                    new Sample(id, h - 1000, 100),
                    new Sample(id, h, Double.NaN),
                    new Sample(id, h + 1000, 130),
                    new Sample(id, h + HOUR + 1000, 5))));
            store.flush().get();
            HistoryReader reader = store.reader();
            for (Tier tier : Tier.values()) {
                assertThat(increase(reader, id, h, h + HOUR, tier))
                        .as(tier.name())
                        .isEqualTo(30);
                assertThat(increase(reader, id, h + HOUR, h + 2 * HOUR, tier))
                        .as(tier.name())
                        .isEqualTo(5);
            }
            // the public query picks the raw tier for a fine step and agrees
            SeriesAggregates fine = store.queryRange(new SeriesQuery(id.metric(), Labels.EMPTY, h, h + HOUR), 1000)
                    .getFirst();
            assertThat(fine.tier()).isEqualTo(Tier.RAW);
            assertThat(Arrays.stream(fine.increase()).sum()).isEqualTo(30);
        }
    }
}
