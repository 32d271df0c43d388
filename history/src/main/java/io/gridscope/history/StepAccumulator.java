package io.gridscope.history;

import io.gridscope.model.SeriesId;

/**
 * Folds raw samples or rollup buckets (in time order) into steps aligned to a start time. Not thread-safe; one per
 * series and query.
 */
final class StepAccumulator {
    private final long from;
    private final long step;
    private final boolean counter;
    private final HistoryStore.LongList starts = new HistoryStore.LongList();
    private final HistoryStore.LongList counts = new HistoryStore.LongList();
    private final HistoryStore.DoubleList sums = new HistoryStore.DoubleList();
    private final HistoryStore.DoubleList mins = new HistoryStore.DoubleList();
    private final HistoryStore.DoubleList maxs = new HistoryStore.DoubleList();
    private final HistoryStore.DoubleList lasts = new HistoryStore.DoubleList();
    private final HistoryStore.DoubleList increases = new HistoryStore.DoubleList();
    private long current = Long.MIN_VALUE;
    private int i = -1;

    StepAccumulator(long fromEpochMillis, long stepMillis, boolean counter) {
        this.from = fromEpochMillis;
        this.step = stepMillis;
        this.counter = counter;
    }

    private void moveTo(long epochMillis) {
        long bucket = from + Math.floorDiv(epochMillis - from, step) * step;
        if (bucket != current) {
            current = bucket;
            starts.add(bucket);
            counts.add(0);
            sums.add(0);
            mins.add(Double.POSITIVE_INFINITY);
            maxs.add(Double.NEGATIVE_INFINITY);
            lasts.add(Double.NaN);
            increases.add(counter ? 0 : Double.NaN);
            i++;
        }
    }

    /** One raw sample; {@code previous} is the series' previous non-NaN value (NaN when none). NaN is skipped. */
    void addSample(long epochMillis, double v, double previous) {
        if (Double.isNaN(v)) {
            return;
        }
        double inc = Double.isNaN(previous) ? 0 : v >= previous ? v - previous : v;
        add(epochMillis, 1, v, v, v, v, inc);
    }

    /** One rollup bucket. */
    void addBucket(long startMillis, long count, double sum, double min, double max, double last, double inc) {
        add(startMillis, count, sum, min, max, last, inc);
    }

    private void add(long t, long count, double sum, double min, double max, double last, double inc) {
        moveTo(t);
        counts.a[i] += count;
        sums.a[i] += sum;
        mins.a[i] = Math.min(mins.a[i], min);
        maxs.a[i] = Math.max(maxs.a[i], max);
        lasts.a[i] = last;
        if (counter && !Double.isNaN(inc)) {
            increases.a[i] += inc;
        }
    }

    SeriesAggregates result(SeriesId series, Tier tier) {
        return new SeriesAggregates(series, tier, step, starts.toArray(), counts.toArray(), sums.toArray(),
                mins.toArray(), maxs.toArray(), lasts.toArray(), increases.toArray());
    }
}
