package io.gridscope.reports.document;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/** The formats a {@link ReportDocument} is written in; FOCUS is not one of them (it is written from charges). */
public enum DocumentFormat {
    /** An aligned text table with the key figures and the methodology: what a person reads in a terminal. */
    TABLE("txt"),
    /** RFC 4180, UTF-8: the primary table, a total row, the methodology as {@code #} comment lines. */
    CSV("csv"),
    /** One sheet per table, typed and formatted cells, a Methodology sheet (streamed: memory stays bounded). */
    XLSX("xlsx"),
    /** Title, period, key figures, charts, tables and the methodology, fonts embedded. */
    PDF("pdf"),
    /** Every table, chart and key figure, numbers as decimal strings. */
    JSON("json");

    private final String extension;

    DocumentFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** Writes {@code doc} to {@code out} (not closed); {@code paper} is used by the PDF only. */
    public void write(ReportDocument doc, Paper paper, OutputStream out) throws IOException {
        switch (this) {
            case TABLE -> DocumentText.write(doc, out);
            case CSV -> DocumentCsv.write(doc, out);
            case XLSX -> XlsxWriter.write(doc, out);
            case PDF -> PdfWriter.write(doc, paper, out);
            case JSON -> DocumentJson.write(doc, out);
        }
    }

    public static DocumentFormat parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("format table, csv, xlsx, pdf, json or focus; got " + s);
        }
    }
}
