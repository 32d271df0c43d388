package io.gridscope.history;

import io.gridscope.model.SeriesId;
import java.util.Objects;

/**
 * One series aggregated into fixed steps, oldest first, in parallel arrays. Steps with no sample are absent (a
 * gap is not a zero). Each step starts at {@code epochMillis[i]} and is {@code stepMillis} long.
 *
 * <p>{@code min}/{@code max} give the envelope a chart draws (decimation keeps spikes visible), {@code sum /
 * count} the mean, {@code last} the last value of the step. {@code increase} is the counter increase within the step
 * (resets handled: a drop counts as a restart from zero, so it is never negative); NaN for gauges. NaN samples
 * are not counted.
 *
 * @param tier the tier the points were read from
 */
public record SeriesAggregates(
        SeriesId series,
        Tier tier,
        long stepMillis,
        long[] epochMillis,
        long[] count,
        double[] sum,
        double[] min,
        double[] max,
        double[] last,
        double[] increase) {
    public SeriesAggregates {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(tier, "tier");
        int n = epochMillis.length;
        if (count.length != n
                || sum.length != n
                || min.length != n
                || max.length != n
                || last.length != n
                || increase.length != n) {
            throw new IllegalArgumentException("aggregate arrays differ in length");
        }
    }

    public int size() {
        return epochMillis.length;
    }

    /** Mean of step {@code i}. */
    public double avg(int i) {
        return sum[i] / count[i];
    }
}
