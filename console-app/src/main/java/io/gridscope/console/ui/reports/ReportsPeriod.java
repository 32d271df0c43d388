package io.gridscope.console.ui.reports;

import io.gridscope.reports.document.ReportingPeriod;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * The period a report covers, as the Reports page offers it, in the accounting time zone: this month, last month, a
 * month, a quarter, or custom days (both included). A period that reaches beyond now ends now (to the minute) and
 * says so in a notice: time that has not happened has no cost yet. Pure functions, no JavaFX.
 */
public enum ReportsPeriod {
    THIS_MONTH("This month"),
    LAST_MONTH("Last month"),
    MONTH("Month"),
    QUARTER("Quarter"),
    CUSTOM("Custom");

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ROOT);

    private final String label;

    ReportsPeriod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** A period to report on, with the notice a reader must see (empty when there is none). */
    public record Resolved(ReportingPeriod period, Optional<String> notice) {}

    /**
     * This period at {@code now}.
     *
     * @param year the year of {@link #MONTH} and {@link #QUARTER}
     * @param month the month of {@link #MONTH}
     * @param quarter 1 to 4, for {@link #QUARTER}
     * @param first the first day of {@link #CUSTOM}; null when not chosen
     * @param last the last day of {@link #CUSTOM}, included; null when not chosen
     * @throws IllegalArgumentException saying what is wrong: days missing or in the wrong order, a period that has not
     *     started
     */
    public Resolved resolve(
            ZoneId zone, Instant now, int year, Month month, int quarter, LocalDate first, LocalDate last) {
        YearMonth current = YearMonth.from(now.atZone(zone));
        ReportingPeriod p = switch (this) {
            case THIS_MONTH -> ReportingPeriod.month(current, zone);
            case LAST_MONTH -> ReportingPeriod.month(current.minusMonths(1), zone);
            case MONTH -> ReportingPeriod.month(YearMonth.of(year, month), zone);
            case QUARTER -> ReportingPeriod.quarter(year, quarter, zone);
            case CUSTOM -> {
                if (first == null) {
                    throw new IllegalArgumentException("choose the first day of the period");
                }
                if (last == null) {
                    throw new IllegalArgumentException("choose the last day of the period");
                }
                yield ReportingPeriod.days(first, last, zone);
            }
        };
        if (!p.from().isBefore(now)) {
            throw new IllegalArgumentException(p.label() + " has not started yet");
        }
        if (!p.to().isAfter(now)) {
            return new Resolved(p, Optional.empty());
        }
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        Instant end = minute.isAfter(p.from()) ? minute : now;
        return new Resolved(
                p.endingAt(end),
                Optional.of("The period ends now, " + MINUTE.format(end.atZone(zone)) + " (" + zone.getId()
                        + "), not at the end of " + p.label() + ": what has not happened yet is not in the report."));
    }

    /** The quarter (1 to 4) {@code month} is in. */
    public static int quarterOf(Month month) {
        return (month.getValue() - 1) / 3 + 1;
    }
}
