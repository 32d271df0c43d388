package io.gridscope.console.ui.carbon;

import io.gridscope.console.ui.accounting.AccountingFormats;
import io.gridscope.console.ui.accounting.ReportRowView;
import io.gridscope.reports.accounting.ReportRow;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * One row of the Carbon table as it reads: a group's facility energy, operational and embodied kgCO2e, where its
 * grid intensity came from, coverage and basis, and the change against the previous period. Energy and carbon
 * without a measurement read "no data", never 0 (embodied carbon accrues with time, measured or not).
 *
 * @param intensitySource the intensity source(s) of the sites this group's energy was used at, from the report's
 *     methodology ("Carbon" section)
 * @param intensityDetail the same, in full (one source per line, with its hours)
 */
public record CarbonRow(
        ReportRow row,
        Optional<ReportRow> previous,
        boolean total,
        boolean comparing,
        String intensitySource,
        String intensityDetail)
        implements ReportRowView {
    public String operationalKg() {
        return measured() ? AccountingFormats.kg(row.operationalKg()) : "no data";
    }

    public String embodiedKg() {
        return AccountingFormats.kg(row.embodiedKg());
    }

    /** Operational + embodied. */
    public BigDecimal totalKg() {
        return row.operationalKg().add(row.embodiedKg());
    }

    /** Whether the intensity is the world-average fallback (no intensity set for a site). */
    public boolean fallbackIntensity() {
        return intensitySource.contains("world average");
    }

    /** "+12 % (+3.40 kgCO2e)" of operational + embodied against the previous period. */
    public String delta() {
        if (!comparing) {
            return "";
        }
        BigDecimal before =
                previous.map(p -> p.operationalKg().add(p.embodiedKg())).orElse(BigDecimal.ZERO);
        return AccountingFormats.delta(totalKg(), before, "kgCO2e");
    }

    public boolean increased() {
        return comparing
                && totalKg()
                                .compareTo(previous.map(p -> p.operationalKg().add(p.embodiedKg()))
                                        .orElse(BigDecimal.ZERO))
                        > 0;
    }
}
