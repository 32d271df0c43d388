package io.gridscope.console.ui.accounting;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The period an accounting page shows, in the accounting time zone: this month (its first day to now), last month
 * (whole), or custom days (from the first day's start to the end of the last, and never beyond now: time that has
 * not happened has no cost yet).
 */
public enum ReportPeriod {
    THIS_MONTH("This month"),
    LAST_MONTH("Last month"),
    CUSTOM("Custom");

    private final String label;

    ReportPeriod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** {@code [from, to)}. */
    public record Interval(Instant from, Instant to) {}

    /**
     * The interval of this period at {@code now}.
     *
     * @param firstDay the custom period's first day (CUSTOM only)
     * @param lastDay the custom period's last day, included (CUSTOM only)
     * @throws IllegalArgumentException with the reason, for custom days that make no period
     */
    public Interval interval(ZoneId zone, Instant now, Optional<LocalDate> firstDay, Optional<LocalDate> lastDay) {
        LocalDate today = now.atZone(zone).toLocalDate();
        return switch (this) {
            case THIS_MONTH -> {
                Instant from = today.withDayOfMonth(1).atStartOfDay(zone).toInstant();
                yield new Interval(from, now.isAfter(from) ? now : from.plusMillis(1));
            }
            case LAST_MONTH -> {
                LocalDate first = today.withDayOfMonth(1).minusMonths(1);
                yield new Interval(
                        first.atStartOfDay(zone).toInstant(),
                        first.plusMonths(1).atStartOfDay(zone).toInstant());
            }
            case CUSTOM -> {
                LocalDate first =
                        firstDay.orElseThrow(() -> new IllegalArgumentException("choose the first day of the period"));
                LocalDate last =
                        lastDay.orElseThrow(() -> new IllegalArgumentException("choose the last day of the period"));
                if (last.isBefore(first)) {
                    throw new IllegalArgumentException(
                            "the last day (" + last + ") is before the first (" + first + ")");
                }
                Instant from = first.atStartOfDay(zone).toInstant();
                if (!from.isBefore(now)) {
                    throw new IllegalArgumentException("the period starts in the future (" + first + ")");
                }
                Instant to = last.plusDays(1).atStartOfDay(zone).toInstant();
                yield new Interval(from, to.isAfter(now) ? now : to);
            }
        };
    }
}
