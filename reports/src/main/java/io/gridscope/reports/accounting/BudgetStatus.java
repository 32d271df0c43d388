package io.gridscope.reports.accounting;

import io.gridscope.reports.money.Money;
import java.time.Instant;

/**
 * Where a budget stands: spend from the start of its period to {@code asOf}, the forecast for the whole period and
 * how it was made; {@code spentByDay} holds the owner's spend per day of the budget period up to {@code asOf} (for
 * the burn chart), days without spend left out.
 */
public record BudgetStatus(
        String owner,
        String period,
        Instant periodStart,
        Instant periodEnd,
        Instant asOf,
        Money budget,
        Money spent,
        Money forecast,
        String forecastMethod,
        State state,
        java.util.List<DailyPoint> spentByDay) {
    public BudgetStatus {
        spentByDay = java.util.List.copyOf(spentByDay);
    }

    public enum State {
        ON_TRACK("on track"),
        AT_RISK("at risk"),
        OVER("over");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Spent ÷ budget (0 when the budget is zero and nothing was spent). */
    public double usedRatio() {
        if (budget.amount().signum() == 0) {
            return spent.amount().signum() == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return spent.amount().divide(budget.amount(), Money.CALC).doubleValue();
    }
}
