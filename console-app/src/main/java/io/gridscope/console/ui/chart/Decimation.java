package io.gridscope.console.ui.chart;

import java.util.Arrays;

/**
 * Reduces a series to what a plot of a given pixel width can show: for each pixel column, the first, minimum,
 * maximum and last value of the points falling in it. Drawing those four per column is visually identical to
 * drawing every point (spikes survive, unlike plain sampling), and costs O(width) instead of O(points).
 *
 * <p>Gaps: where two consecutive points are further apart than {@code gapMillis}, the column after the gap starts
 * a new segment, so missing data is drawn as a break rather than a line bridging it.
 */
public final class Decimation {
    private Decimation() {}

    /**
     * The reduced form. Column {@code i} covers {@code [from + i·w, from + (i+1)·w)}; a column with no point has
     * {@code count[i] == 0}. {@code breakBefore[i]} marks the first column of a segment after a gap.
     */
    public record Columns(
            long from,
            long to,
            int width,
            int[] count,
            double[] first,
            double[] min,
            double[] max,
            double[] last,
            boolean[] breakBefore) {
        public double columnMillis() {
            return (double) (to - from) / width;
        }

        public int nonEmpty() {
            int n = 0;
            for (int c : count) {
                if (c > 0) {
                    n++;
                }
            }
            return n;
        }
    }

    /**
     * @param from      visible range start, epoch millis (inclusive)
     * @param to        visible range end (exclusive); must be after {@code from}
     * @param width     columns (pixels), ≥ 1
     * @param gapMillis a distance between consecutive points above which the line breaks; ≤ 0 for never
     */
    public static Columns minMax(PointBuffer points, long from, long to, int width, long gapMillis) {
        return minMax(points, from, to, width, gapMillis, null);
    }

    /**
     * {@link #minMax(PointBuffer, long, long, int, long)} into the arrays of {@code previous} when it has the same
     * width (a chart redrawing every second at the same size allocates nothing): {@code previous} is overwritten
     * and must not be used afterwards. {@code null} allocates new arrays.
     */
    public static Columns minMax(PointBuffer points, long from, long to, int width, long gapMillis, Columns previous) {
        if (to <= from || width < 1) {
            throw new IllegalArgumentException("empty range or width");
        }
        boolean reuse = previous != null && previous.width() == width;
        int[] count = reuse ? previous.count() : new int[width];
        double[] first = reuse ? previous.first() : new double[width];
        double[] min = reuse ? previous.min() : new double[width];
        double[] max = reuse ? previous.max() : new double[width];
        double[] last = reuse ? previous.last() : new double[width];
        boolean[] breakBefore = reuse ? previous.breakBefore() : new boolean[width];
        if (reuse) {
            // first and last are written where a column gets its first point, and read only where count > 0
            Arrays.fill(count, 0);
            Arrays.fill(breakBefore, false);
        }
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        double span = to - from;
        int startIdx = Math.max(0, points.lowerBound(from) - 1); // one before, to know if a gap precedes
        int endIdx = points.lowerBound(to);
        long prevTime = Long.MIN_VALUE;
        boolean prevValid = false;
        for (int i = startIdx; i < endIdx; i++) {
            long t = points.time(i);
            double v = points.value(i);
            boolean valid = !Double.isNaN(v) && !Double.isInfinite(v);
            boolean gap = !prevValid || (gapMillis > 0 && prevTime != Long.MIN_VALUE && t - prevTime > gapMillis);
            if (t >= from && valid) {
                int col = (int) Math.min(width - 1, (long) ((t - from) / span * width));
                if (count[col] == 0) {
                    first[col] = v;
                    if (gap) {
                        breakBefore[col] = true;
                    }
                } else if (gap) {
                    // a gap inside one column: the column still draws, the segment restarts at it
                    breakBefore[col] = true;
                }
                count[col]++;
                if (v < min[col]) {
                    min[col] = v;
                }
                if (v > max[col]) {
                    max[col] = v;
                }
                last[col] = v;
            }
            prevTime = t;
            prevValid = valid;
        }
        return new Columns(from, to, width, count, first, min, max, last, breakBefore);
    }
}
