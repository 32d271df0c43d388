package io.gridscope.console.ui.accounting;

import io.gridscope.reports.accounting.ReportRow;

/**
 * What the Cost and Carbon tables show alike of one report row: its group, whether it is the totals row or idle
 * time, its facility energy, coverage and basis. Each page's row adds its own columns.
 */
public interface ReportRowView {
    ReportRow row();

    /** The totals row. */
    boolean total();

    /** The group as the report names it (the drill-down's value). */
    default String group() {
        return row().group();
    }

    /** The group as the table shows it (GPU UUIDs shortened); "Total" for the totals. */
    default String label() {
        return total() ? "Total" : AccountingFormats.group(row().group());
    }

    default boolean idle() {
        return !total() && AccountingFormats.idle(row().group());
    }

    /** Whether anything of the row was measured (else its energy cells say "no data", never 0). */
    default boolean measured() {
        return row().coverage() > 0;
    }

    default String facilityKwh() {
        return measured() ? AccountingFormats.energy(row().facilityKwh()) : "no data";
    }

    default String coverage() {
        return AccountingFormats.coverage(row().coverage());
    }

    default boolean partial() {
        return AccountingFormats.partial(row().coverage());
    }

    default String basis() {
        return measured() ? row().energyBasis() : "–";
    }
}
