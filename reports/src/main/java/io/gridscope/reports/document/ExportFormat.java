package io.gridscope.reports.document;

import java.util.Locale;
import java.util.Optional;

/** What a report can be exported as: a document format, or FOCUS cost and usage rows. */
public enum ExportFormat {
    TABLE(DocumentFormat.TABLE),
    CSV(DocumentFormat.CSV),
    XLSX(DocumentFormat.XLSX),
    PDF(DocumentFormat.PDF),
    JSON(DocumentFormat.JSON),
    /** FOCUS 1.2 CSV: one row per resource per charge period (cost reports only). */
    FOCUS(null);

    private final DocumentFormat document;

    ExportFormat(DocumentFormat document) {
        this.document = document;
    }

    /** The document format; empty for FOCUS. */
    public Optional<DocumentFormat> document() {
        return Optional.ofNullable(document);
    }

    /** "csv", "xlsx", "pdf", "json", "txt"; FOCUS files are CSV. */
    public String extension() {
        return document == null ? "csv" : document.extension();
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Binary formats are never written to a terminal. */
    public boolean binary() {
        return this == XLSX || this == PDF;
    }

    public static ExportFormat parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("format table, csv, xlsx, pdf, json or focus; got " + s);
        }
    }
}
