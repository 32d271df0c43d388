package io.gridscope.console.ui.chart;

import java.util.Arrays;

/**
 * A growable, time-ordered run of points in two primitive arrays: no object per point, so 300,000 points cost
 * 4.8 MB rather than tens. Appends ignore points not newer than the last; {@link #trimBefore} drops old ones.
 * Not thread-safe: owned by the FX thread once attached to a chart.
 */
public final class PointBuffer {
    private long[] times;
    private double[] values;
    private int start;
    private int end;

    public PointBuffer() {
        this(256);
    }

    public PointBuffer(int capacity) {
        times = new long[Math.max(16, capacity)];
        values = new double[times.length];
    }

    public static PointBuffer of(long[] epochMillis, double[] values) {
        PointBuffer b = new PointBuffer(epochMillis.length);
        b.appendAll(epochMillis, values, epochMillis.length);
        return b;
    }

    public int size() {
        return end - start;
    }

    public boolean isEmpty() {
        return end == start;
    }

    public long time(int i) {
        return times[start + i];
    }

    public double value(int i) {
        return values[start + i];
    }

    public long firstTime() {
        return times[start];
    }

    public long lastTime() {
        return times[end - 1];
    }

    /** Appends one point; returns false (and ignores it) when it is not newer than the last. */
    public boolean append(long epochMillis, double value) {
        if (end > start && epochMillis <= times[end - 1]) {
            return false;
        }
        if (end == times.length) {
            grow();
        }
        times[end] = epochMillis;
        values[end] = value;
        end++;
        return true;
    }

    public int appendAll(long[] epochMillis, double[] vals, int count) {
        int added = 0;
        for (int i = 0; i < count; i++) {
            if (append(epochMillis[i], vals[i])) {
                added++;
            }
        }
        return added;
    }

    /** Inserts points older than the first one held (history arriving after live points). */
    public int prependOlder(long[] epochMillis, double[] vals, int count) {
        if (isEmpty()) {
            return appendAll(epochMillis, vals, count);
        }
        long first = firstTime();
        int n = 0;
        long prev = Long.MIN_VALUE;
        long[] t = new long[count];
        double[] v = new double[count];
        for (int i = 0; i < count && epochMillis[i] < first; i++) {
            if (epochMillis[i] > prev) {
                t[n] = epochMillis[i];
                v[n] = vals[i];
                prev = epochMillis[i];
                n++;
            }
        }
        if (n == 0) {
            return 0;
        }
        long[] nt = new long[size() + n + 16];
        double[] nv = new double[nt.length];
        System.arraycopy(t, 0, nt, 0, n);
        System.arraycopy(v, 0, nv, 0, n);
        System.arraycopy(times, start, nt, n, size());
        System.arraycopy(values, start, nv, n, size());
        end = n + size();
        start = 0;
        times = nt;
        values = nv;
        return n;
    }

    /** Drops every point older than {@code epochMillis}. */
    public void trimBefore(long epochMillis) {
        start = lowerBound(epochMillis) + start;
        if (start == end) {
            start = end = 0;
        }
    }

    /** Index of the first point at or after {@code epochMillis} (size() when none). */
    public int lowerBound(long epochMillis) {
        int i = Arrays.binarySearch(times, start, end, epochMillis);
        if (i < 0) {
            i = -i - 1;
        } else {
            while (i > start && times[i - 1] == epochMillis) {
                i--;
            }
        }
        return i - start;
    }

    /**
     * When the buffer holds more than {@code maxPoints}, thins it to at most half of that by keeping, in each of
     * {@code maxPoints / 4} equal time buckets, its lowest and highest point (in time order): spikes and dips survive,
     * as in a chart of that many pixels. Halving leaves room, so a steady stream of appends compacts rarely (amortised
     * O(1) per point). Returns the number of points removed.
     */
    public int compact(int maxPoints) {
        int n = size();
        if (n <= maxPoints || maxPoints < 4) {
            return 0;
        }
        int buckets = maxPoints / 4;
        long first = firstTime();
        double span = (double) (lastTime() - first) + 1;
        long[] nt = new long[Math.max(16, maxPoints)];
        double[] nv = new double[nt.length];
        int out = 0;
        int i = start;
        while (i < end) {
            int bucket = (int) ((times[i] - first) / span * buckets);
            int lo = i;
            int hi = i;
            int j = i + 1;
            while (j < end && (int) ((times[j] - first) / span * buckets) == bucket) {
                if (values[j] < values[lo]) {
                    lo = j;
                }
                if (values[j] > values[hi]) {
                    hi = j;
                }
                j++;
            }
            int a = Math.min(lo, hi);
            int b = Math.max(lo, hi);
            nt[out] = times[a];
            nv[out++] = values[a];
            if (b != a) {
                nt[out] = times[b];
                nv[out++] = values[b];
            }
            i = j;
        }
        times = nt;
        values = nv;
        start = 0;
        end = out;
        return n - out;
    }

    public void clear() {
        start = end = 0;
    }

    private void grow() {
        int size = size();
        int capacity = Math.max(16, size * 2);
        long[] nt = new long[capacity];
        double[] nv = new double[capacity];
        System.arraycopy(times, start, nt, 0, size);
        System.arraycopy(values, start, nv, 0, size);
        times = nt;
        values = nv;
        start = 0;
        end = size;
    }
}
