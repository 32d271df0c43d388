package io.gridscope.reports.accounting;

import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.AccountingConfig.AllocationRule;
import io.gridscope.reports.config.AccountingConfig.Budget;
import io.gridscope.reports.config.AccountingConfig.CloudInstance;
import io.gridscope.reports.config.AccountingConfig.ElectricityRate;
import io.gridscope.reports.config.AccountingConfig.GpuHourPrice;
import io.gridscope.reports.config.AccountingConfig.Hardware;
import io.gridscope.reports.config.AccountingConfig.HardwareKind;
import io.gridscope.reports.config.AccountingConfig.MatchKind;
import io.gridscope.reports.config.AccountingConfig.TouBand;
import io.gridscope.reports.config.Globs;
import io.gridscope.reports.config.Site;
import io.gridscope.reports.money.ExchangeRates;
import io.gridscope.reports.money.Money;
import io.gridscope.reports.usage.GpuRef;
import io.gridscope.reports.usage.GpuUsage;
import io.gridscope.reports.usage.HostUsage;
import io.gridscope.reports.usage.SlotGrid;
import io.gridscope.reports.usage.UsageSource;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Currency;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.DoubleConsumer;

/**
 * Turns measurements into energy, carbon and cost per group, with the method of every figure.
 *
 * <p><b>How.</b> The usage source gives each GPU and host slot by slot (1 minute from the local history). Each GPU
 * slot is <i>idle</i> when its mean utilisation is under the idle threshold; otherwise, when per-user SM shares
 * were recorded, it is split among those users in proportion to their shares (estimated), else it belongs to the
 * GPU's owner. Slots are gathered into cells: one UTC hour, cut wherever a price, rate, rule or time-of-use band
 * changes and at midnight in the accounting time zone, so every price and rule is constant inside a cell and a cell
 * lies in one day. Per cell and share:
 *
 * <ul>
 *   <li>IT kWh = joules ÷ 3,600,000; facility kWh = IT kWh × the site's PUE;
 *   <li>operational gCO2e = facility kWh × the grid intensity of the hour;
 *   <li>electricity = facility kWh × the site's price per kWh at the cell's start (time of use in the site's zone);
 *   <li>amortisation = owned hardware's cost per second of life × seconds; cloud = instance price per hour ÷ its
 *       GPUs × hours; fallback = default GPU-hour price × hours, only where neither is known;
 *   <li>embodied gCO2e = the hardware's embodied emissions ÷ its life × seconds;
 *   <li>each amount is converted to the report currency with the exchange rate effective at the cell's start.
 * </ul>
 *
 * Time-based amounts (amortisation, cloud, fallback, embodied) accrue for all of the period, measured or not;
 * energy only where measured, with the coverage shown. Amounts are BigDecimal throughout; nothing is rounded here.
 */
public final class AccountingEngine {
    public static final String UNALLOCATED = "unallocated";
    public static final String IDLE = "(idle)";
    public static final String NO_SITE = "(no site)";
    static final BigDecimal JOULES_PER_KWH = BigDecimal.valueOf(3_600_000);
    static final BigDecimal MILLIS_PER_HOUR = BigDecimal.valueOf(3_600_000);
    static final BigDecimal MILLIS_PER_SECOND = BigDecimal.valueOf(1000);
    /** Average month for lifetimes given without a purchase date: 365.25 × 24 ÷ 12 hours. */
    static final BigDecimal HOURS_PER_MONTH = new BigDecimal("730.5");
    /**
     * Measurements arrive as doubles (joules, milliseconds, SM shares); they are taken to 12 significant digits, far
     * finer than any meter, so the binary noise of their sums (0.6 ÷ 0.8 = 0.7499999999999999) never reaches a cent.
     */
    static final java.math.MathContext MEASURE = new java.math.MathContext(12);

    private final AccountingConfig config;
    private final UsageSource source;
    private final IntensityLookup intensity;
    private final Clock clock;

    public AccountingEngine(AccountingConfig config, UsageSource source, IntensityLookup intensity, Clock clock) {
        this.config = Objects.requireNonNull(config);
        this.source = Objects.requireNonNull(source);
        this.intensity = Objects.requireNonNull(intensity);
        this.clock = Objects.requireNonNull(clock);
    }

    public AccountingConfig config() {
        return config;
    }

    public AccountingReport report(ReportRequest request) {
        return report(request, p -> {});
    }

    /**
     * Computes the report; {@code progress} receives 0..1 as resources are done (on the calling thread).
     *
     * @throws ExchangeRates.MissingExchangeRateException when an amount needs a conversion no rate covers
     * @throws io.gridscope.reports.usage.UsageException when the measurements cannot be read
     */
    public AccountingReport report(ReportRequest request, DoubleConsumer progress) {
        return report(request, progress, ChargeSink.NONE);
    }

    /**
     * Computes the report and hands {@code sink} every charge as it is booked (see {@link ChargeSink}).
     * {@code progress} may throw (e.g. {@link java.util.concurrent.CancellationException}) to stop the computation.
     */
    public AccountingReport report(ReportRequest request, DoubleConsumer progress, ChargeSink sink) {
        AccountingReport r = new Computation(request, progress, sink).run();
        if (request.groupBy() == GroupBy.TEAM || request.groupBy() == GroupBy.PROJECT) {
            r = withBudgets(r);
        }
        return r;
    }

    // -------------------------------------------------------------------------------------------------- budgets

    private AccountingReport withBudgets(AccountingReport r) {
        ReportRequest req = r.request();
        Map<String, AccountingReport> spendReports = new HashMap<>();
        Instant asOf = min(clock.instant(), req.to());
        Instant at = asOf.minusMillis(1);
        List<ReportRow> rows = new ArrayList<>();
        List<String> budgetLines = new ArrayList<>();
        for (ReportRow row : r.rows()) {
            Optional<Budget> budget = config.budgets().stream()
                    .filter(b -> b.effective().contains(at))
                    .filter(b -> req.groupBy() == GroupBy.TEAM
                            ? b.team().filter(row.group()::equals).isPresent()
                            : b.project().filter(row.group()::equals).isPresent())
                    .findFirst();
            if (budget.isEmpty()) {
                rows.add(row);
                continue;
            }
            BudgetStatus status =
                    budgetStatus(budget.get(), req.groupBy(), row.group(), asOf, req.currency(), spendReports);
            budgetLines.add(status.owner() + ": budget " + status.budget().format() + " per " + status.period()
                    + " (" + status.periodStart() + " to " + status.periodEnd() + "), spent "
                    + status.spent().format()
                    + " to " + status.asOf() + ", forecast " + status.forecast().format() + " ("
                    + status.forecastMethod() + "): " + status.state().label());
            rows.add(row.withBudget(status));
        }
        List<Methodology.Section> sections = new ArrayList<>(r.methodology().sections());
        if (!budgetLines.isEmpty()) {
            int at2 = Math.max(0, sections.size() - 1);
            if (!sections.isEmpty() && !sections.get(at2).title().equals(Methodology.WARNINGS)) {
                at2 = sections.size();
            }
            sections.add(at2, new Methodology.Section("Budgets", budgetLines));
        }
        return new AccountingReport(req, rows, r.total(), r.daily(), new Methodology(sections), r.computedAt());
    }

    /**
     * The status of every budget in force at {@code asOf}, each in its budget period that holds {@code asOf}
     * (budgets of the same period and grouping share one computation of the spend).
     */
    public List<BudgetStatus> budgetStatuses(Instant asOf, Currency currency) {
        Map<String, AccountingReport> spendReports = new HashMap<>();
        Instant at = asOf.minusMillis(1);
        List<BudgetStatus> out = new ArrayList<>();
        for (Budget b : config.budgets()) {
            if (!b.effective().contains(at)) {
                continue;
            }
            GroupBy by = b.team().isPresent() ? GroupBy.TEAM : GroupBy.PROJECT;
            String group = b.team().orElseGet(() -> b.project().orElseThrow());
            out.add(budgetStatus(b, by, group, asOf, currency, spendReports));
        }
        return out;
    }

    /** The status of {@code budget} for {@code group} in the budget period that holds {@code asOf}. */
    public BudgetStatus budgetStatus(Budget budget, GroupBy by, String group, Instant asOf, Currency currency) {
        return budgetStatus(budget, by, group, asOf, currency, new HashMap<>());
    }

    /** {@code spendReports} keeps the spend reports already computed, by period and grouping (budgets share them). */
    private BudgetStatus budgetStatus(
            Budget budget,
            GroupBy by,
            String group,
            Instant asOf,
            Currency currency,
            Map<String, AccountingReport> spendReports) {
        ZoneId zone = config.timeZone();
        ZonedDateTime start = budget.period().start(asOf.minusMillis(1), zone);
        ZonedDateTime end = budget.period().end(start);
        Instant spentTo = min(asOf, end.toInstant());
        Money spent = Money.zero(currency);
        List<DailyPoint> days = List.of();
        if (spentTo.isAfter(start.toInstant())) {
            AccountingReport r = spendReports.computeIfAbsent(
                    start.toInstant() + "|" + spentTo + "|" + by + "|" + currency.getCurrencyCode(),
                    k -> new Computation(
                                    new ReportRequest(start.toInstant(), spentTo, by, currency),
                                    p -> {},
                                    ChargeSink.NONE)
                            .run());
            for (ReportRow row : r.rows()) {
                if (row.group().equals(group)) {
                    spent = row.total();
                }
            }
            days = r.daily().stream().filter(d -> d.group().equals(group)).toList();
        }
        ExchangeRates rates = new ExchangeRates(config.exchangeRates());
        Money limit = rates.convert(
                budget.amount(), currency, min(spentTo, end.toInstant()).minusMillis(1));
        Forecast f = Forecast.of(start.toLocalDate(), end.toLocalDate(), spentTo.atZone(zone), spent, days);
        BudgetStatus.State state = spent.compareTo(limit) > 0
                ? BudgetStatus.State.OVER
                : f.amount().compareTo(limit) > 0 ? BudgetStatus.State.AT_RISK : BudgetStatus.State.ON_TRACK;
        return new BudgetStatus(
                budget.owner(),
                budget.period().name().toLowerCase(java.util.Locale.ROOT),
                start.toInstant(),
                end.toInstant(),
                spentTo,
                limit,
                spent,
                f.amount(),
                f.method(),
                state,
                days);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    // -------------------------------------------------------------------------------------------- computation

    /** What a share of a resource's time is: idle, one user's, the owner's, or the host's own. */
    private record Consumer(Kind kind, String user, String container) {
        enum Kind {
            OWNER,
            IDLE,
            USER,
            HOST
        }

        static final Consumer OWNER = new Consumer(Kind.OWNER, "", "");
        static final Consumer IDLE = new Consumer(Kind.IDLE, "", "");
        static final Consumer HOST = new Consumer(Kind.HOST, "", "");

        String userLabel() {
            return container.isEmpty() ? user : user + " @ " + container;
        }
    }

    /**
     * {@code millis.divide(1000, Money.CALC)} without the long division: the same value and scale (the exact
     * quotient at the scale closest to {@code millis}'s), {@code millis} having far fewer than 34 digits.
     */
    static BigDecimal seconds(BigDecimal millis) {
        BigDecimal s = millis.movePointLeft(3);
        if (s.scale() > millis.scale()) {
            s = s.stripTrailingZeros();
            if (s.scale() < millis.scale()) {
                s = s.setScale(millis.scale());
            }
        }
        return s;
    }

    private static <T> Set<T> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /** One consumer's use of a resource inside one cell. */
    private static final class Use {
        double joules;
        double estimatedJoules;
        double millis;
        double coveredMillis;
        /** A resource with no meter at all in the period: its time costs, but it does not count in coverage. */
        boolean unmetered;
    }

    /** Running sums of one report row. */
    private static final class RowAcc {
        BigDecimal itKwh = BigDecimal.ZERO;
        BigDecimal facilityKwh = BigDecimal.ZERO;
        BigDecimal estimatedKwh = BigDecimal.ZERO;
        BigDecimal operationalGrams = BigDecimal.ZERO;
        BigDecimal embodiedGrams = BigDecimal.ZERO;
        BigDecimal amortisation = BigDecimal.ZERO;
        BigDecimal electricity = BigDecimal.ZERO;
        BigDecimal cloud = BigDecimal.ZERO;
        BigDecimal fallback = BigDecimal.ZERO;
        BigDecimal idleCost = BigDecimal.ZERO;
        BigDecimal idleKwh = BigDecimal.ZERO;
        BigDecimal unpricedKwh = BigDecimal.ZERO;
        double millis;
        double coveredMillis;
        boolean allocationEstimated;
        /** How the resource's time was priced: "owned", "cloud", "fallback", "" (charges only). */
        String pricing = "";

        BigDecimal total() {
            return amortisation.add(electricity).add(cloud).add(fallback);
        }

        /** Nothing measured, nothing spent, no time: a resource without a meter or a price (warned about). */
        boolean empty() {
            return millis == 0
                    && itKwh.signum() == 0
                    && total().signum() == 0
                    && embodiedGrams.signum() == 0
                    && unpricedKwh.signum() == 0;
        }

        void add(RowAcc o, BigDecimal f) {
            if (f == BigDecimal.ONE) {
                addAll(o);
                return;
            }
            itKwh = itKwh.add(o.itKwh.multiply(f, Money.CALC));
            facilityKwh = facilityKwh.add(o.facilityKwh.multiply(f, Money.CALC));
            estimatedKwh = estimatedKwh.add(o.estimatedKwh.multiply(f, Money.CALC));
            operationalGrams = operationalGrams.add(o.operationalGrams.multiply(f, Money.CALC));
            embodiedGrams = embodiedGrams.add(o.embodiedGrams.multiply(f, Money.CALC));
            amortisation = amortisation.add(o.amortisation.multiply(f, Money.CALC));
            electricity = electricity.add(o.electricity.multiply(f, Money.CALC));
            cloud = cloud.add(o.cloud.multiply(f, Money.CALC));
            fallback = fallback.add(o.fallback.multiply(f, Money.CALC));
            idleCost = idleCost.add(o.idleCost.multiply(f, Money.CALC));
            idleKwh = idleKwh.add(o.idleKwh.multiply(f, Money.CALC));
            unpricedKwh = unpricedKwh.add(o.unpricedKwh.multiply(f, Money.CALC));
            millis += o.millis * f.doubleValue();
            coveredMillis += o.coveredMillis * f.doubleValue();
            allocationEstimated |= o.allocationEstimated;
        }

        /** {@code add(o, 1)} without the multiplications: each amount rounded to {@link Money#CALC}, as × 1 does. */
        private void addAll(RowAcc o) {
            itKwh = itKwh.add(o.itKwh.round(Money.CALC));
            facilityKwh = facilityKwh.add(o.facilityKwh.round(Money.CALC));
            estimatedKwh = estimatedKwh.add(o.estimatedKwh.round(Money.CALC));
            operationalGrams = operationalGrams.add(o.operationalGrams.round(Money.CALC));
            embodiedGrams = embodiedGrams.add(o.embodiedGrams.round(Money.CALC));
            amortisation = amortisation.add(o.amortisation.round(Money.CALC));
            electricity = electricity.add(o.electricity.round(Money.CALC));
            cloud = cloud.add(o.cloud.round(Money.CALC));
            fallback = fallback.add(o.fallback.round(Money.CALC));
            idleCost = idleCost.add(o.idleCost.round(Money.CALC));
            idleKwh = idleKwh.add(o.idleKwh.round(Money.CALC));
            unpricedKwh = unpricedKwh.add(o.unpricedKwh.round(Money.CALC));
            millis += o.millis;
            coveredMillis += o.coveredMillis;
            allocationEstimated |= o.allocationEstimated;
        }

        ReportRow row(String group, Currency c) {
            return new ReportRow(
                    group,
                    itKwh,
                    facilityKwh,
                    estimatedKwh,
                    operationalGrams,
                    embodiedGrams,
                    new Money(amortisation, c),
                    new Money(electricity, c),
                    new Money(cloud, c),
                    new Money(fallback, c),
                    new Money(total(), c),
                    new Money(idleCost, c),
                    idleKwh,
                    millis == 0 ? 0 : Math.min(1.0, coveredMillis / millis),
                    unpricedKwh,
                    allocationEstimated,
                    Optional.empty());
        }
    }

    private final class Computation {
        final ReportRequest req;
        final DoubleConsumer progress;
        final Currency currency;
        final ZoneId zone = config.timeZone();
        final ExchangeRates rates = new ExchangeRates(config.exchangeRates());
        final Map<String, RowAcc> rows = new TreeMap<>();
        final RowAcc idlePool = new RowAcc();
        final Map<LocalDate, RowAcc> idlePoolDaily = new TreeMap<>();
        final Map<LocalDate, Map<String, RowAcc>> daily = new TreeMap<>();
        // methodology
        final Map<String, Map<String, Integer>> intensityHoursBySite = new TreeMap<>();
        final Set<String> pricesUsed = new LinkedHashSet<>();
        final Set<String> hardwareUsed = new LinkedHashSet<>();
        final Set<String> warnings = new LinkedHashSet<>();
        /** What is missing cell after cell (a price): what → the cells it is missing in. */
        final Map<String, java.util.BitSet> missingCells = new LinkedHashMap<>();

        final Map<String, String> missingConsequence = new HashMap<>();

        /** Notes that {@code what} is missing in cell {@code k}; warned once per thing, with its span. */
        void missing(String what, String consequence, int k) {
            missingCells.computeIfAbsent(what, w -> new java.util.BitSet()).set(k);
            missingConsequence.putIfAbsent(what, consequence);
        }

        /** Each missing thing once: where in the period, for how long, and what it means. */
        void warnMissing() {
            for (var e : missingCells.entrySet()) {
                java.util.BitSet cells = e.getValue();
                long millis = 0;
                for (int k = cells.nextSetBit(0); k >= 0; k = cells.nextSetBit(k + 1)) {
                    millis += cellEnd(k) - cellStart[k];
                }
                int first = cells.nextSetBit(0);
                int last = cells.length() - 1;
                warnings.add(e.getKey() + " for "
                        + BigDecimal.valueOf(millis)
                                .divide(MILLIS_PER_HOUR, 2, java.math.RoundingMode.HALF_EVEN)
                                .stripTrailingZeros()
                                .toPlainString()
                        + " h between " + Instant.ofEpochMilli(cellStart[first]) + " and "
                        + Instant.ofEpochMilli(cellEnd(last)) + ": " + missingConsequence.get(e.getKey()));
            }
        }

        long cellEnd(int k) {
            return k + 1 < cellStart.length ? cellStart[k + 1] : grid.toMillis();
        }

        final Set<String> energyLines = new LinkedHashSet<>();
        final Set<String> sitesUsed = new TreeSet<>();
        final Set<String> rulesUsed = new LinkedHashSet<>();
        boolean hostModelUsed;
        boolean embodiedDefaultUsed;
        boolean sharesUsed;
        SlotGrid grid;
        int[] cellOf;
        long[] cellStart;
        /** Per site, the intensity of each hour of the grid (from its first hour), as it is first asked for. */
        final Map<String, IntensityLookup.Intensity[]> intensityCache = new HashMap<>();
        // What the methodology notes already, by identity: each line is built once, not once per cell.
        final Set<Site> notedSites = identitySet();
        boolean notedNoSite;
        final Set<CloudInstance> notedIncluded = identitySet();
        final Set<ElectricityRate> notedRates = identitySet();
        final Set<AllocationRule> notedRules = identitySet();
        final Set<Hardware> notedHardware = identitySet();
        final Set<CloudInstance> notedCloud = identitySet();
        final Set<GpuHourPrice> notedFallback = identitySet();
        final Set<GpuRef> warnedFallback = identitySet();
        final Map<Hardware, Money> perSecond = new IdentityHashMap<>();
        // The entries that can apply to a resource or user, in file order, found once (their dates are checked
        // per cell).
        final Map<GpuRef, List<Hardware>> gpuHardware = new IdentityHashMap<>();
        final Map<String, List<Hardware>> hostHardware = new HashMap<>();
        final Map<String, List<CloudInstance>> hostCloud = new HashMap<>();
        final Map<MatchKind, Map<String, List<AllocationRule>>> rulesByValue = new EnumMap<>(MatchKind.class);

        final ChargeSink sink;

        Computation(ReportRequest req, DoubleConsumer progress, ChargeSink sink) {
            this.req = req;
            this.progress = progress;
            this.sink = Objects.requireNonNull(sink);
            this.currency = req.currency();
        }

        AccountingReport run() {
            grid = source.grid(req.from().toEpochMilli(), req.to().toEpochMilli());
            cells();
            List<GpuRef> gpus = source.gpus(grid);
            TreeSet<String> hostSet = new TreeSet<>(source.hosts(grid));
            gpus.forEach(g -> hostSet.add(g.host()));
            List<String> hosts = List.copyOf(hostSet);
            Map<String, Integer> gpusPerHost = new HashMap<>();
            for (GpuRef g : gpus) {
                gpusPerHost.merge(g.host(), 1, Integer::sum);
            }
            int total = gpus.size() + hosts.size();
            int done = 0;
            for (GpuRef g : gpus) {
                gpu(source.gpu(g, grid), gpusPerHost.getOrDefault(g.host(), 1));
                progress.accept(++done / (double) Math.max(1, total));
            }
            for (String h : hosts) {
                host(source.host(h, grid), gpusPerHost.getOrDefault(h, 0));
                progress.accept(++done / (double) Math.max(1, total));
            }
            if (gpus.isEmpty() && hosts.isEmpty()) {
                warnings.add("no GPU or host has data between " + req.from() + " and " + req.to() + " in "
                        + source.describe());
            }
            shareIdle();
            RowAcc totalAcc = new RowAcc();
            List<ReportRow> out = new ArrayList<>();
            rows.values().removeIf(RowAcc::empty);
            for (var e : rows.entrySet()) {
                totalAcc.add(e.getValue(), BigDecimal.ONE);
                out.add(e.getValue().row(e.getKey(), currency));
            }
            out.sort(Comparator.comparing((ReportRow r) -> r.total().amount())
                    .reversed()
                    .thenComparing(ReportRow::group));
            List<DailyPoint> days = new ArrayList<>();
            for (var d : daily.entrySet()) {
                for (var g : d.getValue().entrySet()) {
                    RowAcc a = g.getValue();
                    days.add(new DailyPoint(
                            d.getKey(),
                            g.getKey(),
                            new Money(a.total(), currency),
                            a.itKwh,
                            a.operationalGrams,
                            a.embodiedGrams));
                }
            }
            return new AccountingReport(
                    req, out, totalAcc.row("total", currency), days, methodology(), clock.instant());
        }

        // ----------------------------------------------------------------------------------------- cells

        /**
         * Cuts the grid's slots into cells: UTC hours, cut again at every change of price, rate or rule and at each
         * midnight of the accounting time zone (at a slot's start: a slot is never split).
         */
        void cells() {
            TreeSet<Long> changes = new TreeSet<>();
            long from = grid.fromMillis();
            long to = grid.toMillis();
            for (long h = Math.floorDiv(from, 3_600_000L) * 3_600_000L; h < to; h += 3_600_000L) {
                changes.add(h);
            }
            // Days of the accounting time zone: a cell never spans two days (or months), also where the zone's
            // offset is not whole hours (Asia/Kolkata's midnight is 18:30 UTC).
            for (LocalDate d = Instant.ofEpochMilli(from).atZone(zone).toLocalDate(); ; d = d.plusDays(1)) {
                long midnight = d.atStartOfDay(zone).toInstant().toEpochMilli();
                if (midnight >= to) {
                    break;
                }
                changes.add(midnight);
            }
            for (ElectricityRate r : config.electricity()) {
                changes.add(r.effective().from().toEpochMilli());
                r.effective().to().ifPresent(t -> changes.add(t.toEpochMilli()));
                if (!r.bands().isEmpty()) {
                    ZoneId z = config.sites().stream()
                            .filter(s -> s.id().equals(r.site()))
                            .map(Site::timeZone)
                            .findFirst()
                            .orElse(zone);
                    for (LocalDate d = Instant.ofEpochMilli(from)
                                    .atZone(z)
                                    .toLocalDate()
                                    .minusDays(1);
                            !d.atStartOfDay(z).toInstant().isAfter(Instant.ofEpochMilli(to));
                            d = d.plusDays(1)) {
                        for (TouBand b : r.bands()) {
                            changes.add(
                                    d.atTime(b.start()).atZone(z).toInstant().toEpochMilli());
                        }
                    }
                }
            }
            for (Hardware h : config.hardware()) {
                changes.add(h.purchased().toEpochMilli());
                changes.add(h.endOfLife().toEpochMilli());
            }
            for (CloudInstance c : config.cloud()) {
                addEffective(changes, c.effective());
            }
            for (GpuHourPrice g : config.gpuHourDefaults()) {
                addEffective(changes, g.effective());
            }
            for (var x : config.exchangeRates()) {
                addEffective(changes, x.effective());
            }
            for (AllocationRule a : config.allocation()) {
                addEffective(changes, a.effective());
            }
            int n = grid.size();
            cellOf = new int[n];
            List<Long> starts = new ArrayList<>();
            Long next = null;
            int cell = -1;
            for (int i = 0; i < n; i++) {
                long s = grid.start(i);
                if (cell < 0 || (next != null && s >= next)) {
                    cell++;
                    starts.add(s);
                    next = changes.higher(s);
                }
                cellOf[i] = cell;
            }
            cellStart = starts.stream().mapToLong(Long::longValue).toArray();
        }

        void addEffective(TreeSet<Long> changes, io.gridscope.reports.config.Effective e) {
            changes.add(e.from().toEpochMilli());
            e.to().ifPresent(t -> changes.add(t.toEpochMilli()));
        }

        // ----------------------------------------------------------------------------------------- GPUs

        void gpu(GpuUsage u, int gpusOnHost) {
            double threshold = config.idleThresholdRatio().doubleValue();
            int n = grid.size();
            boolean estimated = u.energyMethod().estimated();
            energyLines.add("GPU " + u.gpu().uuid() + " on " + u.gpu().host()
                    + (u.gpu().model().isEmpty() ? "" : " (" + u.gpu().model() + ")") + ": "
                    + u.energyMethod().description());
            List<Map<Consumer, Use>> perCell = new ArrayList<>();
            for (int k = 0; k < cellStart.length; k++) {
                perCell.add(new LinkedHashMap<>());
            }
            for (int i = 0; i < n; i++) {
                double e = u.energyJoules()[i];
                double util = u.utilizationRatio()[i];
                double len = grid.length(i);
                boolean hasEnergy = !Double.isNaN(e);
                Map<Consumer, Use> cell = perCell.get(cellOf[i]);
                if (!Double.isNaN(util) && util < threshold) {
                    add(cell, Consumer.IDLE, e, hasEnergy, estimated, len, 1);
                    continue;
                }
                double sum = 0;
                for (GpuUsage.UserShare s : u.users()) {
                    double v = s.smRatio()[i];
                    if (!Double.isNaN(v) && v > 0) {
                        sum += v;
                    }
                }
                if (sum > 0) {
                    sharesUsed = true;
                    for (GpuUsage.UserShare s : u.users()) {
                        double v = s.smRatio()[i];
                        if (!Double.isNaN(v) && v > 0) {
                            add(
                                    cell,
                                    new Consumer(Consumer.Kind.USER, s.user(), s.container()),
                                    e,
                                    hasEnergy,
                                    estimated,
                                    len,
                                    v / sum);
                        }
                    }
                } else {
                    add(cell, Consumer.OWNER, e, hasEnergy, estimated, len, 1);
                }
            }
            if (sink != ChargeSink.NONE) {
                double known = 0;
                double busy = 0;
                double utilMillis = 0;
                for (int i = 0; i < n; i++) {
                    double util = u.utilizationRatio()[i];
                    if (!Double.isNaN(util)) {
                        double len = grid.length(i);
                        known += len;
                        utilMillis += util * len;
                        if (util >= threshold) {
                            busy += len;
                        }
                    }
                }
                sink.gpuUse(u.gpu(), grid.toMillis() - grid.fromMillis(), known, busy, utilMillis);
            }
            Optional<Site> site = config.siteOf(u.gpu().host());
            for (int k = 0; k < cellStart.length; k++) {
                for (var e : perCell.get(k).entrySet()) {
                    book(k, site, u.gpu().host(), Optional.of(u.gpu()), gpusOnHost, e.getKey(), e.getValue());
                }
            }
        }

        void add(
                Map<Consumer, Use> cell,
                Consumer c,
                double e,
                boolean hasEnergy,
                boolean estimated,
                double len,
                double weight) {
            Use use = cell.computeIfAbsent(c, x -> new Use());
            use.millis += len * weight;
            if (hasEnergy) {
                use.joules += e * weight;
                if (estimated) {
                    use.estimatedJoules += e * weight;
                }
                use.coveredMillis += len * weight;
            }
        }

        // ----------------------------------------------------------------------------------------- hosts

        void host(HostUsage h, int gpusOnHost) {
            var model = config.hostPower();
            int n = grid.size();
            List<Map<Consumer, Use>> perCell = new ArrayList<>();
            for (int k = 0; k < cellStart.length; k++) {
                perCell.add(new LinkedHashMap<>());
            }
            boolean rapl = false;
            boolean modelled = false;
            double min = model.cpuMinWattsPerCore().doubleValue();
            double max = model.cpuMaxWattsPerCore().doubleValue();
            double memW = model.memoryWattsPerGb().doubleValue();
            for (int i = 0; i < n; i++) {
                double len = grid.length(i);
                Map<Consumer, Use> cell = perCell.get(cellOf[i]);
                double measured = h.raplJoules() == null ? Double.NaN : h.raplJoules()[i];
                if (!Double.isNaN(measured)) {
                    rapl = true;
                    add(cell, Consumer.HOST, measured, true, false, len, 1);
                    continue;
                }
                double cpu = h.cpuUtilizationRatio()[i];
                if (!Double.isNaN(cpu) && h.logicalCores() > 0) {
                    modelled = true;
                    double mem = h.memoryBytes()[i];
                    double watts =
                            h.logicalCores() * (min + cpu * (max - min)) + (Double.isNaN(mem) ? 0 : mem / 1e9 * memW);
                    add(cell, Consumer.HOST, watts * len / 1000.0, true, true, len, 1);
                } else {
                    add(cell, Consumer.HOST, Double.NaN, false, false, len, 1);
                }
            }
            if (rapl) {
                energyLines.add("host " + h.host() + " CPU and memory: measured by RAPL counters (package + dram)");
            }
            if (modelled) {
                hostModelUsed = true;
                energyLines.add("host " + h.host() + " CPU and memory: estimated with the host power model ("
                        + h.logicalCores() + " logical cores)" + (rapl ? " where RAPL had no reading" : ""));
            }
            if (!rapl && !modelled) {
                perCell.forEach(m -> m.values().forEach(use -> use.unmetered = true));
                warnings.add("host " + h.host() + ": no RAPL reading and no CPU utilisation with a core count;"
                        + " only its GPUs' energy is counted (its CPU and memory energy is not measured)");
            }
            Optional<Site> site = config.siteOf(h.host());
            for (int k = 0; k < cellStart.length; k++) {
                for (var e : perCell.get(k).entrySet()) {
                    book(k, site, h.host(), Optional.empty(), gpusOnHost, e.getKey(), e.getValue());
                }
            }
        }

        // ----------------------------------------------------------------------------------------- booking

        /** Prices one consumer's use of one resource in one cell and adds it to its row (and day). */
        void book(int k, Optional<Site> site, String host, Optional<GpuRef> gpu, int gpusOnHost, Consumer c, Use use) {
            Instant t = Instant.ofEpochMilli(cellStart[k]);
            long hour = Math.floorDiv(cellStart[k], 3_600_000L) * 3_600_000L;
            BigDecimal millis = BigDecimal.valueOf(use.millis).round(MEASURE);
            BigDecimal itKwh = BigDecimal.valueOf(use.joules).round(MEASURE).divide(JOULES_PER_KWH, Money.CALC);
            BigDecimal estKwh =
                    BigDecimal.valueOf(use.estimatedJoules).round(MEASURE).divide(JOULES_PER_KWH, Money.CALC);
            BigDecimal pue = site.map(Site::pue).orElse(BigDecimal.ONE);
            if (site.isPresent() ? notedSites.add(site.get()) : !notedNoSite) {
                notedNoSite |= site.isEmpty();
                sitesUsed.add(site.map(s ->
                                s.id() + " (" + s.name() + "): PUE " + s.pue().toPlainString())
                        .orElse(NO_SITE + ": hosts in no [[site]]; PUE 1.0 assumed"));
            }
            BigDecimal facility = itKwh.multiply(pue, Money.CALC);
            RowAcc a = new RowAcc();
            a.itKwh = itKwh;
            a.facilityKwh = facility;
            a.estimatedKwh = estKwh;
            a.millis = use.unmetered ? 0 : use.millis;
            a.coveredMillis = use.unmetered ? 0 : use.coveredMillis;
            a.allocationEstimated = c.kind() == Consumer.Kind.USER;
            // carbon
            IntensityLookup.Intensity in = intensityAt(site, hour);
            a.operationalGrams = facility.multiply(in.gramsPerKwh(), Money.CALC);
            // electricity (included in a cloud instance's price)
            Optional<CloudInstance> instance = cloudAt(host, t);
            if (instance.isPresent()) {
                if (notedIncluded.add(instance.get())) {
                    pricesUsed.add("electricity of " + instance.get().hostPattern()
                            + ": included in the cloud instance price");
                }
            } else if (facility.signum() > 0) {
                Optional<ElectricityRate> rate = site.flatMap(s -> config.electricity().stream()
                        .filter(r -> r.site().equals(s.id()) && r.effective().contains(t))
                        .findFirst());
                if (rate.isPresent()) {
                    if (notedRates.add(rate.get())) {
                        pricesUsed.add("electricity at site " + rate.get().site() + ": "
                                + rate.get().describe() + " (line " + rate.get().line() + ")");
                    }
                    Money price = rate.get().pricePerKwhAt(t, site.get().timeZone());
                    a.electricity = money(price.times(facility), t);
                } else {
                    a.unpricedKwh = facility;
                    missing(
                            "no electricity price for "
                                    + site.map(s -> "site " + s.id()).orElse("host " + host + " (in no site)"),
                            "that energy's cost is missing",
                            k);
                }
            }
            // time-based: hardware, cloud, fallback, embodied
            if (gpu.isPresent()) {
                gpuTimeCosts(a, k, t, host, gpu.get(), gpusOnHost, millis);
            } else {
                hostTimeCosts(a, t, host, gpusOnHost, millis);
            }
            // allocation
            String team = UNALLOCATED;
            String project = UNALLOCATED;
            Optional<AllocationRule> rule = allocationRule(c, host, gpu, t);
            if (rule.isPresent()) {
                team = rule.get().team();
                project = rule.get().project().orElse(UNALLOCATED);
                if (notedRules.add(rule.get())) {
                    rulesUsed.add(rule.get().describe() + " (line " + rule.get().line() + ")");
                }
            }
            boolean idle = c.kind() == Consumer.Kind.IDLE;
            if (idle) {
                a.idleCost = a.total();
                a.idleKwh = a.itKwh;
            }
            String user = c.kind() == Consumer.Kind.USER ? c.userLabel() : UNALLOCATED;
            String gpuKey = gpu.map(
                            g -> g.uuid() + (g.model().isEmpty() ? "" : " (" + g.model() + ")") + " on " + g.host())
                    .orElse(host + " (CPU, memory)");
            String siteKey = site.map(Site::id).orElse(NO_SITE);
            if (req.filter().isPresent()) {
                var f = req.filter().get();
                String value = switch (f.by()) {
                    // as in the grouped report: idle time is not a team's, project's or user's own
                    case TEAM -> idle ? IDLE : team;
                    case PROJECT -> idle ? IDLE : project;
                    case USER -> idle ? IDLE : user;
                    case HOST -> host;
                    case GPU -> gpuKey;
                    case SITE -> siteKey;
                };
                if (!value.equals(f.value())) {
                    return;
                }
            }
            if (sink != ChargeSink.NONE) {
                sink.charge(new Charge(
                        cellStart[k],
                        k + 1 < cellStart.length ? cellStart[k + 1] : grid.toMillis(),
                        host,
                        gpu,
                        site.map(Site::id),
                        team,
                        project,
                        c.kind() == Consumer.Kind.USER ? c.userLabel() : "",
                        idle,
                        a.itKwh,
                        a.facilityKwh,
                        a.estimatedKwh,
                        a.operationalGrams,
                        a.embodiedGrams,
                        a.amortisation,
                        a.electricity,
                        a.cloud,
                        a.fallback,
                        a.unpricedKwh,
                        currency,
                        use.unmetered ? 0 : use.millis,
                        use.unmetered ? 0 : use.coveredMillis,
                        a.pricing));
            }
            String group = switch (req.groupBy()) {
                case TEAM -> team;
                case PROJECT -> project;
                case USER -> user;
                case HOST -> host;
                case GPU -> gpuKey;
                case SITE -> siteKey;
            };
            LocalDate day = t.atZone(zone).toLocalDate();
            if (idle && req.groupBy().byOwner()) {
                if (config.shareIdle()) {
                    idlePool.add(a, BigDecimal.ONE);
                    idlePoolDaily.computeIfAbsent(day, d -> new RowAcc()).add(a, BigDecimal.ONE);
                    return;
                }
                group = IDLE;
            }
            rows.computeIfAbsent(group, g -> new RowAcc()).add(a, BigDecimal.ONE);
            daily.computeIfAbsent(day, d -> new TreeMap<>())
                    .computeIfAbsent(group, g -> new RowAcc())
                    .add(a, BigDecimal.ONE);
        }

        void gpuTimeCosts(
                RowAcc a, int cellIndex, Instant t, String host, GpuRef gpu, int gpusOnHost, BigDecimal millis) {
            BigDecimal seconds = seconds(millis);
            List<Hardware> candidates = gpuHardware.computeIfAbsent(
                    gpu,
                    g -> config.hardware().stream()
                            .filter(h ->
                                    (h.kind() == HardwareKind.GPU && h.match().equals(g.uuid()))
                                            || (h.kind() == HardwareKind.GPU_MODEL
                                                    && !g.model().isEmpty()
                                                    && Globs.matches(h.match(), g.model())
                                                    && h.hostPattern()
                                                            .map(p -> Globs.matches(p, host))
                                                            .orElse(true)))
                            .toList());
            Optional<Hardware> hw = alive(candidates, t);
            Optional<CloudInstance> cloud = cloudAt(host, t);
            if (hw.isPresent()) {
                if (notedHardware.add(hw.get())) {
                    hardwareUsed.add(hw.get().describe() + " (line " + hw.get().line() + ")");
                }
                a.amortisation = money(perSecond(hw.get()).times(seconds), t);
                a.pricing = "owned";
                BigDecimal kg = hw.get().embodiedKgCo2e().orElseGet(() -> {
                    embodiedDefaultUsed = true;
                    return config.embodied().gpuCardKgCo2e();
                });
                a.embodiedGrams = kg.multiply(BigDecimal.valueOf(1000))
                        .multiply(seconds, Money.CALC)
                        .divide(BigDecimal.valueOf(hw.get().lifeSeconds()), Money.CALC);
            } else if (cloud.isPresent()) {
                CloudInstance ci = cloud.get();
                int over = ci.gpus().orElse(Math.max(1, gpusOnHost));
                if (ci.gpus().isEmpty() || notedCloud.add(ci)) {
                    pricesUsed.add("cloud " + ci.describe() + " (line " + ci.line() + ")"
                            + (ci.gpus().isPresent() ? "" : ", split over the " + over + " GPUs seen"));
                }
                a.pricing = "cloud";
                a.cloud = money(
                        ci.pricePerHour()
                                .times(millis)
                                .dividedBy(MILLIS_PER_HOUR)
                                .dividedBy(BigDecimal.valueOf(over)),
                        t);
            } else {
                Optional<GpuHourPrice> fb = config.gpuHourDefaults().stream()
                        .filter(g -> g.effective().contains(t))
                        .findFirst();
                if (fb.isPresent()) {
                    if (notedFallback.add(fb.get())) {
                        pricesUsed.add("FALLBACK default GPU-hour price "
                                + fb.get().pricePerHour().format() + ", "
                                + fb.get().effective().describe() + " (line "
                                + fb.get().line()
                                + "): for GPUs with no hardware or cloud price");
                    }
                    a.pricing = "fallback";
                    a.fallback = money(fb.get().pricePerHour().times(millis).dividedBy(MILLIS_PER_HOUR), t);
                    if (warnedFallback.add(gpu)) {
                        warnings.add("GPU " + gpu.uuid() + " on " + host + " is priced at the default GPU-hour price"
                                + " (no [[hardware]] or [[cloud]] entry)");
                    }
                } else {
                    missing(
                            "GPU " + gpu.uuid() + " on " + host + " has no hardware, cloud or default GPU-hour price",
                            "its hardware cost is missing",
                            cellIndex);
                }
                if (cloud.isEmpty()) {
                    embodiedDefaultUsed = true;
                    BigDecimal lifeSeconds = HOURS_PER_MONTH
                            .multiply(BigDecimal.valueOf(config.embodied().lifetimeMonths()))
                            .multiply(BigDecimal.valueOf(3600));
                    a.embodiedGrams = config.embodied()
                            .gpuCardKgCo2e()
                            .multiply(BigDecimal.valueOf(1000))
                            .multiply(seconds, Money.CALC)
                            .divide(lifeSeconds, Money.CALC);
                }
            }
        }

        void hostTimeCosts(RowAcc a, Instant t, String host, int gpusOnHost, BigDecimal millis) {
            BigDecimal seconds = seconds(millis);
            List<Hardware> candidates = hostHardware.computeIfAbsent(
                    host,
                    x -> config.hardware().stream()
                            .filter(h -> h.kind() == HardwareKind.HOST && Globs.matches(h.match(), x))
                            .toList());
            Optional<Hardware> hw = alive(candidates, t);
            if (hw.isPresent()) {
                if (notedHardware.add(hw.get())) {
                    hardwareUsed.add(hw.get().describe() + " (line " + hw.get().line() + ")");
                }
                a.amortisation = money(perSecond(hw.get()).times(seconds), t);
                a.pricing = "owned";
                hw.get()
                        .embodiedKgCo2e()
                        .ifPresent(kg -> a.embodiedGrams = kg.multiply(BigDecimal.valueOf(1000))
                                .multiply(seconds, Money.CALC)
                                .divide(BigDecimal.valueOf(hw.get().lifeSeconds()), Money.CALC));
            }
            Optional<CloudInstance> cloud = cloudAt(host, t);
            if (cloud.isPresent()) {
                CloudInstance ci = cloud.get();
                int split = ci.gpus().orElse(gpusOnHost);
                // What the GPUs seen do not take (all of it without GPUs) stays with the host.
                BigDecimal share = split == 0
                        ? BigDecimal.ONE
                        : BigDecimal.valueOf(Math.max(0, split - gpusOnHost))
                                .divide(BigDecimal.valueOf(split), Money.CALC);
                // priced by the instance even when its GPUs take all of the price
                a.pricing = a.pricing.isEmpty() ? "cloud" : a.pricing;
                if (share.signum() > 0) {
                    if (notedCloud.add(ci)) {
                        pricesUsed.add("cloud " + ci.describe() + " (line " + ci.line() + ")");
                    }
                    a.cloud = money(
                            ci.pricePerHour()
                                    .times(millis)
                                    .dividedBy(MILLIS_PER_HOUR)
                                    .times(share),
                            t);
                }
            }
        }

        /** The hardware's cost per second of life, computed once per entry. */
        Money perSecond(Hardware hw) {
            return perSecond.computeIfAbsent(hw, Hardware::perSecond);
        }

        /** The first of {@code candidates} alive at {@code t}. */
        Optional<Hardware> alive(List<Hardware> candidates, Instant t) {
            for (Hardware h : candidates) {
                if (h.alive(t)) {
                    return Optional.of(h);
                }
            }
            return Optional.empty();
        }

        Optional<CloudInstance> cloudAt(String host, Instant t) {
            List<CloudInstance> candidates = hostCloud.computeIfAbsent(
                    host,
                    x -> config.cloud().stream()
                            .filter(c -> Globs.matches(c.hostPattern(), x))
                            .toList());
            for (CloudInstance c : candidates) {
                if (c.effective().contains(t)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }

        Optional<AllocationRule> allocationRule(Consumer c, String host, Optional<GpuRef> gpu, Instant t) {
            List<AllocationRule> rules = config.allocation();
            if (c.kind() == Consumer.Kind.USER) {
                Optional<AllocationRule> r = first(rules, MatchKind.USER, c.user(), t);
                if (r.isEmpty() && !c.container().isEmpty()) {
                    r = first(rules, MatchKind.CONTAINER, c.container(), t);
                }
                if (r.isPresent()) {
                    return r;
                }
            }
            if (gpu.isPresent()) {
                Optional<AllocationRule> r =
                        first(rules, MatchKind.GPU, gpu.get().uuid(), t);
                if (r.isPresent()) {
                    return r;
                }
            }
            return first(rules, MatchKind.HOST, host, t);
        }

        Optional<AllocationRule> first(List<AllocationRule> rules, MatchKind kind, String value, Instant t) {
            // the rules whose kind and pattern match, in file order, found once per value
            List<AllocationRule> candidates = rulesByValue
                    .computeIfAbsent(kind, k -> new HashMap<>())
                    .computeIfAbsent(
                            value,
                            v -> rules.stream()
                                    .filter(r -> r.kind() == kind && v != null && Globs.matches(r.pattern(), v))
                                    .toList());
            for (AllocationRule r : candidates) {
                if (r.matches(value, t)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }

        BigDecimal money(Money m, Instant t) {
            return rates.convert(m, currency, t).amount();
        }

        IntensityLookup.Intensity intensityAt(Optional<Site> site, long hour) {
            String siteName = site.map(Site::id).orElse(NO_SITE);
            long first = Math.floorDiv(grid.fromMillis(), 3_600_000L);
            IntensityLookup.Intensity[] hours = intensityCache.computeIfAbsent(
                    siteName,
                    x -> new IntensityLookup.Intensity
                            [Math.toIntExact(Math.floorDiv(grid.toMillis() - 1, 3_600_000L) - first + 1)]);
            int i = Math.toIntExact(hour / 3_600_000L - first);
            IntensityLookup.Intensity known = hours[i];
            if (known != null) {
                return known;
            }
            IntensityLookup.Intensity in = intensity.at(site, Instant.ofEpochMilli(hour));
            hours[i] = in;
            intensityHoursBySite
                    .computeIfAbsent(siteName, s -> new TreeMap<>())
                    .merge(
                            in.source() + " — " + in.gramsPerKwh().toPlainString() + " gCO2e/kWh (" + in.basis() + ")",
                            1,
                            Integer::sum);
            if (in.fallback()) {
                warnings.add("site " + siteName + ": " + in.source());
            }
            return in;
        }

        // ------------------------------------------------------------------------------------- idle sharing

        void shareIdle() {
            if (!config.shareIdle() || !req.groupBy().byOwner() || idlePool.millis == 0) {
                return;
            }
            BigDecimal weights = BigDecimal.ZERO;
            for (RowAcc r : rows.values()) {
                weights = weights.add(r.total());
            }
            if (weights.signum() == 0) {
                warnings.add("idle time could not be shared out: no group has a cost to weigh it by; it is kept"
                        + " apart as " + IDLE);
                rows.put(IDLE, idlePool);
                idlePoolDaily.forEach(
                        (d, a) -> daily.computeIfAbsent(d, x -> new TreeMap<>()).put(IDLE, a));
                return;
            }
            for (var e : rows.entrySet()) {
                BigDecimal f = e.getValue().total().divide(weights, Money.CALC);
                RowAcc share = new RowAcc();
                share.add(idlePool, f);
                share.idleCost = idlePool.total().multiply(f, Money.CALC);
                share.idleKwh = idlePool.itKwh.multiply(f, Money.CALC);
                e.getValue().add(share, BigDecimal.ONE);
                for (var d : idlePoolDaily.entrySet()) {
                    daily.computeIfAbsent(d.getKey(), x -> new TreeMap<>())
                            .computeIfAbsent(e.getKey(), x -> new RowAcc())
                            .add(d.getValue(), f);
                }
            }
        }

        // ------------------------------------------------------------------------------------- methodology

        Methodology methodology() {
            List<Methodology.Section> s = new ArrayList<>();
            s.add(new Methodology.Section(
                    "Data",
                    List.of(
                            "period " + req.from().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " to "
                                    + req.to().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " (days in " + zone
                                    + "); report currency "
                                    + currency.getCurrencyCode(),
                            "measurements from " + source.describe() + " at a resolution of " + grid.describeStep(),
                            "energy counters: the sum of their increases (a drop is a reset and counts from zero; nothing is"
                                    + " extrapolated); energy over a gap in readings is booked in the first slot after it",
                            "coverage = time with a reading ÷ time in the period, per resource; missing time is a gap,"
                                    + " never a zero")));
            List<String> energy = new ArrayList<>(energyLines);
            energy.addAll(sitesUsed.stream()
                    .map(x -> "site " + x + "; facility kWh = IT kWh × PUE")
                    .toList());
            if (hostModelUsed) {
                energy.add("host power model (estimated): " + config.hostPower().describe());
            }
            s.add(new Methodology.Section("Energy", energy));
            List<String> carbon = new ArrayList<>();
            carbon.add("operational gCO2e = facility kWh × grid intensity (gCO2e/kWh) of the hour the energy was"
                    + " used (CodeCarbon's method: energy × PUE × intensity)");
            intensityHoursBySite.forEach((site, sources) ->
                    sources.forEach((src, hours) -> carbon.add("site " + site + ": " + src + ", " + hours + " hours")));
            carbon.add("embodied gCO2e = the hardware's embodied emissions ÷ its life × time in the period; shown"
                    + " apart from operational carbon; cloud GPUs carry none here (the provider's)");
            if (embodiedDefaultUsed) {
                carbon.add("embodied default for GPUs without their own figure: "
                        + config.embodied().source()
                        + " (" + config.embodied().gpuCardKgCo2e().toPlainString() + " kgCO2e over "
                        + config.embodied().lifetimeMonths() + " months; a month of 730.5 hours where no purchase"
                        + " date is known)");
            }
            s.add(new Methodology.Section("Carbon", carbon));
            List<String> cost = new ArrayList<>();
            cost.add("electricity = facility kWh × the site's price per kWh in force at the hour (time-of-use bands"
                    + " in the site's time zone)");
            cost.add("amortisation = (purchase price − residual value + yearly support × years) ÷ seconds of life"
                    + " × seconds in the period");
            cost.addAll(pricesUsed);
            cost.addAll(hardwareUsed);
            for (var r : rates.usedInOrder()) {
                cost.add("exchange rate " + r.describe() + " (line " + r.line() + ")");
            }
            cost.add("amounts are kept unrounded and rounded half-even to the currency's minor unit only when"
                    + " shown or written");
            s.add(new Methodology.Section("Cost", cost));
            List<String> alloc = new ArrayList<>();
            alloc.add("idle: GPU time whose mean utilisation in a " + grid.describeStep() + " slot is under "
                    + config.idleThresholdRatio()
                            .movePointRight(2)
                            .stripTrailingZeros()
                            .toPlainString()
                    + " %; "
                    + (config.shareIdle()
                            ? "shared out among the groups in proportion to their cost"
                            : "kept apart as the group " + IDLE + " when grouping by team, project or user"));
            if (sharesUsed) {
                alloc.add("shared GPUs: busy time split among users and containers in proportion to their SM"
                        + " share (estimated)");
            }
            alloc.add("allocation rules, most specific first (user, container, GPU, host); what no rule matches is "
                    + UNALLOCATED);
            alloc.addAll(rulesUsed);
            s.add(new Methodology.Section("Allocation", alloc));
            warnMissing();
            if (!warnings.isEmpty()) {
                s.add(new Methodology.Section(Methodology.WARNINGS, List.copyOf(warnings)));
            }
            return new Methodology(s);
        }
    }

    /** A budget period's forecast from the spend so far. */
    record Forecast(Money amount, String method) {
        static Forecast of(
                LocalDate periodStart, LocalDate periodEnd, ZonedDateTime asOf, Money spent, List<DailyPoint> days) {
            long totalDays = periodEnd.toEpochDay() - periodStart.toEpochDay();
            double elapsedDays = Math.max(
                    0,
                    (asOf.toEpochSecond()
                                    - periodStart.atStartOfDay(asOf.getZone()).toEpochSecond())
                            / 86_400.0);
            if (elapsedDays <= 0) {
                return new Forecast(spent, "no time elapsed yet: forecast = spend");
            }
            if (elapsedDays >= totalDays) {
                return new Forecast(spent, "period over: forecast = spend");
            }
            LocalDate today = asOf.toLocalDate();
            Map<java.time.DayOfWeek, List<BigDecimal>> byWeekday = new HashMap<>();
            for (DailyPoint d : days) {
                if (d.day().isBefore(today)) {
                    byWeekday
                            .computeIfAbsent(d.day().getDayOfWeek(), w -> new ArrayList<>())
                            .add(d.cost().amount());
                }
            }
            long fullDays = today.toEpochDay() - periodStart.toEpochDay();
            if (fullDays >= 14 && byWeekday.size() == 7) {
                // Learn the week: each remaining day costs the mean of the same weekday so far.
                BigDecimal rest = BigDecimal.ZERO;
                Map<java.time.DayOfWeek, BigDecimal> mean = new HashMap<>();
                byWeekday.forEach((w, l) -> mean.put(
                        w,
                        l.stream()
                                .reduce(BigDecimal.ZERO, BigDecimal::add)
                                .divide(BigDecimal.valueOf(l.size()), Money.CALC)));
                double doneToday = (asOf.toEpochSecond()
                                - today.atStartOfDay(asOf.getZone()).toEpochSecond())
                        / 86_400.0;
                rest = rest.add(mean.get(today.getDayOfWeek()).multiply(BigDecimal.valueOf(1 - doneToday), Money.CALC));
                for (LocalDate d = today.plusDays(1); d.isBefore(periodEnd); d = d.plusDays(1)) {
                    rest = rest.add(mean.get(d.getDayOfWeek()));
                }
                return new Forecast(
                        spent.plus(new Money(rest, spent.currency())),
                        "spend so far + each remaining day at the mean cost of the same weekday so far (" + fullDays
                                + " full days seen)");
            }
            BigDecimal rate = spent.amount().divide(BigDecimal.valueOf(elapsedDays), Money.CALC);
            return new Forecast(
                    new Money(rate.multiply(BigDecimal.valueOf(totalDays), Money.CALC), spent.currency()),
                    "run rate: spend so far ÷ " + String.format(java.util.Locale.ROOT, "%.2f", elapsedDays)
                            + " days elapsed × " + totalDays + " days");
        }
    }
}
