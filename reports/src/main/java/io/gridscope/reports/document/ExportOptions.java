package io.gridscope.reports.document;

import java.util.Objects;

/**
 * How a report is written: the PDF's paper, and the FOCUS export's charge period (an hour or a day per row).
 *
 * @param focusHourly one FOCUS row per resource per hour; false: per day (in the accounting time zone)
 */
public record ExportOptions(Paper paper, boolean focusHourly) {
    public static final ExportOptions DEFAULT = new ExportOptions(Paper.A4, false);

    public ExportOptions {
        Objects.requireNonNull(paper);
    }
}
