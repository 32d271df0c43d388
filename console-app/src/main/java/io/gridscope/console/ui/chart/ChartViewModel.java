package io.gridscope.console.ui.chart;

import io.gridscope.console.ui.shell.TimeRange;
import io.gridscope.history.SeriesData;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The data of one chart ({@link ChartSpec}): its lines, created as matching series appear, each a
 * {@link TimeSeriesViewModel}. FX thread only; fed in batches.
 */
public final class ChartViewModel {
    /** One line: its name (a label value, e.g. an interface) and its points. */
    public record Line(String name, TimeSeriesViewModel data) {}

    private final ChartSpec spec;
    private final ObservableList<Line> lines = FXCollections.observableArrayList();
    private final Map<String, Line> byName = new LinkedHashMap<>();
    private final ReadOnlyIntegerWrapper omittedLines = new ReadOnlyIntegerWrapper(this, "omittedLines");
    private final java.util.Set<String> omitted = new java.util.HashSet<>();
    /** Lines that stay whatever host is shown: the single line, or a legend order fixed up front ({@link #pin}). */
    private final java.util.Set<String> pinned = new java.util.HashSet<>();

    private TimeRange range = TimeRange.DEFAULT;
    private long rangeNowMillis = System.currentTimeMillis();

    public ChartViewModel(ChartSpec spec) {
        this.spec = spec;
        if (spec.lineLabel() == null) {
            pin(spec.singleLineName());
        }
    }

    /** Creates the line {@code name} now and keeps it when another host is shown (e.g. to fix the legend's order). */
    public TimeSeriesViewModel pin(String name) {
        pinned.add(name);
        return line(name);
    }

    /**
     * Another host is shown: the lines named after the previous host's series (its interfaces, disks, GPUs) go,
     * pinned lines stay, and every line's points are cleared for the new host's range.
     */
    public void clearForHost(TimeRange range, long nowMillis) {
        byName.keySet().removeIf(name -> !pinned.contains(name));
        lines.removeIf(l -> !pinned.contains(l.name()));
        omitted.clear();
        omittedLines.set(0);
        applyRange(range, nowMillis);
    }

    public ChartSpec spec() {
        return spec;
    }

    /** Lines in the order they appeared; a view adds a drawn line per entry. */
    public ObservableList<Line> lines() {
        return lines;
    }

    /** Series beyond {@link ChartSpec#MAX_LINES}, not drawn. */
    public ReadOnlyIntegerProperty omittedLinesProperty() {
        return omittedLines.getReadOnlyProperty();
    }

    /** The line named {@code name}, created when there is room; null when the chart is full. */
    public TimeSeriesViewModel line(String name) {
        Line l = byName.get(name);
        if (l == null) {
            if (byName.size() >= ChartSpec.MAX_LINES) {
                if (omitted.add(name)) {
                    omittedLines.set(omitted.size());
                }
                return null;
            }
            TimeSeriesViewModel data =
                    new TimeSeriesViewModel(name, range.length().toMillis());
            data.applyRange(range, rangeNowMillis);
            l = new Line(name, data);
            byName.put(name, l);
            lines.add(l);
        }
        return l.data();
    }

    /** Live samples: those of this chart's series are appended to their lines. */
    public void onSamples(List<Sample> batch) {
        Map<String, List<Sample>> byLine = new LinkedHashMap<>();
        for (Sample s : batch) {
            if (spec.matches(s.series())) {
                byLine.computeIfAbsent(spec.lineName(s.series()), k -> new ArrayList<>())
                        .add(s);
            }
        }
        byLine.forEach((name, samples) -> {
            TimeSeriesViewModel t = line(name);
            if (t == null) {
                return;
            }
            samples.sort(Comparator.comparingLong(Sample::epochMillis));
            long[] ts = new long[samples.size()];
            double[] vs = new double[samples.size()];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = samples.get(i).epochMillis();
                vs[i] = samples.get(i).value();
            }
            t.append(ts, vs, ts.length);
        });
    }

    /** Points read from history for the current range. */
    public void onHistory(List<SeriesData> history) {
        for (SeriesData d : history) {
            SeriesId id = d.series();
            if (!spec.matches(id)) {
                continue;
            }
            TimeSeriesViewModel t = line(spec.lineName(id));
            if (t != null) {
                t.mergeHistory(d.epochMillis(), d.values(), d.size());
            }
        }
    }

    public void applyRange(TimeRange range, long nowMillis) {
        this.range = range;
        this.rangeNowMillis = nowMillis;
        for (Line l : lines) {
            l.data().applyRange(range, nowMillis);
        }
    }
}
