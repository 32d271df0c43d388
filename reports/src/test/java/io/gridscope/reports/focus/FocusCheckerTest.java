package io.gridscope.reports.focus;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.AccountingFixture;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.focus.FocusChecker.Violation;
import io.gridscope.reports.focus.FocusExport.Granularity;
import io.gridscope.testsupport.SharedTestData;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checker against the FOCUS specification in the shared test data: the fixture's export passes, the FOCUS sample
 * data passes where it follows FOCUS, and crafted breaks of each kind are caught.
 */
class FocusCheckerTest {
    @TempDir
    static Path dir;

    static Path focus;
    static FocusChecker checker;
    static String hourly;
    static String daily;

    @BeforeAll
    static void setUp() throws Exception {
        focus = SharedTestData.require("reference/focus");
        checker = FocusChecker.load(focus, "v1.2");
        AccountingFixture.write(dir);
        AccountingEngine engine = FocusExportTest.engine(dir, AccountingFixture.CONFIG);
        ReportRequest r = new ReportRequest(
                AccountingFixture.FROM, AccountingFixture.TO, GroupBy.TEAM, Currency.getInstance("EUR"));
        hourly = FocusExportTest.export(engine, r, Granularity.HOUR).csv();
        daily = FocusExportTest.export(engine, r, Granularity.DAY).csv();
    }

    static List<Violation> check(String csv) throws IOException {
        return checker.check(new StringReader(csv));
    }

    @Test
    void theSpecificationIsReadFromItsFiles() {
        Map<String, FocusChecker.ColumnSpec> c = checker.columns();
        assertThat(c).hasSize(57);
        assertThat(c.values().stream().filter(s -> s.featureLevel().equals("Mandatory")))
                .hasSize(21);
        assertThat(c.get("ChargeCategory").allowedValues())
                .containsExactlyInAnyOrder("Usage", "Purchase", "Tax", "Credit", "Adjustment");
        assertThat(c.get("ChargeClass").allowedValues()).containsExactly("Correction");
        assertThat(c.get("ChargeFrequency").allowedValues())
                .containsExactlyInAnyOrder("One-Time", "Recurring", "Usage-Based");
        assertThat(c.get("ServiceCategory").allowedValues())
                .hasSize(19)
                .contains("AI and Machine Learning", "Compute", "Other");
        assertThat(c.get("ServiceSubcategory").allowedValues()).contains("Virtual Machines", "Other (Other)");
        assertThat(c.get("ServiceSubcategory").parents()).containsEntry("Virtual Machines", "Compute");
        assertThat(c.get("PricingCategory").allowedValues())
                .containsExactlyInAnyOrder("Standard", "Dynamic", "Committed", "Other");
        // InvoiceId and ChargeFrequency: recommended outright; AvailabilityZone only where zones exist
        assertThat(c.get("InvoiceId").presenceConditional()).isFalse();
        assertThat(c.get("AvailabilityZone").presenceConditional()).isTrue();
    }

    @Test
    void theFixturesExportHasNothingWrongHourlyOrDaily() throws IOException {
        assertThat(check(hourly)).isEmpty();
        assertThat(check(daily)).isEmpty();
        // every Mandatory column and the Recommended ones are there
        List<String> header = FocusExport.COLUMNS;
        checker.columns().values().stream()
                .filter(s -> s.featureLevel().equals("Mandatory")
                        || (s.featureLevel().equals("Recommended") && !s.presenceConditional()))
                .forEach(s -> assertThat(header).contains(s.id()));
    }

    @Test
    void theFocusSampleDataPassesWhereItFollowsFocus() throws IOException {
        // The FOCUS 1.0 sample (1,000 anonymised rows of AWS, Microsoft and Oracle data) checked against 1.0's
        // columns and 1.2's rules: it writes null as NULL, so that is read as null here.
        FocusChecker v10 =
                FocusChecker.load(focus, "v1.0").withNullTokens(Set.of("NULL")).withMaxViolations(100_000);
        List<Violation> found = v10.check(focus.resolve("sample-data/FOCUS-1.0/focus_sample.csv"));
        Map<String, Long> kinds = found.stream()
                .collect(Collectors.groupingBy(
                        v -> v.severity() + " " + v.rule() + " " + v.column(), TreeMap::new, Collectors.counting()));
        // What it does not follow, each looked at in the file: dates as "2024-09-18 22:00:00" (no T, no Z); an extra
        // "Id" column; "Usage-based" for Usage-Based; empty fields where a value is required (ContractedCost, the
        // unit price, SKU price and pricing category of some Usage rows); ConsumedQuantity on two Adjustment rows;
        // a RegionId without its RegionName; no ResourceType for most resources (a 1.2 rule); unit price ×
        // quantity off the cost (0 contracted cost at 1.00 × 0.0013888889, a −3.00 unit price on a credit); units
        // like "GB Hours", "OCPU Per Hour" and "Gigabyte Per Hour".
        assertThat(kinds)
                .containsExactlyEntriesOf(new TreeMap<>(Map.ofEntries(
                        Map.entry("MUST AllowedValues ChargeFrequency", 7L),
                        Map.entry("MUST ColumnHandling Id", 1L),
                        Map.entry("MUST DateTimeFormat BillingPeriodEnd", 1000L),
                        Map.entry("MUST DateTimeFormat BillingPeriodStart", 1000L),
                        Map.entry("MUST DateTimeFormat ChargePeriodEnd", 1000L),
                        Map.entry("MUST DateTimeFormat ChargePeriodStart", 1000L),
                        Map.entry("MUST Nullability ConsumedQuantity", 2L),
                        Map.entry("MUST Nullability ContractedCost", 7L),
                        Map.entry("MUST Nullability ContractedUnitPrice", 5L),
                        Map.entry("MUST Nullability PricingCategory", 5L),
                        Map.entry("MUST Nullability RegionName", 9L),
                        Map.entry("MUST Nullability ResourceType", 788L),
                        Map.entry("MUST Nullability SkuPriceId", 5L),
                        Map.entry("MUST UnitFormat ConsumedUnit", 1L),
                        Map.entry("MUST UnitFormat PricingUnit", 1L),
                        Map.entry("MUST Validation ContractedCost", 17L),
                        Map.entry("MUST Validation ContractedUnitPrice", 1L),
                        Map.entry("MUST Validation ListCost", 25L),
                        Map.entry("SHOULD UnitFormat ConsumedUnit", 24L),
                        Map.entry("SHOULD UnitFormat PricingUnit", 24L))));
        // and nothing else: allowed values of ChargeCategory, ServiceCategory and ChargeClass, numbers, currency,
        // Tags JSON, periods and the other nulls all pass on real providers' data
    }

    @Test
    void aMissingMandatoryColumnIsCaught() throws IOException {
        String csv = edit(hourly, rows -> rows.forEach(r -> r.remove("BilledCost")));
        assertThat(broken(check(csv))).containsExactly("0 MUST Presence BilledCost");
        csv = edit(hourly, rows -> rows.forEach(r -> r.remove("ChargeFrequency")));
        assertThat(broken(check(csv))).containsExactly("0 SHOULD Presence ChargeFrequency");
    }

    @Test
    void aCustomColumnMustBePrefixedAndComeAfterFocusColumns() throws IOException {
        String csv = edit(hourly, rows -> rows.replaceAll(r -> renamed(r, "x_Host", "Host")));
        assertThat(broken(check(csv))).containsExactly("0 MUST ColumnHandling Host");
        csv = edit(hourly, rows -> rows.replaceAll(r -> renamed(r, "x_Host", "x_host-name")));
        assertThat(broken(check(csv))).containsExactly("0 SHOULD ColumnHandling x_host-name");
        csv = edit(
                hourly,
                rows -> rows.replaceAll(r -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("x_Host", r.get("x_Host"));
                    m.putAll(r);
                    return m;
                }));
        assertThat(broken(check(csv)))
                .hasSize(FocusExport.FOCUS_COLUMNS.size())
                .allMatch(b -> b.startsWith("0 SHOULD ColumnHandling "));
    }

    @Test
    void badDatesAndPeriodsAreCaught() throws IOException {
        assertThat(broken(check(first(hourly, "ChargePeriodStart", "2026-11-02 00:00:00"))))
                .containsExactly("1 MUST DateTimeFormat ChargePeriodStart");
        assertThat(broken(check(first(hourly, "ChargePeriodStart", "2026-11-02T00:00Z"))))
                .containsExactly("1 MUST DateTimeFormat ChargePeriodStart");
        assertThat(broken(check(first(hourly, "BillingPeriodEnd", "2026-02-30T00:00:00Z"))))
                .containsExactly("1 MUST DateTimeFormat BillingPeriodEnd");
        // a charge period outside its billing period
        String csv = edit(hourly, rows -> {
            rows.get(0).put("BillingPeriodStart", "2026-12-01T00:00:00Z");
            rows.get(0).put("BillingPeriodEnd", "2027-01-01T00:00:00Z");
        });
        assertThat(broken(check(csv))).containsExactly("1 MUST ChargePeriod ChargePeriodStart");
        // periods that end before they start
        csv = edit(
                hourly, rows -> rows.get(0).put("ChargePeriodEnd", rows.get(0).get("ChargePeriodStart")));
        assertThat(broken(check(csv))).containsExactly("1 MUST ChargePeriod ChargePeriodEnd");
        csv = edit(hourly, rows -> rows.get(0).put("BillingPeriodEnd", "2026-10-01T00:00:00Z"));
        assertThat(broken(check(csv)))
                .containsExactly("1 MUST BillingPeriod BillingPeriodEnd", "1 MUST ChargePeriod ChargePeriodStart");
    }

    @Test
    void valuesThatAreNotAllowedAreCaught() throws IOException {
        assertThat(broken(check(first(hourly, "ChargeFrequency", "Usage-based"))))
                .containsExactly("1 MUST AllowedValues ChargeFrequency");
        // (and a quantity consumed is for Usage rows only)
        assertThat(broken(check(first(hourly, "ChargeCategory", "Consumption"))))
                .containsExactly("1 MUST AllowedValues ChargeCategory", "1 MUST Nullability ConsumedQuantity");
        assertThat(broken(check(first(hourly, "ChargeClass", "correction"))))
                .containsExactly("1 MUST AllowedValues ChargeClass");
        assertThat(broken(check(first(hourly, "ServiceCategory", "GPU"))))
                .containsExactly("1 MUST AllowedValues ServiceCategory", "1 MUST AllowedValues ServiceSubcategory");
        // a subcategory under another category
        assertThat(broken(check(first(hourly, "ServiceCategory", "Storage"))))
                .containsExactly("1 MUST AllowedValues ServiceSubcategory");
    }

    @Test
    void malformedTagsAreCaught() throws IOException {
        for (String tags : List.of(
                "{team:research}",
                "[\"research\"]",
                "\"research\"",
                "{\"team\":{\"name\":\"research\"}}",
                "{\"team\":[\"a\",\"b\"]}",
                "{\"team\":\"a\",\"team\":\"b\"}",
                "{\"team\":\"a\"")) {
            assertThat(broken(check(first(hourly, "Tags", tags))))
                    .as(tags)
                    .containsExactly("1 MUST KeyValueFormat Tags");
        }
        assertThat(check(first(hourly, "Tags", "{\"team\":\"a\",\"n\":1,\"b\":true,\"z\":null}")))
                .isEmpty();
    }

    @Test
    void numbersNullsUnitsAndCurrenciesAreChecked() throws IOException {
        for (String number : List.of("1,5", "+1", "35.2E+7", "1 1/2", "$3", "3 EUR", "0x10", "1.")) {
            assertThat(broken(check(first(hourly, "BilledCost", number))))
                    .as(number)
                    .containsExactly("1 MUST NumericFormat BilledCost");
        }
        assertThat(check(first(hourly, "BilledCost", "35.2E-7"))).isEmpty();
        assertThat(check(first(hourly, "BilledCost", "-3"))).isEmpty();
        assertThat(broken(check(first(hourly, "BillingAccountId", ""))))
                .containsExactly("1 MUST Nullability BillingAccountId");
        assertThat(broken(check(first(hourly, "ResourceName", "N/A"))))
                .containsExactly("1 MUST NullHandling ResourceName");
        assertThat(broken(check(first(hourly, "ServiceName", "   "))))
                .containsExactly("1 SHOULD StringHandling ServiceName");
        assertThat(broken(check(first(hourly, "BillingCurrency", "EURO"))))
                .containsExactly("1 MUST CurrencyFormat BillingCurrency");
        assertThat(broken(check(first(hourly, "BillingCurrency", "XYZ"))))
                .containsExactly("1 MUST CurrencyFormat BillingCurrency");
        // a unit without its quantity, and a usage row without a quantity
        assertThat(broken(check(first(hourly, "PricingQuantity", ""))))
                .containsExactly("1 MUST Nullability PricingUnit", "1 MUST Nullability PricingQuantity");
        assertThat(broken(check(first(hourly, "ConsumedUnit", "")))).containsExactly("1 MUST Nullability ConsumedUnit");
        // units: a listed term in another case is a MUST, a shape outside the five a SHOULD
        assertThat(broken(check(first(hourly, "PricingUnit", "GPU-hours"))))
                .containsExactly("1 MUST UnitFormat PricingUnit");
        assertThat(broken(check(first(hourly, "PricingUnit", "GPU Hours"))))
                .containsExactly("1 SHOULD UnitFormat PricingUnit");
        assertThat(check(first(hourly, "PricingUnit", "1000 Tokens"))).isEmpty();
        assertThat(check(first(hourly, "PricingUnit", "GB/Hour"))).isEmpty();
        // names tied to their IDs
        assertThat(broken(check(first(hourly, "RegionId", "")))).containsExactly("1 MUST Nullability RegionName");
        assertThat(broken(check(first(hourly, "ResourceType", "")))).containsExactly("1 MUST Nullability ResourceType");
    }

    @Test
    void theCheckerReadsTheSpecificationsOwnExamples() throws IOException {
        // a worked example of the spec (spec-v1.2/data), cut down to the columns it is about; it writes null as
        // "null", misspells SkuPriceId as SkuPriceid and leaves a blank line between rows
        Path example = focus.resolve("spec-v1.2/data/commitment_discount_flexibility/"
                + "one_hundred_percent_utilization_without_commitment_discount_flexibility.csv");
        List<Violation> found = checker.withNullTokens(Set.of("null")).check(example);
        // the header: the misspelt column, the custom column before FOCUS ones, the columns the example leaves out
        assertThat(found)
                .filteredOn(v -> v.row() == 0 && v.severity() == FocusChecker.Severity.MUST)
                .extracting(v -> v.rule() + " " + v.column())
                .contains("ColumnHandling SkuPriceid", "Presence ServiceName")
                .allMatch(x -> x.equals("ColumnHandling SkuPriceid") || x.startsWith("Presence "));
        assertThat(found)
                .filteredOn(v -> v.row() == 0 && v.severity() == FocusChecker.Severity.SHOULD)
                .extracting(Violation::column)
                .contains("BilledCost", "EffectiveCost", "InvoiceId");
        // the rows: their values pass; the blank lines between them are records of one empty field
        assertThat(found)
                .filteredOn(v -> v.row() > 0)
                .extracting(v -> v.row() + " " + v.rule())
                .containsExactly("2 CSV", "4 CSV");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The export with {@code edit} applied to its rows (each a column → value map in column order). */
    static String edit(String csv, Consumer<List<Map<String, String>>> edit) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader(csv))) {
            for (CSVRecord r : p) {
                rows.add(new LinkedHashMap<>(r.toMap()));
            }
        }
        edit.accept(rows);
        StringWriter out = new StringWriter();
        try (CSVPrinter w = new CSVPrinter(out, CSVFormat.RFC4180)) {
            w.printRecord(rows.get(0).keySet());
            for (Map<String, String> r : rows) {
                w.printRecord(r.values());
            }
        }
        return out.toString();
    }

    /** The export with {@code column} of its first row set to {@code value}. */
    static String first(String csv, String column, String value) throws IOException {
        return edit(csv, rows -> rows.get(0).put(column, value));
    }

    static Map<String, String> renamed(Map<String, String> row, String from, String to) {
        Map<String, String> m = new LinkedHashMap<>();
        row.forEach((k, v) -> m.put(k.equals(from) ? to : k, v));
        return m;
    }

    /** "row severity rule column" of each violation, in order, without repeats. */
    static List<String> broken(List<Violation> found) {
        return found.stream()
                .map(v -> v.row() + " " + v.severity() + " " + v.rule() + " " + v.column())
                .distinct()
                .toList();
    }
}
