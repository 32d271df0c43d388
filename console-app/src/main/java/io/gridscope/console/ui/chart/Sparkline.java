package io.gridscope.console.ui.chart;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/** A small line of recent values (0..max), redrawn when {@link #redraw} is called. FX thread only. */
public final class Sparkline extends Canvas {
    private final PointBuffer points;
    private final double scale;
    private final double max;
    private final Color color;

    private long windowMillis = 15 * 60_000L;
    private long gapMillis = 5_000;

    /** Show the last {@code windowMillis} up to the newest point; points further apart than {@code gapMillis} are not joined. */
    public void setWindow(long windowMillis, long gapMillis) {
        this.windowMillis = windowMillis;
        this.gapMillis = gapMillis;
        redraw();
    }

    public Sparkline(PointBuffer points, double scale, double max, Color color, double width, double height) {
        super(width, height);
        this.points = points;
        this.scale = scale;
        this.max = max;
        this.color = color;
        getStyleClass().add("sparkline");
    }

    public void redraw() {
        GraphicsContext g = getGraphicsContext2D();
        double w = getWidth();
        double h = getHeight();
        g.clearRect(0, 0, w, h);
        g.setFill(Color.web("#8d97a8", 0.12));
        g.fillRoundRect(0, 0, w, h, 4, 4);
        int n = points.size();
        if (n < 2) {
            return;
        }
        long to = points.lastTime();
        long from = to - windowMillis;
        g.setStroke(color);
        g.setLineWidth(1.2);
        g.beginPath();
        int startIdx = points.lowerBound(from);
        int step = Math.max(1, (n - startIdx) / (int) Math.max(1, w));
        long prev = Long.MIN_VALUE;
        for (int i = startIdx; i < n; i += step) {
            long t = points.time(i);
            double x = (t - from) / (double) windowMillis * (w - 2) + 1;
            double y = h - 1 - Math.clamp(points.value(i) * scale / max, 0, 1) * (h - 2);
            if (prev == Long.MIN_VALUE || t - prev > gapMillis * step) {
                g.moveTo(x, y);
                g.lineTo(x + 0.5, y);
            } else {
                g.lineTo(x, y);
            }
            prev = t;
        }
        g.stroke();
    }
}
