package io.gridscope.reports.accounting;

import java.time.Instant;
import java.util.Currency;
import java.util.Objects;
import java.util.Optional;

/**
 * A report to compute: the period {@code [from, to)}, the grouping, the currency, and optionally a filter that
 * keeps only what is allocated to one team, project, user, host, GPU or site (drill-down).
 */
public record ReportRequest(Instant from, Instant to, GroupBy groupBy, Currency currency, Optional<Filter> filter) {
    public ReportRequest {
        Objects.requireNonNull(from);
        Objects.requireNonNull(to);
        Objects.requireNonNull(groupBy);
        Objects.requireNonNull(currency);
        Objects.requireNonNull(filter);
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the period ends (" + to + ") before it starts (" + from + ")");
        }
    }

    public ReportRequest(Instant from, Instant to, GroupBy groupBy, Currency currency) {
        this(from, to, groupBy, currency, Optional.empty());
    }

    /** Keep only the parts allocated to {@code value} when grouped by {@code by}. */
    public record Filter(GroupBy by, String value) {}

    public ReportRequest withFilter(GroupBy by, String value, GroupBy regroup) {
        return new ReportRequest(from, to, regroup, currency, Optional.of(new Filter(by, value)));
    }
}
