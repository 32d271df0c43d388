package io.gridscope.reports.document;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A chart of a report, as data: the PDF draws it, XLSX and JSON carry its numbers (the same as the tables').
 *
 * <ul>
 *   <li>{@link Type#STACKED_BARS}: one bar per x label, one segment per series (cost by day stacked by group);
 *   <li>{@link Type#BARS}: one bar per x label, one series (carbon by site);
 *   <li>{@link Type#LINES}: one line per series over the x labels, a dashed series for a forecast, and an
 *       optional horizontal limit (budget burn: spent so far, the forecast, the budget at 100 %).
 * </ul>
 *
 * @param unit the y axis' unit ("EUR", "kgCO2e", "% of budget")
 * @param xLabels the categories along the x axis (days as "2026-11-03", sites, …)
 * @param series each with one value per x label; null marks no value (a gap, not a zero)
 * @param limit a horizontal line across the chart, e.g. the budget
 */
public record Chart(
        Type type,
        String id,
        String title,
        String unit,
        List<String> xLabels,
        List<Series> series,
        Optional<Limit> limit) {
    public enum Type {
        STACKED_BARS,
        BARS,
        LINES
    }

    public record Series(String name, List<BigDecimal> values, boolean dashed) {
        public Series {
            Objects.requireNonNull(name);
            values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values)); // nulls allowed
        }
    }

    public record Limit(String label, BigDecimal value) {}

    public Chart {
        Objects.requireNonNull(type);
        Objects.requireNonNull(id);
        Objects.requireNonNull(title);
        Objects.requireNonNull(unit);
        xLabels = List.copyOf(xLabels);
        series = List.copyOf(series);
        Objects.requireNonNull(limit);
        for (Series s : series) {
            if (s.values().size() != xLabels.size()) {
                throw new IllegalArgumentException("chart " + id + ": series " + s.name() + " has "
                        + s.values().size() + " values for " + xLabels.size() + " labels");
            }
        }
        if (type == Type.BARS && series.size() > 1) {
            throw new IllegalArgumentException("chart " + id + ": plain bars have one series");
        }
    }

    public boolean isEmpty() {
        return xLabels.isEmpty() || series.isEmpty();
    }
}
