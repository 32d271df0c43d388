package io.gridscope.reports.document;

import java.util.Objects;

/**
 * How a report is written: the PDF's paper, the FOCUS export's charge period (an hour or a day per row) and the
 * organisation FOCUS names as provider, publisher, invoice issuer and billing account.
 *
 * @param focusHourly one FOCUS row per resource per hour; false: per day (in the accounting time zone)
 * @param organisation the FOCUS organisation; empty: "On-premises"
 */
public record ExportOptions(Paper paper, boolean focusHourly, java.util.Optional<String> organisation) {
    public static final ExportOptions DEFAULT = new ExportOptions(Paper.A4, false);

    public ExportOptions {
        Objects.requireNonNull(paper);
        Objects.requireNonNull(organisation);
        if (organisation.isPresent() && organisation.get().isBlank()) {
            throw new IllegalArgumentException("the FOCUS organisation name must not be empty");
        }
    }

    public ExportOptions(Paper paper, boolean focusHourly) {
        this(paper, focusHourly, java.util.Optional.empty());
    }
}
