package io.gridscope.reports.document;

import io.gridscope.history.HistoryReader;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.AccountingFixture;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.IntensityLookup;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.AccountingFile;
import io.gridscope.reports.usage.HistoryUsageSource;
import java.nio.file.Path;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/** Report documents of the hand-computed accounting fixture (see {@link AccountingFixture}). */
public final class DocumentFixture implements AutoCloseable {
    public static final Currency EUR = Currency.getInstance("EUR");
    /** The fixture's 48 hours as a period of two days. */
    public static final ReportingPeriod PERIOD = ReportingPeriod.days(
            java.time.LocalDate.parse("2026-11-02"), java.time.LocalDate.parse("2026-11-03"), java.time.ZoneOffset.UTC);

    private final HistoryReader reader;
    private final ReportBuilder builder;

    private DocumentFixture(HistoryReader reader, ReportBuilder builder) {
        this.reader = reader;
        this.builder = builder;
    }

    /** Writes the fixture's history into {@code dir} and opens it. */
    public static DocumentFixture open(Path dir, Optional<ReportBuilder.AlertSource> alerts) throws Exception {
        AccountingFixture.write(dir);
        AccountingConfig config = AccountingFile.parse(AccountingFixture.CONFIG, Path.of("accounting.toml"), EUR);
        HistoryReader reader = HistoryReader.open(dir, AccountingFixture.options());
        AccountingEngine engine = new AccountingEngine(
                config, new HistoryUsageSource(reader), IntensityLookup.FIXED_OR_WORLD, AccountingFixture.NOW);
        return new DocumentFixture(reader, new ReportBuilder(engine, alerts, AccountingFixture.NOW));
    }

    public ReportDocument build(ReportKind kind, GroupBy by) {
        return builder.build(new ReportSpec(kind, PERIOD, by, EUR), p -> {});
    }

    public ReportDocument build(ReportSpec spec) {
        return builder.build(spec, p -> {});
    }

    public ReportDocument cost(GroupBy by) {
        return build(ReportKind.COST, by);
    }

    public ReportBuilder builder() {
        return builder;
    }

    /** The values of the row whose first cell is {@code first}, as written. */
    public static List<String> row(Table t, String first) {
        return java.util.stream.Stream.concat(t.rows().stream(), t.total().stream())
                .filter(r -> r.getFirst().plain().equals(first))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + first + " in " + t.id()))
                .stream()
                .map(Value::plain)
                .toList();
    }

    /** The value of {@code column} in the row starting with {@code first}. */
    public static String cell(Table t, String first, String column) {
        int i = 0;
        for (Column c : t.columns()) {
            if (c.key().equals(column)) {
                return row(t, first).get(i);
            }
            i++;
        }
        throw new AssertionError("no column " + column + " in " + t.id());
    }

    @Override
    public void close() {
        reader.close();
    }
}
