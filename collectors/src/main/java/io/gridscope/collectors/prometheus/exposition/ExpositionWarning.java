package io.gridscope.collectors.prometheus.exposition;

import java.util.Objects;

/**
 * A rule the payload breaks that Prometheus' scrape accepts, reported instead of failing when the parser reads as
 * Prometheus does ({@link ExpositionParser.Strictness#PROMETHEUS}). Immutable.
 *
 * @param line    1-based line
 * @param column  1-based column, or 0 when the whole line is at fault
 * @param reason  what is wrong, as a check would report it
 * @param outcome what the parser did instead of failing ("ingested as Prometheus does", "ignored"...)
 */
public record ExpositionWarning(long line, int column, ExpositionRule rule, String reason, String outcome) {
    public ExpositionWarning {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** {@code line 9: temperature_sum is negative (-3.1) [OpenMetrics 1.0, Histogram]; ingested as Prometheus does}. */
    public String message() {
        return "line " + line + ": " + reason + " [" + rule.citation() + "]; " + outcome;
    }
}
