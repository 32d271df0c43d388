package io.gridscope.reports.accounting;

import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
import java.util.ArrayList;
import java.util.List;

/**
 * Budget status and idle cost as stored series, so alert rules can use them like any measurement:
 *
 * <ul>
 *   <li>{@code budget_used_ratio{owner, period}}: spend so far ÷ budget;
 *   <li>{@code budget_forecast_ratio{owner, period}}: forecast for the period ÷ budget;
 *   <li>{@code budget_state{owner, period}}: 0 on track, 1 at risk, 2 over;
 *   <li>{@code idle_cost_today{currency}}: today's idle GPU cost so far, in the report currency (a gauge of money
 *       for alert thresholds only; reports compute money from the measurements, never from this series).
 * </ul>
 *
 * Every series carries the {@code host} label of the machine that computed it.
 */
public final class AccountingSignals {
    public static final String BUDGET_USED = "budget_used_ratio";
    public static final String BUDGET_FORECAST = "budget_forecast_ratio";
    public static final String BUDGET_STATE = "budget_state";
    public static final String IDLE_COST_TODAY = "idle_cost_today";

    private AccountingSignals() {}

    /**
     * @param budgets a report grouped by team or project (its rows carry the budget statuses)
     * @param today a report of today so far (any grouping: its total's idle cost is used)
     */
    public static List<Sample> samples(
            String host, AccountingReport budgets, AccountingReport today, long epochMillis) {
        List<Sample> out = new ArrayList<>();
        for (ReportRow r : budgets.rows()) {
            if (r.budget().isEmpty()) {
                continue;
            }
            BudgetStatus b = r.budget().get();
            Labels l = Labels.of("host", host, "owner", b.owner(), "period", b.period());
            out.add(new Sample(SeriesId.gauge(BUDGET_USED, Unit.RATIO, l), epochMillis, b.usedRatio()));
            double forecast = b.budget().amount().signum() == 0
                    ? (b.forecast().amount().signum() == 0 ? 0 : Double.POSITIVE_INFINITY)
                    : b.forecast()
                            .amount()
                            .divide(b.budget().amount(), io.gridscope.reports.money.Money.CALC)
                            .doubleValue();
            out.add(new Sample(SeriesId.gauge(BUDGET_FORECAST, Unit.RATIO, l), epochMillis, forecast));
            out.add(new Sample(
                    SeriesId.gauge(BUDGET_STATE, Unit.NONE, l),
                    epochMillis,
                    b.state().ordinal()));
        }
        out.add(new Sample(
                SeriesId.gauge(
                        IDLE_COST_TODAY,
                        Unit.NONE,
                        Labels.of(
                                "host",
                                host,
                                "currency",
                                today.request().currency().getCurrencyCode())),
                epochMillis,
                today.total().idleCost().amount().doubleValue()));
        return out;
    }
}
