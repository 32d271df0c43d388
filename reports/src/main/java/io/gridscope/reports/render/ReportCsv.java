package io.gridscope.reports.render;

import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.Methodology;
import io.gridscope.reports.accounting.ReportRow;
import java.io.IOException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * RFC 4180 CSV (Apache Commons CSV): a header, a row per group, a "total" row; then the methodology as
 * {@code # section: line} comment lines, so the file carries its method and spreadsheet imports can skip them.
 */
final class ReportCsv {
    private ReportCsv() {}

    static void write(AccountingReport report, Appendable out) throws IOException {
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader(Cells.HEADER.toArray(String[]::new))
                .setCommentMarker('#')
                .get();
        CSVPrinter p = new CSVPrinter(out, format);
        for (ReportRow r : report.rows()) {
            p.printRecord(Cells.of(r));
        }
        p.printRecord(Cells.of(report.total()));
        p.printComment(
                "period " + report.request().from() + " to " + report.request().to() + ", grouped by "
                        + report.request().groupBy().label());
        for (Methodology.Section s : report.methodology().sections()) {
            for (String line : s.lines()) {
                p.printComment(s.title() + ": " + line);
            }
        }
        p.flush();
    }
}
