package io.gridscope.alerts.rules;

import io.gridscope.model.DurationText;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** What makes an alert active. Every kind says in words what it tests ({@link #describe()}). */
public sealed interface Condition {

    /** The metric names the condition reads, so the engine keeps only those series. */
    List<String> metrics();

    /** How far back the condition looks: the engine keeps this much of each series it reads. */
    Duration lookback();

    String describe();

    /** How a window of samples becomes one value. */
    enum Aggregation {
        LAST,
        AVG,
        MAX,
        MIN;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Another series combined with the subject before the comparison, joined on the labels {@code on}. */
    record Operand(Selector series, Arithmetic arithmetic, List<String> on) {
        public enum Arithmetic {
            MINUS("-"),
            DIVIDED_BY("/");

            private final String symbol;

            Arithmetic(String symbol) {
                this.symbol = symbol;
            }

            public String symbol() {
                return symbol;
            }

            public double apply(double a, double b) {
                return this == MINUS ? a - b : a / b;
            }
        }

        public Operand {
            on = List.copyOf(on);
        }
    }

    /** A second test the same series' labels must also pass (joined on {@code on}): "and memory used > 1 GiB". */
    record Guard(Selector series, Comparison op, double value, List<String> on) {
        public Guard {
            on = List.copyOf(on);
        }
    }

    /**
     * The value of a series (its last sample, or its average, maximum or minimum over {@code window}), optionally
     * combined with another series, compared with {@code value}. With {@code clear}, a firing alert stays active
     * until the value passes {@code clear} (hysteresis).
     */
    record Threshold(
            Selector series,
            Aggregation aggregation,
            Duration window,
            Optional<Operand> operand,
            Comparison op,
            double value,
            OptionalDouble clear,
            Optional<Guard> guard)
            implements Condition {
        @Override
        public List<String> metrics() {
            java.util.ArrayList<String> m = new java.util.ArrayList<>(List.of(series.metric()));
            operand.ifPresent(o -> m.add(o.series().metric()));
            guard.ifPresent(g -> m.add(g.series().metric()));
            return m;
        }

        @Override
        public Duration lookback() {
            return window;
        }

        @Override
        public String describe() {
            String subject = aggregation == Aggregation.LAST
                    ? series.toString()
                    : aggregation.label() + " over " + DurationText.of(window) + " of " + series;
            String combined = operand.map(o -> subject + " " + o.arithmetic().symbol() + " " + o.series())
                    .orElse(subject);
            String text = combined + " " + op.symbol() + " " + RuleText.number(value);
            if (clear.isPresent()) {
                text += " (clears at " + RuleText.number(clear.getAsDouble()) + ")";
            }
            if (guard.isPresent()) {
                Guard g = guard.get();
                text += " and " + g.series() + " " + g.op().symbol() + " " + RuleText.number(g.value());
            }
            return text;
        }
    }

    /** The per-second rate, the increase of a counter, or the change of a gauge over {@code window}. */
    record Change(
            Selector series, Function function, Duration window, Comparison op, double value, OptionalDouble clear)
            implements Condition {
        public enum Function {
            RATE,
            INCREASE,
            DELTA;

            public String label() {
                return name().toLowerCase(Locale.ROOT);
            }
        }

        @Override
        public List<String> metrics() {
            return List.of(series.metric());
        }

        @Override
        public Duration lookback() {
            return window;
        }

        @Override
        public String describe() {
            String text = function.label() + " over " + DurationText.of(window) + " of " + series + " " + op.symbol()
                    + " " + RuleText.number(value);
            return clear.isPresent() ? text + " (clears at " + RuleText.number(clear.getAsDouble()) + ")" : text;
        }
    }

    /**
     * Absence or staleness: active for each matching series whose newest sample is older than {@code staleAfter},
     * and once (with the selector's fixed labels) when no series matches at all.
     */
    record Absent(Selector series, Duration staleAfter) implements Condition {
        @Override
        public List<String> metrics() {
            return List.of(series.metric());
        }

        @Override
        public Duration lookback() {
            return staleAfter;
        }

        @Override
        public String describe() {
            return series + " absent or without a sample for " + DurationText.of(staleAfter);
        }
    }

    /**
     * A straight-line forecast: the least-squares line through {@code window} of the series, extended
     * {@code horizon} ahead, compared with {@code value} ("the file system is full within 24 h").
     */
    record Predict(Selector series, Duration window, Duration horizon, Comparison op, double value)
            implements Condition {
        @Override
        public List<String> metrics() {
            return List.of(series.metric());
        }

        @Override
        public Duration lookback() {
            return window;
        }

        @Override
        public String describe() {
            return series + " forecast " + DurationText.of(horizon) + " ahead (from the last " + DurationText.of(window)
                    + ") " + op.symbol() + " " + RuleText.number(value);
        }
    }

    /**
     * Discrete events (XID, GPU lost, double-bit ECC): each event that matches makes its alert fire at once, counted
     * once; the alert resolves when no further event came for the rule's {@code keep_firing_for}.
     */
    record Event(String type, List<Matcher> matchers) implements Condition {
        public Event {
            matchers = List.copyOf(matchers);
        }

        public boolean matches(io.gridscope.model.TelemetryEvent e) {
            if (!e.type().equals(type)) {
                return false;
            }
            for (Matcher m : matchers) {
                if (!m.matches(e.labels())) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public List<String> metrics() {
            return List.of();
        }

        @Override
        public Duration lookback() {
            return Duration.ZERO;
        }

        @Override
        public String describe() {
            return "event " + new Selector(type, matchers);
        }
    }
}
