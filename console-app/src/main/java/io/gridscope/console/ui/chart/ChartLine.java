package io.gridscope.console.ui.chart;

import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.paint.Color;

/**
 * One line of a {@link TimeSeriesChart}: its points (in the stored unit) and how to show them. After changing the
 * points, call {@link TimeSeriesChart#dataChanged()}; FX thread only.
 *
 * @param scale multiplier from stored unit to displayed unit (100 for ratio → %)
 */
public final class ChartLine {
    private final String name;
    private final Color color;
    private final double scale;
    private final PointBuffer points;
    private final BooleanProperty visible = new SimpleBooleanProperty(this, "visible", true);

    ChartLine(String name, Color color, double scale, PointBuffer points) {
        this.points = Objects.requireNonNull(points);
        this.name = Objects.requireNonNull(name);
        this.color = Objects.requireNonNull(color);
        this.scale = scale;
    }

    public String name() {
        return name;
    }

    public Color color() {
        return color;
    }

    public double scale() {
        return scale;
    }

    public PointBuffer points() {
        return points;
    }

    public BooleanProperty visibleProperty() {
        return visible;
    }
}
