package io.gridscope.reports.render;

import io.gridscope.reports.accounting.BudgetStatus;
import io.gridscope.reports.accounting.ReportRow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/** The figures of a row as written (rounded here, and only here): shared by every text form. */
final class Cells {
    static final List<String> HEADER = List.of(
            "group",
            "it_kwh",
            "facility_kwh",
            "energy_basis",
            "coverage_percent",
            "operational_kgco2e",
            "embodied_kgco2e",
            "amortisation",
            "electricity",
            "cloud",
            "fallback_gpu_hours",
            "total",
            "currency",
            "idle_cost",
            "idle_share_percent",
            "idle_kwh",
            "unpriced_kwh",
            "budget",
            "budget_spent",
            "budget_forecast",
            "budget_status");

    private Cells() {}

    static List<String> of(ReportRow r) {
        BudgetStatus b = r.budget().orElse(null);
        return List.of(
                r.group(),
                kwh(r.itKwh()),
                kwh(r.facilityKwh()),
                r.energyBasis(),
                percent(r.coverage()),
                kg(r.operationalKg()),
                kg(r.embodiedKg()),
                r.amortisation().rounded().toPlainString(),
                r.electricity().rounded().toPlainString(),
                r.cloud().rounded().toPlainString(),
                r.fallback().rounded().toPlainString(),
                r.total().rounded().toPlainString(),
                r.total().currency().getCurrencyCode(),
                r.idleCost().rounded().toPlainString(),
                percent(r.idleShare()),
                kwh(r.idleKwh()),
                kwh(r.unpricedKwh()),
                b == null ? "" : b.budget().rounded().toPlainString(),
                b == null ? "" : b.spent().rounded().toPlainString(),
                b == null ? "" : b.forecast().rounded().toPlainString(),
                b == null ? "" : b.state().label());
    }

    /** kWh to the watt-hour. */
    static String kwh(BigDecimal v) {
        return v.setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** kgCO2e to the gram. */
    static String kg(BigDecimal v) {
        return v.setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f", ratio * 100);
    }
}
