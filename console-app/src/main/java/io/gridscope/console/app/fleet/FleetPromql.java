package io.gridscope.console.app.fleet;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The PromQL text of the fleet path (see {@link PrometheusUsageSource} for what each expression means and why).
 * Pure: every method builds a string from its arguments.
 */
final class FleetPromql {
    /** The label that tags each part of a combined query ({@code "gpu.energy.d"}, …). */
    static final String TAG = "gridscope_q";

    /** What a series contributes to a slot's phase-one sum when the slot needs phase two: far below any real sum. */
    static final String NEEDS_EXACT = "-1e18";

    private FleetPromql() {}

    /**
     * Where one slot's expressions look, relative to the time they are evaluated at.
     *
     * <p>A slot {@code [s, e)} is evaluated at {@code T = e + shift}. An instant selector {@code x offset (shift +
     * 1 ms)} then reads the last reading before {@code e}, and {@code x offset (shift + slot + 1 ms)} the last
     * reading before {@code s}; {@code x[window] offset (shift + 1 ms)} holds exactly the readings in {@code [s,
     * e)} (readings have millisecond timestamps). Subqueries step at multiples of {@code resolution}, which are
     * {@code subShift} after slot boundaries.
     *
     * @param slotMillis the slot's length
     * @param shiftMillis from the slot's end to the evaluation time
     * @param subShiftMillis {@code (e + subShift)} is a multiple of {@code resolution}; {@code 0 <= subShift <=
     *     shift} and {@code shift - subShift} is a multiple of {@code resolution}
     * @param resolutionMillis the subquery step: divides {@code slot}
     * @param closedRanges true when the server's range selectors include their left edge (Prometheus 2), false when
     *     they are left-open (Prometheus 3)
     */
    record Window(long slotMillis, long shiftMillis, long subShiftMillis, long resolutionMillis, boolean closedRanges) {
        Window {
            if (slotMillis < 1 || resolutionMillis < 1 || slotMillis % resolutionMillis != 0) {
                throw new IllegalArgumentException("slot " + slotMillis + " ms, resolution " + resolutionMillis);
            }
            if (subShiftMillis < 0
                    || subShiftMillis > shiftMillis
                    || (shiftMillis - subShiftMillis) % resolutionMillis != 0) {
                throw new IllegalArgumentException("shift " + shiftMillis + " ms, sub-shift " + subShiftMillis);
            }
        }

        /**
         * The window of full slots of a grid starting at {@code fromMillis} with step {@code stepMillis}, evaluated at
         * multiples of the step (as a range query is).
         */
        static Window fullSlots(long fromMillis, long stepMillis, long resolutionMillis, boolean closedRanges) {
            return new Window(
                    stepMillis,
                    Math.floorMod(-fromMillis, stepMillis),
                    Math.floorMod(-fromMillis, resolutionMillis),
                    resolutionMillis,
                    closedRanges);
        }

        /**
         * The window of a last slot shorter than the step, ending at {@code endMillis}, evaluated by an instant query
         * at {@link #evaluationTime}; its resolution is the largest divisor of its length not above {@code
         * resolutionMillis}.
         */
        static Window partialSlot(long lengthMillis, long endMillis, long resolutionMillis, boolean closedRanges) {
            long r = Math.min(resolutionMillis, lengthMillis);
            while (lengthMillis % r != 0) {
                r--;
            }
            long sub = Math.floorMod(-endMillis, r);
            return new Window(lengthMillis, sub, sub, r, closedRanges);
        }

        /** When a slot ending at {@code slotEndMillis} is evaluated. */
        long evaluationTime(long slotEndMillis) {
            return slotEndMillis + shiftMillis;
        }

        /** Offset of the last reading before the slot's end. */
        String end() {
            return ms(shiftMillis + 1);
        }

        /** Offset of the last reading before the slot's start: the base of its first increase. */
        String base() {
            return ms(shiftMillis + slotMillis + 1);
        }

        /** A range that, at offset {@link #end()}, holds the readings in the slot and nothing else. */
        String range() {
            // a closed range [T - w, T] must stop 1 ms short of the slot's start; a 1 ms slot keeps its 1 ms range
            return ms(closedRanges ? Math.max(1, slotMillis - 1) : slotMillis);
        }
    }

    /**
     * A counter read by Gridscope's rule.
     *
     * @param tag names the family's parts in a combined query
     * @param selector a vector selector with its braces, e.g. {@code node_cpu_seconds_total{instance="a"}}
     * @param perReading arithmetic applied to every reading, e.g. {@code " / 1000"} (millijoules to joules)
     * @param blankAtOrAbove readings at or above this are "no value" sentinels (DCGM blanks)
     * @param by the labels that identify one resource; the increases of its series are summed
     */
    record Counter(String tag, String selector, String perReading, OptionalDouble blankAtOrAbove, List<String> by) {
        Counter {
            Objects.requireNonNull(tag);
            Objects.requireNonNull(selector);
            Objects.requireNonNull(perReading);
            Objects.requireNonNull(blankAtOrAbove);
            by = List.copyOf(by);
        }

        /** A reading at {@code offset}, as a value without a metric name; blanks are absent. */
        String reading(String offset) {
            String sel = selector + " offset " + offset;
            String filtered = blankAtOrAbove.isPresent() ? sel + " < " + num(blankAtOrAbove.getAsDouble()) : sel;
            return "(" + filtered + ")" + (perReading.isEmpty() ? " / 1" : perReading);
        }

        /**
         * Per series with readings in the slot, none of them blank: a value (which one does not matter). Any range
         * function is present exactly where its range holds a reading.
         */
        String readings(Window w) {
            String r = selector + "[" + w.range() + "] offset " + w.end();
            return blankAtOrAbove.isPresent()
                    ? "(max_over_time(" + r + ") < " + num(blankAtOrAbove.getAsDouble()) + ")"
                    : "resets(" + r + ")";
        }

        /**
         * Part {@code TAG.p}, per resource and slot: the sum over its series of the last reading before the slot's
         * end minus the base, where the slot has readings and nothing dropped from the base through them (no reset
         * inside the slot, no slot minimum below the base); {@code -1e18} where a series has readings but no
         * such difference (a drop, no base); absent where no series has a reading. Negative means: ask {@link
         * #exact}.
         */
        String phaseOne(Window w) {
            String r = selector + "[" + w.range() + "] offset " + w.end();
            String plain = "(" + reading(w.end()) + " - " + reading(w.base()) + ")"
                    + " + 0 * (resets(" + r + ") == 0)"
                    + " + 0 * (min_over_time(" + r + ") >= " + selector + " offset " + w.base() + ")"
                    + (blankAtOrAbove.isPresent() ? " + 0 * " + readings(w) : "");
            String needsExact = readings(w) + " * 0 + " + NEEDS_EXACT;
            return tagged(
                    "sum by (" + String.join(", ", by) + ") ((" + plain + ") or (" + needsExact + "))", tag + ".p");
        }

        /**
         * The slot's increase by Gridscope's rule whatever happened in it: a subquery at the window's resolution
         * sums, over the readings in the slot, the rise from the reading before ({@code >= 0}) or, after a drop,
         * the reading itself. Exact while no two readings of one series fall within one resolution step.
         */
        String exact(Window w) {
            long r = w.resolutionMillis();
            long outer = w.shiftMillis() - w.subShiftMillis();
            long sub = w.closedRanges() ? w.slotMillis() - r : w.slotMillis();
            String by = String.join(", ", this.by);
            if (sub == 0) {
                // one step: the slot is one resolution long and ranges are closed
                return tagged("sum by (" + by + ") " + rise(w.shiftMillis(), r), tag + ".x");
            }
            return tagged(
                    "sum by (" + by + ") (sum_over_time(" + rise(w.subShiftMillis(), r) + "[" + ms(sub) + ":" + ms(r)
                            + "]" + (outer == 0 ? "" : " offset " + ms(outer)) + "))",
                    tag + ".x");
        }

        /** The rise into the reading of the resolution step ending {@code shift + 1 ms} before the evaluation. */
        private String rise(long shift, long r) {
            String now = reading(ms(shift + 1));
            String before = reading(ms(shift + r + 1));
            return "(((" + now + " - " + before + ") >= 0) or (" + now + " < " + before + "))";
        }
    }

    /**
     * A gauge averaged over all its readings in the slot: parts {@code TAG.s} (sum of readings) and {@code TAG.c}
     * (their number), per resource. A series with a blank reading in the slot is left out of that slot.
     */
    static String gaugeParts(String tag, String selector, OptionalDouble blankAtOrAbove, List<String> by, Window w) {
        String r = selector + "[" + w.range() + "] offset " + w.end();
        String guard = blankAtOrAbove.isPresent()
                ? " unless max_over_time(" + r + ") >= " + num(blankAtOrAbove.getAsDouble())
                : "";
        String g = String.join(", ", by);
        return tagged("sum by (" + g + ") (sum_over_time(" + r + ")" + guard + ")", tag + ".s") + " or "
                + tagged("sum by (" + g + ") (count_over_time(" + r + ")" + guard + ")", tag + ".c");
    }

    /** Part {@code TAG}: per resource, how many distinct values of {@code label} its series have at the slot's end. */
    static String distinctAtEnd(String tag, String selector, String label, List<String> by, Window w) {
        String g = String.join(", ", by);
        return tagged(
                "count by (" + g + ") (count by (" + g + ", " + label + ") (" + selector + " offset " + w.end() + "))",
                tag);
    }

    /** One series per distinct value of {@code by} among the selectors' series with readings in the slot. */
    static String presentGroups(List<String> selectors, List<String> by, Window w) {
        StringBuilder b = new StringBuilder();
        for (String s : selectors) {
            if (!b.isEmpty()) {
                b.append(" or ");
            }
            b.append("count_over_time(")
                    .append(s)
                    .append('[')
                    .append(w.range())
                    .append("] offset ")
                    .append(w.end())
                    .append(')');
        }
        return "group by (" + String.join(", ", by) + ") (" + b + ")";
    }

    /** Probes whether range selectors include their left edge: 3 (closed, Prometheus 2) or 2 (left-open). */
    static final String RANGE_EDGE_PROBE = "count_over_time(vector(1)[2s:1s])";

    static String tagged(String expr, String tag) {
        return "label_replace(" + expr + ", \"" + TAG + "\", \"" + tag + "\", \"\", \"\")";
    }

    /** A vector selector: {@code metric{name="value",…}}; each matcher is {@code name op "value"}, escaped here. */
    static String selector(String metric, String... matchers) {
        StringBuilder b = new StringBuilder(metric).append('{');
        for (int i = 0; i < matchers.length; i += 3) {
            if (i > 0) {
                b.append(',');
            }
            b.append(matchers[i])
                    .append(matchers[i + 1])
                    .append('"')
                    .append(escape(matchers[i + 2]))
                    .append('"');
        }
        return b.append('}').toString();
    }

    /** A PromQL string literal's content: backslash, double quote and newline escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String ms(long millis) {
        return millis + "ms";
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
