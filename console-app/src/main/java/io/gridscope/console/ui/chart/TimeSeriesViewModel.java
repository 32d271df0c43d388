package io.gridscope.console.ui.chart;

import io.gridscope.console.ui.shell.TimeRange;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;

/**
 * One live line: points (in the stored unit) in a sliding window, held in a primitive {@link PointBuffer} that the
 * chart draws directly. Touched only on the FX thread, in batches delivered by the {@code FxBatcher}. A point not
 * newer than the last is ignored, so a history preload and live samples can overlap safely; NaN is dropped.
 * {@link #revisionProperty()} changes once per batch that changed the points: the view redraws on it.
 */
public final class TimeSeriesViewModel {
    /** Points a line keeps at most; beyond it, older points are thinned to min/max pairs. */
    public static final int MAX_POINTS = 20_000;

    private final String name;
    private long windowMillis;
    private long fixedToMillis = Long.MAX_VALUE;
    private final PointBuffer points = new PointBuffer();
    private final ReadOnlyIntegerWrapper pointCount = new ReadOnlyIntegerWrapper(this, "pointCount");
    private final ReadOnlyDoubleWrapper latest = new ReadOnlyDoubleWrapper(this, "latest", Double.NaN);
    private final ReadOnlyLongWrapper latestEpochMillis = new ReadOnlyLongWrapper(this, "latestEpochMillis");
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");

    public TimeSeriesViewModel(String name, long windowMillis) {
        this.name = name;
        this.windowMillis = windowMillis;
    }

    public String name() {
        return name;
    }

    /** The points, oldest first; read on the FX thread only. */
    public PointBuffer points() {
        return points;
    }

    /** Appends points (parallel arrays, oldest first). */
    public void append(long[] epochMillis, double[] values, int count) {
        int added = 0;
        for (int i = 0; i < count; i++) {
            if (epochMillis[i] >= fixedToMillis) {
                continue; // a fixed range ignores live samples past its end
            }
            if (!Double.isNaN(values[i]) && points.append(epochMillis[i], values[i])) {
                latest.set(values[i]);
                added++;
            }
        }
        if (added > 0) {
            changed();
        }
    }

    public void append(long epochMillis, double value) {
        append(new long[] {epochMillis}, new double[] {value}, 1);
    }

    /**
     * Adds points read back from history: those older than the first point already shown go in front (live
     * samples may have arrived first); the rest are appended as usual.
     */
    public void mergeHistory(long[] epochMillis, double[] values, int count) {
        int n = 0;
        long[] t = new long[count];
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            if (!Double.isNaN(values[i])) {
                t[n] = epochMillis[i];
                v[n] = values[i];
                n++;
            }
        }
        if (points.isEmpty()) {
            append(t, v, n);
            return;
        }
        int older = points.prependOlder(t, v, n);
        int firstNewer = 0;
        while (firstNewer < n && t[firstNewer] <= points.lastTime()) {
            firstNewer++;
        }
        if (firstNewer < n) {
            append(
                    java.util.Arrays.copyOfRange(t, firstNewer, n),
                    java.util.Arrays.copyOfRange(v, firstNewer, n),
                    n - firstNewer);
        } else if (older > 0) {
            changed();
        }
    }

    /** Follows {@code range}: its live window, or its fixed span as of {@code nowMillis}; clears the points. */
    public void applyRange(TimeRange range, long nowMillis) {
        if (range.isLive()) {
            followLive(range.window().toMillis());
        } else {
            holdFixed(range.fromMillis(nowMillis), range.toMillis(nowMillis));
        }
    }

    /** Follow the newest data, keeping the last {@code windowMillis}; clears the points. */
    public void followLive(long windowMillis) {
        this.windowMillis = windowMillis;
        this.fixedToMillis = Long.MAX_VALUE;
        clear();
    }

    /** Hold only {@code [from, to)}; clears the points. */
    public void holdFixed(long fromMillis, long toMillis) {
        this.windowMillis = toMillis - fromMillis;
        this.fixedToMillis = toMillis;
        clear();
    }

    private void clear() {
        points.clear();
        latest.set(Double.NaN);
        pointCount.set(0);
        revision.set(revision.get() + 1);
    }

    private void changed() {
        latestEpochMillis.set(points.lastTime());
        if (fixedToMillis == Long.MAX_VALUE) {
            points.trimBefore(points.lastTime() - windowMillis);
        }
        // a live 7-day window would otherwise hold 600,000 points per line after a week: keep about what a chart
        // can show (min and max per bucket), so memory stays bounded however long the console runs
        points.compact(MAX_POINTS);
        pointCount.set(points.size());
        revision.set(revision.get() + 1);
    }

    public ReadOnlyIntegerProperty pointCountProperty() {
        return pointCount.getReadOnlyProperty();
    }

    /** Latest value in the stored unit (e.g. a ratio), NaN before the first point. */
    public ReadOnlyDoubleProperty latestProperty() {
        return latest.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty latestEpochMillisProperty() {
        return latestEpochMillis.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }
}
