package io.gridscope.console.app;

import io.gridscope.history.SeriesAggregates;
import io.gridscope.history.SeriesData;
import java.util.Arrays;

/** Turns the store's per-step aggregates into points a line chart draws. */
public final class ChartPoints {
    private ChartPoints() {}

    /**
     * One point per step holding a single sample (its value); two per step otherwise: the minimum at the step's
     * start and the maximum at its middle, so the drawn line covers the step's whole envelope and spikes stay
     * visible at any range. Steps without samples stay absent (a gap, not a zero).
     */
    public static SeriesData envelope(SeriesAggregates a) {
        int n = a.size();
        long[] t = new long[2 * n];
        double[] v = new double[2 * n];
        int m = 0;
        long half = Math.max(1, a.stepMillis() / 2);
        for (int i = 0; i < n; i++) {
            if (a.count()[i] == 0) {
                continue;
            }
            if (a.count()[i] == 1 || a.min()[i] == a.max()[i]) {
                t[m] = a.epochMillis()[i];
                v[m++] = a.count()[i] == 1 ? a.last()[i] : a.min()[i];
            } else {
                t[m] = a.epochMillis()[i];
                v[m++] = a.min()[i];
                t[m] = a.epochMillis()[i] + half;
                v[m++] = a.max()[i];
            }
        }
        return new SeriesData(a.series(), Arrays.copyOf(t, m), Arrays.copyOf(v, m));
    }
}
