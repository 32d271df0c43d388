package io.gridscope.reports.document;

import io.gridscope.reports.accounting.Methodology;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * RFC 4180 CSV in UTF-8 (Apache Commons CSV): the primary table with its column keys as the header (units in the
 * names: {@code it_kwh}, {@code total_cost}), its total row, then what the document says about itself as
 * {@code # } comment lines (title, period, notices, key figures, methodology), which spreadsheet imports skip. A gap
 * is an empty cell, never a zero.
 */
final class DocumentCsv {
    private DocumentCsv() {}

    static void write(ReportDocument doc, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        Table t = doc.primary();
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader(t.columns().stream().map(Column::key).toArray(String[]::new))
                .setCommentMarker('#')
                .get();
        CSVPrinter p = new CSVPrinter(w, format);
        for (List<Value> r : t.rows()) {
            p.printRecord(r.stream().map(Value::plain).toList());
        }
        if (t.total().isPresent()) {
            p.printRecord(t.total().get().stream().map(Value::plain).toList());
        }
        p.printComment(doc.title() + " — " + doc.periodLabel());
        p.printComment("period " + doc.from() + " to " + doc.to() + " (time zone " + doc.zone() + ")"
                + (doc.scope().isEmpty() ? "" : ", " + doc.scope()));
        p.printComment("generated " + doc.generatedAt());
        for (String n : doc.notices()) {
            p.printComment("NOTICE: " + n);
        }
        for (KeyFigure k : doc.keyFigures()) {
            p.printComment(k.label() + ": " + DocumentText.figure(k.column(), k.value())
                    + (k.note().isEmpty() ? "" : " (" + k.note() + ")"));
        }
        for (Methodology.Section s : doc.methodology().sections()) {
            for (String line : s.lines()) {
                p.printComment(s.title() + ": " + line);
            }
        }
        p.flush();
        w.flush();
    }
}
