package io.gridscope.reports.document;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A period a report covers, {@code [from, to)}, in whole days of the accounting time zone, with the names people and
 * file names give it.
 *
 * @param label "November 2026", "Q4 2026", "2026", "2026-11-03 to 2026-11-09"
 * @param token the period in a file name: "2026-11", "2026-Q4", "2026", "2026-11-03_2026-11-09"
 */
public record ReportingPeriod(Instant from, Instant to, String label, String token) {
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-?[Qq]([1-4])");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");

    public ReportingPeriod {
        Objects.requireNonNull(from);
        Objects.requireNonNull(to);
        Objects.requireNonNull(label);
        Objects.requireNonNull(token);
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the period ends (" + to + ") before it starts (" + from + ")");
        }
    }

    public static ReportingPeriod month(YearMonth m, ZoneId zone) {
        return new ReportingPeriod(
                m.atDay(1).atStartOfDay(zone).toInstant(),
                m.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant(),
                m.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + m.getYear(),
                m.toString());
    }

    public static ReportingPeriod quarter(int year, int quarter, ZoneId zone) {
        if (quarter < 1 || quarter > 4) {
            throw new IllegalArgumentException("a quarter is 1 to 4; got " + quarter);
        }
        LocalDate first = LocalDate.of(year, (quarter - 1) * 3 + 1, 1);
        return new ReportingPeriod(
                first.atStartOfDay(zone).toInstant(),
                first.plusMonths(3).atStartOfDay(zone).toInstant(),
                "Q" + quarter + " " + year,
                year + "-Q" + quarter);
    }

    public static ReportingPeriod year(int year, ZoneId zone) {
        return new ReportingPeriod(
                LocalDate.of(year, 1, 1).atStartOfDay(zone).toInstant(),
                LocalDate.of(year + 1, 1, 1).atStartOfDay(zone).toInstant(),
                String.valueOf(year),
                String.valueOf(year));
    }

    /** The days {@code first} to {@code last}, both included. */
    public static ReportingPeriod days(LocalDate first, LocalDate last, ZoneId zone) {
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("the last day (" + last + ") is before the first (" + first + ")");
        }
        String label = first.equals(last) ? first.toString() : first + " to " + last;
        String token = first.equals(last) ? first.toString() : first + "_" + last;
        return new ReportingPeriod(
                first.atStartOfDay(zone).toInstant(),
                last.plusDays(1).atStartOfDay(zone).toInstant(),
                label,
                token);
    }

    /** Any period between two instants (e.g. {@code --from 2026-11-03T06:00:00Z}). */
    public static ReportingPeriod between(Instant from, Instant to) {
        return new ReportingPeriod(from, to, from + " to " + to, (from + "_" + to).replace(":", ""));
    }

    /**
     * As {@link #parse(String, ZoneId)}, and also a period relative to {@code now}, for reports run unattended:
     * "last-month", "this-month", "last-quarter", "this-quarter", "last-year", "yesterday".
     */
    public static ReportingPeriod parse(String text, ZoneId zone, Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        YearMonth month = YearMonth.from(today);
        int quarter = (today.getMonthValue() - 1) / 3 + 1;
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "last-month" -> month(month.minusMonths(1), zone);
            case "this-month" -> month(month, zone);
            case "last-quarter" ->
                quarter == 1 ? quarter(today.getYear() - 1, 4, zone) : quarter(today.getYear(), quarter - 1, zone);
            case "this-quarter" -> quarter(today.getYear(), quarter, zone);
            case "last-year" -> year(today.getYear() - 1, zone);
            case "yesterday" -> days(today.minusDays(1), today.minusDays(1), zone);
            default -> parse(text, zone);
        };
    }

    /**
     * "2026-11" (a month), "2026-Q4" (a quarter), "2026" (a year) or "2026-11-03" (a day), in {@code zone}.
     *
     * @throws IllegalArgumentException with an example of each form
     */
    public static ReportingPeriod parse(String text, ZoneId zone) {
        String s = text.strip();
        try {
            Matcher q = QUARTER.matcher(s);
            if (q.matches()) {
                return quarter(Integer.parseInt(q.group(1)), Integer.parseInt(q.group(2)), zone);
            }
            if (YEAR.matcher(s).matches()) {
                return year(Integer.parseInt(s), zone);
            }
            if (s.length() == 7) {
                return month(YearMonth.parse(s), zone);
            }
            if (s.length() == 10) {
                LocalDate d = LocalDate.parse(s);
                return days(d, d, zone);
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("period '" + text + "' is not a month (2026-11), a quarter (2026-Q4), a"
                + " year (2026), a day (2026-11-03), last-month, this-month, last-quarter, this-quarter, last-year or"
                + " yesterday");
    }

    /**
     * This period ending at {@code end} instead, to the second (a month to date): "December 2026, to 2026-12-02
     * 06:08 UTC".
     */
    public ReportingPeriod endingAt(Instant end) {
        Instant at = end.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return new ReportingPeriod(
                from,
                at,
                label + ", to "
                        + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                                .withZone(java.time.ZoneOffset.UTC)
                                .format(at)
                        + " UTC",
                token);
    }
}
