package io.gridscope.reports.focus;

import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.Charge;
import io.gridscope.reports.accounting.ChargeSink;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.Site;
import io.gridscope.reports.usage.GpuRef;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;

/**
 * The streaming half of {@link FocusExport}: receives the engine's charges (resource by resource, in time order
 * within a resource), sums those of the current resource and charge period per allocation, and writes their rows
 * when the period closes. Holds one period of one resource, whatever the length of the export.
 *
 * <p>CSV: every text field is quoted as Commons CSV's {@code CSVFormat.RFC4180} quotes it in the middle of a record,
 * once per distinct value (the names and units once, a resource's names once per resource, a description or a set
 * of tags once per kind of row); numbers and dates are written as they are (digits, '.', '-', ':', 'T', 'Z' need no
 * quotes). Rows are assembled in a buffer written out in UTF-8 in pieces of about 64 KiB.
 */
final class FocusRows implements ChargeSink {
    private static final long HOUR = 3_600_000L;
    private static final double MICRO = 1e6;
    private static final int OWNED = 1;
    private static final int CLOUD = 2;
    private static final int FALLBACK = 4;

    private final AccountingConfig config;
    private final FocusExport.Granularity granularity;
    private final ZoneId zone;
    private final long from;
    private final long to;
    private final StringBuilder buffer = new StringBuilder(1 << 17);
    private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder();
    private CharBuffer chars = CharBuffer.allocate(1 << 17);
    private ByteBuffer bytes = ByteBuffer.allocate(3 << 17);
    private final OutputStream sink;

    // the fields that are the same on every row, quoted for CSV
    private final String billingAccountId;
    private final String billingAccountName;
    private final String currency;
    private final String invoiceIssuer;
    private final String provider;
    private final String publisher;

    // the current resource, its text fields quoted for CSV
    private String resourceId;
    private boolean gpu;
    private String resourceIdField;
    private String resourceNameField;
    private String hostField;
    private String gpuModelField;
    private String siteIdField;
    private String siteNameField;

    // the current day and billing month of the accounting time zone, and the current charge period
    private long dayStart = Long.MAX_VALUE;
    private long dayEnd = Long.MIN_VALUE;
    private LocalDate month;
    private String billingStart;
    private String billingEnd;
    private long periodStart = Long.MAX_VALUE;
    private long periodEnd = Long.MIN_VALUE;
    private String periodStartText;
    private String periodEndText;

    /** The rows of the current period: a handful (one per user of a shared GPU), reused from period to period. */
    private final List<Acc> rows = new ArrayList<>();

    private int used;

    // error-feedback rounding per written column, and the written totals
    private final ExactCarry amortisation = new ExactCarry();
    private final ExactCarry electricity = new ExactCarry();
    private final ExactCarry cloud = new ExactCarry();
    private final ExactCarry fallback = new ExactCarry();
    private final ExactCarry idleCost = new ExactCarry();
    private final ExactCarry itKwh = new ExactCarry();
    private final ExactCarry facilityKwh = new ExactCarry();
    private final ExactCarry estimatedKwh = new ExactCarry();
    private final ExactCarry idleKwh = new ExactCarry();
    private final ExactCarry unpricedKwh = new ExactCarry();
    private final ExactCarry operationalKg = new ExactCarry();
    private final ExactCarry embodiedKg = new ExactCarry();
    private final Carry gpuHours = new Carry();
    private final Carry idleHours = new Carry();
    private long effectiveTotal;
    private long billedTotal;
    private long rowCount;

    private final Map<Integer, String> descriptions = new HashMap<>();

    FocusRows(
            AccountingConfig config,
            FocusExport.Options options,
            FocusExport.Granularity granularity,
            ReportRequest request,
            OutputStream sink) {
        this.config = config;
        this.granularity = granularity;
        this.zone = config.timeZone();
        this.from = request.from().toEpochMilli();
        this.to = request.to().toEpochMilli();
        this.sink = sink;
        this.billingAccountId = field(options.billingAccountId());
        this.billingAccountName = field(options.billingAccountName().isEmpty() ? null : options.billingAccountName());
        this.currency = field(request.currency().getCurrencyCode());
        this.invoiceIssuer = field(options.invoiceIssuerName());
        this.provider = field(options.providerName());
        this.publisher = field(options.publisherName());
    }

    /** Writes the header. */
    void start() {
        try {
            CSVFormat.RFC4180.printRecord(buffer, FocusExport.COLUMNS.toArray());
            drain();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code value} as {@code CSVFormat.RFC4180} prints it after a delimiter ("" for null). */
    static String field(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(value.length() + 3);
        try {
            CSVFormat.RFC4180.print(value, b, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.substring(1); // the delimiter printed before a field that does not start a record
    }

    /** Writes the last period's rows. */
    void finish() {
        flush();
        try {
            drain();
            sink.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FocusExport.Summary summary(AccountingReport report) {
        return new FocusExport.Summary(
                rowCount,
                report.request().currency(),
                BigDecimal.valueOf(effectiveTotal, 6),
                BigDecimal.valueOf(billedTotal, 6),
                BigDecimal.valueOf(itKwh.total, 6),
                BigDecimal.valueOf(facilityKwh.total, 6),
                BigDecimal.valueOf(operationalKg.total, 6),
                BigDecimal.valueOf(embodiedKg.total, 6),
                report);
    }

    // ------------------------------------------------------------------------------------------------ charges

    @Override
    public void charge(Charge c) {
        if (c.millis() == 0
                && c.itKwh().signum() == 0
                && c.embodiedGrams().signum() == 0
                && c.unpricedKwh().signum() == 0
                && c.amortisation().signum() == 0
                && c.electricity().signum() == 0
                && c.cloud().signum() == 0
                && c.fallback().signum() == 0) {
            return; // nothing measured, priced or emitted: no row
        }
        String id = c.resourceId();
        long t = c.startMillis();
        boolean sameResource = id.equals(resourceId);
        if (!sameResource || t >= periodEnd || t < periodStart) {
            flush();
            if (!sameResource) {
                resource(c);
            }
            period(t);
        }
        row(c).add(c);
    }

    private void resource(Charge c) {
        resourceId = c.resourceId();
        String host = c.host();
        gpu = c.gpu().isPresent();
        String gpuModel = null;
        String resourceName;
        if (gpu) {
            GpuRef g = c.gpu().get();
            gpuModel = g.model().isEmpty() ? null : g.model();
            resourceName = g.uuid() + (gpuModel == null ? "" : " (" + gpuModel + ")") + " on " + host;
        } else {
            resourceName = host + " (CPU, memory)";
        }
        String siteName = c.siteId()
                .flatMap(id -> config.sites().stream()
                        .filter(s -> s.id().equals(id))
                        .map(Site::name)
                        .filter(n -> !n.isBlank())
                        .findFirst()
                        .or(() -> Optional.of(id)))
                .orElse(null);
        resourceIdField = field(resourceId);
        resourceNameField = field(resourceName);
        hostField = field(host);
        gpuModelField = field(gpuModel);
        siteIdField = field(c.siteId().orElse(null));
        siteNameField = field(siteName);
    }

    /** Makes the charge period (and its day and billing month) the one that holds {@code t}. */
    private void period(long t) {
        if (t < dayStart || t >= dayEnd) {
            LocalDate d = Instant.ofEpochMilli(t).atZone(zone).toLocalDate();
            dayStart = d.atStartOfDay(zone).toInstant().toEpochMilli();
            dayEnd = d.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
            LocalDate m = d.withDayOfMonth(1);
            if (!m.equals(month)) {
                month = m;
                billingStart = utc(m.atStartOfDay(zone).toInstant().toEpochMilli());
                billingEnd = utc(m.plusMonths(1).atStartOfDay(zone).toInstant().toEpochMilli());
            }
        }
        long start;
        long end;
        if (granularity == FocusExport.Granularity.DAY) {
            start = dayStart;
            end = dayEnd;
        } else {
            long h = Math.floorDiv(t, HOUR) * HOUR;
            start = Math.max(h, dayStart);
            end = Math.min(h + HOUR, dayEnd);
        }
        start = Math.max(start, from);
        end = Math.min(end, to);
        periodStartText = start == periodEnd ? periodEndText : utc(start);
        periodEndText = utc(end);
        periodStart = start;
        periodEnd = end;
    }

    private Acc row(Charge c) {
        String team = c.team();
        String project = c.project();
        String user = c.user();
        for (int i = 0; i < used; i++) {
            Acc a = rows.get(i);
            if (a.team.equals(team) && a.project.equals(project) && a.user.equals(user)) {
                return a;
            }
        }
        if (used == rows.size()) {
            rows.add(new Acc());
        }
        Acc a = rows.get(used++);
        a.reset(team, project, user);
        return a;
    }

    // ------------------------------------------------------------------------------------------------ writing

    private void flush() {
        for (int i = 0; i < used; i++) {
            write(rows.get(i));
        }
        try {
            if (buffer.length() >= 1 << 16) {
                drain();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        used = 0;
    }

    /** Writes the buffer out in UTF-8 and empties it, through arrays kept from one call to the next. */
    private void drain() throws IOException {
        int n = buffer.length();
        if (chars.capacity() < n) {
            chars = CharBuffer.allocate(n);
            bytes = ByteBuffer.allocate(n * 3);
        }
        chars.clear();
        buffer.getChars(0, n, chars.array(), 0);
        chars.limit(n);
        bytes.clear();
        utf8.reset();
        CoderResult r = utf8.encode(chars, bytes, true);
        if (r.isError()) {
            r.throwException(); // an unpaired surrogate in a name
        }
        utf8.flush(bytes);
        sink.write(bytes.array(), 0, bytes.position());
        buffer.setLength(0);
    }

    private void write(Acc a) {
        long am = amortisation.next(a.amortisation);
        long el = electricity.next(a.electricity);
        long cl = cloud.next(a.cloud);
        long fb = fallback.next(a.fallback);
        long effective = am + el + cl + fb;
        long billed = el + cl;
        long it = itKwh.next(a.itKwh);
        long facility = facilityKwh.next(a.facilityKwh);
        long hours = gpuHours.next(gpu ? a.millis / HOUR : 0);
        effectiveTotal += effective;
        billedTotal += billed;
        rowCount++;
        long pricingQuantity = gpu ? hours : facility;
        long consumedQuantity = gpu ? hours : it;
        String unit = gpu ? "GPU-Hours" : "kWh";

        StringBuilder b = buffer;
        micros(b, billed); // BilledCost
        b.append(',').append(billingAccountId);
        b.append(',').append(billingAccountName);
        b.append(',').append(currency);
        b.append(',').append(billingEnd);
        b.append(',').append(billingStart);
        b.append(",Usage"); // ChargeCategory
        b.append(','); // ChargeClass: null, no correction of an invoiced period
        b.append(',').append(description(a));
        b.append(",Usage-Based"); // ChargeFrequency
        b.append(',').append(periodEndText);
        b.append(',').append(periodStartText);
        micros(b.append(','), consumedQuantity);
        b.append(',').append(unit); // ConsumedUnit
        micros(b.append(','), effective); // ContractedCost
        micros(b.append(','), effective); // EffectiveCost
        b.append(','); // InvoiceId: null, no invoice
        b.append(',').append(invoiceIssuer);
        micros(b.append(','), effective); // ListCost
        micros(b.append(','), pricingQuantity);
        b.append(',').append(unit); // PricingUnit
        b.append(',').append(provider);
        b.append(',').append(publisher);
        b.append(',').append(siteIdField); // RegionId
        b.append(',').append(siteNameField); // RegionName
        b.append(',').append(resourceIdField);
        b.append(',').append(resourceNameField);
        b.append(',').append(gpu ? "GPU" : "Host CPU and memory"); // ResourceType
        b.append(",Compute"); // ServiceCategory
        b.append(',').append(gpu ? "GPU compute" : "Host compute"); // ServiceName
        b.append(",Virtual Machines"); // ServiceSubcategory: "hosts ... to bare-metal servers"
        b.append(',').append(siteIdField); // SubAccountId
        b.append(',').append(siteNameField); // SubAccountName
        b.append(',').append(a.tags());
        // x_ columns
        micros(b.append(','), am);
        micros(b.append(','), el);
        micros(b.append(','), cl);
        micros(b.append(','), fb);
        micros(b.append(','), idleCost.next(a.idleCost));
        micros(b.append(','), it);
        micros(b.append(','), facility);
        micros(b.append(','), estimatedKwh.next(a.estimatedKwh));
        b.append(',').append(energyBasis(a));
        micros(b.append(','), idleKwh.next(a.idleKwh));
        micros(b.append(','), unpricedKwh.next(a.unpricedKwh));
        micros(b.append(','), operationalKg.next(a.operationalGrams.movePointLeft(3)));
        micros(b.append(','), embodiedKg.next(a.embodiedGrams.movePointLeft(3)));
        micros(b.append(','), idleHours.next(a.idleMillis / HOUR));
        b.append(',');
        if (a.millis > 0) {
            fixed(b, Math.round(Math.min(1, a.coveredMillis / a.millis) * 10_000), 4);
        }
        b.append(',').append(pricing(a.pricing));
        b.append(',').append(a.user.isEmpty() ? "false" : "true"); // x_AllocationEstimated: split by SM share
        b.append(',').append(hostField);
        b.append(',').append(gpuModelField);
        b.append("\r\n");
    }

    private String description(Acc a) {
        int key = (gpu ? 1 : 0)
                | a.pricing << 1
                | (a.electricity.signum() > 0 ? 16 : 0)
                | (a.unpricedKwh.signum() > 0 ? 32 : 0)
                | (a.user.isEmpty() ? 0 : 64)
                | (a.idleMillis > 0 ? 128 : 0);
        return descriptions.computeIfAbsent(key, k -> {
            List<String> parts = new ArrayList<>();
            if (a.pricing == 0) {
                parts.add("no price known for the hardware");
            }
            if ((a.pricing & OWNED) != 0) {
                parts.add(gpu ? "owned GPU amortised over its life" : "owned host amortised over its life");
            }
            if ((a.pricing & CLOUD) != 0) {
                parts.add(
                        gpu
                                ? "share of the cloud instance price (electricity included)"
                                : "cloud instance whose GPUs carry its price but what they do not take"
                                        + " (electricity included)");
            }
            if ((a.pricing & FALLBACK) != 0) {
                parts.add("default GPU-hour price (no hardware or cloud price known)");
            }
            if (a.electricity.signum() > 0) {
                parts.add("electricity at the site tariff");
            }
            if (a.unpricedKwh.signum() > 0) {
                parts.add("energy with no electricity price (not costed)");
            }
            if (!a.user.isEmpty()) {
                parts.add("the user's share by SM use (estimated)");
            }
            if (a.idleMillis > 0) {
                parts.add("includes idle time");
            }
            return field((gpu ? "GPU time: " : "Host CPU and memory: ") + String.join("; ", parts));
        });
    }

    /** {"team":…,"project":…,"user":…} with the keys that have a value; null when none has. */
    static String tags(String team, String project, String user) {
        StringBuilder b = new StringBuilder(64);
        b.append('{');
        tag(b, "team", team);
        tag(b, "project", project);
        tag(b, "user", user);
        if (b.length() == 1) {
            return null;
        }
        return b.append('}').toString();
    }

    private static void tag(StringBuilder b, String key, String value) {
        if (value.isEmpty() || value.equals(AccountingEngine.UNALLOCATED)) {
            return;
        }
        if (b.length() > 1) {
            b.append(',');
        }
        json(b, key);
        b.append(':');
        json(b, value);
    }

    /** A JSON string (ECMA-404): quotes, backslashes and control characters escaped. */
    static void json(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        b.append('"');
    }

    private static String energyBasis(Acc a) {
        if (a.coveredMillis == 0) {
            return ""; // null: no energy reading
        }
        if (a.estimatedKwh.signum() <= 0) {
            return "measured";
        }
        return a.estimatedKwh.compareTo(a.itKwh) >= 0 ? "estimated" : "partly estimated";
    }

    private static String pricing(int mask) {
        return switch (mask) {
            case 0 -> ""; // null: no price known
            case OWNED -> "owned";
            case CLOUD -> "cloud";
            case FALLBACK -> "fallback";
            default -> {
                List<String> kinds = new ArrayList<>();
                if ((mask & OWNED) != 0) {
                    kinds.add("owned");
                }
                if ((mask & CLOUD) != 0) {
                    kinds.add("cloud");
                }
                if ((mask & FALLBACK) != 0) {
                    kinds.add("fallback");
                }
                yield String.join("+", kinds);
            }
        };
    }

    // ------------------------------------------------------------------------------------------------ formats

    /** {@code YYYY-MM-DDTHH:mm:ssZ} (FOCUS Date/Time Format) of an epoch millisecond, to the second. */
    static String utc(long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), 0, ZoneOffset.UTC);
        char[] c = new char[20];
        int y = t.getYear();
        if (y < 0 || y > 9999) {
            throw new IllegalArgumentException("year out of range: " + y);
        }
        digits(c, 0, y, 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        c[19] = 'Z';
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Millionths as a plain decimal: "0", "12", "0.42", "-1.000001". */
    static String micros(long units) {
        return micros(new StringBuilder(24), units).toString();
    }

    static StringBuilder micros(StringBuilder b, long units) {
        return fixed(b, units, 6);
    }

    /** {@code units} × 10^−{@code decimals} in plain notation, trailing zeros dropped, appended to {@code b}. */
    static StringBuilder fixed(StringBuilder b, long units, int decimals) {
        if (units == 0) {
            return b.append('0');
        }
        long u = units;
        if (u < 0) {
            b.append('-');
            u = -u;
        }
        long scale = 1;
        for (int i = 0; i < decimals; i++) {
            scale *= 10;
        }
        b.append(u / scale);
        long frac = u % scale;
        if (frac != 0) {
            int width = decimals;
            while (frac % 10 == 0) {
                frac /= 10;
                width--;
            }
            b.append('.');
            int digits = 1;
            for (long p = 10; p <= frac; p *= 10) {
                digits++;
            }
            for (int i = digits; i < width; i++) {
                b.append('0');
            }
            b.append(frac);
        }
        return b;
    }

    /**
     * Rounding with error feedback, in millionths, of exact decimal figures (money, energy, carbon): each value is
     * rounded half-even together with what the values before it left over, so the written values add up to the
     * exact sum, rounded once. Nothing passes through binary floating point.
     */
    static final class ExactCarry {
        private BigDecimal residual = BigDecimal.ZERO;
        long total;

        long next(BigDecimal value) {
            BigDecimal x = value.add(residual);
            BigDecimal w = x.setScale(6, java.math.RoundingMode.HALF_EVEN);
            residual = x.subtract(w);
            long micros = w.unscaledValue().longValueExact();
            total += micros;
            return micros;
        }
    }

    /**
     * Rounding with error feedback, in millionths: each value is rounded together with what the values before it
     * left over, so the written values add up to the exact sum, rounded once.
     */
    static final class Carry {
        private double residual;
        long total;

        long next(double value) {
            double x = value * MICRO + residual;
            long w = Math.round(x);
            residual = x - w;
            total += w;
            return w;
        }
    }

    /** The sums of one row: one allocation of one resource in one charge period. */
    static final class Acc {
        String team;
        String project;
        String user;
        double millis;
        double coveredMillis;
        double idleMillis;
        BigDecimal itKwh = BigDecimal.ZERO;
        BigDecimal facilityKwh = BigDecimal.ZERO;
        BigDecimal estimatedKwh = BigDecimal.ZERO;
        BigDecimal idleKwh = BigDecimal.ZERO;
        BigDecimal unpricedKwh = BigDecimal.ZERO;
        BigDecimal operationalGrams = BigDecimal.ZERO;
        BigDecimal embodiedGrams = BigDecimal.ZERO;
        BigDecimal amortisation = BigDecimal.ZERO;
        BigDecimal electricity = BigDecimal.ZERO;
        BigDecimal cloud = BigDecimal.ZERO;
        BigDecimal fallback = BigDecimal.ZERO;
        BigDecimal idleCost = BigDecimal.ZERO;
        int pricing;
        /** The Tags field of {@link #team}, {@link #project} and {@link #user}, quoted for CSV; made when asked. */
        private String tagsField;

        /** The Tags field, quoted for CSV ("" for null). */
        String tags() {
            if (tagsField == null) {
                tagsField = field(FocusRows.tags(team, project, user));
            }
            return tagsField;
        }

        void reset(String team, String project, String user) {
            if (!team.equals(this.team) || !project.equals(this.project) || !user.equals(this.user)) {
                tagsField = null;
            }
            this.team = team;
            this.project = project;
            this.user = user;
            millis = 0;
            coveredMillis = 0;
            idleMillis = 0;
            itKwh = BigDecimal.ZERO;
            facilityKwh = BigDecimal.ZERO;
            estimatedKwh = BigDecimal.ZERO;
            idleKwh = BigDecimal.ZERO;
            unpricedKwh = BigDecimal.ZERO;
            operationalGrams = BigDecimal.ZERO;
            embodiedGrams = BigDecimal.ZERO;
            amortisation = BigDecimal.ZERO;
            electricity = BigDecimal.ZERO;
            cloud = BigDecimal.ZERO;
            fallback = BigDecimal.ZERO;
            idleCost = BigDecimal.ZERO;
            pricing = 0;
        }

        void add(Charge c) {
            millis += c.millis();
            coveredMillis += c.coveredMillis();
            itKwh = itKwh.add(c.itKwh());
            facilityKwh = facilityKwh.add(c.facilityKwh());
            estimatedKwh = estimatedKwh.add(c.estimatedKwh());
            unpricedKwh = unpricedKwh.add(c.unpricedKwh());
            operationalGrams = operationalGrams.add(c.operationalGrams());
            embodiedGrams = embodiedGrams.add(c.embodiedGrams());
            amortisation = amortisation.add(c.amortisation());
            electricity = electricity.add(c.electricity());
            cloud = cloud.add(c.cloud());
            fallback = fallback.add(c.fallback());
            if (c.idle()) {
                idleMillis += c.millis();
                idleKwh = idleKwh.add(c.itKwh());
                idleCost = idleCost.add(c.total());
            }
            pricing |= switch (c.hardware()) {
                case "owned" -> OWNED;
                case "cloud" -> CLOUD;
                case "fallback" -> FALLBACK;
                default -> 0;
            };
        }
    }
}
