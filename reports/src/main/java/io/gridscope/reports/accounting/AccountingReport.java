package io.gridscope.reports.accounting;

import io.gridscope.reports.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The accounting of one period: a row per group, the totals, the figures per day, and the methodology (how every
 * figure was made: data resolution, intensity sources, PUE, prices and rates with their effective dates, models).
 */
public record AccountingReport(
        ReportRequest request,
        List<ReportRow> rows,
        ReportRow total,
        List<DailyPoint> daily,
        Methodology methodology,
        Instant computedAt) {
    public AccountingReport {
        rows = List.copyOf(rows);
        daily = List.copyOf(daily);
    }

    public Money totalCost() {
        return total.total();
    }

    public BigDecimal totalKgCo2e() {
        return total.operationalKg().add(total.embodiedKg());
    }
}
