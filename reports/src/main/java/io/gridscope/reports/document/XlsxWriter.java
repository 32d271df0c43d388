package io.gridscope.reports.document;

import java.io.IOException;
import java.io.OutputStream;

/** XLSX through Apache POI's streaming workbook: one sheet per table, typed cells, a Methodology sheet. */
final class XlsxWriter {
    private XlsxWriter() {}

    static void write(ReportDocument doc, OutputStream out) throws IOException {
        throw new UnsupportedOperationException("XLSX is not written yet");
    }
}
