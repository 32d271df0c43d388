package io.gridscope.alerts.rules;

import java.util.Optional;

/** The comparison of a threshold rule: the alert is active while {@code value OP threshold} holds. */
public enum Comparison {
    GT(">"),
    GE(">="),
    LT("<"),
    LE("<="),
    EQ("=="),
    NE("!=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean test(double value, double threshold) {
        return switch (this) {
            case GT -> value > threshold;
            case GE -> value >= threshold;
            case LT -> value < threshold;
            case LE -> value <= threshold;
            case EQ -> value == threshold;
            case NE -> value != threshold;
        };
    }

    /**
     * Whether a firing alert stays active with hysteresis: for a rising alert ({@code >}, {@code >=}) it stays until
     * the value falls to or below {@code clear}; for a falling one until it rises to or above it.
     */
    public boolean stillActive(double value, double clear) {
        return switch (this) {
            case GT, GE -> value > clear;
            case LT, LE -> value < clear;
            case EQ, NE -> test(value, clear);
        };
    }

    /** Whether {@code clear} lies on the inactive side of {@code threshold}, as hysteresis needs. */
    public boolean clearIsConsistent(double threshold, double clear) {
        return switch (this) {
            case GT, GE -> clear <= threshold;
            case LT, LE -> clear >= threshold;
            case EQ, NE -> false;
        };
    }

    public static Optional<Comparison> parse(String text) {
        for (Comparison c : values()) {
            if (c.symbol.equals(text.strip())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
