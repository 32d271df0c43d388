package io.gridscope.reports.render;

import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.Methodology;
import io.gridscope.reports.accounting.ReportRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** An aligned text table, then the methodology: what a person reads in a terminal. */
final class ReportTable {
    private static final List<String> HEADER = List.of(
            "group",
            "IT kWh",
            "facility kWh",
            "energy",
            "coverage",
            "kgCO2e op.",
            "kgCO2e emb.",
            "amortisation",
            "electricity",
            "cloud",
            "fallback",
            "total",
            "idle",
            "idle %",
            "budget");

    private ReportTable() {}

    static void write(AccountingReport report, Appendable out) throws IOException {
        var req = report.request();
        out.append("Gridscope accounting by ")
                .append(req.groupBy().label())
                .append(", ")
                .append(req.from().toString())
                .append(" to ")
                .append(req.to().toString())
                .append(", in ")
                .append(req.currency().getCurrencyCode());
        req.filter().ifPresent(f -> {
            try {
                out.append(" (only ")
                        .append(f.by().label())
                        .append(' ')
                        .append(f.value())
                        .append(')');
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        out.append("\n\n");
        List<List<String>> lines = new ArrayList<>();
        lines.add(HEADER);
        for (ReportRow r : report.rows()) {
            lines.add(line(r));
        }
        lines.add(line(report.total()));
        int[] width = new int[HEADER.size()];
        for (List<String> l : lines) {
            for (int i = 0; i < l.size(); i++) {
                width[i] = Math.max(width[i], l.get(i).length());
            }
        }
        for (int n = 0; n < lines.size(); n++) {
            if (n == lines.size() - 1) {
                rule(width, out);
            }
            List<String> l = lines.get(n);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < l.size(); i++) {
                String cell = l.get(i);
                if (i == 0 || i == 3 || i == HEADER.size() - 1) {
                    sb.append(cell).append(" ".repeat(width[i] - cell.length()));
                } else {
                    sb.append(" ".repeat(width[i] - cell.length())).append(cell);
                }
                sb.append(i == l.size() - 1 ? "" : "  ");
            }
            out.append(sb.toString().stripTrailing()).append('\n');
            if (n == 0) {
                rule(width, out);
            }
        }
        out.append('\n');
        for (Methodology.Section s : report.methodology().sections()) {
            out.append(s.title()).append('\n');
            for (String line : s.lines()) {
                out.append("  - ").append(line).append('\n');
            }
        }
    }

    private static void rule(int[] width, Appendable out) throws IOException {
        int total = 0;
        for (int w : width) {
            total += w + 2;
        }
        out.append("-".repeat(Math.max(0, total - 2))).append('\n');
    }

    private static List<String> line(ReportRow r) {
        List<String> c = Cells.of(r);
        String budget = r.budget()
                .map(b -> b.state().label() + " (" + b.spent().rounded().toPlainString() + " of "
                        + b.budget().rounded().toPlainString() + ", forecast "
                        + b.forecast().rounded().toPlainString()
                        + ")")
                .orElse("");
        return List.of(
                c.get(0),
                c.get(1),
                c.get(2),
                c.get(3),
                c.get(4) + " %",
                c.get(5),
                c.get(6),
                c.get(7),
                c.get(8),
                c.get(9),
                c.get(10),
                c.get(11) + " " + c.get(12),
                c.get(13),
                c.get(14),
                budget);
    }
}
