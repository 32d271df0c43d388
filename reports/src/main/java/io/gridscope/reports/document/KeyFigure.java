package io.gridscope.reports.document;

import java.util.Objects;

/**
 * A headline figure: "Total cost 12,345.67 EUR", with what qualifies it ("estimated for 12 % of the energy",
 * "coverage 97.3 %"); the note is "" when nothing does.
 */
public record KeyFigure(String key, String label, Column column, Value value, String note) {
    public KeyFigure {
        Objects.requireNonNull(key);
        Objects.requireNonNull(label);
        Objects.requireNonNull(column);
        Objects.requireNonNull(value);
        Objects.requireNonNull(note);
    }
}
