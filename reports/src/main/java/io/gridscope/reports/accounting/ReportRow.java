package io.gridscope.reports.accounting;

import io.gridscope.reports.money.Money;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * One group's figures over the period, unrounded (round only to show or write them).
 *
 * @param itKwh energy of the group's GPUs and hosts
 * @param facilityKwh IT energy × the site's PUE
 * @param estimatedKwh the part of {@code itKwh} that is estimated (power integrated, host power model), not
 *     measured by a counter
 * @param operationalGrams facility kWh × the grid intensity of the hour the energy was used
 * @param embodiedGrams embodied emissions of the group's hardware, amortised over its life
 * @param amortisation owned hardware, amortised
 * @param electricity facility kWh × the site's electricity price of the hour
 * @param cloud cloud instances' hourly prices, split over their GPUs
 * @param fallback GPU-hours priced at the default GPU-hour price (no hardware, no cloud price known)
 * @param idleCost the part of {@code total} that is idle GPU time (its own, or shared in)
 * @param idleKwh the part of {@code itKwh} used by idle GPUs
 * @param coverage measured time ÷ expected time of the group's resources (1 = nothing missing)
 * @param unpricedKwh facility kWh for which no electricity price applies (their cost is missing, not zero)
 * @param allocationEstimated part of the figures was split among users by SM share (estimated)
 */
public record ReportRow(
        String group,
        BigDecimal itKwh,
        BigDecimal facilityKwh,
        BigDecimal estimatedKwh,
        BigDecimal operationalGrams,
        BigDecimal embodiedGrams,
        Money amortisation,
        Money electricity,
        Money cloud,
        Money fallback,
        Money total,
        Money idleCost,
        BigDecimal idleKwh,
        double coverage,
        BigDecimal unpricedKwh,
        boolean allocationEstimated,
        Optional<BudgetStatus> budget) {

    /** "measured", "estimated" or "partly estimated (12 %)". */
    public String energyBasis() {
        if (itKwh.signum() == 0 || estimatedKwh.signum() == 0) {
            return allocationEstimated ? "measured, split by SM share (estimated)" : "measured";
        }
        if (estimatedKwh.compareTo(itKwh) >= 0) {
            return "estimated";
        }
        BigDecimal pct =
                estimatedKwh.multiply(BigDecimal.valueOf(100)).divide(itKwh, 0, java.math.RoundingMode.HALF_UP);
        return "partly estimated (" + pct.toPlainString() + " %)";
    }

    /** Idle cost ÷ total cost, 0..1 (0 when nothing was spent). */
    public double idleShare() {
        return total.amount().signum() == 0
                ? 0
                : idleCost.amount().divide(total.amount(), Money.CALC).doubleValue();
    }

    public BigDecimal operationalKg() {
        return operationalGrams.movePointLeft(3);
    }

    public BigDecimal embodiedKg() {
        return embodiedGrams.movePointLeft(3);
    }

    ReportRow withBudget(BudgetStatus status) {
        return new ReportRow(
                group,
                itKwh,
                facilityKwh,
                estimatedKwh,
                operationalGrams,
                embodiedGrams,
                amortisation,
                electricity,
                cloud,
                fallback,
                total,
                idleCost,
                idleKwh,
                coverage,
                unpricedKwh,
                allocationEstimated,
                Optional.of(status));
    }
}
