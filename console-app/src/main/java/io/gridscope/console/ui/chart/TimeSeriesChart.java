package io.gridscope.console.ui.chart;

import io.gridscope.console.fx.FxDiagnostics;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.geometry.VPos;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * A time-series chart drawn on a canvas, fast at any number of points: every redraw decimates each line to the
 * plot's pixel width ({@link Decimation}), so 300,000 points draw in the time of a few thousand.
 *
 * <p>Interaction: drag across the plot to zoom into that time span; double-click (or {@link #resetZoom()}) to go
 * back; hover to see a crosshair with each visible line's value, unit and timestamp; click a legend entry to hide or
 * show its line. Missing data (points further apart than {@link #setGapMillis gap}) is drawn as a gap.
 *
 * <p>Range: either live ({@link #setLiveWindow}: the last {@code window} up to the newest point or the clock) or
 * fixed ({@link #setRange}). FX thread only.
 */
public final class TimeSeriesChart extends Region {
    private static final double LEFT = 58, RIGHT = 14, TOP = 8, BOTTOM = 22;
    private static final Color LIGHT_GRID = Color.web("#e7eaf0"), DARK_GRID = Color.web("#323844");
    private static final Color LIGHT_TEXT = Color.web("#5b6472"), DARK_TEXT = Color.web("#9aa3b2");
    private Color grid = LIGHT_GRID;
    private Color axisText = LIGHT_TEXT;
    private Color axisLine = Color.web("#c9ced8");
    private Color readoutFill = Color.web("#ffffff", 0.94);
    private Color readoutText = Color.web("#1f2530");
    private Color crosshair = Color.web("#1f2530", 0.55);
    private static final Font FONT = Font.font(11);
    static final int MAX_KEPT_LABELS = 64;
    private static final double LINE_WIDTH = 1.5;
    private static final int GAP_INTERVALS = 33;

    private final Label title = new Label();
    private final Canvas canvas = new Canvas();
    private final Canvas overlay = new Canvas();
    private final FlowPane legend = new FlowPane(14, 4);
    private final List<ChartLine> lines = new ArrayList<>();
    private final List<Decimation.Columns> columns = new ArrayList<>();
    private final String unit;
    private final ReadOnlyLongWrapper lastDrawNanos = new ReadOnlyLongWrapper(this, "lastDrawNanos");
    private final ReadOnlyBooleanWrapper zoomed = new ReadOnlyBooleanWrapper(this, "zoomed");
    private final ReadOnlyLongWrapper drawCount = new ReadOnlyLongWrapper(this, "drawCount");
    private ZoneId zone = ZoneId.systemDefault();
    private LongSupplier clock = System::currentTimeMillis;

    private long liveWindowMillis = Duration.ofMinutes(15).toMillis();
    private boolean live = true;
    private long fixedFrom, fixedTo;
    private long zoomFrom, zoomTo;
    private long viewFrom, viewTo;
    private long gapMillis = 5_000;
    private double fixedMin = Double.NaN, fixedMax = Double.NaN;
    private double yMin, yMax;
    private boolean dirty = true;
    private double dragStartX = Double.NaN;
    private double hoverX = Double.NaN;
    private final KeptLabels<Double> valueLabels = new KeptLabels<>();
    private final KeptLabels<Long> timeLabels = new KeptLabels<>();
    private final long[] gapScratch = new long[GAP_INTERVALS];

    public TimeSeriesChart(String titleText, String unit) {
        this.unit = unit;
        getStyleClass().add("time-series-chart");
        title.setText(unit.isEmpty() ? titleText : titleText + " (" + unit + ")");
        title.getStyleClass().add("ts-chart-title");
        legend.getStyleClass().add("ts-chart-legend");
        getChildren().addAll(title, canvas, overlay, legend);
        overlay.setOnMouseMoved(e -> hover(e.getX()));
        overlay.setOnMouseExited(e -> hover(Double.NaN));
        overlay.setOnMousePressed(this::pressed);
        overlay.setOnMouseDragged(this::dragged);
        overlay.setOnMouseReleased(this::released);
        overlay.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                resetZoom();
            }
        });
        overlay.setCursor(Cursor.CROSSHAIR);
        setMinHeight(160);
        setPrefHeight(260);
    }

    /** Adds a line; {@code scale} converts the stored unit to the displayed one (100 for ratio → %). */
    public ChartLine addLine(String name, Color color, double scale) {
        return addLine(name, color, scale, new PointBuffer());
    }

    /** Adds a line drawing an existing buffer (e.g. one a view model maintains). */
    public ChartLine addLine(String name, Color color, double scale, PointBuffer points) {
        ChartLine line = new ChartLine(name, color, scale, points);
        lines.add(line);
        Rectangle swatch = new Rectangle(14, 3, color);
        Label entry = new Label(name, swatch);
        entry.getStyleClass().add("ts-chart-legend-item");
        entry.setOnMouseClicked(
                e -> line.visibleProperty().set(!line.visibleProperty().get()));
        entry.opacityProperty()
                .bind(javafx.beans.binding.Bindings.when(line.visibleProperty())
                        .then(1.0)
                        .otherwise(0.4));
        Tooltip.install(entry, new Tooltip("Click to hide or show " + name));
        line.visibleProperty().addListener((o, a, b) -> dataChanged());
        legend.getChildren().add(entry);
        dataChanged();
        return line;
    }

    public List<ChartLine> lines() {
        return List.copyOf(lines);
    }

    /** Removes every line (and its legend entry) whose name {@code gone} accepts. */
    public void removeLines(java.util.function.Predicate<String> gone) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (gone.test(lines.get(i).name())) {
                lines.remove(i);
                legend.getChildren().remove(i);
            }
        }
        dataChanged();
    }

    /** Follow the newest data, showing the last {@code window}. */
    public void setLiveWindow(Duration window) {
        live = true;
        liveWindowMillis = window.toMillis();
        resetZoom();
    }

    /** Show exactly {@code [from, to)}. */
    public void setRange(long from, long to) {
        if (to <= from) {
            throw new IllegalArgumentException("empty range");
        }
        live = false;
        fixedFrom = from;
        fixedTo = to;
        resetZoom();
    }

    /** {@link #setRange}, keeping a zoom the user made (a chart whose data is read again, not a new view). */
    public void setRangeKeepingZoom(long from, long to) {
        boolean wasZoomed = zoomed.get();
        long keptFrom = zoomFrom;
        long keptTo = zoomTo;
        setRange(from, to);
        if (wasZoomed) {
            zoomTo(keptFrom, keptTo);
        }
    }

    /** Points further apart than this are not joined (default 5 s, for 1 s sampling). */
    /**
     * The gap threshold for one line: the configured one, or 3 × the line's usual spacing when it is sampled more
     * sparsely (a remote host scraped every 15 s, a Prometheus server queried at a 30 s step), so a regularly
     * sampled line is never drawn as dots. The usual spacing is the median of the newest (up to) 33 intervals.
     */
    static long gapFor(PointBuffer p, long configuredGapMillis) {
        return gapFor(p, configuredGapMillis, new long[GAP_INTERVALS]);
    }

    private static long gapFor(PointBuffer p, long configuredGapMillis, long[] scratch) {
        int n = Math.min(GAP_INTERVALS, p.size() - 1);
        if (n < 3) {
            return configuredGapMillis;
        }
        int last = p.size() - 1;
        for (int i = 0; i < n; i++) {
            scratch[i] = p.time(last - i) - p.time(last - i - 1);
        }
        java.util.Arrays.sort(scratch, 0, n);
        return Math.max(configuredGapMillis, 3 * scratch[n / 2]);
    }

    private long gapFor(PointBuffer p) {
        return gapFor(p, gapMillis, gapScratch);
    }

    public void setGapMillis(long gapMillis) {
        this.gapMillis = gapMillis;
        dataChanged();
    }

    /** Fix the value axis (in displayed units); NaN for automatic. */
    public void setValueRange(double min, double max) {
        fixedMin = min;
        fixedMax = max;
        dataChanged();
    }

    /** The fixed top of the value axis (displayed units); NaN when automatic. */
    public double fixedValueMax() {
        return fixedMax;
    }

    /** Colours for a dark background (grid, axis text, readout). */
    public void setDarkPalette(boolean dark) {
        grid = dark ? DARK_GRID : LIGHT_GRID;
        axisText = dark ? DARK_TEXT : LIGHT_TEXT;
        axisLine = Color.web(dark ? "#4a5262" : "#c9ced8");
        readoutFill = dark ? Color.web("#11141a", 0.94) : Color.web("#ffffff", 0.94);
        readoutText = Color.web(dark ? "#e6e9ef" : "#1f2530");
        crosshair = dark ? Color.web("#e6e9ef", 0.5) : Color.web("#1f2530", 0.55);
        dataChanged();
    }

    public void setZone(ZoneId zone) {
        this.zone = zone;
        dataChanged();
    }

    public void setClock(LongSupplier clock) {
        this.clock = clock;
    }

    public void zoomTo(long from, long to) {
        if (to - from < 1_000) {
            return;
        }
        zoomFrom = from;
        zoomTo = to;
        zoomed.set(true);
        dataChanged();
    }

    public void resetZoom() {
        zoomed.set(false);
        dataChanged();
    }

    public ReadOnlyBooleanProperty zoomedProperty() {
        return zoomed.getReadOnlyProperty();
    }

    /** Nanoseconds the last redraw took (decimation and drawing). */
    public ReadOnlyLongProperty lastDrawNanosProperty() {
        return lastDrawNanos.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty drawCountProperty() {
        return drawCount.getReadOnlyProperty();
    }

    public long viewFrom() {
        return viewFrom;
    }

    public long viewTo() {
        return viewTo;
    }

    /** Call after changing any line's points; the redraw happens once, on the next layout pass. */
    public void dataChanged() {
        dirty = true;
        requestLayout();
    }

    /**
     * What the last redraw drew of each line, in line order: one column per pixel of the plot's width. The next
     * redraw overwrites them.
     */
    List<Decimation.Columns> drawnColumns() {
        return List.copyOf(columns);
    }

    /** Redraws now (benchmarks and tests); normally redraws happen on layout. */
    public void redrawNow() {
        draw();
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth() - snappedLeftInset() - snappedRightInset();
        double h = getHeight() - snappedTopInset() - snappedBottomInset();
        double x = snappedLeftInset();
        double y = snappedTopInset();
        double titleH = title.prefHeight(w);
        double legendH = legend.prefHeight(w);
        title.resizeRelocate(x, y, w, titleH);
        double plotH = Math.max(40, h - titleH - legendH - 4);
        boolean resized = canvas.getWidth() != w || canvas.getHeight() != plotH;
        if (resized) {
            canvas.setWidth(w);
            canvas.setHeight(plotH);
            overlay.setWidth(w);
            overlay.setHeight(plotH);
            dirty = true;
        }
        canvas.relocate(x, y + titleH);
        overlay.relocate(x, y + titleH);
        legend.resizeRelocate(x + LEFT, y + titleH + plotH + 4, Math.max(0, w - LEFT), legendH);
        if (dirty) {
            // new data may wait a pulse when other charts already used this one; a new size is drawn at once
            RedrawBudget budget = getScene() == null ? null : RedrawBudget.of(getScene());
            if (budget == null || resized || budget.mayRedraw(this)) {
                long t0 = System.nanoTime();
                draw();
                if (budget != null) {
                    budget.spent(System.nanoTime() - t0);
                }
            }
        }
    }

    @Override
    protected double computePrefWidth(double height) {
        return 600;
    }

    private void updateView() {
        if (zoomed.get()) {
            viewFrom = zoomFrom;
            viewTo = zoomTo;
        } else if (live) {
            long newest = Long.MIN_VALUE;
            for (ChartLine l : lines) {
                if (!l.points().isEmpty()) {
                    newest = Math.max(newest, l.points().lastTime());
                }
            }
            viewTo = (newest == Long.MIN_VALUE ? clock.getAsLong() : newest) + 1;
            viewFrom = viewTo - liveWindowMillis;
        } else {
            viewFrom = fixedFrom;
            viewTo = fixedTo;
        }
    }

    private void draw() {
        long t0 = System.nanoTime();
        dirty = false;
        updateView();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        double plotW = Math.floor(w - LEFT - RIGHT);
        double plotH = Math.floor(h - TOP - BOTTOM);
        if (plotW < 10 || plotH < 10) {
            return;
        }
        int width = (int) plotW;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        while (columns.size() > lines.size()) {
            columns.removeLast();
        }
        for (int li = 0; li < lines.size(); li++) {
            ChartLine l = lines.get(li);
            // the previous redraw's columns lend their arrays: nothing is allocated per line and redraw
            boolean had = li < columns.size();
            Decimation.Columns c = Decimation.minMax(
                    l.points(), viewFrom, viewTo, width, gapFor(l.points()), had ? columns.get(li) : null);
            if (had) {
                columns.set(li, c);
            } else {
                columns.add(c);
            }
            if (!l.visibleProperty().get()) {
                continue;
            }
            for (int i = 0; i < width; i++) {
                if (c.count()[i] > 0) {
                    lo = Math.min(lo, c.min()[i] * l.scale());
                    hi = Math.max(hi, c.max()[i] * l.scale());
                }
            }
        }
        computeValueRange(lo, hi);
        drawGrid(g, plotW, plotH);
        g.save();
        g.beginPath();
        g.rect(LEFT, TOP, plotW, plotH);
        g.clip();
        g.setLineWidth(LINE_WIDTH);
        for (int li = 0; li < lines.size(); li++) {
            ChartLine l = lines.get(li);
            if (l.visibleProperty().get()) {
                drawLine(g, l, columns.get(li), plotH);
            }
        }
        g.restore();
        if (lines.stream().allMatch(l -> l.points().isEmpty())) {
            g.setFill(axisText);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText("No data in this range yet", LEFT + plotW / 2, TOP + plotH / 2);
        }
        drawOverlay();
        lastDrawNanos.set(System.nanoTime() - t0);
        FxDiagnostics.recordIfEnabled(FxDiagnostics.Kind.CHART_REDRAW, lastDrawNanos.get());
        drawCount.set(drawCount.get() + 1);
    }

    private void computeValueRange(double lo, double hi) {
        if (!Double.isNaN(fixedMin) && !Double.isNaN(fixedMax)) {
            yMin = fixedMin;
            yMax = fixedMax;
            return;
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        lo = Double.isNaN(fixedMin) ? Math.min(0, lo) : fixedMin;
        if (hi <= lo) {
            hi = lo + 1;
        }
        double step = Ticks.nice((hi - lo) / 5);
        yMin = Math.floor(lo / step) * step;
        yMax = Math.ceil(hi / step) * step;
    }

    private double yOf(double displayValue, double plotH) {
        return TOP + plotH - (displayValue - yMin) / (yMax - yMin) * plotH;
    }

    private double xOfTime(long t, double plotW) {
        return LEFT + (double) (t - viewFrom) / (viewTo - viewFrom) * plotW;
    }

    private long timeOfX(double x, double plotW) {
        double f = Math.clamp((x - LEFT) / plotW, 0, 1);
        return viewFrom + (long) (f * (viewTo - viewFrom));
    }

    private void drawGrid(GraphicsContext g, double plotW, double plotH) {
        g.setFont(FONT);
        g.setLineWidth(1);
        double step = Ticks.nice((yMax - yMin) / 5);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (double v = Math.ceil(yMin / step) * step; v <= yMax + step * 1e-9; v += step) {
            double y = Math.round(yOf(v, plotH)) + 0.5;
            g.setStroke(grid);
            g.strokeLine(LEFT, y, LEFT + plotW, y);
            g.setFill(axisText);
            g.fillText(valueLabels.get(step, v, k -> Ticks.number(k, step)), LEFT - 6, y);
        }
        long span = viewTo - viewFrom;
        long tstep = Ticks.timeStep(span, plotW, 70);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (long t = Ticks.firstTick(viewFrom, tstep, zone); t < viewTo; t += tstep) {
            double x = Math.round(xOfTime(t, plotW)) + 0.5;
            g.setStroke(grid);
            g.strokeLine(x, TOP, x, TOP + plotH);
            g.setFill(axisText);
            g.fillText(timeLabels.get(tstep, zone, t, k -> Ticks.timeLabel(k, tstep, zone)), x, TOP + plotH + 5);
        }
        g.setStroke(axisLine);
        g.strokeLine(LEFT + 0.5, TOP, LEFT + 0.5, TOP + plotH);
        g.strokeLine(LEFT, TOP + plotH + 0.5, LEFT + plotW, TOP + plotH + 0.5);
    }

    /**
     * Axis labels of earlier redraws, for one tick step (and zone): a live chart redraws every second, mostly with
     * the same ticks. Forgotten when the step or zone changes, or past {@link #MAX_KEPT_LABELS}.
     */
    static final class KeptLabels<K> {
        private final Map<K, String> labels = new HashMap<>();
        private double step = Double.NaN;
        private ZoneId zone;

        String get(double step, K tick, java.util.function.Function<K, String> format) {
            return get(step, null, tick, format);
        }

        String get(double step, ZoneId zone, K tick, java.util.function.Function<K, String> format) {
            if (step != this.step || !java.util.Objects.equals(zone, this.zone) || labels.size() > MAX_KEPT_LABELS) {
                labels.clear();
                this.step = step;
                this.zone = zone;
            }
            return labels.computeIfAbsent(tick, format);
        }
    }

    /**
     * One line. A column holding several points is a bar from its minimum to its maximum, as wide as the stroke,
     * and the stroke joins each column's last value to the next column's first. A stroke going up and down each
     * column would look the same, but the rasteriser's work grows with the height of stroked segments: the bars
     * cost the render thread about a third as much for a day of noisy data.
     */
    private void drawLine(GraphicsContext g, ChartLine l, Decimation.Columns c, double plotH) {
        g.setStroke(l.color());
        g.setFill(l.color());
        g.beginPath();
        boolean open = false;
        double s = l.scale();
        int[] count = c.count();
        double[] first = c.first(), min = c.min(), max = c.max(), last = c.last();
        boolean[] breakBefore = c.breakBefore();
        double half = LINE_WIDTH / 2;
        for (int i = 0; i < c.width(); i++) {
            if (count[i] == 0) {
                continue;
            }
            double x = LEFT + i + 0.5;
            double yFirst = yOf(first[i] * s, plotH);
            if (!open || breakBefore[i]) {
                g.moveTo(x, yFirst);
                open = true;
            } else {
                g.lineTo(x, yFirst);
            }
            if (min[i] != max[i]) {
                double top = yOf(max[i] * s, plotH);
                double bottom = yOf(min[i] * s, plotH);
                g.fillRect(x - half, top - half, LINE_WIDTH, bottom - top + LINE_WIDTH);
                if (last[i] != first[i]) {
                    g.moveTo(x, yOf(last[i] * s, plotH)); // the bar covers the way from first to last
                }
            } else {
                g.lineTo(x + 0.01, yFirst); // a lone point (or a flat column) between gaps stays visible as a dot
            }
        }
        g.stroke();
    }

    // ---- interaction ------------------------------------------------------------------------------------------

    private double plotWidth() {
        return Math.floor(canvas.getWidth() - LEFT - RIGHT);
    }

    private void pressed(MouseEvent e) {
        if (e.getButton() == MouseButton.PRIMARY && e.getX() >= LEFT && e.getX() <= LEFT + plotWidth()) {
            dragStartX = e.getX();
        }
    }

    private void dragged(MouseEvent e) {
        hoverX = e.getX();
        drawOverlay();
    }

    private void released(MouseEvent e) {
        if (!Double.isNaN(dragStartX) && Math.abs(e.getX() - dragStartX) > 4) {
            double pw = plotWidth();
            long a = timeOfX(Math.min(dragStartX, e.getX()), pw);
            long b = timeOfX(Math.max(dragStartX, e.getX()), pw);
            dragStartX = Double.NaN;
            zoomTo(a, b);
        }
        dragStartX = Double.NaN;
        drawOverlay();
    }

    private void hover(double x) {
        hoverX = x;
        drawOverlay();
    }

    /** The values under the crosshair at time {@code t}: "name: value unit" per visible line, nearest point. */
    public List<String> readoutAt(long t) {
        List<String> out = new ArrayList<>();
        for (ChartLine l : lines) {
            if (!l.visibleProperty().get() || l.points().isEmpty()) {
                continue;
            }
            PointBuffer p = l.points();
            int i = p.lowerBound(t);
            int best = -1;
            long bestD = Long.MAX_VALUE;
            for (int j = Math.max(0, i - 1); j <= Math.min(p.size() - 1, i); j++) {
                long d = Math.abs(p.time(j) - t);
                if (d < bestD) {
                    bestD = d;
                    best = j;
                }
            }
            String value = best < 0 || bestD > gapFor(p) || Double.isNaN(p.value(best))
                    ? "N/A"
                    : format(p.value(best) * l.scale()) + (unit.isEmpty() ? "" : " " + unit);
            out.add(l.name() + ": " + value);
        }
        return out;
    }

    private static String format(double v) {
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }

    private void drawOverlay() {
        GraphicsContext g = overlay.getGraphicsContext2D();
        g.clearRect(0, 0, overlay.getWidth(), overlay.getHeight());
        double pw = plotWidth();
        double ph = Math.floor(overlay.getHeight() - TOP - BOTTOM);
        if (Double.isNaN(hoverX) || hoverX < LEFT || hoverX > LEFT + pw || pw < 10) {
            return;
        }
        if (!Double.isNaN(dragStartX)) {
            g.setFill(Color.web("#2f6fdb", 0.15));
            double a = Math.min(dragStartX, hoverX);
            g.fillRect(a, TOP, Math.abs(hoverX - dragStartX), ph);
            return;
        }
        double x = Math.round(hoverX) + 0.5;
        g.setStroke(crosshair);
        g.setLineWidth(1);
        g.strokeLine(x, TOP, x, TOP + ph);
        long t = timeOfX(hoverX, pw);
        List<String> rows = new ArrayList<>();
        rows.add(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
                .withZone(zone)
                .format(Instant.ofEpochMilli(t)));
        rows.addAll(readoutAt(t));
        g.setFont(FONT);
        double boxW = 0;
        for (String r : rows) {
            boxW = Math.max(boxW, r.length() * 6.4);
        }
        boxW += 14;
        double boxH = rows.size() * 15 + 8;
        double bx = hoverX + 12 + boxW > LEFT + pw ? hoverX - 12 - boxW : hoverX + 12;
        g.setFill(readoutFill);
        g.fillRoundRect(bx, TOP + 6, boxW, boxH, 6, 6);
        g.setStroke(axisLine);
        g.strokeRoundRect(bx + 0.5, TOP + 6.5, boxW, boxH, 6, 6);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        for (int i = 0; i < rows.size(); i++) {
            g.setFill(i == 0 ? axisText : readoutText);
            g.fillText(rows.get(i), bx + 7, TOP + 10 + i * 15);
        }
    }
}
