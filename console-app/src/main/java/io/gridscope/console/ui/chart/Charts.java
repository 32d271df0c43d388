package io.gridscope.console.ui.chart;

import io.gridscope.console.ui.shell.ShellViewModel;
import io.gridscope.console.ui.shell.TimeRange;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Tooltip;
import javafx.scene.paint.Color;

/** Builds the chart view of a {@link ChartViewModel}: lines appear as series do, range and theme follow the shell. */
public final class Charts {
    /** Distinguishable on light and dark backgrounds. */
    public static final Color[] PALETTE = {
        Color.web("#2f6fdb"), Color.web("#e0662f"), Color.web("#2e9d57"), Color.web("#7b4bd1"), Color.web("#c23c73"),
        Color.web("#1d9bb0"), Color.web("#b8860b"), Color.web("#6b7b8c"), Color.web("#4f8f2a"), Color.web("#9c5b2e"),
        Color.web("#3b4cc0"), Color.web("#d14b4b"), Color.web("#008080"), Color.web("#a05fc8"), Color.web("#7a7a00"),
        Color.web("#cc5490")
    };

    private Charts() {}

    /** Charts two to a row, each {@code prefHeight} tall. */
    public static javafx.scene.layout.GridPane grid(
            java.util.List<ChartViewModel> charts, ShellViewModel shell, double prefHeight) {
        javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane(12, 12);
        javafx.scene.layout.ColumnConstraints half = new javafx.scene.layout.ColumnConstraints();
        half.setPercentWidth(50);
        half.setHgrow(javafx.scene.layout.Priority.ALWAYS);
        grid.getColumnConstraints().addAll(half, half);
        for (int i = 0; i < charts.size(); i++) {
            TimeSeriesChart chart = of(charts.get(i), shell);
            chart.setPrefHeight(prefHeight);
            grid.add(chart, i % 2, i / 2);
        }
        return grid;
    }

    public static TimeSeriesChart of(ChartViewModel cvm, ShellViewModel shell) {
        ChartSpec spec = cvm.spec();
        TimeSeriesChart chart = new TimeSeriesChart(spec.title(), spec.unit());
        chart.setId(spec.id());
        chart.setValueRange(spec.fixedMin(), spec.fixedMax());
        Tooltip.install(chart, new Tooltip(spec.tooltip() + " Drag to zoom, double-click to reset."));
        for (ChartViewModel.Line l : cvm.lines()) {
            add(chart, l, spec.scale());
        }
        cvm.lines().addListener((ListChangeListener<ChartViewModel.Line>) c -> {
            while (c.next()) {
                if (c.wasRemoved()) {
                    java.util.Set<String> gone = new java.util.HashSet<>();
                    c.getRemoved().forEach(l -> gone.add(l.name()));
                    chart.removeLines(gone::contains);
                }
                c.getAddedSubList().forEach(l -> add(chart, l, spec.scale()));
            }
        });
        chart.setDarkPalette(shell.darkProperty().get());
        shell.darkProperty().addListener((o, a, d) -> chart.setDarkPalette(d));
        applyRange(chart, shell.rangeProperty().get());
        shell.rangeProperty().addListener((o, a, r) -> applyRange(chart, r));
        return chart;
    }

    private static void add(TimeSeriesChart chart, ChartViewModel.Line l, double scale) {
        Color color = PALETTE[chart.lines().size() % PALETTE.length];
        chart.addLine(l.name(), color, scale, l.data().points());
        l.data().revisionProperty().addListener((o, a, b) -> chart.dataChanged());
    }

    public static void applyRange(TimeSeriesChart chart, TimeRange r) {
        // at 1 s sampling a gap is > 5 s; ranges read from history are reduced to ~1,000 points, so allow
        // a few buckets' width before breaking the line
        long gap = Math.max(5_000, r.length().toMillis() / 300);
        if (r.isLive()) {
            chart.setLiveWindow(r.window());
        } else {
            chart.setRange(r.from().toEpochMilli(), r.to().toEpochMilli());
        }
        chart.setGapMillis(gap);
    }
}
