package io.gridscope.reports.document;

import io.gridscope.history.records.AlertRow;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.BudgetStatus;
import io.gridscope.reports.accounting.Charge;
import io.gridscope.reports.accounting.ChargeSink;
import io.gridscope.reports.accounting.DailyPoint;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.Methodology;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.accounting.ReportRow;
import io.gridscope.reports.money.Money;
import io.gridscope.reports.usage.GpuRef;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.DoubleConsumer;

/**
 * Builds a {@link ReportDocument} of each {@link ReportKind} from the accounting (and, for the on-call report, the
 * alert history): every figure is taken from the engine's unrounded results and rounded once, here, to its column's
 * scale (half-even), so every format writes the same figure.
 */
public final class ReportBuilder {
    /** At most this many groups get their own colour in a stacked chart; the rest are summed as "other". */
    static final int CHART_GROUPS = 8;

    /** The alerts that fired in a period. */
    @FunctionalInterface
    public interface AlertSource {
        /** Alerts that fired in {@code [from, to)}, in any state now. */
        List<AlertRow> firedBetween(Instant from, Instant to);
    }

    private final AccountingEngine engine;
    private final Optional<AlertSource> alerts;
    private final Clock clock;

    public ReportBuilder(AccountingEngine engine, Optional<AlertSource> alerts, Clock clock) {
        this.engine = Objects.requireNonNull(engine);
        this.alerts = Objects.requireNonNull(alerts);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Builds the report; {@code progress} receives 0..1 on the calling thread and may throw (e.g. {@link
     * java.util.concurrent.CancellationException}) to stop.
     */
    public ReportDocument build(ReportSpec spec, DoubleConsumer progress) {
        ReportDocument d = switch (spec.kind()) {
            case COST -> cost(spec, progress);
            case UTILISATION -> utilisation(spec, progress);
            case BUDGETS -> budgets(spec, progress);
            case ON_CALL -> onCall(spec, progress);
        };
        progress.accept(1);
        return d;
    }

    private ZoneId zone() {
        return engine.config().timeZone();
    }

    private static String scope(ReportSpec spec, boolean grouped) {
        StringBuilder sb = new StringBuilder();
        if (grouped) {
            sb.append("grouped by ").append(spec.groupBy().label()).append(", ");
        }
        sb.append("in ").append(spec.currency().getCurrencyCode());
        spec.filter()
                .ifPresent(f ->
                        sb.append(", only ").append(f.by().label()).append(' ').append(f.value()));
        return sb.toString();
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private static BigDecimal ratioPercent(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0
                ? BigDecimal.ZERO
                : part.multiply(BigDecimal.valueOf(100)).divide(whole, Money.CALC);
    }

    private static BigDecimal percent(double ratio) {
        return BigDecimal.valueOf(ratio).multiply(BigDecimal.valueOf(100));
    }

    private static final BigDecimal MILLIS_PER_HOUR = BigDecimal.valueOf(3_600_000);

    private static BigDecimal hours(double millis) {
        return BigDecimal.valueOf(millis).divide(MILLIS_PER_HOUR, Money.CALC);
    }

    /** The section every document starts its methodology with: how to read the figures. */
    private static Methodology.Section reading(List<String> more) {
        List<String> lines = new ArrayList<>();
        lines.add("Figures are computed unrounded and rounded once, half-even, when written: money to the currency's"
                + " minor unit, energy to the watt-hour (0.001 kWh), carbon to the gram (0.001 kgCO2e), hours to"
                + " 0.01 h, percentages to 0.1 %. A total is the rounded sum of the unrounded rows, so it can"
                + " differ by a unit in the last place from the sum of the rounded rows.");
        lines.add("An empty cell is a gap (no data, no price), never a zero; why is said beside it where the format"
                + " has room (XLSX comment, JSON gaps, PDF and terminal '—').");
        lines.addAll(more);
        return new Methodology.Section("Reading this report", lines);
    }

    private static Methodology methodology(Methodology.Section first, List<Methodology.Section> rest) {
        List<Methodology.Section> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return new Methodology(all);
    }

    // ------------------------------------------------------------------------------------------------ cost

    /** Sums the charges per site (carbon by site). */
    private static final class SiteSums implements ChargeSink {
        final Map<String, BigDecimal[]> bySite = new TreeMap<>();

        @Override
        public void charge(Charge c) {
            BigDecimal[] s = bySite.computeIfAbsent(c.siteId().orElse(AccountingEngine.NO_SITE), k -> zeros(5));
            s[0] = s[0].add(c.itKwh());
            s[1] = s[1].add(c.facilityKwh());
            s[2] = s[2].add(c.operationalGrams());
            s[3] = s[3].add(c.embodiedGrams());
            s[4] = s[4].add(c.total());
        }
    }

    private static BigDecimal[] zeros(int n) {
        BigDecimal[] a = new BigDecimal[n];
        java.util.Arrays.fill(a, BigDecimal.ZERO);
        return a;
    }

    private ReportDocument cost(ReportSpec spec, DoubleConsumer progress) {
        SiteSums sites = new SiteSums();
        ReportRequest req = spec.request();
        AccountingReport r = engine.report(req, progress, sites);
        Currency cur = spec.currency();
        String groupLabel = capitalised(spec.groupBy().label());
        List<String> notices = new ArrayList<>(spec.notices());
        boolean noData = r.rows().isEmpty();
        if (noData) {
            notices.add(noDataNotice(spec));
        }

        List<Column> cols = costColumns(groupLabel, cur);
        List<List<Value>> rows = new ArrayList<>();
        for (ReportRow row : r.rows()) {
            rows.add(costRow(row, cols));
        }
        Optional<List<Value>> total = noData ? Optional.empty() : Optional.of(costRow(r.total(), cols));
        Table primary = new Table(
                "By " + spec.groupBy().label(),
                "Energy, carbon and cost by " + spec.groupBy().label(),
                spec.groupBy().byOwner()
                        ? "Idle GPU time is "
                                + (engine.config().shareIdle()
                                        ? "shared among the groups in proportion to their use."
                                        : "its own row, " + AccountingEngine.IDLE + ".")
                        : "",
                cols,
                rows,
                total);

        List<Table> tables = new ArrayList<>();
        tables.add(primary);
        tables.add(byDay(r, groupLabel, cur));
        tables.add(idle(r, groupLabel, cur));
        if (spec.groupBy() != GroupBy.SITE) {
            tables.add(bySite(sites, cur));
        }
        List<BudgetStatus> budgets =
                r.rows().stream().flatMap(x -> x.budget().stream()).toList();
        if (spec.groupBy() == GroupBy.TEAM || spec.groupBy() == GroupBy.PROJECT) {
            tables.add(budgetTable(budgets, cur));
        }

        List<Chart> charts = new ArrayList<>();
        if (!noData) {
            charts.add(costByDay(r, spec, cur));
            charts.add(carbonBySite(sites));
            budgetBurn(budgets).ifPresent(charts::add);
        }

        List<KeyFigure> figures = costFigures(r.total(), cur, noData, r.rows().size(), spec.groupBy());
        Methodology m = methodology(
                reading(List.of(
                        "Cost = amortisation of owned hardware + electricity + cloud instance prices + the default"
                                + " GPU-hour price (fallback) where no other price is known.",
                        "Carbon: operational = facility kWh × the grid intensity of the hour; embodied = the"
                                + " hardware's embodied emissions spread over its life.",
                        "Idle: GPU time with utilisation under "
                                + engine.config()
                                        .idleThresholdRatio()
                                        .multiply(BigDecimal.valueOf(100))
                                        .stripTrailingZeros()
                                        .toPlainString()
                                + " %.",
                        "The cost chart groups days into " + bucketName(spec.period()) + "; the tables keep every"
                                + " day.")),
                r.methodology().sections());
        return document(
                ReportKind.COST,
                "Cost and carbon by " + spec.groupBy().label(),
                spec,
                scope(spec, true),
                r.computedAt(),
                notices,
                figures,
                tables,
                charts,
                m);
    }

    private ReportDocument document(
            ReportKind kind,
            String title,
            ReportSpec spec,
            String scope,
            Instant generatedAt,
            List<String> notices,
            List<KeyFigure> figures,
            List<Table> tables,
            List<Chart> charts,
            Methodology m) {
        return new ReportDocument(
                kind,
                title,
                spec.period().label(),
                spec.period().from(),
                spec.period().to(),
                zone(),
                scope,
                generatedAt,
                notices,
                figures,
                tables,
                charts,
                m);
    }

    private static String noDataNotice(ReportSpec spec) {
        return "No data: no GPU or host has measurements between "
                + spec.period().from() + " and "
                + spec.period().to() + (spec.filter().isPresent() ? " for this filter" : "")
                + ". The report shows no figures rather than zeros.";
    }

    private static List<Column> costColumns(String groupLabel, Currency cur) {
        return List.of(
                Column.text("group", groupLabel),
                Column.kwh("it_kwh", "IT energy"),
                Column.kwh("facility_kwh", "Facility energy"),
                Column.text("energy_basis", "Energy basis"),
                Column.percent("coverage_percent", "Coverage"),
                Column.kg("operational_kgco2e", "Operational carbon"),
                Column.kg("embodied_kgco2e", "Embodied carbon"),
                Column.kg("total_kgco2e", "Total carbon"),
                Column.money("amortisation", "Amortisation", cur),
                Column.money("electricity", "Electricity", cur),
                Column.money("cloud", "Cloud", cur),
                Column.money("fallback", "Fallback GPU-hours", cur),
                Column.money("total_cost", "Total cost", cur),
                Column.text("currency", "Currency"),
                Column.money("idle_cost", "Idle cost", cur),
                Column.percent("idle_share_percent", "Idle share of cost"),
                Column.kwh("idle_kwh", "Idle energy"),
                Column.kwh("unpriced_kwh", "Energy without a price"),
                Column.money("budget", "Budget", cur),
                Column.money("budget_spent", "Budget spent", cur),
                Column.money("budget_forecast", "Budget forecast", cur),
                Column.text("budget_status", "Budget status"));
    }

    private static List<Value> costRow(ReportRow r, List<Column> c) {
        BudgetStatus b = r.budget().orElse(null);
        Value noBudget = Value.missing("no budget");
        return List.of(
                Value.text(r.group()),
                c.get(1).number(r.itKwh()),
                c.get(2).number(r.facilityKwh()),
                Value.text(r.energyBasis()),
                c.get(4).number(percent(r.coverage())),
                c.get(5).number(r.operationalKg()),
                c.get(6).number(r.embodiedKg()),
                c.get(7).number(r.operationalKg().add(r.embodiedKg())),
                c.get(8).number(r.amortisation().amount()),
                c.get(9).number(r.electricity().amount()),
                c.get(10).number(r.cloud().amount()),
                c.get(11).number(r.fallback().amount()),
                c.get(12).number(r.total().amount()),
                Value.text(r.total().currency().getCurrencyCode()),
                c.get(14).number(r.idleCost().amount()),
                c.get(15).number(ratioPercent(r.idleCost().amount(), r.total().amount())),
                c.get(16).number(r.idleKwh()),
                c.get(17).number(r.unpricedKwh()),
                b == null ? noBudget : c.get(18).number(b.budget().amount()),
                b == null ? noBudget : c.get(19).number(b.spent().amount()),
                b == null ? noBudget : c.get(20).number(b.forecast().amount()),
                b == null ? noBudget : Value.text(b.state().label()));
    }

    private List<KeyFigure> costFigures(ReportRow t, Currency cur, boolean noData, int groups, GroupBy by) {
        Column money = Column.money("amount", "Amount", cur);
        Column kwh = Column.kwh("kwh", "Energy");
        Column kg = Column.kg("kg", "Carbon");
        Column pct = Column.percent("percent", "Share");
        Value none = Value.missing("no data");
        List<KeyFigure> out = new ArrayList<>();
        String unpriced = t.unpricedKwh().signum() > 0
                ? "excludes the cost of " + kwh.number(t.unpricedKwh()).plain() + " kWh without an electricity price"
                : "";
        out.add(new KeyFigure(
                "total_cost",
                "Total cost",
                money,
                noData ? none : money.number(t.total().amount()),
                unpriced));
        out.add(new KeyFigure(
                "it_energy", "IT energy", kwh, noData ? none : kwh.number(t.itKwh()), noData ? "" : t.energyBasis()));
        out.add(new KeyFigure(
                "facility_energy", "Facility energy (× PUE)", kwh, noData ? none : kwh.number(t.facilityKwh()), ""));
        out.add(new KeyFigure(
                "carbon",
                "Carbon (operational + embodied)",
                kg,
                noData ? none : kg.number(t.operationalKg().add(t.embodiedKg())),
                noData
                        ? ""
                        : kg.number(t.operationalKg()).plain() + " operational, "
                                + kg.number(t.embodiedKg()).plain() + " embodied"));
        out.add(new KeyFigure(
                "idle_cost",
                "Idle GPU cost",
                money,
                noData ? none : money.number(t.idleCost().amount()),
                noData
                        ? ""
                        : pct.number(ratioPercent(
                                                t.idleCost().amount(), t.total().amount()))
                                        .plain() + " % of the cost"));
        out.add(new KeyFigure(
                "coverage",
                "Coverage (measured ÷ expected time)",
                pct,
                noData ? none : pct.number(percent(t.coverage())),
                noData ? "" : groups + " " + by.label() + (groups == 1 ? "" : "s")));
        return out;
    }

    private static Table byDay(AccountingReport r, String groupLabel, Currency cur) {
        List<Column> cols = List.of(
                Column.day("day", "Day"),
                Column.text("group", groupLabel),
                Column.money("cost", "Cost", cur),
                Column.kwh("it_kwh", "IT energy"),
                Column.kg("operational_kgco2e", "Operational carbon"),
                Column.kg("embodied_kgco2e", "Embodied carbon"));
        List<List<Value>> rows = new ArrayList<>();
        for (DailyPoint d : r.daily()) {
            rows.add(List.of(
                    new Value.Day(d.day()),
                    Value.text(d.group()),
                    cols.get(2).number(d.cost().amount()),
                    cols.get(3).number(d.itKwh()),
                    cols.get(4).number(d.operationalGrams().movePointLeft(3)),
                    cols.get(5).number(d.embodiedGrams().movePointLeft(3))));
        }
        return new Table(
                "By day",
                "Cost, energy and carbon by day and " + groupLabel.toLowerCase(Locale.ROOT),
                "Days in the accounting time zone; a group's day is listed when it has any figure.",
                cols,
                rows,
                Optional.empty());
    }

    private Table idle(AccountingReport r, String groupLabel, Currency cur) {
        List<Column> cols = List.of(
                Column.text("group", groupLabel),
                Column.money("idle_cost", "Idle cost", cur),
                Column.percent("idle_share_percent", "Idle share of cost"),
                Column.kwh("idle_kwh", "Idle energy"),
                Column.money("total_cost", "Total cost", cur));
        List<List<Value>> rows = new ArrayList<>();
        r.rows().stream()
                .filter(x -> x.idleCost().amount().signum() != 0 || x.idleKwh().signum() != 0)
                .sorted(Comparator.comparing((ReportRow x) -> x.idleCost().amount())
                        .reversed()
                        .thenComparing(ReportRow::group))
                .forEach(x -> rows.add(idleRow(x, cols)));
        return new Table(
                "Idle",
                "Idle GPU time: what it cost and the energy it used",
                "GPU time with utilisation under "
                        + engine.config()
                                .idleThresholdRatio()
                                .multiply(BigDecimal.valueOf(100))
                                .stripTrailingZeros()
                                .toPlainString()
                        + " % is idle."
                        + (rows.isEmpty() ? " No idle GPU time in this period." : ""),
                cols,
                rows,
                rows.isEmpty() ? Optional.empty() : Optional.of(idleRow(r.total(), cols)));
    }

    private static List<Value> idleRow(ReportRow x, List<Column> cols) {
        return List.of(
                Value.text(x.group()),
                cols.get(1).number(x.idleCost().amount()),
                cols.get(2).number(ratioPercent(x.idleCost().amount(), x.total().amount())),
                cols.get(3).number(x.idleKwh()),
                cols.get(4).number(x.total().amount()));
    }

    private static Table bySite(SiteSums sites, Currency cur) {
        List<Column> cols = List.of(
                Column.text("site", "Site"),
                Column.kwh("it_kwh", "IT energy"),
                Column.kwh("facility_kwh", "Facility energy"),
                Column.kg("operational_kgco2e", "Operational carbon"),
                Column.kg("embodied_kgco2e", "Embodied carbon"),
                Column.kg("total_kgco2e", "Total carbon"),
                Column.money("cost", "Cost", cur));
        List<List<Value>> rows = new ArrayList<>();
        BigDecimal[] t = zeros(5);
        for (var e : sites.bySite.entrySet()) {
            BigDecimal[] s = e.getValue();
            rows.add(siteRow(e.getKey(), s, cols));
            for (int i = 0; i < 5; i++) {
                t[i] = t[i].add(s[i]);
            }
        }
        return new Table(
                "By site",
                "Energy, carbon and cost by site",
                "Each site's PUE and grid intensity are in the methodology.",
                cols,
                rows,
                rows.isEmpty() ? Optional.empty() : Optional.of(siteRow("total", t, cols)));
    }

    private static List<Value> siteRow(String site, BigDecimal[] s, List<Column> cols) {
        BigDecimal op = s[2].movePointLeft(3);
        BigDecimal emb = s[3].movePointLeft(3);
        return List.of(
                Value.text(site),
                cols.get(1).number(s[0]),
                cols.get(2).number(s[1]),
                cols.get(3).number(op),
                cols.get(4).number(emb),
                cols.get(5).number(op.add(emb)),
                cols.get(6).number(s[4]));
    }

    // ------------------------------------------------------------------------------------------------ charts

    private enum Bucket {
        DAY,
        WEEK,
        MONTH
    }

    private Bucket bucket(ReportingPeriod p) {
        long days = ChronoUnit.DAYS.between(
                p.from().atZone(zone()).toLocalDate(), p.to().atZone(zone()).toLocalDate());
        return days <= 62 ? Bucket.DAY : days <= 400 ? Bucket.WEEK : Bucket.MONTH;
    }

    private String bucketName(ReportingPeriod p) {
        return switch (bucket(p)) {
            case DAY -> "days";
            case WEEK -> "weeks (starting on Monday)";
            case MONTH -> "months";
        };
    }

    /** The start of every bucket of {@code b} that holds a day of the period, in order. */
    private List<LocalDate> bucketStarts(ReportingPeriod p, Bucket b) {
        LocalDate first = p.from().atZone(zone()).toLocalDate();
        LocalDate last = p.to().minusMillis(1).atZone(zone()).toLocalDate();
        List<LocalDate> starts = new ArrayList<>();
        for (LocalDate d = bucketStart(first, b); !d.isAfter(last); d = next(d, b)) {
            starts.add(d);
        }
        return starts;
    }

    private static LocalDate bucketStart(LocalDate d, Bucket b) {
        return switch (b) {
            case DAY -> d;
            case WEEK -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> d.withDayOfMonth(1);
        };
    }

    private static LocalDate next(LocalDate d, Bucket b) {
        return switch (b) {
            case DAY -> d.plusDays(1);
            case WEEK -> d.plusWeeks(1);
            case MONTH -> d.plusMonths(1);
        };
    }

    private static String bucketLabel(LocalDate d, Bucket b) {
        return b == Bucket.MONTH ? d.toString().substring(0, 7) : d.toString();
    }

    private Chart costByDay(AccountingReport r, ReportSpec spec, Currency cur) {
        Bucket b = bucket(spec.period());
        List<LocalDate> starts = bucketStarts(spec.period(), b);
        Map<LocalDate, Integer> index = new HashMap<>();
        for (int i = 0; i < starts.size(); i++) {
            index.put(starts.get(i), i);
        }
        // the groups with the highest cost keep their colour; the rest are "other"
        List<String> top = r.rows().stream()
                .sorted(Comparator.comparing((ReportRow x) -> x.total().amount())
                        .reversed()
                        .thenComparing(ReportRow::group))
                .map(ReportRow::group)
                .limit(r.rows().size() > CHART_GROUPS ? CHART_GROUPS - 1 : CHART_GROUPS)
                .toList();
        Map<String, BigDecimal[]> sums = new LinkedHashMap<>();
        for (String g : top) {
            sums.put(g, new BigDecimal[starts.size()]);
        }
        String other = "other";
        for (DailyPoint d : r.daily()) {
            Integer i = index.get(bucketStart(d.day(), b));
            if (i == null) {
                continue;
            }
            BigDecimal[] s = sums.computeIfAbsent(
                    top.contains(d.group()) ? d.group() : other, k -> new BigDecimal[starts.size()]);
            s[i] = s[i] == null ? d.cost().amount() : s[i].add(d.cost().amount());
        }
        int digits = Math.max(0, cur.getDefaultFractionDigits());
        List<Chart.Series> series = new ArrayList<>();
        for (var e : sums.entrySet()) {
            List<BigDecimal> values = new ArrayList<>();
            for (BigDecimal v : e.getValue()) {
                values.add(v == null ? null : v.setScale(digits, RoundingMode.HALF_EVEN));
            }
            series.add(new Chart.Series(e.getKey(), values, false));
        }
        String per = switch (b) {
            case DAY -> "day";
            case WEEK -> "week";
            case MONTH -> "month";
        };
        return new Chart(
                Chart.Type.STACKED_BARS,
                "cost_by_" + per,
                "Cost by " + per + ", stacked by " + spec.groupBy().label(),
                cur.getCurrencyCode(),
                starts.stream().map(d -> bucketLabel(d, b)).toList(),
                series,
                Optional.empty());
    }

    private static Chart carbonBySite(SiteSums sites) {
        List<String> labels = new ArrayList<>(sites.bySite.keySet());
        List<BigDecimal> values = new ArrayList<>();
        for (BigDecimal[] s : sites.bySite.values()) {
            values.add(s[2].add(s[3]).movePointLeft(3).setScale(3, RoundingMode.HALF_EVEN));
        }
        return new Chart(
                Chart.Type.BARS,
                "carbon_by_site",
                "Carbon by site (operational + embodied)",
                "kgCO2e",
                labels,
                List.of(new Chart.Series("kgCO2e", values, false)),
                Optional.empty());
    }

    /**
     * Budget burn: spend so far as a share of the budget, day by day, and a dashed straight line from the last
     * day to the forecast at the end of the budget period; for the budgets of the most common budget period.
     */
    private Optional<Chart> budgetBurn(List<BudgetStatus> budgets) {
        if (budgets.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<BudgetStatus>> byPeriod = new LinkedHashMap<>();
        for (BudgetStatus b : budgets) {
            byPeriod.computeIfAbsent(b.periodStart() + "|" + b.periodEnd(), k -> new ArrayList<>())
                    .add(b);
        }
        List<BudgetStatus> shown =
                byPeriod.values().stream().max(Comparator.comparingInt(List::size)).orElseThrow().stream()
                        .sorted(Comparator.comparingDouble(BudgetStatus::usedRatio)
                                .reversed())
                        .limit(CHART_GROUPS)
                        .toList();
        BudgetStatus any = shown.getFirst();
        LocalDate first = any.periodStart().atZone(zone()).toLocalDate();
        LocalDate last = any.periodEnd().minusMillis(1).atZone(zone()).toLocalDate();
        LocalDate asOfDay = any.asOf().minusMillis(1).atZone(zone()).toLocalDate();
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            days.add(d);
        }
        List<Chart.Series> series = new ArrayList<>();
        for (BudgetStatus b : shown) {
            if (b.budget().amount().signum() <= 0) {
                continue;
            }
            Map<LocalDate, BigDecimal> perDay = new HashMap<>();
            for (DailyPoint p : b.spentByDay()) {
                perDay.merge(p.day(), p.cost().amount(), BigDecimal::add);
            }
            List<BigDecimal> burn = new ArrayList<>();
            List<BigDecimal> forecast = new ArrayList<>();
            BigDecimal sum = BigDecimal.ZERO;
            int asOfIndex = days.indexOf(asOfDay);
            BigDecimal atAsOf = null;
            for (int i = 0; i < days.size(); i++) {
                LocalDate d = days.get(i);
                if (d.isAfter(asOfDay)) {
                    burn.add(null);
                } else {
                    sum = sum.add(perDay.getOrDefault(d, BigDecimal.ZERO));
                    BigDecimal pct = ratioPercent(sum, b.budget().amount()).setScale(1, RoundingMode.HALF_EVEN);
                    burn.add(pct);
                    atAsOf = pct;
                }
            }
            BigDecimal end = ratioPercent(b.forecast().amount(), b.budget().amount());
            for (int i = 0; i < days.size(); i++) {
                if (asOfIndex < 0 || i < asOfIndex || atAsOf == null) {
                    forecast.add(null);
                } else if (days.size() - 1 == asOfIndex) {
                    forecast.add(atAsOf);
                } else {
                    BigDecimal f = atAsOf.add(end.subtract(atAsOf)
                            .multiply(BigDecimal.valueOf(i - asOfIndex))
                            .divide(BigDecimal.valueOf(days.size() - 1 - asOfIndex), Money.CALC));
                    forecast.add(f.setScale(1, RoundingMode.HALF_EVEN));
                }
            }
            series.add(new Chart.Series(b.owner(), burn, false));
            if (forecast.stream().anyMatch(Objects::nonNull) && asOfIndex < days.size() - 1) {
                series.add(new Chart.Series(b.owner() + " forecast", forecast, true));
            }
        }
        if (series.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Chart(
                Chart.Type.LINES,
                "budget_burn",
                "Budget burn, " + first + " to " + last + ", with the forecast to the end of the period",
                "% of budget",
                days.stream().map(LocalDate::toString).toList(),
                series,
                Optional.of(new Chart.Limit("budget", new BigDecimal("100.0")))));
    }

    private Table budgetTable(List<BudgetStatus> budgets, Currency cur) {
        List<Column> cols = List.of(
                Column.text("owner", "Owner"),
                Column.text("period", "Budget period"),
                Column.day("period_start", "First day"),
                Column.day("period_end", "Last day"),
                Column.money("budget", "Budget", cur),
                Column.money("spent", "Spent", cur),
                Column.percent("used_percent", "Used"),
                Column.money("forecast", "Forecast", cur),
                Column.percent("forecast_percent", "Forecast of budget"),
                Column.text("status", "Status"),
                Column.time("as_of", "Spent as of"),
                Column.text("forecast_method", "Forecast method"));
        List<List<Value>> rows = new ArrayList<>();
        for (BudgetStatus b : budgets) {
            boolean zero = b.budget().amount().signum() == 0;
            rows.add(List.of(
                    Value.text(b.owner()),
                    Value.text(b.period()),
                    new Value.Day(b.periodStart().atZone(zone()).toLocalDate()),
                    new Value.Day(b.periodEnd().minusMillis(1).atZone(zone()).toLocalDate()),
                    cols.get(4).number(b.budget().amount()),
                    cols.get(5).number(b.spent().amount()),
                    zero
                            ? Value.missing("the budget is zero")
                            : cols.get(6)
                                    .number(ratioPercent(
                                            b.spent().amount(), b.budget().amount())),
                    cols.get(7).number(b.forecast().amount()),
                    zero
                            ? Value.missing("the budget is zero")
                            : cols.get(8)
                                    .number(ratioPercent(
                                            b.forecast().amount(), b.budget().amount())),
                    Value.text(b.state().label()),
                    new Value.Time(b.asOf()),
                    Value.text(b.forecastMethod())));
        }
        return new Table(
                "Budgets",
                "Budgets: spent, forecast and status",
                rows.isEmpty()
                        ? "No budget applies to these groups (budgets are set in the accounting file)."
                        : "Each budget is measured in its own period (the one holding the end of this report's"
                                + " period, or now): spend to that time, and a forecast for the whole period.",
                cols,
                rows,
                Optional.empty());
    }

    // ------------------------------------------------------------------------------------------------ budgets

    private ReportDocument budgets(ReportSpec spec, DoubleConsumer progress) {
        Currency cur = spec.currency();
        Instant now = clock.instant();
        Instant asOf = spec.period().to().isBefore(now) ? spec.period().to() : now;
        List<String> notices = new ArrayList<>(spec.notices());
        List<BudgetStatus> all = new ArrayList<>();
        if (asOf.isAfter(spec.period().from())) {
            progress.accept(0.05);
            all.addAll(engine.budgetStatuses(asOf, cur));
        }
        all.sort(Comparator.comparingDouble(BudgetStatus::usedRatio).reversed().thenComparing(BudgetStatus::owner));
        if (all.isEmpty()) {
            notices.add("No budget is in force at " + asOf + ": budgets are set in the accounting file"
                    + " ([[budget]] entries).");
        }
        Table table = budgetTable(all, cur);
        List<Chart> charts = new ArrayList<>();
        budgetBurn(all).ifPresent(charts::add);
        Column money = Column.money("amount", "Amount", cur);
        Column count = Column.count("count", "Budgets");
        long over =
                all.stream().filter(b -> b.state() == BudgetStatus.State.OVER).count();
        long atRisk = all.stream()
                .filter(b -> b.state() == BudgetStatus.State.AT_RISK)
                .count();
        BigDecimal budgetSum = all.stream().map(b -> b.budget().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal spentSum = all.stream().map(b -> b.spent().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        Value none = Value.missing("no budget");
        List<KeyFigure> figures = List.of(
                new KeyFigure("budgets", "Budgets in force", count, count.number(BigDecimal.valueOf(all.size())), ""),
                new KeyFigure("over", "Over budget", count, count.number(BigDecimal.valueOf(over)), ""),
                new KeyFigure(
                        "at_risk", "At risk (forecast over)", count, count.number(BigDecimal.valueOf(atRisk)), ""),
                new KeyFigure(
                        "budget_total", "Budgets, summed", money, all.isEmpty() ? none : money.number(budgetSum), ""),
                new KeyFigure(
                        "spent_total",
                        "Spent, summed",
                        money,
                        all.isEmpty() ? none : money.number(spentSum),
                        "as of " + asOf));
        List<String> lines = new ArrayList<>();
        for (BudgetStatus b : all) {
            lines.add(b.owner() + ": budget " + b.budget().format() + " per " + b.period() + " (" + b.periodStart()
                    + " to " + b.periodEnd() + "), spent " + b.spent().format() + " to " + b.asOf() + ", forecast "
                    + b.forecast().format() + " (" + b.forecastMethod() + "): "
                    + b.state().label());
        }
        Methodology m = methodology(
                reading(List.of(
                        "Spend is the cost of what the allocation rules give the team or project (idle time as the"
                                + " accounting file shares it), computed as in the cost report.",
                        "Status: over when spent > budget; at risk when the forecast > budget; else on track.")),
                lines.isEmpty() ? List.of() : List.of(new Methodology.Section("Budgets", lines)));
        return document(
                ReportKind.BUDGETS,
                "Budgets",
                spec,
                "in " + cur.getCurrencyCode() + ", as of " + asOf,
                now,
                notices,
                figures,
                List.of(table),
                charts,
                m);
    }

    // ------------------------------------------------------------------------------------------------ utilisation

    /** Per GPU: its use (from the engine) and the charges booked to it. */
    private static final class GpuSums implements ChargeSink {
        static final class Acc {
            GpuRef gpu;
            long periodMillis;
            double knownMillis;
            double busyMillis;
            double utilisationMillis;
            BigDecimal cost = BigDecimal.ZERO;
            BigDecimal idleCost = BigDecimal.ZERO;
            BigDecimal itKwh = BigDecimal.ZERO;
            BigDecimal idleKwh = BigDecimal.ZERO;
            /** A charge of the GPU passed the request's filter. */
            boolean charged;
        }

        final Map<String, Acc> byGpu = new LinkedHashMap<>();

        Acc acc(GpuRef g) {
            Acc a = byGpu.computeIfAbsent(g.host() + "\u0000" + g.uuid(), k -> new Acc());
            a.gpu = g;
            return a;
        }

        @Override
        public void charge(Charge c) {
            if (c.gpu().isEmpty()) {
                return;
            }
            Acc a = acc(c.gpu().get());
            a.charged = true;
            a.cost = a.cost.add(c.total());
            a.itKwh = a.itKwh.add(c.itKwh());
            if (c.idle()) {
                a.idleCost = a.idleCost.add(c.total());
                a.idleKwh = a.idleKwh.add(c.itKwh());
            }
        }

        @Override
        public void gpuUse(GpuRef gpu, long periodMillis, double knownMillis, double busyMillis, double utilMillis) {
            Acc a = acc(gpu);
            a.periodMillis = periodMillis;
            a.knownMillis = knownMillis;
            a.busyMillis = busyMillis;
            a.utilisationMillis = utilMillis;
        }
    }

    private ReportDocument utilisation(ReportSpec spec, DoubleConsumer progress) {
        GpuSums sums = new GpuSums();
        ReportRequest req = new ReportRequest(
                spec.period().from(), spec.period().to(), GroupBy.GPU, spec.currency(), spec.filter());
        AccountingReport r = engine.report(req, progress, sums);
        Currency cur = spec.currency();
        List<String> notices = new ArrayList<>(spec.notices());
        List<GpuSums.Acc> gpus = sums.byGpu.values().stream()
                .filter(a -> a.periodMillis > 0 && (a.charged || spec.filter().isEmpty()))
                .sorted(Comparator.comparing((GpuSums.Acc a) -> a.idleCost)
                        .reversed()
                        .thenComparing(a -> a.gpu.host())
                        .thenComparing(a -> a.gpu.uuid()))
                .toList();
        if (gpus.isEmpty()) {
            notices.add(
                    "No data: no GPU has measurements between " + spec.period().from() + " and "
                            + spec.period().to() + ". The report shows no figures rather than zeros.");
        }
        List<Column> cols = List.of(
                Column.text("gpu_uuid", "GPU"),
                Column.text("model", "Model"),
                Column.text("host", "Host"),
                Column.hours("period_hours", "Hours in period"),
                Column.hours("measured_hours", "Hours measured"),
                Column.percent("coverage_percent", "Coverage"),
                Column.hours("busy_hours", "Busy hours"),
                Column.hours("idle_hours", "Idle hours"),
                Column.percent("mean_utilisation_percent", "Mean utilisation"),
                Column.money("cost", "Cost", cur),
                Column.money("idle_cost", "Idle cost", cur),
                Column.percent("idle_share_percent", "Idle share of cost"),
                Column.kwh("it_kwh", "Energy"),
                Column.kwh("idle_kwh", "Idle energy"));
        List<List<Value>> rows = new ArrayList<>();
        GpuSums.Acc t = new GpuSums.Acc();
        for (GpuSums.Acc a : gpus) {
            rows.add(gpuRow(a.gpu.uuid(), a.gpu.model(), a.gpu.host(), a, cols));
            t.periodMillis += a.periodMillis;
            t.knownMillis += a.knownMillis;
            t.busyMillis += a.busyMillis;
            t.utilisationMillis += a.utilisationMillis;
            t.cost = t.cost.add(a.cost);
            t.idleCost = t.idleCost.add(a.idleCost);
            t.itKwh = t.itKwh.add(a.itKwh);
            t.idleKwh = t.idleKwh.add(a.idleKwh);
        }
        Table table = new Table(
                "GPUs",
                "GPU utilisation and idle hours",
                "Busy: utilisation at or above the idle threshold; idle: under it; hours without a utilisation"
                        + " reading are neither (see coverage).",
                cols,
                rows,
                gpus.isEmpty() ? Optional.empty() : Optional.of(gpuRow("total", "", "", t, cols)));
        List<Chart> charts = new ArrayList<>();
        if (!gpus.isEmpty()) {
            List<GpuSums.Acc> top = gpus.stream()
                    .sorted(Comparator.comparingDouble((GpuSums.Acc a) -> a.knownMillis - a.busyMillis)
                            .reversed())
                    .limit(15)
                    .toList();
            charts.add(new Chart(
                    Chart.Type.BARS,
                    "idle_hours_by_gpu",
                    "Idle hours by GPU (the " + top.size() + " most idle)",
                    "h",
                    top.stream()
                            .map(a -> shortUuid(a.gpu.uuid()) + " on " + a.gpu.host())
                            .toList(),
                    List.of(new Chart.Series(
                            "idle hours",
                            top.stream()
                                    .map(a ->
                                            hours(a.knownMillis - a.busyMillis).setScale(2, RoundingMode.HALF_EVEN))
                                    .toList(),
                            false)),
                    Optional.empty()));
        }
        Column h = Column.hours("hours", "Hours");
        Column pct = Column.percent("percent", "Percent");
        Column money = Column.money("amount", "Amount", cur);
        Column count = Column.count("count", "GPUs");
        Value none = Value.missing("no data");
        boolean noData = gpus.isEmpty();
        List<KeyFigure> figures = List.of(
                new KeyFigure("gpus", "GPUs", count, count.number(BigDecimal.valueOf(gpus.size())), ""),
                new KeyFigure(
                        "busy_hours",
                        "Busy GPU-hours",
                        h,
                        noData ? none : h.number(hours(t.busyMillis)),
                        noData ? "" : "of " + h.number(hours(t.knownMillis)).plain() + " h measured"),
                new KeyFigure(
                        "idle_hours",
                        "Idle GPU-hours",
                        h,
                        noData ? none : h.number(hours(t.knownMillis - t.busyMillis)),
                        ""),
                new KeyFigure(
                        "mean_utilisation",
                        "Mean utilisation",
                        pct,
                        noData || t.knownMillis == 0 ? none : pct.number(percent(t.utilisationMillis / t.knownMillis)),
                        "time-weighted over the hours measured"),
                new KeyFigure(
                        "idle_cost",
                        "Idle GPU cost",
                        money,
                        noData ? none : money.number(t.idleCost),
                        noData
                                ? ""
                                : pct.number(ratioPercent(t.idleCost, t.cost)).plain() + " % of the GPUs' cost"));
        Methodology m = methodology(
                reading(List.of(
                        "Hours measured: time with a utilisation reading; coverage = hours measured ÷ hours in the"
                                + " period.",
                        "Mean utilisation: the GPU's utilisation weighted by time, over the hours measured.",
                        "Cost and energy per GPU are the GPU's own (amortisation or cloud or fallback price,"
                                + " electricity), computed as in the cost report grouped by GPU; the host's CPU and"
                                + " memory are not included.")),
                r.methodology().sections());
        return document(
                ReportKind.UTILISATION,
                "GPU utilisation and idle hours",
                spec,
                scope(spec, false),
                r.computedAt(),
                notices,
                figures,
                List.of(table),
                charts,
                m);
    }

    private static String shortUuid(String uuid) {
        return uuid.length() > 12 ? uuid.substring(0, 12) + "…" : uuid;
    }

    private static List<Value> gpuRow(String uuid, String model, String host, GpuSums.Acc a, List<Column> c) {
        double idle = a.knownMillis - a.busyMillis;
        return List.of(
                Value.text(uuid),
                Value.text(model),
                Value.text(host),
                c.get(3).number(hours(a.periodMillis)),
                c.get(4).number(hours(a.knownMillis)),
                c.get(5).number(a.periodMillis == 0 ? BigDecimal.ZERO : percent(a.knownMillis / a.periodMillis)),
                c.get(6).number(hours(a.busyMillis)),
                c.get(7).number(hours(idle)),
                a.knownMillis == 0
                        ? Value.missing("no utilisation reading")
                        : c.get(8).number(percent(a.utilisationMillis / a.knownMillis)),
                c.get(9).number(a.cost),
                c.get(10).number(a.idleCost),
                c.get(11).number(ratioPercent(a.idleCost, a.cost)),
                c.get(12).number(a.itKwh),
                c.get(13).number(a.idleKwh));
    }

    // ------------------------------------------------------------------------------------------------ on-call

    private static final List<String> SEVERITIES = List.of("critical", "warning", "info");

    private ReportDocument onCall(ReportSpec spec, DoubleConsumer progress) {
        AlertSource source = alerts.orElseThrow(() ->
                new IllegalStateException("the on-call report needs the alert history (the local history database)"));
        Instant from = spec.period().from();
        Instant to = spec.period().to();
        progress.accept(0.1);
        List<AlertRow> fired = source.firedBetween(from, to).stream()
                .filter(a -> a.firedAtMillis() != 0
                        && a.firedAtMillis() >= from.toEpochMilli()
                        && a.firedAtMillis() < to.toEpochMilli())
                .sorted(Comparator.comparingLong(AlertRow::firedAtMillis).thenComparingLong(AlertRow::id))
                .toList();
        List<String> notices = new ArrayList<>(spec.notices());
        if (fired.isEmpty()) {
            notices.add("No alert fired between " + from + " and " + to + ".");
        }
        List<Column> sevCols = List.of(
                Column.text("severity", "Severity"),
                Column.count("fired", "Fired"),
                Column.count("acknowledged", "Acknowledged"),
                Column.percent("acknowledged_percent", "Acknowledged"),
                Column.minutes("tta_median_min", "Time to acknowledge, median"),
                Column.minutes("tta_p90_min", "Time to acknowledge, 90th percentile"),
                Column.count("resolved", "Resolved"),
                Column.minutes("ttr_median_min", "Time to resolve, median"),
                Column.minutes("ttr_p90_min", "Time to resolve, 90th percentile"),
                Column.count("open_at_end", "Still open at the end"),
                Column.count("escalated", "Escalated"));
        Map<String, List<AlertRow>> bySeverity = new TreeMap<>(Comparator.comparingInt((String s) -> {
                    int i = SEVERITIES.indexOf(s);
                    return i < 0 ? SEVERITIES.size() : i;
                })
                .thenComparing(s -> s));
        for (AlertRow a : fired) {
            bySeverity.computeIfAbsent(a.severity(), k -> new ArrayList<>()).add(a);
        }
        List<List<Value>> sevRows = new ArrayList<>();
        for (var e : bySeverity.entrySet()) {
            sevRows.add(severityRow(e.getKey(), e.getValue(), to, sevCols));
        }
        Table severities = new Table(
                "By severity",
                "Alerts by severity: acknowledgement and resolution times",
                "Alerts that fired in the period; times in minutes from the moment each alert fired.",
                sevCols,
                sevRows,
                fired.isEmpty() ? Optional.empty() : Optional.of(severityRow("total", fired, to, sevCols)));
        List<Column> cols = List.of(
                Column.count("id", "Alert"),
                Column.text("rule", "Rule"),
                Column.text("severity", "Severity"),
                Column.text("labels", "Labels"),
                Column.text("summary", "Summary"),
                Column.time("fired_at", "Fired"),
                Column.time("acknowledged_at", "Acknowledged"),
                Column.text("acknowledged_by", "By"),
                Column.text("comment", "Comment"),
                Column.minutes("tta_min", "Time to acknowledge"),
                Column.time("resolved_at", "Resolved"),
                Column.minutes("ttr_min", "Time to resolve"),
                Column.text("escalated", "Escalated"),
                Column.count("events", "Events"));
        List<List<Value>> rows = new ArrayList<>();
        for (AlertRow a : fired) {
            rows.add(List.of(
                    cols.get(0).number(BigDecimal.valueOf(a.id())),
                    Value.text(a.rule()),
                    Value.text(a.severity()),
                    Value.text(a.labels()),
                    Value.text(a.summary()),
                    new Value.Time(Instant.ofEpochMilli(a.firedAtMillis())),
                    a.acknowledged()
                            ? new Value.Time(Instant.ofEpochMilli(a.ackAtMillis()))
                            : Value.missing("not acknowledged"),
                    a.acknowledged() ? Value.text(a.ackBy()) : Value.missing("not acknowledged"),
                    Value.text(a.ackComment() == null ? "" : a.ackComment()),
                    a.acknowledged()
                            ? cols.get(9).number(minutes(Math.max(0, a.ackAtMillis() - a.firedAtMillis())))
                            : Value.missing("not acknowledged"),
                    a.resolvedAtMillis() != 0
                            ? new Value.Time(Instant.ofEpochMilli(a.resolvedAtMillis()))
                            : Value.missing("still open"),
                    a.resolvedAtMillis() != 0
                            ? cols.get(11).number(minutes(a.resolvedAtMillis() - a.firedAtMillis()))
                            : Value.missing("still open"),
                    Value.text(a.escalatedMillis() != 0 ? "yes" : "no"),
                    cols.get(13).number(BigDecimal.valueOf(Math.max(1, a.eventCount())))));
        }
        Table list = new Table(
                "Alerts",
                "Every alert that fired in the period",
                "The acknowledgement shown is the alert's current one; the audit log (./gridscope audit) keeps"
                        + " every action.",
                cols,
                rows,
                Optional.empty());
        progress.accept(0.8);
        List<Chart> charts = new ArrayList<>();
        if (!fired.isEmpty()) {
            charts.add(alertsByDay(spec, bySeverity));
        }
        Column count = Column.count("count", "Alerts");
        Column min = Column.minutes("minutes", "Minutes");
        Column pct = Column.percent("percent", "Percent");
        List<BigDecimal> tta = times(fired, true);
        List<BigDecimal> ttr = times(fired, false);
        long acked = fired.stream().filter(AlertRow::acknowledged).count();
        List<KeyFigure> figures = List.of(
                new KeyFigure("fired", "Alerts fired", count, count.number(BigDecimal.valueOf(fired.size())), ""),
                new KeyFigure(
                        "critical",
                        "Critical",
                        count,
                        count.number(BigDecimal.valueOf(
                                bySeverity.getOrDefault("critical", List.of()).size())),
                        ""),
                new KeyFigure(
                        "acknowledged",
                        "Acknowledged",
                        pct,
                        fired.isEmpty()
                                ? Value.missing("no alert")
                                : pct.number(ratioPercent(BigDecimal.valueOf(acked), BigDecimal.valueOf(fired.size()))),
                        acked + " of " + fired.size()),
                new KeyFigure(
                        "tta_median",
                        "Median time to acknowledge",
                        min,
                        tta.isEmpty() ? Value.missing("none acknowledged") : min.number(percentile(tta, 50)),
                        ""),
                new KeyFigure(
                        "ttr_median",
                        "Median time to resolve",
                        min,
                        ttr.isEmpty() ? Value.missing("none resolved") : min.number(percentile(ttr, 50)),
                        ""),
                new KeyFigure(
                        "open_at_end",
                        "Still open at the end",
                        count,
                        count.number(BigDecimal.valueOf(openAt(fired, to))),
                        ""));
        Methodology m = methodology(
                reading(List.of()),
                List.of(new Methodology.Section(
                        "On-call",
                        List.of(
                                "Alerts: every alert that fired (left pending) between " + from + " and " + to
                                        + ", from the local alert history.",
                                "Time to acknowledge = acknowledged at − fired at; time to resolve = resolved at −"
                                        + " fired at; in minutes. An alert acknowledged while still pending counts"
                                        + " 0.",
                                "Median and 90th percentile: nearest rank over the alerts that have the time"
                                        + " (unacknowledged or open alerts are not counted in them, and are"
                                        + " counted in 'Acknowledged' and 'Still open at the end').",
                                "Still open at the end: fired in the period and not resolved by its end.",
                                "Escalated: a critical alert left unacknowledged past the escalation time of the"
                                        + " alert rules file."))));
        return document(
                ReportKind.ON_CALL,
                "On-call: alerts, acknowledgement and resolution",
                spec,
                "every rule and host",
                clock.instant(),
                notices,
                figures,
                List.of(severities, list),
                charts,
                m);
    }

    private static long openAt(List<AlertRow> alerts, Instant to) {
        return alerts.stream()
                .filter(a -> a.resolvedAtMillis() == 0 || a.resolvedAtMillis() >= to.toEpochMilli())
                .count();
    }

    private static BigDecimal minutes(long millis) {
        return BigDecimal.valueOf(millis).divide(BigDecimal.valueOf(60_000), Money.CALC);
    }

    private static List<BigDecimal> times(List<AlertRow> alerts, boolean ack) {
        List<BigDecimal> out = new ArrayList<>();
        for (AlertRow a : alerts) {
            if (ack && a.acknowledged()) {
                out.add(minutes(Math.max(0, a.ackAtMillis() - a.firedAtMillis())));
            } else if (!ack && a.resolvedAtMillis() != 0) {
                out.add(minutes(a.resolvedAtMillis() - a.firedAtMillis()));
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** Nearest rank: the smallest value with at least p % of the values at or below it. */
    static BigDecimal percentile(List<BigDecimal> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static List<Value> severityRow(String severity, List<AlertRow> alerts, Instant to, List<Column> c) {
        List<BigDecimal> tta = times(alerts, true);
        List<BigDecimal> ttr = times(alerts, false);
        long acked = alerts.stream().filter(AlertRow::acknowledged).count();
        Value noAck = Value.missing("none acknowledged");
        Value noRes = Value.missing("none resolved");
        return List.of(
                Value.text(severity),
                c.get(1).number(BigDecimal.valueOf(alerts.size())),
                c.get(2).number(BigDecimal.valueOf(acked)),
                c.get(3).number(ratioPercent(BigDecimal.valueOf(acked), BigDecimal.valueOf(alerts.size()))),
                tta.isEmpty() ? noAck : c.get(4).number(percentile(tta, 50)),
                tta.isEmpty() ? noAck : c.get(5).number(percentile(tta, 90)),
                c.get(6).number(BigDecimal.valueOf(ttr.size())),
                ttr.isEmpty() ? noRes : c.get(7).number(percentile(ttr, 50)),
                ttr.isEmpty() ? noRes : c.get(8).number(percentile(ttr, 90)),
                c.get(9).number(BigDecimal.valueOf(openAt(alerts, to))),
                c.get(10)
                        .number(BigDecimal.valueOf(alerts.stream()
                                .filter(a -> a.escalatedMillis() != 0)
                                .count())));
    }

    private Chart alertsByDay(ReportSpec spec, Map<String, List<AlertRow>> bySeverity) {
        Bucket b = bucket(spec.period());
        List<LocalDate> starts = bucketStarts(spec.period(), b);
        List<Chart.Series> series = new ArrayList<>();
        for (var e : bySeverity.entrySet()) {
            BigDecimal[] n = new BigDecimal[starts.size()];
            java.util.Arrays.fill(n, BigDecimal.ZERO);
            for (AlertRow a : e.getValue()) {
                LocalDate d = bucketStart(
                        Instant.ofEpochMilli(a.firedAtMillis()).atZone(zone()).toLocalDate(), b);
                int i = starts.indexOf(d);
                if (i >= 0) {
                    n[i] = n[i].add(BigDecimal.ONE);
                }
            }
            series.add(new Chart.Series(e.getKey(), java.util.Arrays.asList(n), false));
        }
        String per = b == Bucket.DAY ? "day" : b == Bucket.WEEK ? "week" : "month";
        return new Chart(
                Chart.Type.STACKED_BARS,
                "alerts_by_" + per,
                "Alerts fired by " + per + ", by severity",
                "alerts",
                starts.stream().map(d -> bucketLabel(d, b)).toList(),
                series,
                Optional.empty());
    }
}
