package io.gridscope.reports.config;

import io.gridscope.model.toml.TomlLite;
import io.gridscope.reports.config.AccountingConfig.AllocationRule;
import io.gridscope.reports.config.AccountingConfig.Budget;
import io.gridscope.reports.config.AccountingConfig.BudgetPeriod;
import io.gridscope.reports.config.AccountingConfig.CloudInstance;
import io.gridscope.reports.config.AccountingConfig.ElectricityRate;
import io.gridscope.reports.config.AccountingConfig.EmbodiedDefaults;
import io.gridscope.reports.config.AccountingConfig.ExchangeRate;
import io.gridscope.reports.config.AccountingConfig.GpuHourPrice;
import io.gridscope.reports.config.AccountingConfig.Hardware;
import io.gridscope.reports.config.AccountingConfig.HardwareKind;
import io.gridscope.reports.config.AccountingConfig.HostPowerModel;
import io.gridscope.reports.config.AccountingConfig.MatchKind;
import io.gridscope.reports.config.AccountingConfig.TouBand;
import io.gridscope.reports.money.Money;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * The accounting file, {@code accounting.toml} in the configuration directory: reads and validates it into an
 * {@link AccountingConfig}, and writes a configuration back in the same form. Every problem names the file, the
 * line and the field; all problems are reported at once. See the README ("Accounting") for the format.
 */
public final class AccountingFile {
    public static final String FILE_NAME = "accounting.toml";
    /** Larger files are refused before they are read. */
    public static final long MAX_BYTES = 4L * 1024 * 1024;

    /** Longest hardware lifetime a file may set, in months (100 years): amortisation divides by it. */
    private static final BigDecimal MAX_LIFETIME_MONTHS = BigDecimal.valueOf(1200);

    /** Most GPUs a cloud instance may declare. */
    private static final BigDecimal MAX_GPUS_PER_INSTANCE = BigDecimal.valueOf(1024);

    private static final Set<String> ROOT_KEYS = Set.of("currency", "timezone", "idle_threshold", "share_idle");
    private static final Map<String, Set<String>> TABLE_KEYS = Map.of(
            "site",
            Set.of(
                    "id",
                    "name",
                    "hosts",
                    "pue",
                    "timezone",
                    "zone",
                    "intensity",
                    "intensity_unit",
                    "intensity_basis",
                    "intensity_scope",
                    "intensity_profile",
                    "electricitymaps_zone",
                    "electricitymaps_token_file"),
            "electricity",
            Set.of("site", "currency", "from", "to", "price_per_kwh", "time_of_use"),
            "hardware",
            Set.of(
                    "gpu",
                    "gpu_model",
                    "host",
                    "on_hosts",
                    "purchase_price",
                    "currency",
                    "purchase_date",
                    "lifetime_months",
                    "lifetime_years",
                    "residual_value",
                    "support_per_year",
                    "embodied_kgco2e"),
            "cloud",
            Set.of("host", "price_per_hour", "currency", "from", "to", "gpus"),
            "gpu_hour_default",
            Set.of("price_per_hour", "currency", "from", "to"),
            "exchange_rate",
            Set.of("from_currency", "to_currency", "rate", "from", "to"),
            "allocation",
            Set.of("host", "gpu", "user", "container", "team", "project", "from", "to"),
            "budget",
            Set.of("team", "project", "period", "amount", "currency", "from", "to"),
            "host_power",
            Set.of("cpu_min_watts_per_core", "cpu_max_watts_per_core", "memory_watts_per_gb", "source"),
            "embodied",
            Set.of("gpu_card_kgco2e", "lifetime_months", "source"));
    private static final Set<String> ARRAY_TABLES = Set.of(
            "site", "electricity", "hardware", "cloud", "gpu_hour_default", "exchange_rate", "allocation", "budget");

    private AccountingFile() {}

    /** The file in {@code configDir}. */
    public static Path in(Path configDir) {
        return configDir.resolve(FILE_NAME);
    }

    /**
     * Reads and validates {@code file}. A missing file is an empty configuration in {@code defaultCurrency} and the
     * system zone (every figure then falls back and says so).
     */
    public static AccountingConfig load(Path file, Currency defaultCurrency) throws ConfigException, IOException {
        if (!Files.exists(file)) {
            return AccountingConfig.empty(defaultCurrency, ZoneId.systemDefault());
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new ConfigException(List.of(new ConfigException.Problem(
                    file.toString(), 0, "", "the file is " + size + " bytes; at most " + MAX_BYTES + " are read")));
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return parse(text, file, defaultCurrency);
    }

    /** Validates {@code text} as the content of {@code file} (named in errors; not read). */
    public static AccountingConfig parse(String text, Path file, Currency defaultCurrency) throws ConfigException {
        String name = file.toString();
        List<TomlLite.Table> tables;
        try {
            tables = TomlLite.parse(text);
        } catch (TomlLite.SyntaxError e) {
            throw new ConfigException(List.of(new ConfigException.Problem(name, e.line, "", e.getMessage())));
        }
        Builder b = new Builder(name, defaultCurrency);
        AccountingConfig config = b.build(tables, file);
        if (!b.problems.isEmpty()) {
            throw new ConfigException(b.problems);
        }
        return config;
    }

    // ------------------------------------------------------------------------------------------------ building

    private static final class Builder {
        final String file;
        final Currency defaultCurrency;
        final List<ConfigException.Problem> problems = new ArrayList<>();
        ZoneId zone = ZoneId.systemDefault();

        Builder(String file, Currency defaultCurrency) {
            this.file = file;
            this.defaultCurrency = defaultCurrency;
        }

        void problem(int line, String field, String message) {
            problems.add(new ConfigException.Problem(file, line, field, message));
        }

        AccountingConfig build(List<TomlLite.Table> tables, Path path) {
            TomlLite.Table root = tables.get(0);
            checkKeys(root, ROOT_KEYS, "");
            Currency currency = currency(root, "currency", "").orElse(defaultCurrency);
            zone = zoneId(root, "timezone", "").orElse(ZoneId.systemDefault());
            BigDecimal idle = decimal(root, "idle_threshold", "")
                    .map(v -> {
                        if (v.signum() < 0 || v.compareTo(BigDecimal.ONE) > 0) {
                            problem(
                                    root.values().get("idle_threshold").line(),
                                    "idle_threshold",
                                    "a utilisation ratio between 0 and 1 (0.05 = 5 %), got " + v.toPlainString());
                        }
                        return v;
                    })
                    .orElse(AccountingConfig.DEFAULT_IDLE_THRESHOLD);
            boolean shareIdle = bool(root, "share_idle", "").orElse(false);

            List<Site> sites = new ArrayList<>();
            List<ElectricityRate> electricity = new ArrayList<>();
            List<Hardware> hardware = new ArrayList<>();
            List<CloudInstance> cloud = new ArrayList<>();
            List<GpuHourPrice> gpuHour = new ArrayList<>();
            List<ExchangeRate> rates = new ArrayList<>();
            List<AllocationRule> allocation = new ArrayList<>();
            List<Budget> budgets = new ArrayList<>();
            HostPowerModel hostPower = HostPowerModel.CCF;
            EmbodiedDefaults embodied = EmbodiedDefaults.CCF;
            for (TomlLite.Table t : tables.subList(1, tables.size())) {
                Set<String> keys = TABLE_KEYS.get(t.name());
                if (keys == null) {
                    problem(
                            t.line(),
                            "",
                            "unknown section [" + (t.arrayElement() ? "[" : "") + t.name()
                                    + (t.arrayElement() ? "]" : "") + "]; known: "
                                    + String.join(
                                            ", ",
                                            TABLE_KEYS.keySet().stream()
                                                    .sorted()
                                                    .toList()));
                    continue;
                }
                boolean wantsArray = ARRAY_TABLES.contains(t.name());
                if (wantsArray != t.arrayElement()) {
                    problem(
                            t.line(),
                            "",
                            wantsArray
                                    ? "write [[" + t.name() + "]] (there may be several)"
                                    : "write [" + t.name() + "] (there is one)");
                    continue;
                }
                checkKeys(t, keys, t.name() + ".");
                switch (t.name()) {
                    case "site" -> site(t).ifPresent(sites::add);
                    case "electricity" -> electricity(t).ifPresent(electricity::add);
                    case "hardware" -> hardware(t).ifPresent(hardware::add);
                    case "cloud" -> cloud(t).ifPresent(cloud::add);
                    case "gpu_hour_default" -> gpuHour(t).ifPresent(gpuHour::add);
                    case "exchange_rate" -> rate(t).ifPresent(rates::add);
                    case "allocation" -> allocation(t).ifPresent(allocation::add);
                    case "budget" -> budget(t).ifPresent(budgets::add);
                    case "host_power" -> hostPower = hostPower(t);
                    case "embodied" -> embodied = embodied(t);
                    default -> throw new IllegalStateException(t.name());
                }
            }
            crossChecks(sites, electricity, hardware, cloud, gpuHour, rates, allocation, budgets);
            return new AccountingConfig(
                    currency,
                    zone,
                    idle,
                    shareIdle,
                    sites,
                    electricity,
                    hardware,
                    cloud,
                    gpuHour,
                    rates,
                    allocation,
                    budgets,
                    hostPower,
                    embodied,
                    Optional.of(path));
        }

        // -------------------------------------------------------------------------------------------- sections

        Optional<Site> site(TomlLite.Table t) {
            String p = "site.";
            Optional<String> id = requiredString(t, "id", p);
            List<String> hosts = strings(t, "hosts", p);
            if (hosts.isEmpty() && t.values().containsKey("hosts")) {
                problem(t.values().get("hosts").line(), p + "hosts", "list at least one host name or pattern");
            } else if (!t.values().containsKey("hosts")) {
                problem(t.line(), p + "hosts", "missing: the hosts of this site, e.g. hosts = [\"gpu-node-*\"]");
            }
            BigDecimal pue = decimal(t, "pue", p).orElse(BigDecimal.ONE);
            if (pue.compareTo(BigDecimal.ONE) < 0) {
                problem(
                        line(t, "pue"),
                        p + "pue",
                        "a PUE is at least 1.0 (facility energy ÷ IT energy), got " + pue.toPlainString());
            }
            ZoneId siteZone = zoneId(t, "timezone", p).orElse(zone);
            Optional<BigDecimal> intensity = decimal(t, "intensity", p);
            Optional<String> unit = string(t, "intensity_unit", p);
            if (intensity.isPresent()) {
                if (intensity.get().signum() < 0) {
                    problem(line(t, "intensity"), p + "intensity", "an intensity cannot be negative");
                }
                BigDecimal factor = unit.map(u -> {
                            try {
                                return io.gridscope.reports.carbon.IntensityUnits.parse(u)
                                        .gramsPerKwh();
                            } catch (IllegalArgumentException e) {
                                problem(line(t, "intensity_unit"), p + "intensity_unit", e.getMessage());
                                return BigDecimal.ONE;
                            }
                        })
                        .orElse(BigDecimal.ONE);
                intensity = Optional.of(intensity.get().multiply(factor, Money.CALC));
            } else if (unit.isPresent()) {
                problem(line(t, "intensity_unit"), p + "intensity_unit", "only used with intensity = …");
            }
            String basis = string(t, "intensity_basis", p).orElse("average");
            if (!basis.equals("average") && !basis.equals("marginal")) {
                problem(line(t, "intensity_basis"), p + "intensity_basis", "average or marginal, got " + basis);
            }
            String scope = string(t, "intensity_scope", p).orElse("lifecycle");
            if (!scope.equals("lifecycle") && !scope.equals("direct")) {
                problem(line(t, "intensity_scope"), p + "intensity_scope", "lifecycle or direct, got " + scope);
            }
            Optional<String> gridZone = string(t, "zone", p);
            if (gridZone.isPresent()
                    && io.gridscope.reports.carbon.BuiltInIntensities.shipped()
                            .lookup(gridZone.get())
                            .isEmpty()) {
                problem(
                        line(t, "zone"),
                        p + "zone",
                        "no built-in intensity for zone '" + gridZone.get() + "': use an"
                                + " ISO 3166 country code (DE or DEU) or name, a US state (US-CA), a Nordic bidding zone (SE3),"
                                + " or set intensity = … (gCO2e/kWh)");
            }
            Optional<Path> profile = absolutePath(t, "intensity_profile", p);
            Optional<String> emZone = string(t, "electricitymaps_zone", p);
            Optional<Path> tokenFile = absolutePath(t, "electricitymaps_token_file", p);
            if (id.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Site(
                    id.get(),
                    string(t, "name", p).orElse(id.get()),
                    hosts,
                    pue,
                    siteZone,
                    gridZone,
                    intensity,
                    new Site.IntensityKind(basis, scope),
                    profile,
                    emZone,
                    tokenFile,
                    t.line()));
        }

        Optional<ElectricityRate> electricity(TomlLite.Table t) {
            String p = "electricity.";
            Optional<String> site = requiredString(t, "site", p);
            Optional<Currency> cur = requiredCurrency(t, p);
            Optional<Effective> eff = effective(t, p, true);
            Optional<BigDecimal> flat = nonNegative(t, "price_per_kwh", p);
            List<TouBand> bands = new ArrayList<>();
            if (t.values().containsKey("time_of_use")) {
                bands = touBands(t, p);
            }
            if (flat.isPresent() == t.values().containsKey("time_of_use")) {
                problem(
                        t.line(),
                        p + "price_per_kwh",
                        "set either price_per_kwh (flat) or time_of_use (bands), not both nor neither");
                return Optional.empty();
            }
            if (site.isEmpty() || cur.isEmpty() || eff.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ElectricityRate(site.get(), cur.get(), eff.get(), flat, bands, t.line()));
        }

        List<TouBand> touBands(TomlLite.Table t, String p) {
            List<TouBand> bands = new ArrayList<>();
            int line = line(t, "time_of_use");
            for (String s : strings(t, "time_of_use", p)) {
                var m = java.util.regex.Pattern.compile("(\\d{2}:\\d{2})-(\\d{2}:\\d{2})=([0-9.]+)")
                        .matcher(s.replace(" ", ""));
                if (!m.matches()) {
                    problem(line, p + "time_of_use", "'" + s + "' is not HH:MM-HH:MM=price (e.g. 07:00-22:00=0.32)");
                    continue;
                }
                try {
                    LocalTime start = LocalTime.parse(m.group(1));
                    LocalTime end = m.group(2).equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(m.group(2));
                    if (!end.equals(LocalTime.MIDNIGHT) && !end.isAfter(start)) {
                        problem(line, p + "time_of_use", "'" + s + "' ends before it starts");
                        continue;
                    }
                    bands.add(new TouBand(start, end, new BigDecimal(m.group(3))));
                } catch (DateTimeParseException | NumberFormatException e) {
                    problem(line, p + "time_of_use", "'" + s + "': " + e.getMessage());
                }
            }
            bands.sort(Comparator.comparing(TouBand::start));
            LocalTime expected = LocalTime.MIDNIGHT;
            boolean first = true;
            for (TouBand b : bands) {
                if (!b.start().equals(expected) || (!first && expected.equals(LocalTime.MIDNIGHT))) {
                    problem(
                            line,
                            p + "time_of_use",
                            "the bands must cover the day from 00:00 to 24:00 without"
                                    + " gaps or overlaps; expected a band starting at " + expected + ", found "
                                    + b.start());
                    return bands;
                }
                expected = b.end();
                first = false;
            }
            if (!bands.isEmpty() && !expected.equals(LocalTime.MIDNIGHT)) {
                problem(line, p + "time_of_use", "the bands end at " + expected + "; they must reach 24:00");
            }
            return bands;
        }

        Optional<Hardware> hardware(TomlLite.Table t) {
            String p = "hardware.";
            List<String> which = new ArrayList<>();
            for (String k : List.of("gpu", "gpu_model", "host")) {
                if (t.values().containsKey(k)) {
                    which.add(k);
                }
            }
            if (which.size() != 1) {
                problem(t.line(), p + "gpu", "name exactly one of gpu (a UUID), gpu_model or host");
                return Optional.empty();
            }
            String key = which.get(0);
            HardwareKind kind = switch (key) {
                case "gpu" -> HardwareKind.GPU;
                case "gpu_model" -> HardwareKind.GPU_MODEL;
                default -> HardwareKind.HOST;
            };
            Optional<String> match = string(t, key, p);
            Optional<String> onHosts = string(t, "on_hosts", p);
            if (onHosts.isPresent() && kind != HardwareKind.GPU_MODEL) {
                problem(line(t, "on_hosts"), p + "on_hosts", "only used with gpu_model");
            }
            Optional<Currency> cur = requiredCurrency(t, p);
            Optional<BigDecimal> price = nonNegative(t, "purchase_price", p);
            if (price.isEmpty() && !t.values().containsKey("purchase_price")) {
                problem(t.line(), p + "purchase_price", "missing");
            }
            BigDecimal residual = nonNegative(t, "residual_value", p).orElse(BigDecimal.ZERO);
            BigDecimal support = nonNegative(t, "support_per_year", p).orElse(BigDecimal.ZERO);
            Optional<Instant> purchased = instant(t, "purchase_date", p);
            if (purchased.isEmpty() && !t.values().containsKey("purchase_date")) {
                problem(t.line(), p + "purchase_date", "missing");
            }
            OptionalInt months = lifetimeMonths(t, p);
            Optional<BigDecimal> embodied = nonNegative(t, "embodied_kgco2e", p);
            if (price.isPresent() && residual.compareTo(price.get()) > 0) {
                problem(line(t, "residual_value"), p + "residual_value", "is more than the purchase price");
            }
            if (match.isEmpty() || cur.isEmpty() || price.isEmpty() || purchased.isEmpty() || months.isEmpty()) {
                return Optional.empty();
            }
            Instant end =
                    purchased.get().atZone(zone).plusMonths(months.getAsInt()).toInstant();
            return Optional.of(new Hardware(
                    kind,
                    match.get(),
                    onHosts,
                    new Money(price.get(), cur.get()),
                    new Money(residual, cur.get()),
                    new Money(support, cur.get()),
                    purchased.get(),
                    end,
                    months.getAsInt(),
                    embodied,
                    t.line()));
        }

        OptionalInt lifetimeMonths(TomlLite.Table t, String p) {
            boolean hasMonths = t.values().containsKey("lifetime_months");
            boolean hasYears = t.values().containsKey("lifetime_years");
            if (hasMonths == hasYears) {
                problem(t.line(), p + "lifetime_years", "set lifetime_years or lifetime_months (one of them)");
                return OptionalInt.empty();
            }
            String key = hasMonths ? "lifetime_months" : "lifetime_years";
            Optional<BigDecimal> v = decimal(t, key, p);
            if (v.isEmpty()) {
                return OptionalInt.empty();
            }
            BigDecimal months = hasMonths ? v.get() : v.get().multiply(BigDecimal.valueOf(12));
            if (months.signum() <= 0) {
                problem(
                        line(t, key),
                        p + key,
                        "a lifetime must be more than zero, got " + v.get().toPlainString());
                return OptionalInt.empty();
            }
            if (months.stripTrailingZeros().scale() > 0 || months.compareTo(MAX_LIFETIME_MONTHS) > 0) {
                problem(
                        line(t, key),
                        p + key,
                        "a whole number of months up to 100 years, got "
                                + v.get().toPlainString());
                return OptionalInt.empty();
            }
            return OptionalInt.of(months.intValueExact());
        }

        /** The optional whole number at {@code key}, from 1 to {@code max}; anything else is a problem with its line. */
        OptionalInt wholeNumber(TomlLite.Table t, String key, String p, BigDecimal max, String expected) {
            Optional<BigDecimal> v = decimal(t, key, p);
            if (v.isEmpty()) {
                return OptionalInt.empty();
            }
            BigDecimal n = v.get();
            if (n.signum() <= 0 || n.stripTrailingZeros().scale() > 0 || n.compareTo(max) > 0) {
                problem(line(t, key), p + key, expected + ", got " + n.toPlainString());
                return OptionalInt.empty();
            }
            return OptionalInt.of(n.intValueExact());
        }

        Optional<CloudInstance> cloud(TomlLite.Table t) {
            String p = "cloud.";
            Optional<String> host = requiredString(t, "host", p);
            Optional<Currency> cur = requiredCurrency(t, p);
            Optional<BigDecimal> price = requiredNonNegative(t, "price_per_hour", p);
            Optional<Effective> eff = effective(t, p, false);
            OptionalInt gpus =
                    wholeNumber(t, "gpus", p, MAX_GPUS_PER_INSTANCE, "a whole number of GPUs from 1 to 1024");
            if (host.isEmpty() || cur.isEmpty() || price.isEmpty() || eff.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(
                    new CloudInstance(host.get(), new Money(price.get(), cur.get()), eff.get(), gpus, t.line()));
        }

        Optional<GpuHourPrice> gpuHour(TomlLite.Table t) {
            String p = "gpu_hour_default.";
            Optional<Currency> cur = requiredCurrency(t, p);
            Optional<BigDecimal> price = requiredNonNegative(t, "price_per_hour", p);
            Optional<Effective> eff = effective(t, p, false);
            if (cur.isEmpty() || price.isEmpty() || eff.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new GpuHourPrice(new Money(price.get(), cur.get()), eff.get(), t.line()));
        }

        Optional<ExchangeRate> rate(TomlLite.Table t) {
            String p = "exchange_rate.";
            Optional<Currency> from = currency(t, "from_currency", p);
            Optional<Currency> to = currency(t, "to_currency", p);
            if (!t.values().containsKey("from_currency")) {
                problem(t.line(), p + "from_currency", "missing");
            }
            if (!t.values().containsKey("to_currency")) {
                problem(t.line(), p + "to_currency", "missing");
            }
            Optional<BigDecimal> rate = decimal(t, "rate", p);
            if (rate.isPresent() && rate.get().signum() <= 0) {
                problem(line(t, "rate"), p + "rate", "an exchange rate is above zero, got " + rate.get());
                rate = Optional.empty();
            } else if (!t.values().containsKey("rate")) {
                problem(t.line(), p + "rate", "missing");
            }
            Optional<Effective> eff = effective(t, p, true);
            if (from.isPresent() && from.equals(to)) {
                problem(line(t, "to_currency"), p + "to_currency", "converts a currency into itself");
                return Optional.empty();
            }
            if (from.isEmpty() || to.isEmpty() || rate.isEmpty() || eff.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ExchangeRate(from.get(), to.get(), rate.get(), eff.get(), t.line()));
        }

        Optional<AllocationRule> allocation(TomlLite.Table t) {
            String p = "allocation.";
            List<String> which = new ArrayList<>();
            for (String k : List.of("user", "container", "gpu", "host")) {
                if (t.values().containsKey(k)) {
                    which.add(k);
                }
            }
            if (which.size() != 1) {
                problem(t.line(), p + "host", "match exactly one of host, gpu, user or container");
                return Optional.empty();
            }
            String key = which.get(0);
            Optional<String> pattern = string(t, key, p);
            Optional<String> team = requiredString(t, "team", p);
            Optional<String> project = string(t, "project", p);
            Optional<Effective> eff = effective(t, p, false);
            if (pattern.isEmpty() || team.isEmpty() || eff.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new AllocationRule(
                    MatchKind.valueOf(key.toUpperCase(Locale.ROOT)),
                    pattern.get(),
                    team.get(),
                    project,
                    eff.get(),
                    t.line()));
        }

        Optional<Budget> budget(TomlLite.Table t) {
            String p = "budget.";
            Optional<String> team = string(t, "team", p);
            Optional<String> project = string(t, "project", p);
            if (team.isPresent() == project.isPresent()) {
                problem(t.line(), p + "team", "a budget belongs to a team or to a project (one of them)");
            }
            Optional<String> periodText = requiredString(t, "period", p);
            Optional<BudgetPeriod> period = periodText.flatMap(s -> switch (s) {
                case "month" -> Optional.of(BudgetPeriod.MONTH);
                case "quarter" -> Optional.of(BudgetPeriod.QUARTER);
                default -> {
                    problem(line(t, "period"), p + "period", "month or quarter, got " + s);
                    yield Optional.empty();
                }
            });
            Optional<Currency> cur = requiredCurrency(t, p);
            Optional<BigDecimal> amount = requiredNonNegative(t, "amount", p);
            Optional<Effective> eff = effective(t, p, false);
            if (team.isPresent() == project.isPresent()
                    || period.isEmpty()
                    || cur.isEmpty()
                    || amount.isEmpty()
                    || eff.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(
                    new Budget(team, project, period.get(), new Money(amount.get(), cur.get()), eff.get(), t.line()));
        }

        HostPowerModel hostPower(TomlLite.Table t) {
            String p = "host_power.";
            HostPowerModel d = HostPowerModel.CCF;
            BigDecimal min = nonNegative(t, "cpu_min_watts_per_core", p).orElse(d.cpuMinWattsPerCore());
            BigDecimal max = nonNegative(t, "cpu_max_watts_per_core", p).orElse(d.cpuMaxWattsPerCore());
            BigDecimal mem = nonNegative(t, "memory_watts_per_gb", p).orElse(d.memoryWattsPerGb());
            if (max.compareTo(min) < 0) {
                problem(line(t, "cpu_max_watts_per_core"), p + "cpu_max_watts_per_core", "is below the minimum");
            }
            String source = string(t, "source", p).orElse("set in " + file + " line " + t.line());
            return new HostPowerModel(min, max, mem, source);
        }

        EmbodiedDefaults embodied(TomlLite.Table t) {
            String p = "embodied.";
            EmbodiedDefaults d = EmbodiedDefaults.CCF;
            BigDecimal kg = nonNegative(t, "gpu_card_kgco2e", p).orElse(d.gpuCardKgCo2e());
            int months = wholeNumber(
                            t,
                            "lifetime_months",
                            p,
                            MAX_LIFETIME_MONTHS,
                            "a whole number of months from 1 to 1200 (100 years)")
                    .orElse(d.lifetimeMonths());
            String source = string(t, "source", p).orElse("set in " + file + " line " + t.line());
            return new EmbodiedDefaults(kg, months, source);
        }

        // -------------------------------------------------------------------------------------- cross checks

        void crossChecks(
                List<Site> sites,
                List<ElectricityRate> electricity,
                List<Hardware> hardware,
                List<CloudInstance> cloud,
                List<GpuHourPrice> gpuHour,
                List<ExchangeRate> rates,
                List<AllocationRule> allocation,
                List<Budget> budgets) {
            Map<String, Site> byId = new HashMap<>();
            for (Site s : sites) {
                Site before = byId.putIfAbsent(s.id(), s);
                if (before != null) {
                    problem(
                            s.line(),
                            "site.id",
                            "site " + s.id() + " is defined twice (first on line " + before.line() + ")");
                }
            }
            for (ElectricityRate r : electricity) {
                if (!byId.containsKey(r.site())) {
                    problem(r.line(), "electricity.site", "no [[site]] has id " + r.site());
                }
            }
            overlaps(electricity, ElectricityRate::site, ElectricityRate::effective, "electricity", "site");
            overlaps(cloud, CloudInstance::hostPattern, CloudInstance::effective, "cloud", "host");
            overlaps(gpuHour, g -> "", GpuHourPrice::effective, "gpu_hour_default", "");
            overlaps(
                    rates,
                    r -> r.from().getCurrencyCode() + "→" + r.to().getCurrencyCode(),
                    ExchangeRate::effective,
                    "exchange_rate",
                    "currencies");
            overlaps(allocation, a -> a.kind() + " " + a.pattern(), AllocationRule::effective, "allocation", "rule");
            overlaps(budgets, b -> b.owner() + " per " + b.period(), Budget::effective, "budget", "owner");
            overlaps(
                    hardware,
                    h -> h.kind() + " " + h.match() + h.hostPattern().orElse(""),
                    h -> new Effective(h.purchased(), Optional.of(h.endOfLife())),
                    "hardware",
                    "unit");
            Set<String> inverse = new HashSet<>();
            for (ExchangeRate r : rates) {
                inverse.add(r.from().getCurrencyCode() + r.to().getCurrencyCode());
            }
        }

        <T extends Located> void overlaps(
                List<T> entries, Function<T, String> key, Function<T, Effective> eff, String section, String what) {
            Map<String, List<T>> byKey = new LinkedHashMap<>();
            for (T e : entries) {
                byKey.computeIfAbsent(key.apply(e), k -> new ArrayList<>()).add(e);
            }
            for (List<T> group : byKey.values()) {
                for (int i = 0; i < group.size(); i++) {
                    for (int j = i + 1; j < group.size(); j++) {
                        T a = group.get(i);
                        T b = group.get(j);
                        if (eff.apply(a).overlaps(eff.apply(b))) {
                            problem(
                                    b.line(),
                                    section + ".from",
                                    "overlaps the [[" + section + "]] on line " + a.line()
                                            + (what.isEmpty()
                                                    ? ""
                                                    : " for the same " + what + " (" + key.apply(a) + ")")
                                            + ": " + eff.apply(a).describe() + " and "
                                            + eff.apply(b).describe()
                                            + "; end the first (to = …) where the second starts");
                        }
                    }
                }
            }
        }

        // ------------------------------------------------------------------------------------------- values

        void checkKeys(TomlLite.Table t, Set<String> allowed, String prefix) {
            for (var e : t.values().entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    problem(
                            e.getValue().line(),
                            prefix + e.getKey(),
                            "unknown key; known here: "
                                    + String.join(
                                            ", ", allowed.stream().sorted().toList()));
                }
            }
        }

        int line(TomlLite.Table t, String key) {
            TomlLite.Value v = t.values().get(key);
            return v == null ? t.line() : v.line();
        }

        Optional<String> string(TomlLite.Table t, String key, String p) {
            TomlLite.Value v = t.values().get(key);
            if (v == null) {
                return Optional.empty();
            }
            if (v.kind() != TomlLite.Value.Kind.STRING) {
                problem(v.line(), p + key, "a quoted string, e.g. " + key + " = \"…\"");
                return Optional.empty();
            }
            if (v.text().isBlank()) {
                problem(v.line(), p + key, "is empty");
                return Optional.empty();
            }
            return Optional.of(v.text().strip());
        }

        Optional<String> requiredString(TomlLite.Table t, String key, String p) {
            if (!t.values().containsKey(key)) {
                problem(t.line(), p + key, "missing");
                return Optional.empty();
            }
            return string(t, key, p);
        }

        List<String> strings(TomlLite.Table t, String key, String p) {
            TomlLite.Value v = t.values().get(key);
            if (v == null) {
                return List.of();
            }
            if (v.kind() != TomlLite.Value.Kind.ARRAY) {
                problem(v.line(), p + key, "a list, e.g. " + key + " = [\"a\", \"b\"]");
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (TomlLite.Value item : v.items()) {
                if (item.kind() != TomlLite.Value.Kind.STRING || item.text().isBlank()) {
                    problem(v.line(), p + key, "every item is a non-empty quoted string");
                } else {
                    out.add(item.text().strip());
                }
            }
            return out;
        }

        Optional<BigDecimal> decimal(TomlLite.Table t, String key, String p) {
            TomlLite.Value v = t.values().get(key);
            if (v == null) {
                return Optional.empty();
            }
            String text = v.text().strip();
            if (v.kind() != TomlLite.Value.Kind.NUMBER && v.kind() != TomlLite.Value.Kind.STRING) {
                problem(v.line(), p + key, "a number");
                return Optional.empty();
            }
            try {
                return Optional.of(new BigDecimal(text));
            } catch (NumberFormatException e) {
                problem(v.line(), p + key, "'" + text + "' is not a number");
                return Optional.empty();
            }
        }

        Optional<BigDecimal> nonNegative(TomlLite.Table t, String key, String p) {
            Optional<BigDecimal> v = decimal(t, key, p);
            if (v.isPresent() && v.get().signum() < 0) {
                problem(
                        line(t, key),
                        p + key,
                        "cannot be negative, got " + v.get().toPlainString());
                return Optional.empty();
            }
            return v;
        }

        Optional<BigDecimal> requiredNonNegative(TomlLite.Table t, String key, String p) {
            if (!t.values().containsKey(key)) {
                problem(t.line(), p + key, "missing");
                return Optional.empty();
            }
            return nonNegative(t, key, p);
        }

        Optional<Boolean> bool(TomlLite.Table t, String key, String p) {
            TomlLite.Value v = t.values().get(key);
            if (v == null) {
                return Optional.empty();
            }
            if (v.kind() != TomlLite.Value.Kind.BOOLEAN) {
                problem(v.line(), p + key, "true or false");
                return Optional.empty();
            }
            return Optional.of(Boolean.parseBoolean(v.text()));
        }

        Optional<Currency> currency(TomlLite.Table t, String key, String p) {
            return string(t, key, p).flatMap(code -> {
                try {
                    if (!code.matches("[A-Z]{3}")) {
                        throw new IllegalArgumentException();
                    }
                    return Optional.of(Currency.getInstance(code));
                } catch (IllegalArgumentException e) {
                    problem(
                            line(t, key),
                            p + key,
                            "unknown currency '" + code + "': an ISO 4217 code such as EUR, USD or GBP");
                    return Optional.empty();
                }
            });
        }

        Optional<Currency> requiredCurrency(TomlLite.Table t, String p) {
            if (!t.values().containsKey("currency")) {
                problem(t.line(), p + "currency", "missing: every price names its currency (ISO 4217, e.g. EUR)");
                return Optional.empty();
            }
            return currency(t, "currency", p);
        }

        Optional<ZoneId> zoneId(TomlLite.Table t, String key, String p) {
            return string(t, key, p).flatMap(z -> {
                try {
                    return Optional.of(ZoneId.of(z));
                } catch (DateTimeException e) {
                    problem(line(t, key), p + key, "unknown time zone '" + z + "' (e.g. Europe/Berlin, UTC)");
                    return Optional.empty();
                }
            });
        }

        Optional<Path> absolutePath(TomlLite.Table t, String key, String p) {
            return string(t, key, p).flatMap(s -> {
                Path path = Path.of(s);
                if (!path.isAbsolute()) {
                    problem(line(t, key), p + key, "an absolute path, got " + s);
                    return Optional.empty();
                }
                return Optional.of(path);
            });
        }

        /** "2026-11-01" (midnight in the accounting zone), "2026-11-15T12:00" (local) or with Z / an offset. */
        Optional<Instant> instant(TomlLite.Table t, String key, String p) {
            return string(t, key, p).flatMap(s -> {
                Optional<Instant> i = parseInstant(s, zone);
                if (i.isEmpty()) {
                    problem(
                            line(t, key),
                            p + key,
                            "'" + s + "' is not a date (2026-11-01) or a date and time"
                                    + " (2026-11-15T12:00, local to the accounting time zone, or with Z or an offset)");
                }
                return i;
            });
        }

        Optional<Effective> effective(TomlLite.Table t, String p, boolean fromRequired) {
            if (fromRequired && !t.values().containsKey("from")) {
                problem(t.line(), p + "from", "missing: the date this applies from (e.g. from = \"2026-11-01\")");
                return Optional.empty();
            }
            Optional<Instant> from = instant(t, "from", p);
            Optional<Instant> to = instant(t, "to", p);
            if ((t.values().containsKey("from") && from.isEmpty())
                    || (t.values().containsKey("to") && to.isEmpty())) {
                return Optional.empty();
            }
            Instant start = from.orElse(Instant.EPOCH);
            if (to.isPresent() && !to.get().isAfter(start)) {
                problem(line(t, "to"), p + "to", "ends before it starts (from " + start + ")");
                return Optional.empty();
            }
            return Optional.of(new Effective(start, to));
        }
    }

    /** Parses the date forms of the accounting file; empty when {@code s} is none of them. */
    public static Optional<Instant> parseInstant(String s, ZoneId zone) {
        try {
            if (s.length() == 10) {
                return Optional.of(LocalDate.parse(s).atStartOfDay(zone).toInstant());
            }
            if (s.endsWith("Z") || s.matches(".*[+-]\\d{2}:\\d{2}$")) {
                return Optional.of(OffsetDateTime.parse(s).toInstant());
            }
            return Optional.of(LocalDateTime.parse(s).atZone(zone).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Reads {@code file} as text, for the audit trail (empty when it does not exist). */
    public static String readText(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
