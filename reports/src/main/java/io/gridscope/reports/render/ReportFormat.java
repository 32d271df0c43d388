package io.gridscope.reports.render;

import io.gridscope.reports.accounting.AccountingReport;
import java.io.IOException;
import java.util.Locale;

/** The text forms of an accounting report: an aligned table for people, CSV and JSON for programs. */
public enum ReportFormat {
    TABLE,
    CSV,
    JSON;

    public static ReportFormat parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("format table, csv or json; got " + s);
        }
    }

    public void write(AccountingReport report, Appendable out) throws IOException {
        switch (this) {
            case TABLE -> ReportTable.write(report, out);
            case CSV -> ReportCsv.write(report, out);
            case JSON -> ReportJson.write(report, out);
        }
    }
}
