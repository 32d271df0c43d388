package io.gridscope.reports.document;

import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.ReportRequest;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A report to build: its kind, period, grouping (cost reports), currency, an optional drill-down filter, and
 * notices the caller wants the reader to see first (e.g. "the period was cut at now").
 */
public record ReportSpec(
        ReportKind kind,
        ReportingPeriod period,
        GroupBy groupBy,
        Currency currency,
        Optional<ReportRequest.Filter> filter,
        List<String> notices) {
    public ReportSpec {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(period);
        Objects.requireNonNull(groupBy);
        Objects.requireNonNull(currency);
        Objects.requireNonNull(filter);
        notices = List.copyOf(notices);
    }

    public ReportSpec(ReportKind kind, ReportingPeriod period, GroupBy groupBy, Currency currency) {
        this(kind, period, groupBy, currency, Optional.empty(), List.of());
    }

    public ReportRequest request() {
        return new ReportRequest(period.from(), period.to(), groupBy, currency, filter);
    }
}
