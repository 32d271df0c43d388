package io.gridscope.console.ui.accounting;

import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.money.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How accounting figures read: money only through {@link Money#format()} and {@link Money#rounded()} (never through a
 * double), energy and carbon from their {@link BigDecimal}s, coverage below 100 % said in words ("93 % measured"),
 * nothing measured shown as "no data", never as zero. Pure functions, no JavaFX.
 */
public final class AccountingFormats {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ROOT);
    private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ROOT);
    private static final Pattern GPU_KEY = Pattern.compile("(GPU-[0-9a-fA-F]{8})[-0-9a-fA-F]*(.*)");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private AccountingFormats() {}

    /** 1234.5 → "1,234.5"; under 10 with two decimals ("3.25"), so small figures do not read as 0. */
    public static String energy(BigDecimal kwh) {
        return String.format(Locale.ROOT, kwh.abs().compareTo(BigDecimal.TEN) < 0 ? "%,.2f" : "%,.1f", kwh);
    }

    /** Kilograms of CO2e, as {@link #energy}. */
    public static String kg(BigDecimal kg) {
        return energy(kg);
    }

    /** An amount in a table whose header names the currency: "1234.57". */
    public static String amount(Money m) {
        return m.rounded().toPlainString();
    }

    /** 0..1 → "42 %". */
    public static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f %%", ratio * 100);
    }

    /** "100 %" when nothing is missing, "93 % measured" when some is, "no data" when nothing was measured. */
    public static String coverage(double coverage) {
        if (coverage <= 0) {
            return "no data";
        }
        if (coverage >= 0.9995) {
            return "100 %";
        }
        return String.format(Locale.ROOT, "%.0f %% measured", Math.floor(coverage * 100));
    }

    /** Whether a figure with {@code coverage} must say how much of it was measured. */
    public static boolean partial(double coverage) {
        return coverage < 0.9995;
    }

    /** "+12 % (+340.00 EUR)", "−5 % (−20.00 EUR)", or "new (+12.00 EUR)" when there was nothing before. */
    public static String delta(Money now, Money before) {
        Money diff = now.minus(before);
        String money = (diff.amount().signum() >= 0 ? "+" : "") + diff.format();
        return relative(diff.amount(), before.amount()) + " (" + money + ")";
    }

    /** "+12 % (+3.40 kgCO2e)" for quantities with a unit. */
    public static String delta(BigDecimal now, BigDecimal before, String unit) {
        BigDecimal diff = now.subtract(before);
        return relative(diff, before) + " (" + (diff.signum() >= 0 ? "+" : "") + energy(diff) + " " + unit + ")";
    }

    private static String relative(BigDecimal diff, BigDecimal before) {
        if (before.signum() == 0) {
            return diff.signum() == 0 ? "±0 %" : "new";
        }
        BigDecimal pct = diff.multiply(HUNDRED)
                .divide(before.abs(), MathContext.DECIMAL64)
                .setScale(0, RoundingMode.HALF_UP);
        return (pct.signum() > 0 ? "+" : pct.signum() == 0 ? "±" : "") + pct.toPlainString() + " %";
    }

    /** A group as a table or legend shows it: GPU UUIDs shortened to their first 8 digits ("GPU-5a1c2d3e…"). */
    public static String group(String group) {
        Matcher m = GPU_KEY.matcher(group);
        if (m.matches() && group.length() > m.group(1).length() + m.group(2).length()) {
            return m.group(1) + "…" + m.group(2);
        }
        return group;
    }

    /** "team", "GPU", … as a column or breadcrumb names it. */
    public static String groupBy(GroupBy by) {
        return switch (by) {
            case GPU -> "GPU";
            default -> by.label();
        };
    }

    /** "1 Jan 2026 – 31 Jan 2026" for {@code [from, to)} in {@code zone} (the last day shown is the one before to). */
    public static String period(Instant from, Instant to, ZoneId zone) {
        LocalDate first = from.atZone(zone).toLocalDate();
        LocalDate last = to.minusNanos(1).atZone(zone).toLocalDate();
        return first.equals(last) ? DAY.format(first) : DAY.format(first) + " – " + DAY.format(last);
    }

    /** "3 Jan" for a chart's category axis. */
    public static String day(LocalDate day) {
        return SHORT_DAY.format(day);
    }

    /** Whether a row is the idle time kept apart. */
    public static boolean idle(String group) {
        return AccountingEngine.IDLE.equals(group);
    }
}
