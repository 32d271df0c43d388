package io.gridscope.reports.document;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One cell of a report document. Numbers are already rounded to their column's scale: every format writes this
 * exact value, so a figure never differs between formats. {@link Missing} is a gap (no data, no price), written as
 * an empty cell with its reason where the format has room for one; never a zero.
 */
public sealed interface Value {
    record Text(String text) implements Value {
        public Text {
            Objects.requireNonNull(text);
        }
    }

    /** A number in its column's unit and scale (percent as 12.5, not 0.125). */
    record Number(BigDecimal number) implements Value {
        public Number {
            Objects.requireNonNull(number);
        }
    }

    record Day(LocalDate day) implements Value {
        public Day {
            Objects.requireNonNull(day);
        }
    }

    /** An instant, written in UTC (ISO 8601) by every format. */
    record Time(Instant instant) implements Value {
        public Time {
            Objects.requireNonNull(instant);
        }
    }

    /** No value, and why ("no price", "not acknowledged"). */
    record Missing(String why) implements Value {
        public Missing {
            Objects.requireNonNull(why);
        }
    }

    static Value text(String s) {
        return new Text(s);
    }

    static Value missing(String why) {
        return new Missing(why);
    }

    /** The value as plain text: numbers in plain notation, days and instants in ISO 8601, a gap as "". */
    default String plain() {
        return switch (this) {
            case Text t -> t.text();
            case Number n -> n.number().toPlainString();
            case Day d -> d.day().toString();
            case Time t -> t.instant().toString();
            case Missing m -> "";
        };
    }
}
