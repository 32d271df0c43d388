package io.gridscope.console.ui.reports;

import io.gridscope.reports.document.Column;
import io.gridscope.reports.document.Value;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * How a report document's values read on the page: exactly as every export writes them ({@link Value#plain()}, with
 * the column's unit beside a key figure: "211.63 EUR", "12.5 %"), a gap as "—" (its reason goes in a tooltip), never
 * as zero. Pure functions, no JavaFX.
 */
public final class DocumentTexts {
    /** What a gap shows. */
    public static final String GAP = "—";

    private DocumentTexts() {}

    /** A table cell: the value as written, or {@link #GAP}. */
    public static String cell(Value v) {
        return v instanceof Value.Missing ? GAP : v.plain();
    }

    /** A key figure: "211.63 EUR", "12.5 %", "9.600 kWh", "3"; a gap as {@link #GAP}. */
    public static String figure(Column c, Value v) {
        if (v instanceof Value.Missing) {
            return GAP;
        }
        if (v instanceof Value.Number && !c.unit().isEmpty() && c.kind() != Column.Kind.TIME) {
            return v.plain() + " " + c.unit();
        }
        return v.plain();
    }

    /** Why a value is a gap ("no price"); empty when it is not one. */
    public static String gap(Value v) {
        return v instanceof Value.Missing m ? m.why() : "";
    }

    /** A chart's figure as written: "12.34 EUR"; a missing one as "no value". */
    public static String chartValue(BigDecimal v, String unit) {
        if (v == null) {
            return "no value";
        }
        return unit.isEmpty() ? v.toPlainString() : v.toPlainString() + " " + unit;
    }

    /** "By team" → "by-team": a node id. */
    public static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }
}
