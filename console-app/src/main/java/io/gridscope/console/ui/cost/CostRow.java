package io.gridscope.console.ui.cost;

import io.gridscope.console.ui.accounting.AccountingFormats;
import io.gridscope.console.ui.accounting.ReportRowView;
import io.gridscope.reports.accounting.BudgetStatus;
import io.gridscope.reports.accounting.ReportRow;
import io.gridscope.reports.money.Money;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * One row of the Cost table as it reads: a group's figures (or the totals), each cell's text made here. Amounts are
 * written by {@link Money#rounded()} (the currency is in the column headers); energy without a measurement reads
 * "no data", never 0.
 *
 * @param previous the same group's row in the previous period, when comparing and it had one
 * @param comparing whether the previous period was asked for
 */
public record CostRow(ReportRow row, Optional<ReportRow> previous, boolean total, boolean comparing)
        implements ReportRowView {
    /** An idle share from which the cell is marked as waste. */
    static final double IDLE_WARNING_SHARE = 0.10;

    public String itKwh() {
        return measured() ? AccountingFormats.energy(row.itKwh()) : "no data";
    }

    public String amortisation() {
        return AccountingFormats.amount(row.amortisation());
    }

    /** The electricity cost; "⚠" marks energy that has no price (its cost is missing, not zero). */
    public String electricity() {
        return AccountingFormats.amount(row.electricity()) + (unpriced() ? " ⚠" : "");
    }

    public boolean unpriced() {
        return row.unpricedKwh().signum() > 0;
    }

    public String cloud() {
        return AccountingFormats.amount(row.cloud());
    }

    /** GPU-hours at the default GPU-hour price: an estimate where no hardware or cloud price is known. */
    public String fallback() {
        return AccountingFormats.amount(row.fallback());
    }

    public boolean fallbackUsed() {
        return !row.fallback().isZero();
    }

    public String totalCost() {
        return AccountingFormats.amount(row.total());
    }

    public String idleCost() {
        return AccountingFormats.amount(row.idleCost());
    }

    public String idleShare() {
        return row.total().isZero() && row.idleCost().isZero() ? "–" : AccountingFormats.percent(row.idleShare());
    }

    /** The idle row itself, or a share of idle cost worth a look. */
    public boolean idleWarning() {
        return idle() || row.idleShare() >= IDLE_WARNING_SHARE;
    }

    public Optional<BudgetStatus> budget() {
        return row.budget();
    }

    /** "at risk" for a group with a budget (the gauges beside the chart say more). */
    public String budgetText() {
        return row.budget().map(b -> b.state().label()).orElse("");
    }

    /** "68 % of 1600.00 EUR per month spent; forecast 1700.00 EUR (run rate: …)". */
    public String budgetDetail() {
        return row.budget()
                .map(b -> (Double.isInfinite(b.usedRatio())
                                ? "spent with no budget"
                                : AccountingFormats.percent(b.usedRatio()))
                        + " of " + b.budget().format() + " per " + b.period() + " spent; forecast "
                        + b.forecast().format() + " (" + b.forecastMethod() + ")")
                .orElse("");
    }

    /** Whether the budget is at risk or over. */
    public boolean budgetAtRisk() {
        return row.budget()
                .filter(b -> b.state() != BudgetStatus.State.ON_TRACK)
                .isPresent();
    }

    /** "+12 % (+340.00 EUR)" against the previous period; "new (…)" for a group that had no cost then. */
    public String delta() {
        if (!comparing) {
            return "";
        }
        Money before =
                previous.map(ReportRow::total).orElse(Money.zero(row.total().currency()));
        return AccountingFormats.delta(row.total(), before);
    }

    /** Whether the cost went up against the previous period. */
    public boolean increased() {
        return comparing
                && row.total()
                                .amount()
                                .compareTo(previous.map(p -> p.total().amount()).orElse(BigDecimal.ZERO))
                        > 0;
    }
}
