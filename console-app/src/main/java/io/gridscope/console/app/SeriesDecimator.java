package io.gridscope.console.app;

import io.gridscope.history.SeriesData;
import java.util.Arrays;

/**
 * Reduces a series to at most {@code 2 × buckets} points by keeping, per equal time bucket, the minimum and the
 * maximum (in time order). Spikes survive, unlike plain sampling; NaN points are kept as gaps. Runs on a background
 * thread so the FX thread only ever receives chart-sized data.
 */
public final class SeriesDecimator {
    private SeriesDecimator() {}

    public static SeriesData minMax(SeriesData d, long from, long to, int buckets) {
        int n = d.size();
        if (n <= 2L * buckets || to <= from) {
            return d;
        }
        long[] outT = new long[2 * buckets + 2];
        double[] outV = new double[outT.length];
        int m = 0;
        double width = (double) (to - from) / buckets;
        int i = 0;
        while (i < n) {
            int bucket = (int) Math.min(buckets - 1, Math.max(0, (long) ((d.epochMillis()[i] - from) / width)));
            int minI = -1;
            int maxI = -1;
            int j = i;
            for (; j < n; j++) {
                int b = (int) Math.min(buckets - 1, Math.max(0, (long) ((d.epochMillis()[j] - from) / width)));
                if (b != bucket) {
                    break;
                }
                double v = d.values()[j];
                if (Double.isNaN(v)) {
                    continue;
                }
                if (minI < 0 || v < d.values()[minI]) {
                    minI = j;
                }
                if (maxI < 0 || v > d.values()[maxI]) {
                    maxI = j;
                }
            }
            if (minI >= 0) {
                int a = Math.min(minI, maxI);
                int b = Math.max(minI, maxI);
                if (m + 2 > outT.length) {
                    outT = Arrays.copyOf(outT, outT.length * 2);
                    outV = Arrays.copyOf(outV, outV.length * 2);
                }
                outT[m] = d.epochMillis()[a];
                outV[m++] = d.values()[a];
                if (b != a) {
                    outT[m] = d.epochMillis()[b];
                    outV[m++] = d.values()[b];
                }
            }
            i = j;
        }
        return new SeriesData(d.series(), Arrays.copyOf(outT, m), Arrays.copyOf(outV, m));
    }
}
