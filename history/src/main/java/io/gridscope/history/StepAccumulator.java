package io.gridscope.history;

import io.gridscope.model.Counters;
import io.gridscope.model.SeriesId;

/**
 * Folds raw samples or rollup buckets (in time order) into steps aligned to a start time. Not thread-safe; one per
 * series and query.
 */
final class StepAccumulator {
    private final long from;
    private final long step;
    private final boolean counter;
    private final PrimitiveLists.LongList starts = new PrimitiveLists.LongList();
    private final PrimitiveLists.LongList counts = new PrimitiveLists.LongList();
    private final PrimitiveLists.DoubleList sums = new PrimitiveLists.DoubleList();
    private final PrimitiveLists.DoubleList mins = new PrimitiveLists.DoubleList();
    private final PrimitiveLists.DoubleList maxs = new PrimitiveLists.DoubleList();
    private final PrimitiveLists.DoubleList lasts = new PrimitiveLists.DoubleList();
    private final PrimitiveLists.DoubleList increases = new PrimitiveLists.DoubleList();
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

    /**
     * One raw sample; {@code previous} is the series' previous finite value, the base of a counter's increase (NaN
     * when there is none: no increase). The increase is {@link Counters#increase}, as the writer's rollups compute
     * it. NaN is skipped.
     */
    void addSample(long epochMillis, double v, double previous) {
        if (Double.isNaN(v)) {
            return;
        }
        add(epochMillis, 1, v, v, v, v, counter ? Counters.increase(previous, v) : Double.NaN);
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
        return new SeriesAggregates(
                series,
                tier,
                step,
                starts.toArray(),
                counts.toArray(),
                sums.toArray(),
                mins.toArray(),
                maxs.toArray(),
                lasts.toArray(),
                increases.toArray());
    }
}
