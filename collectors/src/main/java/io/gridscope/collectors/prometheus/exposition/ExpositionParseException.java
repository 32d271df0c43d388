package io.gridscope.collectors.prometheus.exposition;

import java.util.Optional;

/**
 * Invalid exposition text. The message starts with {@code line L, column C:} (both 1-based; the column counts
 * characters of the decoded line), or {@code line L:} when the error concerns the whole line or the end of input.
 * Errors found by {@link ExpositionParser} name the {@link ExpositionRule} the payload breaks.
 */
public class ExpositionParseException extends Exception {
    private final long line;
    private final int column;
    private final String reason;
    private final ExpositionRule rule;

    public ExpositionParseException(long line, int column, String reason) {
        this(line, column, null, reason);
    }

    public ExpositionParseException(long line, int column, ExpositionRule rule, String reason) {
        super("line " + line + (column > 0 ? ", column " + column : "") + ": " + reason);
        this.line = line;
        this.column = column;
        this.reason = reason;
        this.rule = rule;
    }

    /** 1-based line number. */
    public long line() {
        return line;
    }

    /** 1-based column, or 0 when the whole line (or the end of input) is at fault. */
    public int column() {
        return column;
    }

    /** The message without the position. */
    public String reason() {
        return reason;
    }

    /** The rule the payload breaks, where the error names one. */
    public Optional<ExpositionRule> rule() {
        return Optional.ofNullable(rule);
    }

    /**
     * The message followed by the rule and, where Prometheus' scrape ingests such a payload anyway, a note saying so:
     * {@code line 9: x_sum is negative (-3) — breaks OpenMetrics 1.0, Histogram: Sum, Count and bucket values are
     * counters so MUST NOT be NaN or negative (Prometheus' scrape accepts this)}.
     */
    public String describe() {
        if (rule == null) {
            return getMessage();
        }
        if (rule.format() == null) {
            return getMessage() + " — a limit of Gridscope's (" + rule.requirement() + "), not a rule of the format";
        }
        return getMessage() + " — breaks " + rule.describe()
                + (rule.prometheusAccepts() ? " (Prometheus' scrape accepts this)" : "");
    }
}
