package io.gridscope.alerts.engine;

import java.util.Arrays;

/**
 * The recent samples of one series, in time order, in two primitive arrays used as a ring: appends are O(1), samples
 * older than the longest window a rule needs are dropped, and the newest sample is always kept (staleness needs it).
 * Not thread-safe: the engine's evaluation thread alone touches it.
 */
final class SeriesWindow {
    private long[] times = new long[8];
    private double[] values = new double[8];
    private int start;
    private int size;
    long keepMillis;

    SeriesWindow(long keepMillis) {
        this.keepMillis = keepMillis;
    }

    void add(long t, double v) {
        if (size > 0 && t <= times[index(size - 1)]) {
            if (t == times[index(size - 1)]) {
                values[index(size - 1)] = v;
            }
            return; // out of order: the newer sample already stands
        }
        if (size == times.length) {
            grow();
        }
        int i = index(size);
        times[i] = t;
        values[i] = v;
        size++;
        trim(t);
    }

    void trim(long now) {
        long cutoff = now - keepMillis;
        while (size > 1 && times[start] < cutoff) {
            start = (start + 1) % times.length;
            size--;
        }
    }

    int size() {
        return size;
    }

    long time(int k) {
        return times[index(k)];
    }

    double value(int k) {
        return values[index(k)];
    }

    long lastTime() {
        return size == 0 ? Long.MIN_VALUE : time(size - 1);
    }

    double lastValue() {
        return value(size - 1);
    }

    /** The index of the first sample at or after {@code from}, or {@code size()} when none. */
    int firstAtOrAfter(long from) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (time(mid) < from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int index(int k) {
        int i = start + k; // k < size <= length: one wrap at most, no division
        return i < times.length ? i : i - times.length;
    }

    private void grow() {
        long[] t = new long[times.length * 2];
        double[] v = new double[values.length * 2];
        for (int k = 0; k < size; k++) {
            t[k] = times[index(k)];
            v[k] = values[index(k)];
        }
        times = t;
        values = v;
        start = 0;
    }

    @Override
    public String toString() {
        return "SeriesWindow" + Arrays.toString(Arrays.copyOf(times, Math.min(size, 4)));
    }
}
