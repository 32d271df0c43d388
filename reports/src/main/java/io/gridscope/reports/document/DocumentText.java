package io.gridscope.reports.document;

import io.gridscope.reports.accounting.Methodology;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Aligned text for a terminal: title, period, notices, key figures, every table, the methodology. */
final class DocumentText {
    private DocumentText() {}

    /** "1234.57 EUR", "12.5 %", "3.250 kWh", "2026-11-03"; a gap as "— (why)". */
    static String figure(Column c, Value v) {
        if (v instanceof Value.Missing m) {
            return "— (" + m.why() + ")";
        }
        if (v instanceof Value.Number && !c.unit().isEmpty()) {
            return v.plain() + " " + c.unit();
        }
        return v.plain();
    }

    static void write(ReportDocument doc, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.append(doc.title()).append(" — ").append(doc.periodLabel()).append('\n');
        w.append(doc.from().toString())
                .append(" to ")
                .append(doc.to().toString())
                .append(" (")
                .append(doc.zone().getId())
                .append(')');
        if (!doc.scope().isEmpty()) {
            w.append(", ").append(doc.scope());
        }
        w.append('\n');
        for (String n : doc.notices()) {
            w.append("NOTICE: ").append(n).append('\n');
        }
        w.append('\n');
        if (!doc.keyFigures().isEmpty()) {
            int width = doc.keyFigures().stream()
                    .mapToInt(k -> k.label().length())
                    .max()
                    .orElse(0);
            for (KeyFigure k : doc.keyFigures()) {
                w.append(k.label())
                        .append(" ".repeat(width - k.label().length()))
                        .append("  ")
                        .append(figure(k.column(), k.value()));
                if (!k.note().isEmpty()) {
                    w.append("  (").append(k.note()).append(')');
                }
                w.append('\n');
            }
            w.append('\n');
        }
        for (Table t : doc.tables()) {
            table(t, w);
            w.append('\n');
        }
        for (Methodology.Section s : doc.methodology().sections()) {
            w.append(s.title()).append('\n');
            for (String line : s.lines()) {
                w.append("  - ").append(line).append('\n');
            }
        }
        w.flush();
    }

    private static void table(Table t, Writer w) throws IOException {
        w.append(t.title()).append('\n');
        if (!t.description().isEmpty()) {
            w.append(t.description()).append('\n');
        }
        if (t.isEmpty()) {
            w.append("(none)\n");
            return;
        }
        List<List<String>> lines = new ArrayList<>();
        lines.add(t.columns().stream().map(Column::header).toList());
        for (List<Value> r : t.rows()) {
            lines.add(r.stream()
                    .map(v -> v instanceof Value.Missing ? "—" : v.plain())
                    .toList());
        }
        t.total()
                .ifPresent(r -> lines.add(r.stream()
                        .map(v -> v instanceof Value.Missing ? "—" : v.plain())
                        .toList()));
        int[] width = new int[t.columns().size()];
        for (List<String> l : lines) {
            for (int i = 0; i < l.size(); i++) {
                width[i] = Math.max(width[i], l.get(i).length());
            }
        }
        int ruleWidth = 0;
        for (int x : width) {
            ruleWidth += x + 2;
        }
        String rule = "-".repeat(Math.max(0, ruleWidth - 2)) + "\n";
        for (int n = 0; n < lines.size(); n++) {
            if (n == lines.size() - 1 && t.total().isPresent()) {
                w.append(rule);
            }
            StringBuilder sb = new StringBuilder();
            List<String> l = lines.get(n);
            for (int i = 0; i < l.size(); i++) {
                String cell = l.get(i);
                String pad = " ".repeat(width[i] - cell.length());
                sb.append(t.columns().get(i).numeric() ? pad + cell : cell + pad)
                        .append("  ");
            }
            w.append(sb.toString().stripTrailing()).append('\n');
            if (n == 0) {
                w.append(rule);
            }
        }
    }
}
