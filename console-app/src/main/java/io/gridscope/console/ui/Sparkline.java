package io.gridscope.console.ui;

import io.gridscope.console.ui.chart.PointBuffer;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/** A small line of recent values (0..max), redrawn when {@link #redraw} is called. FX thread only. */
final class Sparkline extends Canvas {
    private final PointBuffer points;
    private final double scale;
    private final double max;
    private final Color color;

    Sparkline(PointBuffer points, double scale, double max, Color color, double width, double height) {
        super(width, height);
        this.points = points;
        this.scale = scale;
        this.max = max;
        this.color = color;
        getStyleClass().add("sparkline");
    }

    void redraw() {
        GraphicsContext g = getGraphicsContext2D();
        double w = getWidth();
        double h = getHeight();
        g.clearRect(0, 0, w, h);
        int n = points.size();
        if (n < 2) {
            return;
        }
        long from = points.firstTime();
        long span = Math.max(1, points.lastTime() - from);
        g.setStroke(color);
        g.setLineWidth(1.2);
        g.beginPath();
        int step = Math.max(1, n / (int) Math.max(1, w));
        boolean first = true;
        for (int i = 0; i < n; i += step) {
            double x = (points.time(i) - from) / (double) span * (w - 2) + 1;
            double y = h - 1 - Math.clamp(points.value(i) * scale / max, 0, 1) * (h - 2);
            if (first) {
                g.moveTo(x, y);
                first = false;
            } else {
                g.lineTo(x, y);
            }
        }
        g.stroke();
    }
}
