package io.gridscope.alerts.rules;

import io.gridscope.model.Labels;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One label matcher of a selector, as in PromQL: {@code name="v"}, {@code name!="v"}, {@code name=~"re"},
 * {@code name!~"re"}. Regular expressions match the whole value. An absent label matches as the empty string.
 */
public record Matcher(String name, Op op, String value, Pattern pattern) {
    public enum Op {
        EQ("="),
        NE("!="),
        RE("=~"),
        NRE("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public Matcher {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
    }

    public static Matcher of(String name, Op op, String value) {
        Pattern p = op == Op.RE || op == Op.NRE ? Pattern.compile(value) : null;
        return new Matcher(name, op, value, p);
    }

    public static Matcher eq(String name, String value) {
        return of(name, Op.EQ, value);
    }

    public boolean matches(Labels labels) {
        String v = labels.get(name).orElse("");
        return switch (op) {
            case EQ -> v.equals(value);
            case NE -> !v.equals(value);
            case RE -> pattern.matcher(v).matches();
            case NRE -> !pattern.matcher(v).matches();
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && m.name.equals(name) && m.op == op && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, op, value);
    }

    @Override
    public String toString() {
        return name + op.symbol + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
