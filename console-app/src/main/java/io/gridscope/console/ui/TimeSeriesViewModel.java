package io.gridscope.console.ui;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;

/**
 * One live line: points in a sliding window, kept in chart form (x = epoch millis, y = value × scale). Touched only
 * on the FX thread, in batches delivered by the {@code FxBatcher}. Points older than the window are dropped;
 * a point not newer than the last one is ignored, so a history preload and live samples can overlap safely.
 */
public final class TimeSeriesViewModel {
    private final String name;
    private final long windowMillis;
    private final double scale;
    private final ObservableList<XYChart.Data<Number, Number>> points = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper pointCount = new ReadOnlyIntegerWrapper(this, "pointCount");
    private final ReadOnlyDoubleWrapper latest = new ReadOnlyDoubleWrapper(this, "latest", Double.NaN);
    private final ReadOnlyLongWrapper latestEpochMillis = new ReadOnlyLongWrapper(this, "latestEpochMillis");

    /** @param scale multiplier from stored unit to displayed unit (e.g. 100 for ratio → percent) */
    public TimeSeriesViewModel(String name, long windowMillis, double scale) {
        this.name = name;
        this.windowMillis = windowMillis;
        this.scale = scale;
    }

    public String name() {
        return name;
    }

    public ObservableList<XYChart.Data<Number, Number>> points() {
        return points;
    }

    /** Appends points (parallel arrays, oldest first); one list change for the whole batch. */
    public void append(long[] epochMillis, double[] values, int count) {
        long last = latestEpochMillis.get();
        var add = new java.util.ArrayList<XYChart.Data<Number, Number>>(count);
        for (int i = 0; i < count; i++) {
            if (epochMillis[i] <= last || Double.isNaN(values[i])) {
                continue;
            }
            add.add(new XYChart.Data<>(epochMillis[i], values[i] * scale));
            last = epochMillis[i];
            latest.set(values[i]);
        }
        if (add.isEmpty()) {
            return;
        }
        latestEpochMillis.set(last);
        long cutoff = last - windowMillis;
        int drop = 0;
        while (drop < points.size() && points.get(drop).getXValue().longValue() < cutoff) {
            drop++;
        }
        if (drop > 0) {
            points.remove(0, drop);
        }
        points.addAll(add);
        pointCount.set(points.size());
    }

    /**
     * Adds points read back from history: those older than the first point already shown go in front (live
     * samples may have arrived first); the rest are appended as usual.
     */
    public void mergeHistory(long[] epochMillis, double[] values, int count) {
        if (points.isEmpty()) {
            append(epochMillis, values, count);
            return;
        }
        long first = points.get(0).getXValue().longValue();
        long cutoff = latestEpochMillis.get() - windowMillis;
        var older = new java.util.ArrayList<XYChart.Data<Number, Number>>();
        long prev = Long.MIN_VALUE;
        int i = 0;
        for (; i < count && epochMillis[i] < first; i++) {
            if (epochMillis[i] > prev && epochMillis[i] >= cutoff && !Double.isNaN(values[i])) {
                older.add(new XYChart.Data<>(epochMillis[i], values[i] * scale));
                prev = epochMillis[i];
            }
        }
        if (!older.isEmpty()) {
            points.addAll(0, older);
        }
        if (i < count) {
            append(java.util.Arrays.copyOfRange(epochMillis, i, count), java.util.Arrays.copyOfRange(values, i, count),
                    count - i);
        }
        pointCount.set(points.size());
    }

    public void append(long epochMillis, double value) {
        append(new long[] {epochMillis}, new double[] {value}, 1);
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
}
