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
 *       for alert thresholds only; reports compute money from the measurements, never from this series);
 *   <li>{@code gpu_cost_per_day{gpu_uuid, currency, estimated="true"}}: what a GPU costs a day at today's run rate
 *       (its cost so far today ÷ the part of the day elapsed), once an hour of the day has passed; for the texts of
 *       alerts about idle GPUs.
 * </ul>
 *
 * Every series carries the {@code host} label of the machine that computed it.
 */
public final class AccountingSignals {
    public static final String BUDGET_USED = "budget_used_ratio";
    public static final String BUDGET_FORECAST = "budget_forecast_ratio";
    public static final String BUDGET_STATE = "budget_state";
    public static final String IDLE_COST_TODAY = "idle_cost_today";
    public static final String GPU_COST_PER_DAY = "gpu_cost_per_day";
    private static final long DAY_MILLIS = 86_400_000L;

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

    /**
     * {@code gpu_cost_per_day} of each GPU row of {@code todayByGpu} (a report grouped by GPU from the start of the
     * day to {@code epochMillis}); nothing before an hour of the day has passed, when a run rate means little.
     */
    public static List<Sample> gpuCostPerDay(
            String host, AccountingReport todayByGpu, long dayStartMillis, long epochMillis) {
        long elapsed = epochMillis - dayStartMillis;
        if (elapsed < 3_600_000L || todayByGpu.request().groupBy() != GroupBy.GPU) {
            return List.of();
        }
        List<Sample> out = new ArrayList<>();
        String currency = todayByGpu.request().currency().getCurrencyCode();
        for (ReportRow r : todayByGpu.rows()) {
            // a GPU row is named "<uuid> (<model>) on <host>"; CPU rows and groups without a GPU are left out
            String uuid = r.group().split(" ", 2)[0];
            if (!(uuid.startsWith("GPU-") || uuid.startsWith("MIG-"))) {
                continue;
            }
            double perDay = r.total()
                    .amount()
                    .multiply(java.math.BigDecimal.valueOf(DAY_MILLIS))
                    .divide(java.math.BigDecimal.valueOf(elapsed), io.gridscope.reports.money.Money.CALC)
                    .doubleValue();
            out.add(new Sample(
                    SeriesId.gauge(
                            GPU_COST_PER_DAY,
                            Unit.NONE,
                            Labels.of("host", host, "gpu_uuid", uuid, "currency", currency, "estimated", "true")),
                    epochMillis,
                    perDay));
        }
        return out;
    }
}
