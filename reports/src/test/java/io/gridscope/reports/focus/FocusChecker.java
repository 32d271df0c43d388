package io.gridscope.reports.focus;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Checks a FOCUS CSV against the column rules of a FOCUS version, read from the specification files kept in the
 * shared test data ({@code reference/focus}): the columns, their feature level, nullability, data type and value
 * format from {@code columns.json} (made from the spec's "Content Constraints" tables); the allowed values, the
 * parent ServiceCategory of each ServiceSubcategory and whether a Recommended column's presence is conditional from
 * the column files {@code spec-v1.2/columns/*.md} themselves (the "Allowed values:" table, the "... be present in a
 * FOCUS dataset ..." requirement); the formats from {@code spec-v1.2/attributes/*.md} (Date/Time, Numeric, Currency,
 * Key-Value, Unit, Null Handling, Column Handling, String Handling), transcribed below with the file they come from.
 *
 * <p>Checked: every Mandatory column present (a Recommended one whose presence has no condition: SHOULD); no column
 * outside the version unless prefixed {@code x_}, no duplicate column, FOCUS columns before custom ones (SHOULD);
 * per row, nullability, data type, value format and allowed values; and the relations between columns that the
 * column files state (charge and billing periods, units with quantities, nulls tied to other columns, unit price ×
 * quantity = cost, ServiceSubcategory under its ServiceCategory). Not checked: what needs knowledge outside the
 * file (whether a provider supports a capability, invoices, price lists).
 *
 * <p>A CSV field that is empty is null (CSV has no other null); {@link #withNullTokens} adds literal tokens that
 * mean null (the FOCUS sample data writes {@code NULL}). Otherwise a value that reads as a null placeholder ("NULL",
 * "N/A", …) is a violation of Null Handling.
 */
public final class FocusChecker {
    /** How binding the broken rule is: MUST (and MUST NOT) or SHOULD (and SHOULD NOT, RECOMMENDED). */
    public enum Severity {
        MUST,
        SHOULD
    }

    /**
     * One broken rule.
     *
     * @param row the data row (1 = the first after the header); 0 for the header
     * @param column the column, or "" for the row or file as a whole
     */
    public record Violation(long row, String column, Severity severity, String rule, String message) {
        @Override
        public String toString() {
            return "row " + row + (column.isEmpty() ? "" : " " + column) + ": " + severity + " " + rule + ": "
                    + message;
        }
    }

    /** One column of the version, as the specification describes it. */
    public record ColumnSpec(
            String id,
            String displayName,
            String featureLevel,
            boolean nullable,
            String dataType,
            String valueFormat,
            boolean presenceConditional,
            Set<String> allowedValues,
            Map<String, String> parents) {
        boolean format(String name) {
            return valueFormat
                    .toLowerCase(Locale.ROOT)
                    .replace("-", "")
                    .replace(" ", "")
                    .contains(name);
        }
    }

    // Date/Time Format (attributes/datetime_format.md): 'YYYY-MM-DDTHH:mm:ssZ', UTC.
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    // Numeric Format (attributes/numeric_format.md): integer, decimal or "mEn"; '-' only for negatives (also in the
    // exponent); no '+', thousands separators, units or symbols.
    private static final Pattern NUMERIC = Pattern.compile("-?\\d+(\\.\\d+)?(E-?\\d+)?");
    // Null Handling (attributes/null_handling.md): no placeholders for null.
    private static final Set<String> NULL_PLACEHOLDERS =
            Set.of("null", "n/a", "na", "none", "nil", "not applicable", "undefined", "nan");
    // Column Handling (attributes/column_handling.md): custom columns prefixed x_, and like FOCUS IDs alphanumeric.
    private static final Pattern CUSTOM_COLUMN = Pattern.compile("x_[A-Za-z0-9]+");
    // Unit Format (attributes/unit_format.md): the listed terms, in their capitalisation.
    private static final List<String> TIME_UNITS = List.of("Year", "Month", "Day", "Hour", "Minute", "Second");
    private static final List<String> COUNT_UNITS =
            List.of("Count", "Unit", "Request", "Token", "Connection", "Certificate", "Domain", "Core");
    private static final Set<String> DATA_SIZES = Set.of(
            "b", "Kb", "Mb", "Gb", "Tb", "Pb", "Eb", "Kib", "Mib", "Gib", "Tib", "Pib", "Eib", "B", "KB", "MB", "GB",
            "TB", "PB", "EB", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB");
    private static final String WORD = "[A-Za-z][A-Za-z0-9]*";
    private static final String TIME = "(?:Year|Month|Day|Hour|Minute|Second)";
    private static final List<Pattern> UNIT_SHAPES = List.of(
            Pattern.compile(WORD), // <plural-units>: "GB", "Seconds"
            Pattern.compile(WORD + "-" + TIME + "s"), // <singular-unit>-<plural-time-units>: "GB-Hours"
            Pattern.compile(WORD + "/" + TIME), // <plural-units>/<singular-time-unit>: "GB/Hour"
            Pattern.compile("\\d+ " + WORD), // <quantity> <plural-units>: "1000 Tokens"
            Pattern.compile(WORD + "/\\d+ " + TIME + "s")); // <plural-units>/<interval> <plural-time-units>

    private final String version;
    private final Map<String, ColumnSpec> columns;
    private final Set<String> nullTokens;
    private final int maxViolations;
    private final ObjectMapper json = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private FocusChecker(String version, Map<String, ColumnSpec> columns, Set<String> nullTokens, int maxViolations) {
        this.version = version;
        this.columns = columns;
        this.nullTokens = nullTokens;
        this.maxViolations = maxViolations;
    }

    /**
     * The rules of {@code version} ("v1.2", "v1.1", "v1.0") from {@code focusDir} ({@code reference/focus} of the
     * shared test data). Allowed values come from the version's own column files when the folder has them, else from
     * 1.2's.
     */
    public static FocusChecker load(Path focusDir, String version) throws IOException {
        JsonNode all =
                new ObjectMapper().readTree(focusDir.resolve("columns.json").toFile());
        JsonNode list = all.get(version);
        if (list == null) {
            throw new IllegalArgumentException("columns.json has no " + version);
        }
        Path md = focusDir.resolve("spec-" + version).resolve("columns");
        if (!Files.isDirectory(md)) {
            md = focusDir.resolve("spec-v1.2").resolve("columns");
        }
        Map<String, String> displayToId = new HashMap<>();
        for (JsonNode c : list) {
            displayToId.put(c.get("display").asText(), c.get("id").asText());
        }
        Map<String, ColumnSpec> columns = new LinkedHashMap<>();
        for (JsonNode c : list) {
            String id = c.get("id").asText();
            String display = c.get("display").asText();
            String valueFormat = c.get("Value format").asText();
            List<String> lines = columnFile(md, id);
            Set<String> allowed = new LinkedHashSet<>();
            Map<String, String> parents = new HashMap<>();
            if (valueFormat.toLowerCase(Locale.ROOT).contains("allowed values")) {
                allowedValues(lines, display, displayToId, allowed, parents);
                if (allowed.isEmpty()) {
                    throw new IllegalStateException("no allowed values found for " + id + " in " + md);
                }
            }
            boolean conditional = lines.stream()
                    .filter(l -> l.contains("be present in a"))
                    .findFirst()
                    .map(l -> l.contains(" when "))
                    .orElse(!c.get("Feature level").asText().equals("Mandatory"));
            columns.put(
                    id,
                    new ColumnSpec(
                            id,
                            display,
                            c.get("Feature level").asText(),
                            c.get("Allows nulls").asText().equalsIgnoreCase("True"),
                            c.get("Data type").asText(),
                            valueFormat,
                            conditional,
                            Set.copyOf(allowed),
                            Map.copyOf(parents)));
        }
        return new FocusChecker(version, Collections.unmodifiableMap(columns), Set.of(), 10_000);
    }

    /**
     * {@code FocusChecker FOCUS_DIR FILE.csv [v1.2]}: prints the violations of a FOCUS CSV (the first 50, then a count
     * per rule) against the specification in FOCUS_DIR ({@code reference/focus} of the shared test data); exit
     * status 1 when there is any.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: FocusChecker FOCUS_DIR FILE.csv [v1.2]");
            System.exit(2);
        }
        FocusChecker checker =
                load(Path.of(args[0]), args.length > 2 ? args[2] : "v1.2").withMaxViolations(1_000_000);
        List<Violation> found = checker.check(Path.of(args[1]));
        found.stream().limit(50).forEach(System.out::println);
        Map<String, Long> kinds = new java.util.TreeMap<>();
        found.forEach(v -> kinds.merge(v.severity() + " " + v.rule() + " " + v.column(), 1L, Long::sum));
        kinds.forEach((k, n) -> System.out.println(n + "\t" + k));
        System.out.println(found.size() + " violations in " + args[1]);
        System.exit(found.isEmpty() ? 0 : 1);
    }

    /** The same rules, reading these literal field values as null too (e.g. "NULL"). */
    public FocusChecker withNullTokens(Set<String> tokens) {
        return new FocusChecker(version, columns, Set.copyOf(tokens), maxViolations);
    }

    /** The same rules, stopping after {@code max} violations. */
    public FocusChecker withMaxViolations(int max) {
        return new FocusChecker(version, columns, nullTokens, max);
    }

    public Map<String, ColumnSpec> columns() {
        return columns;
    }

    /** The column file of {@code id}: {@code <id>.md}, or without a "Name" suffix (ProviderName is provider.md). */
    private static List<String> columnFile(Path dir, String id) throws IOException {
        String base = id.toLowerCase(Locale.ROOT);
        for (String name : List.of(base, base.endsWith("name") ? base.substring(0, base.length() - 4) : base)) {
            Path f = dir.resolve(name + ".md");
            if (Files.isRegularFile(f)) {
                return Files.readAllLines(f, StandardCharsets.UTF_8);
            }
        }
        return List.of();
    }

    /**
     * The first column of the table after "Allowed values:" whose header is the column's display name (Service
     * Subcategory), else "Value", else the first; a header naming another column (Service Category) gives parents.
     */
    private static void allowedValues(
            List<String> lines,
            String display,
            Map<String, String> displayToId,
            Set<String> allowed,
            Map<String, String> parents) {
        int i = 0;
        while (i < lines.size()
                && !lines.get(i).strip().toLowerCase(Locale.ROOT).startsWith("allowed values:")) {
            i++;
        }
        i++;
        while (i < lines.size() && lines.get(i).isBlank()) {
            i++;
        }
        List<List<String>> table = new ArrayList<>();
        for (; i < lines.size() && lines.get(i).strip().startsWith("|"); i++) {
            table.add(cells(lines.get(i)));
        }
        if (table.size() < 3) {
            return;
        }
        List<String> header = table.get(0);
        int value = header.indexOf(display);
        if (value < 0) {
            value = Math.max(0, header.indexOf("Value"));
        }
        int parent = -1;
        for (int h = 0; h < header.size(); h++) {
            if (h != value && displayToId.containsKey(header.get(h))) {
                parent = h;
            }
        }
        for (List<String> row : table.subList(2, table.size())) {
            if (row.size() > value && !row.get(value).isEmpty()) {
                allowed.add(row.get(value));
                if (parent >= 0 && row.size() > parent) {
                    parents.put(row.get(value), row.get(parent));
                }
            }
        }
    }

    private static List<String> cells(String line) {
        String s = line.strip();
        s = s.substring(1, s.endsWith("|") ? s.length() - 1 : s.length());
        List<String> out = new ArrayList<>();
        for (String c : s.split("\\|", -1)) {
            out.add(c.strip());
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ checking

    public List<Violation> check(Path csv) throws IOException {
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return check(r);
        }
    }

    /** The violations of the CSV read from {@code in} (RFC 4180, a header row first), in file order. */
    public List<Violation> check(Reader in) throws IOException {
        Sink out = new Sink(maxViolations);
        try (CSVParser parser = CSVFormat.RFC4180.builder().get().parse(in)) {
            List<String> header = null;
            for (CSVRecord rec : parser) {
                if (header == null) {
                    header = rec.toList();
                    header(header, out);
                    continue;
                }
                if (out.full()) {
                    break;
                }
                long row = rec.getRecordNumber() - 1;
                if (rec.size() != header.size()) {
                    out.add(row, "", Severity.MUST, "CSV", rec.size() + " fields for " + header.size() + " columns");
                    continue;
                }
                Map<String, String> values = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    String v = rec.get(i);
                    values.put(header.get(i), v.isEmpty() || nullTokens.contains(v) ? null : v);
                }
                row(row, values, out);
            }
            if (header == null) {
                out.add(0, "", Severity.MUST, "ColumnHandling", "no header row");
            }
        }
        return out.list;
    }

    private void header(List<String> header, Sink out) {
        Set<String> seen = new HashSet<>();
        boolean customSeen = false;
        for (String h : header) {
            if (!seen.add(h)) {
                out.add(0, h, Severity.MUST, "ColumnHandling", "column appears twice");
            }
            if (columns.containsKey(h)) {
                if (customSeen) {
                    out.add(0, h, Severity.SHOULD, "ColumnHandling", "FOCUS column after custom columns");
                }
            } else if (h.startsWith("x_")) {
                customSeen = true;
                if (!CUSTOM_COLUMN.matcher(h).matches()) {
                    out.add(0, h, Severity.SHOULD, "ColumnHandling", "custom column ID is not x_ + alphanumeric");
                }
            } else {
                out.add(
                        0,
                        h,
                        Severity.MUST,
                        "ColumnHandling",
                        "not a FOCUS " + version + " column and not x_-prefixed");
            }
        }
        for (ColumnSpec c : columns.values()) {
            if (seen.contains(c.id())) {
                continue;
            }
            if (c.featureLevel().equals("Mandatory")) {
                out.add(0, c.id(), Severity.MUST, "Presence", "Mandatory column missing");
            } else if (c.featureLevel().equals("Recommended") && !c.presenceConditional()) {
                out.add(0, c.id(), Severity.SHOULD, "Presence", "Recommended column missing");
            }
        }
    }

    private void row(long row, Map<String, String> v, Sink out) {
        Map<String, Instant> instants = new HashMap<>();
        Map<String, BigDecimal> numbers = new HashMap<>();
        for (var e : v.entrySet()) {
            ColumnSpec c = columns.get(e.getKey());
            if (c == null) {
                continue;
            }
            String value = e.getValue();
            if (value == null) {
                if (!c.nullable()) {
                    out.add(row, c.id(), Severity.MUST, "Nullability", "null in a column that allows none");
                }
                continue;
            }
            value(row, c, value, out, instants, numbers);
        }
        relations(row, v, instants, numbers, out);
    }

    private void value(
            long row,
            ColumnSpec c,
            String value,
            Sink out,
            Map<String, Instant> instants,
            Map<String, BigDecimal> numbers) {
        String id = c.id();
        switch (c.dataType()) {
            case "Decimal" -> {
                if (!NUMERIC.matcher(value).matches()) {
                    out.add(row, id, Severity.MUST, "NumericFormat", "not a plain or E-notation number: " + value);
                } else {
                    numbers.put(id, new BigDecimal(value));
                }
            }
            case "Date/Time" -> {
                if (!DATE_TIME.matcher(value).matches()) {
                    out.add(row, id, Severity.MUST, "DateTimeFormat", "not YYYY-MM-DDTHH:mm:ssZ: " + value);
                } else {
                    try {
                        instants.put(id, Instant.parse(value));
                    } catch (DateTimeParseException e) {
                        out.add(row, id, Severity.MUST, "DateTimeFormat", "no such date and time: " + value);
                    }
                }
            }
            case "JSON" -> keyValue(row, id, value, out);
            default -> {
                if (NULL_PLACEHOLDERS.contains(value.strip().toLowerCase(Locale.ROOT))) {
                    out.add(row, id, Severity.MUST, "NullHandling", "a placeholder for null: " + value);
                } else if (value.isBlank()) {
                    out.add(row, id, Severity.SHOULD, "StringHandling", "a string of spaces only");
                }
            }
        }
        if (c.format("keyvalue") && !c.dataType().equals("JSON")) {
            keyValue(row, id, value, out);
        }
        if (c.format("currency")) {
            currency(row, id, value, out);
        }
        if (c.format("unitformat")) {
            unit(row, id, value, out);
        }
        if (!c.allowedValues().isEmpty() && !c.allowedValues().contains(value)) {
            out.add(row, id, Severity.MUST, "AllowedValues", "not an allowed value: " + value);
        }
    }

    /** Key-Value Format (attributes/key_value_format.md): a JSON object, unique keys, scalar values. */
    private void keyValue(long row, String id, String value, Sink out) {
        JsonNode node;
        try {
            node = json.readTree(value);
        } catch (JsonProcessingException e) {
            out.add(row, id, Severity.MUST, "KeyValueFormat", "not JSON (or a key twice): " + e.getOriginalMessage());
            return;
        }
        if (node == null || !node.isObject()) {
            out.add(row, id, Severity.MUST, "KeyValueFormat", "not a JSON object: " + value);
            return;
        }
        for (var f : node.properties()) {
            if (f.getValue().isContainerNode()) {
                out.add(row, id, Severity.MUST, "KeyValueFormat", "value of " + f.getKey() + " is an object or array");
            }
        }
    }

    /**
     * Currency Format (attributes/currency_format.md): an ISO 4217 code for a national currency; BillingCurrency
     * must be one (columns/billingcurrency.md); other currency columns may hold a virtual currency.
     */
    private static void currency(long row, String id, String value, Sink out) {
        boolean iso = value.matches("[A-Z]{3}") && isoCurrency(value);
        if (!iso && (id.equals("BillingCurrency") || value.matches("[A-Za-z]{3}"))) {
            out.add(row, id, Severity.MUST, "CurrencyFormat", "not an ISO 4217 currency code: " + value);
        }
    }

    private static boolean isoCurrency(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Unit Format (attributes/unit_format.md): a listed term in another capitalisation breaks a MUST; a unit in none
     * of the five shapes a SHOULD.
     */
    private static void unit(long row, String id, String value, Sink out) {
        for (String part : value.split("[-/ ]")) {
            String listed = listedTerm(part);
            if (listed != null && !listed.equals(part)) {
                out.add(row, id, Severity.MUST, "UnitFormat", part + " is written " + listed + " (in " + value + ")");
                return;
            }
        }
        if (UNIT_SHAPES.stream().noneMatch(p -> p.matcher(value).matches())) {
            out.add(row, id, Severity.SHOULD, "UnitFormat", "not one of the unit shapes: " + value);
        }
    }

    /** The listed term {@code part} is, in the listed capitalisation (plural allowed); null when none. */
    private static String listedTerm(String part) {
        for (String t : TIME_UNITS) {
            for (String form : List.of(t, t + "s")) {
                if (form.equalsIgnoreCase(part)) {
                    return form;
                }
            }
        }
        for (String t : COUNT_UNITS) {
            for (String form : List.of(t, t + "s")) {
                if (form.equalsIgnoreCase(part)) {
                    return form;
                }
            }
        }
        for (String d : DATA_SIZES) {
            if (d.equals(part)) {
                return d;
            }
        }
        return switch (part.toLowerCase(Locale.ROOT)) {
            case "gigabyte", "gigabytes" -> "GB";
            case "megabyte", "megabytes" -> "MB";
            case "terabyte", "terabytes" -> "TB";
            case "kilobyte", "kilobytes" -> "KB";
            case "byte", "bytes" -> "B";
            default -> null;
        };
    }

    /** The rules between columns, as the column files state them (a rule applies when its columns are present). */
    private void relations(
            long row, Map<String, String> v, Map<String, Instant> t, Map<String, BigDecimal> n, Sink out) {
        Instant cs = t.get("ChargePeriodStart");
        Instant ce = t.get("ChargePeriodEnd");
        Instant bs = t.get("BillingPeriodStart");
        Instant be = t.get("BillingPeriodEnd");
        if (cs != null && ce != null && !cs.isBefore(ce)) {
            out.add(row, "ChargePeriodEnd", Severity.MUST, "ChargePeriod", "does not end after it starts");
        }
        if (bs != null && be != null && !bs.isBefore(be)) {
            out.add(row, "BillingPeriodEnd", Severity.MUST, "BillingPeriod", "does not end after it starts");
        }
        if (cs != null && ce != null && bs != null && be != null && (cs.isBefore(bs) || ce.isAfter(be))) {
            out.add(
                    row,
                    "ChargePeriodStart",
                    Severity.MUST,
                    "ChargePeriod",
                    "charge period " + cs + "–" + ce + " outside the billing period " + bs + "–" + be);
        }
        String category = v.get("ChargeCategory");
        boolean correction = "Correction".equals(v.get("ChargeClass"));
        boolean usageOrPurchase = "Usage".equals(category) || "Purchase".equals(category);
        boolean tax = "Tax".equals(category);
        // columns/pricingunit.md, consumedunit.md: the unit is null exactly when the quantity is
        together(row, v, "PricingQuantity", "PricingUnit", out);
        together(row, v, "ConsumedQuantity", "ConsumedUnit", out);
        // columns/pricingquantity.md, listunitprice.md, contractedunitprice.md, skuid.md, skupriceid.md,
        // pricingcategory.md: null for Tax, not null for Usage and Purchase that are not corrections
        for (String c : List.of(
                "PricingQuantity", "ListUnitPrice", "ContractedUnitPrice", "SkuId", "SkuPriceId", "PricingCategory")) {
            if (!v.containsKey(c)) {
                continue;
            }
            if (tax && v.get(c) != null) {
                out.add(row, c, Severity.MUST, "Nullability", "not null on a Tax row");
            }
            if (usageOrPurchase && !correction && v.get(c) == null) {
                out.add(row, c, Severity.MUST, "Nullability", "null on a " + category + " row that is no correction");
            }
        }
        // columns/consumedquantity.md
        if (v.containsKey("ConsumedQuantity")) {
            boolean unused = "Unused".equals(v.get("CommitmentDiscountStatus"));
            if ((!"Usage".equals(category) || unused) && v.get("ConsumedQuantity") != null) {
                out.add(row, "ConsumedQuantity", Severity.MUST, "Nullability", "not null outside used Usage");
            }
            if ("Usage".equals(category) && !unused && !correction && v.get("ConsumedQuantity") == null) {
                out.add(row, "ConsumedQuantity", Severity.MUST, "Nullability", "null on a Usage row");
            }
        }
        // columns/chargefrequency.md
        if ("Purchase".equals(category) && "Usage-Based".equals(v.get("ChargeFrequency"))) {
            out.add(row, "ChargeFrequency", Severity.MUST, "AllowedValues", "Usage-Based on a Purchase");
        }
        // columns/resourcename.md, resourcetype.md, regionname.md, subaccountname.md, subaccounttype.md,
        // billingaccounttype.md, commitmentdiscountstatus.md, skumeter.md, skupricedetails.md
        nullWith(row, v, "ResourceId", "ResourceName", false, out);
        nullWith(row, v, "ResourceId", "ResourceType", true, out);
        nullWith(row, v, "RegionId", "RegionName", true, out);
        nullWith(row, v, "SubAccountId", "SubAccountName", true, out);
        nullWith(row, v, "SubAccountId", "SubAccountType", true, out);
        nullWith(row, v, "BillingAccountId", "BillingAccountType", true, out);
        nullWith(row, v, "CommitmentDiscountId", "CommitmentDiscountStatus", false, out);
        nullWith(row, v, "SkuId", "SkuMeter", false, out);
        nullWith(row, v, "SkuPriceId", "SkuPriceDetails", false, out);
        // columns/servicesubcategory.md: one parent ServiceCategory
        String sub = v.get("ServiceSubcategory");
        ColumnSpec subSpec = columns.get("ServiceSubcategory");
        if (sub != null && subSpec != null && v.containsKey("ServiceCategory")) {
            String parent = subSpec.parents().get(sub);
            if (parent != null && !parent.equals(v.get("ServiceCategory"))) {
                out.add(row, "ServiceSubcategory", Severity.MUST, "AllowedValues", sub + " is under " + parent);
            }
        }
        // columns/listcost.md, contractedcost.md, listunitprice.md, contractedunitprice.md
        for (String[] c : new String[][] {{"ListUnitPrice", "ListCost"}, {"ContractedUnitPrice", "ContractedCost"}}) {
            BigDecimal price = n.get(c[0]);
            BigDecimal qty = n.get("PricingQuantity");
            BigDecimal cost = n.get(c[1]);
            if (price != null && price.signum() < 0) {
                out.add(row, c[0], Severity.MUST, "Validation", "a negative unit price");
            }
            if (price != null && qty != null && cost != null && !correction) {
                BigDecimal expected = price.multiply(qty);
                BigDecimal tolerance = expected.abs().max(BigDecimal.ONE).multiply(new BigDecimal("0.000001"));
                if (expected.subtract(cost).abs().compareTo(tolerance) > 0) {
                    out.add(row, c[1], Severity.MUST, "Validation", c[0] + " × PricingQuantity = " + expected);
                }
            }
        }
        // columns/billingcurrency.md: MUST NOT be null, a national currency (checked above); chargedescription.md
        if (v.containsKey("ChargeDescription") && v.get("ChargeDescription") == null) {
            out.add(row, "ChargeDescription", Severity.SHOULD, "Nullability", "no description");
        }
    }

    private static void together(long row, Map<String, String> v, String quantity, String unit, Sink out) {
        if (v.containsKey(quantity) && v.containsKey(unit) && (v.get(quantity) == null) != (v.get(unit) == null)) {
            out.add(row, unit, Severity.MUST, "Nullability", unit + " must be null exactly when " + quantity + " is");
        }
    }

    /** {@code dependent} is null when {@code key} is; with {@code both}, also not null when it is not. */
    private static void nullWith(
            long row, Map<String, String> v, String key, String dependent, boolean both, Sink out) {
        if (!v.containsKey(key) || !v.containsKey(dependent)) {
            return;
        }
        if (v.get(key) == null && v.get(dependent) != null) {
            out.add(row, dependent, Severity.MUST, "Nullability", "not null while " + key + " is null");
        }
        if (both && v.get(key) != null && v.get(dependent) == null) {
            out.add(row, dependent, Severity.MUST, "Nullability", "null while " + key + " is not");
        }
    }

    private static final class Sink {
        final List<Violation> list = new ArrayList<>();
        final int max;

        Sink(int max) {
            this.max = max;
        }

        void add(long row, String column, Severity s, String rule, String message) {
            if (list.size() < max) {
                list.add(new Violation(row, column, s, rule, message));
            }
        }

        boolean full() {
            return list.size() >= max;
        }
    }
}
