package io.gridscope.model;

import java.util.OptionalDouble;

/**
 * The one definition of counter arithmetic in Gridscope, Prometheus' {@code increase()} semantics, used by every
 * collector, the history's rollups and queries, and the accounting.
 *
 * <p>A counter only goes up while its source runs. Between two consecutive readings {@code previous} and {@code
 * current} of one series:
 *
 * <ul>
 *   <li>when {@code current >= previous}, the increase is {@code current - previous};
 *   <li>when {@code current < previous}, the source was reset (a driver reload, an exporter restart, an interface
 *       re-created) and started again from zero, so the increase is {@code current} itself. What happened between
 *       the last reading before the reset and the reset is unknown and is not invented.
 * </ul>
 *
 * An increase is therefore never negative. The increase of a series over a period is the sum of the increases
 * between consecutive readings whose later reading lies in the period; the reading before the period (when there
 * is one) is the base of the first increase, so consecutive periods add up to the increase over their union,
 * whichever history tier answers. The first reading of a series has no increase of its own. Unlike PromQL's {@code
 * increase()}, nothing is extrapolated to the period's edges: Gridscope reports what was measured, with its
 * coverage.
 *
 * <p>Not-a-number and infinite readings are not readings: they have no increase and are not a base for the next
 * one.
 */
public final class Counters {
    private Counters() {}

    /**
     * The increase from {@code previous} to {@code current}: their difference, or {@code current} after a reset.
     * NaN when either reading is not finite (no reading) or negative (not a counter value).
     */
    public static double increase(double previous, double current) {
        if (!Double.isFinite(previous) || !Double.isFinite(current) || previous < 0 || current < 0) {
            return Double.NaN;
        }
        return current >= previous ? current - previous : current;
    }

    /** True when {@code current} is below {@code previous}: the counter was reset between the two readings. */
    public static boolean isReset(double previous, double current) {
        return Double.isFinite(previous) && Double.isFinite(current) && current < previous;
    }

    /**
     * The per-second rate between two readings taken {@code elapsedMillis} apart: {@link #increase} divided by the
     * elapsed time. Empty when there is no increase or no time passed.
     */
    public static OptionalDouble ratePerSecond(double previous, double current, long elapsedMillis) {
        double inc = increase(previous, current);
        if (Double.isNaN(inc) || elapsedMillis <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(inc * 1000.0 / elapsedMillis);
    }
}
