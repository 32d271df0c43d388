package io.gridscope.reports.document;

import java.io.IOException;
import java.io.OutputStream;

/** PDF through Apache PDFBox: title, period, key figures, charts, tables, methodology; fonts embedded. */
final class PdfWriter {
    private PdfWriter() {}

    static void write(ReportDocument doc, Paper paper, OutputStream out) throws IOException {
        throw new UnsupportedOperationException("PDF is not written yet");
    }
}
