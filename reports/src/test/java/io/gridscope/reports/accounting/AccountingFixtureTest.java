package io.gridscope.reports.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.history.HistoryReader;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.AccountingFile;
import io.gridscope.reports.usage.HistoryUsageSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Currency;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every figure of {@link AccountingFixture}, worked out by hand, to the cent and to the gram.
 *
 * <p><b>Energy (IT).</b> GPU-a1: 24 h × 300 W = 7.2 kWh; then 20 h × 200 W = 4.0 kWh busy and 4 h × 60 W = 0.24 kWh
 * idle (hours 40–44); the counter reset at hour 30 loses nothing (the first reading after it is that minute's
 * energy): 11.44 kWh, measured. GPU-a2: 48 h × 250 W = 12 kWh, estimated from power; alice 75 % = 9 kWh, bob 25 % =
 * 3 kWh. GPU-b1: 48 h × 400 W = 19.2 kWh. Facility = IT × PUE (1.4 at fra, 1.1 at us-east).
 *
 * <p><b>Electricity at fra</b> (facility kWh per hour × the price of that hour): GPU-a1 per hour 0.42 kWh on day 1,
 * 0.28 kWh on day 2, 0.084 kWh when idle. Day 1: 8 × 0.42 × 0.20 + 12 × 0.42 × 0.30 + 4 × 0.42 × 0.20 = 2.52.
 * Day 2, hours 24–31: 8 × 0.28 × 0.22 = 0.4928; 32–35: 4 × 0.28 × 0.34 = 0.3808 (research until 36); 36–39: 0.3808
 * (platform); 40–43 idle: 4 × 0.084 × 0.34 = 0.11424; 44–47: 4 × 0.28 × 0.22 = 0.2464 (platform). GPU-a2 0.35 kWh
 * per hour: day 1 8 × 0.35 × 0.20 + 12 × 0.35 × 0.30 + 4 × 0.35 × 0.20 = 2.10; day 2 0.616 + 1.428 + 0.308 = 2.352;
 * 4.452 in all, alice 3.339, bob 1.113. GPU-b1: included in the cloud price.
 *
 * <p><b>Hardware.</b> GPU-a1 1.00 EUR/h: research 36, platform 8, idle 4. GPU-a2 fallback 0.50 EUR/h: alice 18,
 * bob 6. GPU-b1 3.00 USD/h: 24 h × 3 × 0.90 + 24 h × 3 × 0.92 = 64.80 + 66.24 = 131.04 EUR.
 *
 * <p><b>Carbon.</b> Operational = facility kWh × intensity: research 13.44 kWh × 300 = 4032 g; platform 2.24 × 300
 * = 672 g; idle 0.336 × 300 = 100.8 g; nlp 12.6 × 300 = 3780 g; vision bob 4.2 × 300 = 1260 g + GPU-b1 21.12 × 400 =
 * 8448 g = 9708 g. Embodied: GPU-a1 10 g/h (research 360, platform 80, idle 40), GPU-a2 5 g/h (alice 180, bob 60).
 *
 * <p><b>Totals by team</b>: research 3.3936 + 36 = 39.3936 → 39.39; platform 0.6272 + 8 = 8.6272 → 8.63; (idle)
 * 0.11424 + 4 = 4.11424 → 4.11; nlp 3.339 + 18 = 21.339 → 21.34; vision 1.113 + 6 + 131.04 = 138.153 → 138.15;
 * all 211.62704 → 211.63 EUR.
 */
class AccountingFixtureTest {
    @TempDir
    static Path dir;

    static AccountingEngine engine;

    @BeforeAll
    static void writeFixture() throws Exception {
        AccountingFixture.write(dir);
        AccountingConfig config =
                AccountingFile.parse(AccountingFixture.CONFIG, Path.of("accounting.toml"), Currency.getInstance("EUR"));
        HistoryReader reader = HistoryReader.open(dir, AccountingFixture.options());
        engine = new AccountingEngine(
                config, new HistoryUsageSource(reader), IntensityLookup.FIXED_OR_WORLD, AccountingFixture.NOW);
    }

    static Map<String, ReportRow> report(GroupBy by) {
        AccountingReport r = engine.report(
                new ReportRequest(AccountingFixture.FROM, AccountingFixture.TO, by, Currency.getInstance("EUR")));
        return r.rows().stream().collect(Collectors.toMap(ReportRow::group, Function.identity()));
    }

    static String cents(ReportRow r) {
        return r.total().rounded().toPlainString();
    }

    static String grams(BigDecimal g) {
        return g.setScale(0, RoundingMode.HALF_EVEN).toPlainString();
    }

    static String kwh(BigDecimal v) {
        return v.setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    @Test
    void byTeam_everyFigureToTheCentAndTheGram() {
        Map<String, ReportRow> rows = report(GroupBy.TEAM);
        assertThat(rows).containsOnlyKeys("research", "platform", AccountingEngine.IDLE, "nlp", "vision");

        ReportRow research = rows.get("research");
        assertThat(kwh(research.itKwh())).isEqualTo("9.6");
        assertThat(kwh(research.facilityKwh())).isEqualTo("13.44");
        assertThat(research.electricity().rounded()).isEqualByComparingTo("3.39");
        assertThat(research.amortisation().rounded()).isEqualByComparingTo("36.00");
        assertThat(cents(research)).isEqualTo("39.39");
        assertThat(grams(research.operationalGrams())).isEqualTo("4032");
        assertThat(grams(research.embodiedGrams())).isEqualTo("360");
        assertThat(research.energyBasis()).isEqualTo("measured");
        assertThat(research.coverage()).isEqualTo(1.0);

        ReportRow platform = rows.get("platform");
        assertThat(kwh(platform.itKwh())).isEqualTo("1.6");
        assertThat(cents(platform)).isEqualTo("8.63");
        assertThat(grams(platform.operationalGrams())).isEqualTo("672");
        assertThat(grams(platform.embodiedGrams())).isEqualTo("80");

        ReportRow idle = rows.get(AccountingEngine.IDLE);
        assertThat(kwh(idle.itKwh())).isEqualTo("0.24");
        assertThat(cents(idle)).isEqualTo("4.11");
        assertThat(idle.idleCost().rounded()).isEqualByComparingTo("4.11");
        assertThat(grams(idle.operationalGrams())).isEqualTo("101");
        assertThat(grams(idle.embodiedGrams())).isEqualTo("40");

        ReportRow nlp = rows.get("nlp");
        assertThat(kwh(nlp.itKwh())).isEqualTo("9");
        assertThat(nlp.electricity().rounded()).isEqualByComparingTo("3.34");
        assertThat(nlp.fallback().rounded()).isEqualByComparingTo("18.00");
        assertThat(cents(nlp)).isEqualTo("21.34");
        assertThat(grams(nlp.operationalGrams())).isEqualTo("3780");
        assertThat(grams(nlp.embodiedGrams())).isEqualTo("180");
        assertThat(nlp.energyBasis()).isEqualTo("estimated");
        assertThat(nlp.allocationEstimated()).isTrue();

        ReportRow vision = rows.get("vision");
        assertThat(kwh(vision.itKwh())).isEqualTo("22.2");
        assertThat(kwh(vision.facilityKwh())).isEqualTo("25.32");
        assertThat(vision.cloud().rounded()).isEqualByComparingTo("131.04");
        assertThat(vision.electricity().rounded()).isEqualByComparingTo("1.11");
        assertThat(cents(vision)).isEqualTo("138.15");
        assertThat(grams(vision.operationalGrams())).isEqualTo("9708");
        assertThat(grams(vision.embodiedGrams())).isEqualTo("60");
        assertThat(vision.energyBasis()).isEqualTo("partly estimated (14 %)");
    }

    @Test
    void totalsAddUpAndTheMethodIsStated() {
        AccountingReport r = engine.report(new ReportRequest(
                AccountingFixture.FROM, AccountingFixture.TO, GroupBy.TEAM, Currency.getInstance("EUR")));
        assertThat(r.totalCost().rounded()).isEqualByComparingTo("211.63");
        assertThat(r.total().total().amount()).isEqualByComparingTo("211.62704");
        assertThat(r.total().electricity().amount()).isEqualByComparingTo("8.58704");
        assertThat(grams(r.total().operationalGrams())).isEqualTo("18293");
        assertThat(grams(r.total().embodiedGrams())).isEqualTo("720");
        assertThat(kwh(r.total().itKwh())).isEqualTo("42.64");
        String method = r.methodology().sections().stream()
                .flatMap(s -> s.lines().stream())
                .collect(Collectors.joining("\n"));
        assertThat(method)
                .contains("1 minute")
                .contains("1 USD = 0.90 EUR")
                .contains("1 USD = 0.92 EUR")
                .contains("time of use 00:00–08:00 0.20")
                .contains("FALLBACK default GPU-hour price 0.50 EUR")
                .contains("site fra: fixed value for site fra — 300 gCO2e/kWh (average, lifecycle), 48 hours")
                .contains("site us-east: fixed value for site us-east — 400")
                .contains("GPU GPU-a2 on fra-1: estimated: mean power × time");
    }

    @Test
    void byGpuHostSiteAndUser() {
        Map<String, ReportRow> gpus = report(GroupBy.GPU);
        ReportRow a1 = gpus.get("GPU-a1 (NVIDIA H100 80GB HBM3) on fra-1");
        assertThat(kwh(a1.itKwh())).isEqualTo("11.44");
        assertThat(a1.electricity().amount()).isEqualByComparingTo("4.13504");
        assertThat(cents(a1)).isEqualTo("52.14");
        assertThat(a1.idleCost().rounded()).isEqualByComparingTo("4.11");
        assertThat(kwh(gpus.get("GPU-a2 on fra-1").itKwh())).isEqualTo("12");
        assertThat(cents(gpus.get("GPU-a2 on fra-1"))).isEqualTo("28.45");
        assertThat(cents(gpus.get("GPU-b1 on cloud-1"))).isEqualTo("131.04");

        Map<String, ReportRow> sites = report(GroupBy.SITE);
        assertThat(cents(sites.get("fra"))).isEqualTo("80.59");
        assertThat(grams(sites.get("fra").operationalGrams())).isEqualTo("9845");
        assertThat(grams(sites.get("us-east").operationalGrams())).isEqualTo("8448");

        Map<String, ReportRow> users = report(GroupBy.USER);
        assertThat(cents(users.get("alice"))).isEqualTo("21.34");
        assertThat(cents(users.get("bob"))).isEqualTo("7.11");
        // GPU-a1's busy time (48.0208) and GPU-b1 (131.04) have no per-user data: unallocated, never dropped
        assertThat(cents(users.get(AccountingEngine.UNALLOCATED))).isEqualTo("179.06");
        assertThat(cents(users.get(AccountingEngine.IDLE))).isEqualTo("4.11");
    }

    @Test
    void drillDownFromATeamToItsGpus() {
        AccountingReport r = engine.report(new ReportRequest(
                        AccountingFixture.FROM, AccountingFixture.TO, GroupBy.TEAM, Currency.getInstance("EUR"))
                .withFilter(GroupBy.TEAM, "vision", GroupBy.GPU));
        Map<String, String> rows =
                r.rows().stream().collect(Collectors.toMap(ReportRow::group, AccountingFixtureTest::cents));
        assertThat(rows).containsOnly(Map.entry("GPU-b1 on cloud-1", "131.04"), Map.entry("GPU-a2 on fra-1", "7.11"));
        // a drill-down adds up to its row: platform's busy hours of GPU-a1, its idle hours under (idle)
        AccountingReport platform = engine.report(new ReportRequest(
                        AccountingFixture.FROM, AccountingFixture.TO, GroupBy.TEAM, Currency.getInstance("EUR"))
                .withFilter(GroupBy.TEAM, "platform", GroupBy.GPU));
        assertThat(platform.totalCost().rounded()).isEqualByComparingTo("8.63");
        AccountingReport idle = engine.report(new ReportRequest(
                        AccountingFixture.FROM, AccountingFixture.TO, GroupBy.TEAM, Currency.getInstance("EUR"))
                .withFilter(GroupBy.TEAM, AccountingEngine.IDLE, GroupBy.GPU));
        assertThat(idle.rows())
                .singleElement()
                .extracting(ReportRow::group)
                .isEqualTo("GPU-a1 (NVIDIA H100 80GB HBM3) on fra-1");
        assertThat(idle.totalCost().rounded()).isEqualByComparingTo("4.11");
    }

    @Test
    void aCellNeverSpansTwoDaysOfTheAccountingTimeZone() throws Exception {
        // Asia/Kolkata is UTC+05:30: its midnight is 18:30 UTC, inside a UTC hour. Without the electricity
        // tariffs (whose bands start at local midnight) nothing else cuts a cell at 2026-11-03T18:30Z.
        String file = AccountingFixture.CONFIG
                .replace("timezone = \"UTC\"", "timezone = \"Asia/Kolkata\"")
                .replaceAll("(?s)\\[\\[electricity]].*?time_of_use = \\[[^]]*]", "");
        assertThat(file).doesNotContain("electricity");
        AccountingConfig config = AccountingFile.parse(file, Path.of("accounting.toml"), Currency.getInstance("EUR"));
        AccountingEngine kolkata = new AccountingEngine(
                config,
                new HistoryUsageSource(HistoryReader.open(dir, AccountingFixture.options())),
                IntensityLookup.FIXED_OR_WORLD,
                AccountingFixture.NOW);
        java.util.List<Charge> charges = new java.util.ArrayList<>();
        AccountingReport r = kolkata.report(
                new ReportRequest(
                        AccountingFixture.FROM, AccountingFixture.TO, GroupBy.GPU, Currency.getInstance("EUR")),
                p -> {},
                charges::add);
        java.time.ZoneId zone = java.time.ZoneId.of("Asia/Kolkata");
        assertThat(charges)
                .isNotEmpty()
                .allSatisfy(c -> assertThat(java.time.Instant.ofEpochMilli(c.endMillis() - 1)
                                .atZone(zone)
                                .toLocalDate())
                        .isEqualTo(java.time.Instant.ofEpochMilli(c.startMillis())
                                .atZone(zone)
                                .toLocalDate()));
        assertThat(charges)
                .anyMatch(c -> c.startMillis()
                        == java.time.Instant.parse("2026-11-02T18:30:00Z").toEpochMilli());
        // cutting cells changes no figure: the days' sums are the report's
        BigDecimal days = r.daily().stream().map(d -> d.cost().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(days).isEqualByComparingTo(r.total().total().amount());
    }

    @Test
    void aCloudHostWhoseGpusTakeAllOfTheInstancesPriceIsPricedByTheInstance() {
        java.util.List<Charge> charges = new java.util.ArrayList<>();
        engine.report(
                new ReportRequest(
                        AccountingFixture.FROM, AccountingFixture.TO, GroupBy.HOST, Currency.getInstance("EUR")),
                p -> {},
                charges::add);
        // cloud-1's one GPU takes the whole 3.00 USD/h: its host's CPU and memory cost nothing more, priced "cloud"
        assertThat(charges)
                .filteredOn(c -> c.host().equals("cloud-1") && c.gpu().isEmpty())
                .isNotEmpty()
                .allSatisfy(c -> {
                    assertThat(c.hardware()).isEqualTo("cloud");
                    assertThat(c.total()).isZero();
                });
        assertThat(charges)
                .filteredOn(c -> c.host().equals("fra-1") && c.gpu().isEmpty())
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.hardware()).isEmpty());
    }

    @Test
    void budgetsHaveSpendForecastAndState() {
        Map<String, ReportRow> rows = report(GroupBy.TEAM);
        BudgetStatus vision = rows.get("vision").budget().orElseThrow();
        // November so far (Nov 1–3): the fixture's 138.153 plus the instance's 1 November (24 h × 3 USD × 0.90)
        assertThat(vision.spent().rounded()).isEqualByComparingTo("202.95");
        assertThat(vision.state()).isEqualTo(BudgetStatus.State.OVER);
        BudgetStatus research = rows.get("research").budget().orElseThrow();
        assertThat(research.state()).isEqualTo(BudgetStatus.State.ON_TRACK);
        assertThat(research.forecastMethod()).startsWith("run rate");
        assertThat(rows.get("nlp").budget()).isEmpty();
    }

    @Test
    void budgetStatusAndIdleCostArePublishedAsSeriesForAlerts() {
        ReportRequest req = new ReportRequest(
                AccountingFixture.FROM, AccountingFixture.TO, GroupBy.TEAM, Currency.getInstance("EUR"));
        AccountingReport teams = engine.report(req);
        var samples = AccountingSignals.samples("console-1", teams, teams, 42L);
        var byName = samples.stream()
                .collect(Collectors.groupingBy(s -> s.series().metric()
                        + s.series().labels().get("owner").map(o -> " " + o).orElse("")));
        assertThat(byName.get("budget_state team vision").get(0).value()).isEqualTo(2.0);
        assertThat(byName.get("budget_state team research").get(0).value()).isEqualTo(0.0);
        assertThat(byName.get("budget_used_ratio team vision").get(0).value())
                .isCloseTo(202.953 / 150, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(byName.get("idle_cost_today").get(0).value())
                .isCloseTo(4.11424, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(samples)
                .allMatch(s -> s.series().labels().get("host").orElseThrow().equals("console-1"));
    }
}
