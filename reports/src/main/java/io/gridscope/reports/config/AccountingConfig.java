package io.gridscope.reports.config;

import io.gridscope.reports.money.Money;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything the accounting needs besides the measurements: sites, prices, exchange rates, allocation rules,
 * budgets and the models used where nothing is measured. Immutable; read from the accounting file by {@link
 * AccountingFile}, which validates it. Every dated entry is effective-dated ({@link Effective}).
 *
 * @param currency the currency reports are in unless the user picks another
 * @param timeZone the zone whose calendar makes days, months and quarters (and time-of-use hours of sites that do
 *     not set their own)
 * @param idleThresholdRatio GPU utilisation (0..1) under which GPU time is idle
 * @param shareIdle false: idle cost and energy are kept apart (a group of their own); true: shared out among the
 *     groups in proportion to their cost (OpenCost's shareIdle)
 */
public record AccountingConfig(
        Currency currency,
        ZoneId timeZone,
        BigDecimal idleThresholdRatio,
        boolean shareIdle,
        List<Site> sites,
        List<ElectricityRate> electricity,
        List<Hardware> hardware,
        List<CloudInstance> cloud,
        List<GpuHourPrice> gpuHourDefaults,
        List<ExchangeRate> exchangeRates,
        List<AllocationRule> allocation,
        List<Budget> budgets,
        HostPowerModel hostPower,
        EmbodiedDefaults embodied,
        Optional<Path> file) {

    public static final BigDecimal DEFAULT_IDLE_THRESHOLD = new BigDecimal("0.05");

    public AccountingConfig {
        Objects.requireNonNull(currency);
        Objects.requireNonNull(timeZone);
        Objects.requireNonNull(idleThresholdRatio);
        sites = List.copyOf(sites);
        electricity = List.copyOf(electricity);
        hardware = List.copyOf(hardware);
        cloud = List.copyOf(cloud);
        gpuHourDefaults = List.copyOf(gpuHourDefaults);
        exchangeRates = List.copyOf(exchangeRates);
        allocation = List.copyOf(allocation);
        budgets = List.copyOf(budgets);
        Objects.requireNonNull(hostPower);
        Objects.requireNonNull(embodied);
        Objects.requireNonNull(file);
    }

    /** A configuration with no site, price or rule: every figure falls back and says so. */
    public static AccountingConfig empty(Currency currency, ZoneId zone) {
        return new AccountingConfig(
                currency,
                zone,
                DEFAULT_IDLE_THRESHOLD,
                false,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                HostPowerModel.CCF,
                EmbodiedDefaults.CCF,
                Optional.empty());
    }

    /** The site whose host patterns hold {@code host} (the first in file order), if any. */
    public Optional<Site> siteOf(String host) {
        return sites.stream().filter(s -> s.holds(host)).findFirst();
    }

    // ------------------------------------------------------------------------------------------------ entries

    /** One band of a time-of-use tariff: {@code [start, end)} local time of day; {@code end} 00:00 = midnight. */
    public record TouBand(LocalTime start, LocalTime end, BigDecimal pricePerKwh) {
        boolean contains(LocalTime t) {
            boolean toMidnight = end.equals(LocalTime.MIDNIGHT);
            return !t.isBefore(start) && (toMidnight || t.isBefore(end));
        }

        public String describe() {
            return start + "–" + (end.equals(LocalTime.MIDNIGHT) ? "24:00" : end.toString()) + " "
                    + pricePerKwh.toPlainString();
        }
    }

    /**
     * The electricity price of a site: flat, or time-of-use bands covering the whole day in the site's zone.
     *
     * @param flatPerKwh the price of one kWh, when flat
     */
    public record ElectricityRate(
            String site,
            Currency currency,
            Effective effective,
            Optional<BigDecimal> flatPerKwh,
            List<TouBand> bands,
            int line)
            implements Located {
        public ElectricityRate {
            bands = List.copyOf(bands);
        }

        /** The price per kWh at {@code t}, local time in {@code zone}. */
        public Money pricePerKwhAt(Instant t, ZoneId zone) {
            if (flatPerKwh.isPresent()) {
                return new Money(flatPerKwh.get(), currency);
            }
            LocalTime local = t.atZone(zone).toLocalTime();
            for (TouBand b : bands) {
                if (b.contains(local)) {
                    return new Money(b.pricePerKwh(), currency);
                }
            }
            throw new IllegalStateException("time-of-use bands do not cover " + local);
        }

        public String describe() {
            String price = flatPerKwh
                    .map(p -> p.toPlainString() + " " + currency.getCurrencyCode() + "/kWh flat")
                    .orElseGet(() -> "time of use "
                            + String.join(
                                    ", ", bands.stream().map(TouBand::describe).toList()) + " "
                            + currency.getCurrencyCode() + "/kWh");
            return price + ", " + effective.describe();
        }
    }

    /** What an owned piece of hardware is: one GPU (by UUID), the GPUs of a model, or a host without its GPUs. */
    public enum HardwareKind {
        GPU,
        GPU_MODEL,
        HOST
    }

    /**
     * Owned hardware, amortised over its lifetime: (purchase price − residual value + yearly support × years) ÷ the
     * hours of its life (from the purchase date to the same date {@code lifetimeMonths} later, in the accounting
     * time zone). The hardware costs from its purchase to the end of its life, measured or not.
     *
     * @param match a GPU UUID, a GPU model name (as NVML reports it), or a host name or glob
     * @param hostPattern for {@link HardwareKind#GPU_MODEL}, the hosts whose GPUs of that model it is (glob)
     * @param embodiedKgCo2e the embodied emissions of one unit, when known (else the defaults for GPUs)
     */
    public record Hardware(
            HardwareKind kind,
            String match,
            Optional<String> hostPattern,
            Money purchasePrice,
            Money residualValue,
            Money supportPerYear,
            Instant purchased,
            Instant endOfLife,
            int lifetimeMonths,
            Optional<BigDecimal> embodiedKgCo2e,
            int line)
            implements Located {

        /** Seconds of life: the denominator of the hourly rate. */
        public long lifeSeconds() {
            return endOfLife.getEpochSecond() - purchased.getEpochSecond();
        }

        /** Total amount to amortise over the life, in the purchase currency. */
        public Money amortisedTotal() {
            BigDecimal years = BigDecimal.valueOf(lifetimeMonths).divide(BigDecimal.valueOf(12), Money.CALC);
            return purchasePrice.minus(residualValue).plus(supportPerYear.times(years));
        }

        /** Cost per second of life. */
        public Money perSecond() {
            return amortisedTotal().dividedBy(BigDecimal.valueOf(lifeSeconds()));
        }

        public boolean alive(Instant t) {
            return !t.isBefore(purchased) && t.isBefore(endOfLife);
        }

        public String describe() {
            return switch (kind) {
                        case GPU -> "GPU " + match;
                        case GPU_MODEL ->
                            "each " + match + hostPattern.map(h -> " on " + h).orElse("");
                        case HOST -> "host " + match + " (without its GPUs)";
                    }
                    + ": " + purchasePrice.format() + " bought " + purchased + ", " + lifetimeMonths
                    + " months, residual " + residualValue.format() + ", support " + supportPerYear.format()
                    + "/year → "
                    + amortisedTotal()
                            .dividedBy(BigDecimal.valueOf(lifeSeconds()))
                            .times(BigDecimal.valueOf(3600))
                            .amount()
                            .setScale(4, java.math.RoundingMode.HALF_EVEN)
                            .toPlainString()
                    + " " + purchasePrice.currency().getCurrencyCode() + "/hour";
        }
    }

    /**
     * A cloud instance: its hourly price is split evenly over its GPUs ({@code gpus}, else the GPUs seen on the
     * host); an instance without GPUs bills to the host.
     */
    public record CloudInstance(String hostPattern, Money pricePerHour, Effective effective, OptionalInt gpus, int line)
            implements Located {
        public String describe() {
            return "instance " + hostPattern + ": " + pricePerHour.amount().toPlainString() + " "
                    + pricePerHour.currency().getCurrencyCode() + "/hour"
                    + (gpus.isPresent() ? " over " + gpus.getAsInt() + " GPUs" : "") + ", " + effective.describe();
        }
    }

    /** The price of a GPU-hour for GPUs with neither owned hardware nor a cloud instance: a labelled fallback. */
    public record GpuHourPrice(Money pricePerHour, Effective effective, int line) implements Located {}

    /** {@code 1 from = rate to}, effective-dated. */
    public record ExchangeRate(Currency from, Currency to, BigDecimal rate, Effective effective, int line)
            implements Located {
        public String describe() {
            return "1 " + from.getCurrencyCode() + " = " + rate.toPlainString() + " " + to.getCurrencyCode() + ", "
                    + effective.describe();
        }
    }

    /** What an allocation rule matches on, most specific first: a rule for a user beats one for its GPU or host. */
    public enum MatchKind {
        USER,
        CONTAINER,
        GPU,
        HOST
    }

    /**
     * Maps hosts, GPUs (by UUID), users or containers (globs) to a team and a project while it is effective.
     * Nothing is dropped: what no rule matches is "unallocated".
     */
    public record AllocationRule(
            MatchKind kind, String pattern, String team, Optional<String> project, Effective effective, int line)
            implements Located {
        public boolean matches(String value, Instant t) {
            return value != null && Globs.matches(pattern, value) && effective.contains(t);
        }

        public String describe() {
            return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + pattern + " → team " + team
                    + project.map(p -> ", project " + p).orElse("") + ", " + effective.describe();
        }
    }

    public enum BudgetPeriod {
        MONTH,
        QUARTER;

        /** The start of the period that contains {@code t}, in {@code zone}. */
        public ZonedDateTime start(Instant t, ZoneId zone) {
            ZonedDateTime d = t.atZone(zone).toLocalDate().withDayOfMonth(1).atStartOfDay(zone);
            if (this == QUARTER) {
                int m = d.getMonthValue();
                d = d.withMonth(m - (m - 1) % 3);
            }
            return d;
        }

        public ZonedDateTime end(ZonedDateTime start) {
            return this == MONTH ? start.plusMonths(1) : start.plusMonths(3);
        }
    }

    /** A spending limit of a team or a project per month or quarter. */
    public record Budget(
            Optional<String> team,
            Optional<String> project,
            BudgetPeriod period,
            Money amount,
            Effective effective,
            int line)
            implements Located {
        public String owner() {
            return team.map(t -> "team " + t).orElseGet(() -> "project " + project.orElseThrow());
        }
    }

    /**
     * The estimated power of a host without a RAPL meter, as in Cloud Carbon Footprint: per logical core, min watts
     * + utilisation × (max − min); plus memory watts per GB.
     */
    public record HostPowerModel(
            BigDecimal cpuMinWattsPerCore, BigDecimal cpuMaxWattsPerCore, BigDecimal memoryWattsPerGb, String source) {
        /** Cloud Carbon Footprint's average coefficients (on-premises and unknown micro-architectures). */
        public static final HostPowerModel CCF = new HostPowerModel(
                new BigDecimal("0.74"),
                new BigDecimal("3.5"),
                new BigDecimal("0.392"),
                "Cloud Carbon Footprint methodology: average min/max watts per vCPU 0.74/3.5 W (AWS mix), memory"
                        + " 0.392 W/GB");

        public String describe() {
            return "per logical core " + cpuMinWattsPerCore.toPlainString() + " W + utilisation × ("
                    + cpuMaxWattsPerCore.toPlainString() + " − " + cpuMinWattsPerCore.toPlainString()
                    + ") W; memory " + memoryWattsPerGb.toPlainString() + " W/GB (" + source + ")";
        }
    }

    /** Embodied emissions assumed for an owned GPU card where its hardware entry does not say. */
    public record EmbodiedDefaults(BigDecimal gpuCardKgCo2e, int lifetimeMonths, String source) {
        public static final EmbodiedDefaults CCF = new EmbodiedDefaults(
                new BigDecimal("150"), 48, "Cloud Carbon Footprint: 150 kgCO2e per GPU card, amortised over 4 years");
    }

    /** Entries sorted by the line they were written on, for error messages and the methodology. */
    static <T extends Located> List<T> byLine(List<T> entries) {
        return entries.stream().sorted(Comparator.comparingInt(Located::line)).toList();
    }
}
