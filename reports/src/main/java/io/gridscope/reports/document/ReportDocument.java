package io.gridscope.reports.document;

import io.gridscope.reports.accounting.Methodology;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A report as every format writes it.
 *
 * @param kind what the report is about
 * @param title "Cost and carbon by team"
 * @param periodLabel the period as people name it: "November 2026", "Q4 2026", "2026-11-03 to 2026-11-09"
 * @param from start of the period (inclusive)
 * @param to end of the period (exclusive)
 * @param zone the accounting time zone days are counted in
 * @param scope what the report covers beyond the period: "grouped by team, in EUR, only project vision"
 * @param generatedAt when the figures were computed
 * @param notices what a reader must see first: no data in the period, a period cut at now; empty when none
 * @param keyFigures the headline figures, in order
 * @param tables in order; the first is the primary table (the CSV)
 * @param charts in order
 * @param methodology how every figure was made (sections of sentences), warnings included
 */
public record ReportDocument(
        ReportKind kind,
        String title,
        String periodLabel,
        Instant from,
        Instant to,
        ZoneId zone,
        String scope,
        Instant generatedAt,
        List<String> notices,
        List<KeyFigure> keyFigures,
        List<Table> tables,
        List<Chart> charts,
        Methodology methodology) {
    public ReportDocument {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(title);
        Objects.requireNonNull(periodLabel);
        Objects.requireNonNull(from);
        Objects.requireNonNull(to);
        Objects.requireNonNull(zone);
        Objects.requireNonNull(scope);
        Objects.requireNonNull(generatedAt);
        notices = List.copyOf(notices);
        keyFigures = List.copyOf(keyFigures);
        tables = List.copyOf(tables);
        charts = List.copyOf(charts);
        Objects.requireNonNull(methodology);
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("a report has at least its primary table");
        }
        if (tables.stream()
                        .map(t -> t.id().toLowerCase(java.util.Locale.ROOT))
                        .distinct()
                        .count()
                != tables.size()) {
            throw new IllegalArgumentException("table ids must be unique ignoring case (they name sheets): "
                    + tables.stream().map(Table::id).toList());
        }
    }

    /** The table the CSV holds. */
    public Table primary() {
        return tables.getFirst();
    }

    public Optional<Table> table(String id) {
        return tables.stream().filter(t -> t.id().equals(id)).findFirst();
    }
}
