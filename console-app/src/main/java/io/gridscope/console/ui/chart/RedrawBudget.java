package io.gridscope.console.ui.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import javafx.application.Platform;
import javafx.scene.Scene;

/**
 * Spreads chart redraws over pulses: once the charts of a scene have spent {@link #BUDGET_NANOS} redrawing in one
 * pulse, further charts whose data changed wait for the next pulse (about 16 ms later) instead of making this one
 * longer. Eight charts receiving a second of live data together thus take several short pulses, not one long one:
 * where a redraw of a 24 h chart takes 3-6 ms (2 vCPUs, software rendering), one or two per pulse, all eight within
 * about a tenth of a second. The first redraw of a pulse always runs, so every chart is drawn eventually. FX thread
 * only.
 */
final class RedrawBudget {
    static final long BUDGET_NANOS = 3_000_000;
    private static final Map<Scene, RedrawBudget> BY_SCENE = new WeakHashMap<>();

    private long spentNanos;
    private final List<TimeSeriesChart> deferred = new ArrayList<>();

    private RedrawBudget(Scene scene) {
        scene.addPreLayoutPulseListener(this::newPulse);
    }

    static RedrawBudget of(Scene scene) {
        return BY_SCENE.computeIfAbsent(scene, RedrawBudget::new);
    }

    private void newPulse() {
        spentNanos = 0;
        if (!deferred.isEmpty()) {
            List<TimeSeriesChart> again = List.copyOf(deferred);
            deferred.clear();
            again.forEach(TimeSeriesChart::requestLayout);
        }
    }

    /** True when {@code chart} may redraw in this pulse; false when it has been put off to the next one. */
    boolean mayRedraw(TimeSeriesChart chart) {
        if (spentNanos < BUDGET_NANOS) {
            return true;
        }
        if (!deferred.contains(chart)) {
            deferred.add(chart);
        }
        Platform.requestNextPulse();
        return false;
    }

    void spent(long nanos) {
        spentNanos += nanos;
    }
}
