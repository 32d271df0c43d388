package io.gridscope.reports.document;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One table of a report: a sheet in XLSX, a table in the PDF, the CSV itself for the document's primary table.
 *
 * @param id short name, unique in the document, at most 31 characters (a sheet name): "By team", "By day"
 * @param title what the table shows, one line
 * @param description how to read it, or why it is empty; may be ""
 * @param rows each row holds one value per column
 * @param total the total row, when the table has one (its first cell says "total")
 */
public record Table(
        String id,
        String title,
        String description,
        List<Column> columns,
        List<List<Value>> rows,
        Optional<List<Value>> total) {
    public Table {
        Objects.requireNonNull(id);
        Objects.requireNonNull(title);
        Objects.requireNonNull(description);
        if (id.isEmpty() || id.length() > 31 || id.matches(".*[\\\\/?*\\[\\]:].*")) {
            throw new IllegalArgumentException("table id must be 1-31 characters without \\ / ? * [ ] : — " + id);
        }
        columns = List.copyOf(columns);
        rows = List.copyOf(rows.stream().map(List::copyOf).toList());
        total = total.map(List::copyOf);
        for (List<Value> r : rows) {
            check(r, columns, id);
        }
        if (total.isPresent()) {
            check(total.get(), columns, id);
        }
    }

    private static void check(List<Value> row, List<Column> columns, String id) {
        if (row.size() != columns.size()) {
            throw new IllegalArgumentException(
                    "table " + id + ": a row of " + row.size() + " values for " + columns.size() + " columns");
        }
        for (int i = 0; i < row.size(); i++) {
            Value v = row.get(i);
            Column c = columns.get(i);
            boolean ok = switch (v) {
                case Value.Missing m -> true;
                case Value.Number n -> c.numeric() && n.number().scale() == c.scale();
                case Value.Text t -> c.kind() == Column.Kind.TEXT;
                case Value.Day d -> c.kind() == Column.Kind.DAY;
                case Value.Time t -> c.kind() == Column.Kind.TIME;
            };
            if (!ok) {
                throw new IllegalArgumentException("table " + id + ": " + v + " does not fit column " + c.key() + " ("
                        + c.kind() + ", scale " + c.scale() + ")");
            }
        }
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }
}
