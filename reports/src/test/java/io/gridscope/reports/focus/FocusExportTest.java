package io.gridscope.reports.focus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridscope.history.HistoryReader;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.AccountingFixture;
import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.IntensityLookup;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.AccountingFile;
import io.gridscope.reports.focus.FocusExport.Granularity;
import io.gridscope.reports.usage.HistoryUsageSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FOCUS export of the hand-computed accounting fixture ({@link AccountingFixture}): it reconciles with the
 * engine to the cent, the gram and the watt-hour, hourly and daily, filtered or not.
 */
class FocusExportTest {
    static final Currency EUR = Currency.getInstance("EUR");

    @TempDir
    static Path dir;

    static AccountingEngine engine;

    @BeforeAll
    static void writeFixture() throws Exception {
        AccountingFixture.write(dir);
        engine = engine(dir, AccountingFixture.CONFIG);
    }

    /** An engine on the fixture's history in {@code dir} with the accounting file {@code config}. */
    static AccountingEngine engine(Path dir, String config) throws Exception {
        AccountingConfig c = AccountingFile.parse(config, Path.of("accounting.toml"), EUR);
        HistoryReader reader = HistoryReader.open(dir, AccountingFixture.options());
        return new AccountingEngine(
                c, new HistoryUsageSource(reader), IntensityLookup.FIXED_OR_WORLD, AccountingFixture.NOW);
    }

    static ReportRequest request() {
        return new ReportRequest(AccountingFixture.FROM, AccountingFixture.TO, GroupBy.TEAM, EUR);
    }

    /** The export as text, and what {@code write} said about it. */
    record Export(String csv, FocusExport.Summary summary, List<Map<String, String>> rows) {
        BigDecimal sum(String column) {
            return sum(column, r -> true);
        }

        BigDecimal sum(String column, Predicate<Map<String, String>> which) {
            return rows.stream()
                    .filter(which)
                    .map(r -> new BigDecimal(r.get(column)))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        List<Map<String, String>> where(String column, String value) {
            return rows.stream().filter(r -> value.equals(r.get(column))).toList();
        }
    }

    static Export export(AccountingEngine e, ReportRequest request, Granularity g) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FocusExport.Summary s = new FocusExport(e, FocusExport.Options.defaults()).write(request, g, out, p -> {});
        String csv = out.toString(StandardCharsets.UTF_8);
        return new Export(csv, s, parse(csv));
    }

    static List<Map<String, String>> parse(String csv) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader(csv))) {
            for (CSVRecord r : p) {
                rows.add(new LinkedHashMap<>(r.toMap()));
            }
        }
        return rows;
    }

    static BigDecimal cents(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_EVEN);
    }

    @Test
    void hourlyExportReconcilesWithTheEngineToTheCentGramAndWattHour() throws IOException {
        Export x = export(engine, request(), Granularity.HOUR);
        AccountingReport r = engine.report(request());

        // GPU-a1 and GPU-b1: one row an hour; GPU-a2: alice's and bob's rows every hour; hosts: nothing measured
        assertThat(x.rows()).hasSize(48 + 96 + 48);
        assertThat(x.summary().rows()).isEqualTo(192);
        assertThat(x.csv()).startsWith(String.join(",", FocusExport.COLUMNS) + "\r\n");

        assertThat(cents(x.sum("EffectiveCost"))).isEqualByComparingTo("211.63");
        assertThat(x.sum("EffectiveCost")).isCloseTo(r.total().total().amount(), within(new BigDecimal("0.000004")));
        assertThat(x.summary().effectiveCost()).isEqualByComparingTo(x.sum("EffectiveCost"));
        assertThat(x.sum("ListCost")).isEqualByComparingTo(x.sum("EffectiveCost"));
        assertThat(x.sum("ContractedCost")).isEqualByComparingTo(x.sum("EffectiveCost"));
        // billed: electricity 8.58704 + the cloud instance 131.04; amortisation and the fallback price are not
        assertThat(x.sum("BilledCost")).isCloseTo(new BigDecimal("139.62704"), within(new BigDecimal("0.000002")));
        assertThat(x.summary().billedCost()).isEqualByComparingTo(x.sum("BilledCost"));
        assertThat(x.sum("x_AmortisationCost")).isCloseTo(new BigDecimal("48"), within(new BigDecimal("0.000001")));
        assertThat(x.sum("x_FallbackCost")).isCloseTo(new BigDecimal("24"), within(new BigDecimal("0.000001")));
        assertThat(x.sum("x_CloudCost")).isCloseTo(new BigDecimal("131.04"), within(new BigDecimal("0.000001")));
        assertThat(x.sum("x_ElectricityCost"))
                .isCloseTo(r.total().electricity().amount(), within(new BigDecimal("0.000001")));

        assertThat(x.sum("x_EnergyKwh")).isCloseTo(r.total().itKwh(), within(new BigDecimal("0.000001")));
        assertThat(x.sum("x_EnergyKwh")).isCloseTo(new BigDecimal("42.64"), within(new BigDecimal("0.000001")));
        assertThat(x.sum("x_FacilityEnergyKwh")).isCloseTo(r.total().facilityKwh(), within(new BigDecimal("0.000001")));
        assertThat(x.sum("x_EstimatedEnergyKwh"))
                .isCloseTo(r.total().estimatedKwh(), within(new BigDecimal("0.000001")));
        assertThat(x.sum("x_OperationalKgCO2e"))
                .isCloseTo(r.total().operationalKg(), within(new BigDecimal("0.000001")));
        assertThat(x.sum("x_EmbodiedKgCO2e")).isCloseTo(r.total().embodiedKg(), within(new BigDecimal("0.000001")));
        assertThat(x.sum("x_OperationalKgCO2e").setScale(3, RoundingMode.HALF_EVEN))
                .isEqualByComparingTo("18.293");
        assertThat(x.sum("x_EmbodiedKgCO2e").setScale(3, RoundingMode.HALF_EVEN))
                .isEqualByComparingTo("0.72");
        assertThat(x.summary().itKwh()).isEqualByComparingTo(x.sum("x_EnergyKwh"));
        assertThat(x.summary().operationalKgCo2e()).isEqualByComparingTo(x.sum("x_OperationalKgCO2e"));

        // every GPU row is priced in GPU-hours: 3 GPUs × 48 h
        assertThat(x.sum("PricingQuantity")).isEqualByComparingTo("144");
        assertThat(x.sum("ConsumedQuantity")).isEqualByComparingTo("144");
        assertThat(x.rows()).allSatisfy(row -> {
            assertThat(row.get("PricingUnit")).isEqualTo("GPU-Hours");
            assertThat(row.get("ConsumedUnit")).isEqualTo("GPU-Hours");
            assertThat(row.get("ChargeCategory")).isEqualTo("Usage");
            assertThat(row.get("ChargeClass")).isEmpty();
            assertThat(row.get("ChargeFrequency")).isEqualTo("Usage-Based");
            assertThat(row.get("BillingCurrency")).isEqualTo("EUR");
            assertThat(row.get("BillingPeriodStart")).isEqualTo("2026-11-01T00:00:00Z");
            assertThat(row.get("BillingPeriodEnd")).isEqualTo("2026-12-01T00:00:00Z");
            assertThat(row.get("ProviderName")).isEqualTo("On-premises");
            assertThat(row.get("ServiceCategory")).isEqualTo("Compute");
            assertThat(row.get("ResourceType")).isEqualTo("GPU");
            // EffectiveCost is its four parts; BilledCost electricity and cloud
            assertThat(new BigDecimal(row.get("EffectiveCost")))
                    .isEqualByComparingTo(new BigDecimal(row.get("x_AmortisationCost"))
                            .add(new BigDecimal(row.get("x_ElectricityCost")))
                            .add(new BigDecimal(row.get("x_CloudCost")))
                            .add(new BigDecimal(row.get("x_FallbackCost"))));
            assertThat(new BigDecimal(row.get("BilledCost")))
                    .isEqualByComparingTo(
                            new BigDecimal(row.get("x_ElectricityCost")).add(new BigDecimal(row.get("x_CloudCost"))));
        });
    }

    @Test
    void rowsByTeamAddUpToTheReportsTeams() throws IOException {
        Export x = export(engine, request(), Granularity.HOUR);
        Map<String, BigDecimal> byTeam = x.rows().stream()
                .collect(Collectors.groupingBy(
                        r -> r.get("Tags").replaceAll(".*\"team\":\"([^\"]*)\".*", "$1"),
                        Collectors.reducing(
                                BigDecimal.ZERO, r -> new BigDecimal(r.get("EffectiveCost")), BigDecimal::add)));
        // idle is folded into the owner's rows: platform's 8.6272 + GPU-a1's idle hours 4.11424
        assertThat(byTeam.keySet()).containsExactlyInAnyOrder("research", "platform", "nlp", "vision");
        assertThat(cents(byTeam.get("research"))).isEqualByComparingTo("39.39");
        assertThat(cents(byTeam.get("platform"))).isEqualByComparingTo("12.74");
        assertThat(cents(byTeam.get("nlp"))).isEqualByComparingTo("21.34");
        assertThat(cents(byTeam.get("vision"))).isEqualByComparingTo("138.15");
    }

    @Test
    void idleTimeIsFoldedIntoTheOwnersRowAndShownApart() throws IOException {
        Export x = export(engine, request(), Granularity.HOUR);
        assertThat(x.sum("x_IdleCost")).isCloseTo(new BigDecimal("4.11424"), within(new BigDecimal("0.000001")));
        assertThat(x.sum("x_IdleEnergyKwh")).isCloseTo(new BigDecimal("0.24"), within(new BigDecimal("0.000001")));
        assertThat(x.sum("x_IdleHours")).isEqualByComparingTo("4");
        // hour 40 (2026-11-03T16:00Z): GPU-a1 idle, one row, platform's, all of it idle
        List<Map<String, String>> hour40 = x.where("ChargePeriodStart", "2026-11-03T16:00:00Z").stream()
                .filter(r -> r.get("ResourceId").equals("GPU-a1"))
                .toList();
        assertThat(hour40).singleElement().satisfies(r -> {
            assertThat(r.get("ChargePeriodEnd")).isEqualTo("2026-11-03T17:00:00Z");
            assertThat(r.get("Tags")).isEqualTo("{\"team\":\"platform\",\"project\":\"beta\"}");
            assertThat(r.get("x_IdleHours")).isEqualTo("1");
            assertThat(r.get("PricingQuantity")).isEqualTo("1");
            // 1.00 EUR/h + 0.084 kWh × 0.34 EUR/kWh
            assertThat(r.get("EffectiveCost")).isEqualTo("1.02856");
            assertThat(r.get("x_IdleCost")).isEqualTo("1.02856");
            assertThat(r.get("x_IdleEnergyKwh")).isEqualTo("0.06");
            assertThat(r.get("x_HardwarePricing")).isEqualTo("owned");
            assertThat(r.get("ChargeDescription")).contains("owned GPU").contains("includes idle time");
            assertThat(r.get("ResourceName")).isEqualTo("GPU-a1 (NVIDIA H100 80GB HBM3) on fra-1");
            assertThat(r.get("x_GpuModel")).isEqualTo("NVIDIA H100 80GB HBM3");
            assertThat(r.get("RegionId")).isEqualTo("fra");
            assertThat(r.get("RegionName")).isEqualTo("Frankfurt");
            assertThat(r.get("SubAccountId")).isEqualTo("fra");
        });
        // a busy hour has no idle
        assertThat(x.where("ChargePeriodStart", "2026-11-02T00:00:00Z").stream()
                        .filter(r -> r.get("ResourceId").equals("GPU-a1")))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.get("x_IdleCost")).isEqualTo("0");
                    assertThat(r.get("Tags")).isEqualTo("{\"team\":\"research\",\"project\":\"alpha\"}");
                    assertThat(r.get("x_EnergyBasis")).isEqualTo("measured");
                    assertThat(r.get("x_Coverage")).isEqualTo("1");
                });
    }

    @Test
    void aGpuSplitBetweenAliceAndBobIsTwoRowsAnHourTaggedWithTheirTeams() throws IOException {
        Export x = export(engine, request(), Granularity.HOUR);
        List<Map<String, String>> a2 = x.where("ResourceId", "GPU-a2");
        assertThat(a2).hasSize(96);
        List<Map<String, String>> first = a2.stream()
                .filter(r -> r.get("ChargePeriodStart").equals("2026-11-02T09:00:00Z"))
                .toList();
        assertThat(first).hasSize(2);
        Map<String, String> alice = first.stream()
                .filter(r -> r.get("Tags").contains("alice"))
                .findFirst()
                .orElseThrow();
        Map<String, String> bob = first.stream()
                .filter(r -> r.get("Tags").contains("bob"))
                .findFirst()
                .orElseThrow();
        assertThat(alice.get("Tags")).isEqualTo("{\"team\":\"nlp\",\"project\":\"alpha\",\"user\":\"alice\"}");
        assertThat(bob.get("Tags")).isEqualTo("{\"team\":\"vision\",\"project\":\"detector\",\"user\":\"bob\"}");
        assertThat(alice.get("PricingQuantity")).isEqualTo("0.75");
        assertThat(bob.get("PricingQuantity")).isEqualTo("0.25");
        // 0.5 EUR/h fallback + 0.35 kWh × 0.30 EUR/kWh (08–20), split 75/25
        assertThat(alice.get("EffectiveCost")).isEqualTo("0.45375");
        assertThat(alice.get("BilledCost")).isEqualTo("0.07875");
        assertThat(bob.get("EffectiveCost")).isEqualTo("0.15125");
        assertThat(alice.get("x_HardwarePricing")).isEqualTo("fallback");
        assertThat(alice.get("x_AllocationEstimated")).isEqualTo("true");
        assertThat(alice.get("x_EnergyBasis")).isEqualTo("estimated");
        assertThat(alice.get("x_EnergyKwh")).isEqualTo("0.1875");
        assertThat(alice.get("x_GpuModel")).isEmpty();
        // the cloud GPU: its instance share is billed, with no electricity of its own
        Map<String, String> b1 = x.where("ResourceId", "GPU-b1").get(0);
        assertThat(b1.get("x_HardwarePricing")).isEqualTo("cloud");
        assertThat(b1.get("BilledCost")).isEqualTo("2.7");
        assertThat(b1.get("EffectiveCost")).isEqualTo("2.7");
        assertThat(b1.get("x_ElectricityCost")).isEqualTo("0");
        assertThat(b1.get("RegionName")).isEqualTo("us-east");
    }

    @Test
    void aDailyExportHasTheHourlyTotalsInFewerRows() throws IOException {
        Export hourly = export(engine, request(), Granularity.HOUR);
        Export daily = export(engine, request(), Granularity.DAY);
        // GPU-a1: day 1 research, day 2 research and platform; GPU-a2: alice and bob each day; GPU-b1: each day
        assertThat(daily.rows()).hasSize(3 + 4 + 2);
        for (String column : List.of(
                "EffectiveCost",
                "BilledCost",
                "x_ElectricityCost",
                "x_IdleCost",
                "x_EnergyKwh",
                "x_FacilityEnergyKwh",
                "x_OperationalKgCO2e",
                "x_EmbodiedKgCO2e",
                "PricingQuantity")) {
            assertThat(daily.sum(column)).as(column).isCloseTo(hourly.sum(column), within(new BigDecimal("0.000004")));
        }
        assertThat(cents(daily.sum("EffectiveCost"))).isEqualByComparingTo("211.63");
        assertThat(daily.rows().stream().map(r -> r.get("ChargePeriodStart")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z");
        Map<String, String> platform = daily.rows().stream()
                .filter(r ->
                        r.get("ResourceId").equals("GPU-a1") && r.get("Tags").contains("platform"))
                .findFirst()
                .orElseThrow();
        assertThat(platform.get("ChargePeriodEnd")).isEqualTo("2026-11-04T00:00:00Z");
        assertThat(platform.get("PricingQuantity")).isEqualTo("12");
        assertThat(platform.get("x_IdleHours")).isEqualTo("4");
        assertThat(platform.get("x_IdleCost")).isEqualTo("4.11424");
    }

    @Test
    void aFilteredExportHasOnlyWhatTheFilterKeeps() throws IOException {
        ReportRequest vision = request().withFilter(GroupBy.TEAM, "vision", GroupBy.GPU);
        Export x = export(engine, vision, Granularity.HOUR);
        assertThat(x.rows()).hasSize(48 + 48);
        assertThat(x.rows()).allSatisfy(r -> assertThat(r.get("Tags")).contains("\"team\":\"vision\""));
        assertThat(x.rows().stream().map(r -> r.get("ResourceId")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("GPU-a2", "GPU-b1");
        assertThat(cents(x.sum("EffectiveCost"))).isEqualByComparingTo("138.15");
        assertThat(x.summary().report().totalCost().rounded()).isEqualByComparingTo("138.15");

        ReportRequest one = request().withFilter(GroupBy.GPU, "GPU-a1 (NVIDIA H100 80GB HBM3) on fra-1", GroupBy.GPU);
        Export a1 = export(engine, one, Granularity.DAY);
        assertThat(a1.rows()).extracting(r -> r.get("ResourceId")).containsOnly("GPU-a1");
        assertThat(cents(a1.sum("EffectiveCost"))).isEqualByComparingTo("52.14");
    }

    @Test
    void daysAndMonthsAreThoseOfTheAccountingTimeZoneEvenOffTheWholeHour() throws Exception {
        // Asia/Kolkata is UTC+05:30: its days start at 18:30 UTC
        AccountingEngine kolkata =
                engine(dir, AccountingFixture.CONFIG.replace("timezone = \"UTC\"", "timezone = \"Asia/Kolkata\""));
        Export daily = export(kolkata, request(), Granularity.DAY);
        assertThat(daily.rows().stream().map(r -> r.get("ChargePeriodStart")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("2026-11-02T00:00:00Z", "2026-11-02T18:30:00Z", "2026-11-03T18:30:00Z");
        assertThat(daily.rows().stream().map(r -> r.get("ChargePeriodEnd")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("2026-11-02T18:30:00Z", "2026-11-03T18:30:00Z", "2026-11-04T00:00:00Z");
        assertThat(daily.rows()).allSatisfy(r -> {
            assertThat(r.get("BillingPeriodStart")).isEqualTo("2026-10-31T18:30:00Z");
            assertThat(r.get("BillingPeriodEnd")).isEqualTo("2026-11-30T18:30:00Z");
        });
        // the hours around local midnight are cut there
        Export hourly = export(kolkata, request(), Granularity.HOUR);
        assertThat(hourly.rows().stream()
                        .filter(r -> r.get("ResourceId").equals("GPU-b1"))
                        .map(r -> r.get("ChargePeriodStart") + "/" + r.get("ChargePeriodEnd"))
                        .filter(p -> p.startsWith("2026-11-02T18"))
                        .toList())
                .containsExactly(
                        "2026-11-02T18:00:00Z/2026-11-02T18:30:00Z", "2026-11-02T18:30:00Z/2026-11-02T19:00:00Z");
        // the tariff's bands and the dates in the file are Kolkata's now: other figures, the same reconciliation
        BigDecimal total = kolkata.report(request()).totalCost().rounded();
        assertThat(cents(daily.sum("EffectiveCost"))).isEqualByComparingTo(total);
        assertThat(cents(hourly.sum("EffectiveCost"))).isEqualByComparingTo(total);
    }

    @Test
    void namesWithCommasQuotesAndLineBreaksSurviveCsvAndJson() throws Exception {
        String config = AccountingFixture.CONFIG.replace("""
                host = "cloud-1"
                team = "vision"
                """, """
                host = "cloud-1"
                team = "ops, \\"blue\\"\\nRé"
                """);
        assertThat(config).contains("Ré");
        Export x = export(engine(dir, config), request(), Granularity.DAY);
        Map<String, String> b1 = x.where("ResourceId", "GPU-b1").get(0);
        var tags = new com.fasterxml.jackson.databind.ObjectMapper().readTree(b1.get("Tags"));
        assertThat(tags.get("team").asText()).isEqualTo("ops, \"blue\"\nRé");
        assertThat(tags.get("project").asText()).isEqualTo("detector");
        assertThat(x.rows()).hasSize(9);
        assertThat(x.csv()).contains("\"{\"\"team\"\":\"\"ops, \\\"\"blue\\\"\"\\nRé\"\",");
    }

    @Test
    void theOrganisationCanBeNamed() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FocusExport(engine, FocusExport.Options.organisation("Example Research Lab"))
                .write(request(), Granularity.DAY, out);
        List<Map<String, String>> rows = parse(out.toString(StandardCharsets.UTF_8));
        assertThat(rows).allSatisfy(r -> {
            for (String c : Set.of(
                    "ProviderName", "PublisherName", "InvoiceIssuerName", "BillingAccountId", "BillingAccountName")) {
                assertThat(r.get(c)).isEqualTo("Example Research Lab");
            }
        });
    }

    @Test
    void numbersAreWrittenPlainWithAtMostSixDecimals() {
        assertThat(FocusRows.micros(0)).isEqualTo("0");
        assertThat(FocusRows.micros(1)).isEqualTo("0.000001");
        assertThat(FocusRows.micros(-1_500_000)).isEqualTo("-1.5");
        assertThat(FocusRows.micros(211_627_040)).isEqualTo("211.62704");
        assertThat(FocusRows.micros(12_000_000)).isEqualTo("12");
        assertThat(FocusRows.micros(100)).isEqualTo("0.0001");
        assertThat(FocusRows.micros(-5)).isEqualTo("-0.000005");
        assertThat(FocusRows.micros(1_000_001)).isEqualTo("1.000001");
        assertThat(FocusRows.micros(123_456_789)).isEqualTo("123.456789");
        assertThat(FocusRows.micros(120_050_000)).isEqualTo("120.05");
        assertThat(FocusRows.fixed(new StringBuilder(), 5, 4).toString()).isEqualTo("0.0005");
        assertThat(FocusRows.utc(0)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(FocusRows.utc(AccountingFixture.TO.toEpochMilli() - 1)).isEqualTo("2026-11-03T23:59:59Z");
        // a third three times: each row within a millionth, the sum exact
        FocusRows.Carry c = new FocusRows.Carry();
        long a = c.next(1 / 3.0);
        long b = c.next(1 / 3.0);
        long d = c.next(1 / 3.0);
        assertThat(List.of(a, b, d)).allSatisfy(v -> assertThat(v).isBetween(333_333L, 333_334L));
        assertThat(a + b + d).isEqualTo(1_000_000);
    }
}
