package io.gridscope.alerts.rules;

import io.gridscope.alerts.rules.Condition.Aggregation;
import io.gridscope.alerts.rules.Condition.Change;
import io.gridscope.alerts.rules.Condition.Operand;
import io.gridscope.model.Durations;
import io.gridscope.model.Labels;
import io.gridscope.model.PromNames;
import io.gridscope.model.toml.TomlLite;
import io.gridscope.model.toml.TomlLite.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules file, {@code alerts.toml} in the configuration directory: the TOML subset of the accounting file. A
 * missing file means the built-in packs with their defaults. Each problem names the file, line and field
 * ({@link RuleProblem}); a rule with a problem is left out and every other rule runs.
 *
 * <pre>
 * [packs]                       # built-in packs, each on by default
 * gpu = true
 * accounting = false
 *
 * [settings]
 * escalate_after = "15m"        # a critical alert unacknowledged this long is escalated and notified again
 * gpu_temperature_margin = 5    # °C below the GPU's own slowdown temperature
 * filesystem_full_within = "24h"
 * idle_gpu_after = "30m"
 * gpu_memory_nearly_full = 0.95
 * collector_pass_budget = "500ms"
 * idle_cost_per_day_limit = 50  # in the accounting currency; the IdleCostHigh rule is off without it
 *
 * [alertmanager]                # the team's Alertmanager (API v2)
 * url = "http://alertmanager.example:9093"
 * push = true                   # send Gridscope's own alerts (default true)
 * read = true                   # show the fleet's alerts and acknowledge them with silences (default true)
 * push_interval = "30s"
 * bearer_token_file = "/etc/gridscope/am-token"    # or basic_user + basic_password_file; never the secret itself
 *
 * [[override]]                  # change a built-in rule
 * rule = "GpuMemoryNearlyFull"
 * enabled = true
 * severity = "critical"
 * for = "10m"
 * keep_firing_for = "5m"
 * value = 0.98
 * clear = 0.9
 *
 * [[rule]]
 * name = "TrainingNodeHot"
 * series = 'gpu_temperature_celsius{host=~"train-.*"}'
 * condition = "threshold"       # threshold | rate | increase | delta | absent | predict | event
 * aggregate = "avg"             # last | avg | max | min (threshold)
 * window = "5m"
 * op = ">"
 * value = 80
 * clear = 75                    # hysteresis: stays firing until the value falls to 75
 * for = "2m"
 * keep_firing_for = "5m"
 * severity = "warning"          # critical | warning | info
 * labels = ["team=ml", "route=gpu"]
 * summary = "GPU {{ $labels.gpu_uuid }} at {{ $value }} °C"
 * description = "..."
 * runbook = "https://wiki.example/runbooks/gpu-hot"
 * </pre>
 *
 * Further keys: {@code minus} or {@code divided_by} (a second series combined with the first, joined on
 * {@code on = ["host", "gpu_uuid"]}), {@code and_series}/{@code and_op}/{@code and_value} (a second test on the
 * same labels), {@code context} (a series whose newest value, joined on {@code on}, the texts show as
 * {@code {{ $context }}} and its labels as {@code {{ $context_labels.NAME }}}), {@code stale_after} (absent), {@code horizon} (predict), {@code event = 'gpu_xid{xid="79"}'}
 * (event rules, instead of {@code series}).
 */
public final class RuleFile {
    public static final String FILE_NAME = "alerts.toml";
    public static final long MAX_BYTES = 1024 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Set<String> PACK_KEYS = Set.copyOf(BuiltInRules.PACKS);
    private static final Set<String> SETTINGS_KEYS = Set.of(
            "escalate_after",
            "gpu_temperature_margin",
            "filesystem_full_within",
            "idle_gpu_after",
            "gpu_memory_nearly_full",
            "collector_pass_budget",
            "idle_cost_per_day_limit");
    private static final Set<String> ALERTMANAGER_KEYS =
            Set.of("url", "push", "read", "push_interval", "bearer_token_file", "basic_user", "basic_password_file");
    private static final Set<String> OVERRIDE_KEYS =
            Set.of("rule", "enabled", "severity", "for", "keep_firing_for", "value", "clear");
    private static final Set<String> RULE_KEYS = Set.of(
            "name",
            "series",
            "event",
            "condition",
            "aggregate",
            "window",
            "op",
            "value",
            "clear",
            "minus",
            "divided_by",
            "on",
            "and_series",
            "and_op",
            "and_value",
            "stale_after",
            "horizon",
            "for",
            "keep_firing_for",
            "severity",
            "labels",
            "summary",
            "description",
            "runbook",
            "context",
            "enabled");

    private RuleFile() {}

    public static Path in(Path configDir) {
        return configDir.resolve(FILE_NAME);
    }

    /** Reads {@code file}; a missing file is the built-in packs alone. Never throws for the file's content. */
    public static RuleSet load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return parse("", file);
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            RuleSet builtIn = parse("", file);
            return new RuleSet(
                    builtIn.rules(),
                    builtIn.packs(),
                    builtIn.escalateAfter(),
                    List.of(new RuleProblem(
                            file, 0, "", "the file is " + size + " bytes; at most " + MAX_BYTES + " are read")),
                    Optional.of(file));
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8), file);
    }

    /** Validates {@code text} as the content of {@code file} (named in problems, not read). */
    public static RuleSet parse(String text, Path file) {
        Builder b = new Builder(file);
        List<TomlLite.Table> tables;
        try {
            tables = TomlLite.parse(text);
        } catch (TomlLite.SyntaxError e) {
            b.problem(e.line, "", e.getMessage() + " (the built-in packs run with their defaults)");
            return b.result(List.of());
        }
        return b.result(tables);
    }

    private static final class Builder {
        final Path file;
        final List<RuleProblem> problems = new ArrayList<>();
        final Map<String, Boolean> packs = new LinkedHashMap<>();
        Duration escalateAfter = RuleSet.DEFAULT_ESCALATE_AFTER;
        BuiltInRules.Settings settings = BuiltInRules.Settings.defaults();
        Optional<AlertmanagerTarget> alertmanager = Optional.empty();

        Builder(Path file) {
            this.file = file;
            for (String p : BuiltInRules.PACKS) {
                packs.put(p, true);
            }
        }

        void problem(int line, String field, String message) {
            problems.add(new RuleProblem(file, line, field, message));
        }

        RuleSet result(List<TomlLite.Table> tables) {
            List<TomlLite.Table> overrides = new ArrayList<>();
            List<TomlLite.Table> rules = new ArrayList<>();
            for (TomlLite.Table t : tables) {
                switch (t.name()) {
                    case "" -> {
                        for (Map.Entry<String, Value> e : t.values().entrySet()) {
                            problem(
                                    e.getValue().line(),
                                    e.getKey(),
                                    "unknown key at the top of the file; keys go"
                                            + " in [packs], [settings], [[override]] or [[rule]]");
                        }
                    }
                    case "packs" -> readPacks(t);
                    case "settings" -> readSettings(t);
                    case "alertmanager" -> readAlertmanager(t);
                    case "override" -> overrides.add(t);
                    case "rule" -> rules.add(t);
                    default ->
                        problem(
                                t.line(),
                                "[" + t.name() + "]",
                                "unknown table; expected [packs], [settings], [alertmanager], [[override]] or [[rule]]");
                }
                if ((t.name().equals("override") || t.name().equals("rule")) && !t.arrayElement()) {
                    problem(t.line(), "[" + t.name() + "]", "write [[" + t.name() + "]] (one per " + t.name() + ")");
                }
            }
            Map<String, Rule> byName = new LinkedHashMap<>();
            for (Rule r : BuiltInRules.all(settings)) {
                byName.put(r.name(), r.enabled() && packs.getOrDefault(r.pack(), true) ? r : r.withEnabled(false));
            }
            for (TomlLite.Table t : overrides) {
                override(t, byName);
            }
            Set<String> fileNames = new HashSet<>();
            for (TomlLite.Table t : rules) {
                Optional<Rule> r = rule(t);
                if (r.isEmpty()) {
                    continue;
                }
                Rule rule = r.get();
                if (byName.containsKey(rule.name())) {
                    String what = fileNames.contains(rule.name())
                            ? "a rule of this name is defined earlier in the file"
                            : "a built-in rule has this name; change it with [[override]] or choose another name";
                    problem(t.values().get("name").line(), "name", what);
                    continue;
                }
                fileNames.add(rule.name());
                byName.put(rule.name(), rule);
            }
            // Overrides and rules are checked after the sections they may follow: list the problems in file order.
            problems.sort(java.util.Comparator.comparingInt(RuleProblem::line));
            return new RuleSet(
                    List.copyOf(byName.values()), packs, escalateAfter, problems, Optional.of(file), alertmanager);
        }

        void readPacks(TomlLite.Table t) {
            for (Map.Entry<String, Value> e : t.values().entrySet()) {
                if (!PACK_KEYS.contains(e.getKey())) {
                    problem(e.getValue().line(), e.getKey(), "unknown pack; the packs are " + BuiltInRules.PACKS);
                    continue;
                }
                bool(e.getValue(), e.getKey()).ifPresent(v -> packs.put(e.getKey(), v));
            }
        }

        void readAlertmanager(TomlLite.Table t) {
            if (!known(t, ALERTMANAGER_KEYS)) {
                return;
            }
            Map<String, Value> v = t.values();
            Value url = v.get("url");
            if (url == null) {
                problem(
                        t.line(),
                        "url",
                        "[alertmanager] needs the url of Alertmanager, e.g. \"http://127.0.0.1:9093\"");
                return;
            }
            java.net.URI uri;
            try {
                uri = new java.net.URI(url.text().strip());
            } catch (java.net.URISyntaxException e) {
                problem(url.line(), "url", "not a URL: " + e.getMessage());
                return;
            }
            if (uri.getScheme() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                problem(url.line(), "url", "an http:// or https:// URL with a host");
                return;
            }
            if (uri.getUserInfo() != null) {
                problem(
                        url.line(),
                        "url",
                        "no credentials in the URL: use bearer_token_file or basic_user with" + " basic_password_file");
                return;
            }
            boolean push = !v.containsKey("push") || bool(v.get("push"), "push").orElse(true);
            boolean read = !v.containsKey("read") || bool(v.get("read"), "read").orElse(true);
            Duration interval =
                    optDuration(v.get("push_interval"), "push_interval").orElse(Duration.ofSeconds(30));
            if (interval.isZero()) {
                problem(v.get("push_interval").line(), "push_interval", "must be longer than 0");
            }
            Optional<java.nio.file.Path> token =
                    Optional.ofNullable(v.get("bearer_token_file")).map(x -> java.nio.file.Path.of(x.text()));
            Optional<String> user = Optional.ofNullable(v.get("basic_user")).map(Value::text);
            Optional<java.nio.file.Path> password =
                    Optional.ofNullable(v.get("basic_password_file")).map(x -> java.nio.file.Path.of(x.text()));
            if (token.isPresent() && user.isPresent()) {
                problem(v.get("basic_user").line(), "basic_user", "either bearer_token_file or basic_user, not both");
            }
            if (user.isPresent() != password.isPresent()) {
                problem(
                        t.line(),
                        user.isPresent() ? "basic_password_file" : "basic_user",
                        "basic_user and basic_password_file go together");
            }
            alertmanager = Optional.of(new AlertmanagerTarget(uri, push, read, token, user, password, interval));
        }

        void readSettings(TomlLite.Table t) {
            BuiltInRules.Settings s = settings;
            double margin = s.gpuTemperatureMarginCelsius();
            Duration fsWithin = s.filesystemFullWithin();
            Duration idleAfter = s.idleGpuAfter();
            double memoryFull = s.gpuMemoryNearlyFullRatio();
            Duration passBudget = s.collectorPassBudget();
            OptionalDouble idleCostLimit = s.idleCostPerDayLimit();
            for (Map.Entry<String, Value> e : t.values().entrySet()) {
                String k = e.getKey();
                Value v = e.getValue();
                switch (k) {
                    case "escalate_after" ->
                        escalateAfter = duration(v, k, false).orElse(escalateAfter);
                    case "gpu_temperature_margin" -> margin = number(v, k).orElse(margin);
                    case "filesystem_full_within" ->
                        fsWithin = duration(v, k, false).orElse(fsWithin);
                    case "idle_gpu_after" -> idleAfter = duration(v, k, false).orElse(idleAfter);
                    case "collector_pass_budget" ->
                        passBudget = duration(v, k, false).orElse(passBudget);
                    case "gpu_memory_nearly_full" -> {
                        OptionalDouble d = number(v, k);
                        if (d.isPresent() && (d.getAsDouble() <= 0 || d.getAsDouble() > 1)) {
                            problem(v.line(), k, "a ratio between 0 and 1, e.g. 0.95");
                        } else {
                            memoryFull = d.orElse(memoryFull);
                        }
                    }
                    case "idle_cost_per_day_limit" -> {
                        OptionalDouble d = number(v, k);
                        if (d.isPresent() && d.getAsDouble() < 0) {
                            problem(v.line(), k, "must not be negative");
                        } else if (d.isPresent()) {
                            idleCostLimit = d;
                        }
                    }
                    default ->
                        problem(
                                v.line(),
                                k,
                                "unknown setting; the settings are " + new java.util.TreeSet<>(SETTINGS_KEYS));
                }
            }
            settings = new BuiltInRules.Settings(margin, fsWithin, idleAfter, memoryFull, passBudget, idleCostLimit);
        }

        void override(TomlLite.Table t, Map<String, Rule> byName) {
            if (!known(t, OVERRIDE_KEYS)) {
                return;
            }
            Value nameValue = t.values().get("rule");
            if (nameValue == null) {
                problem(t.line(), "rule", "an override names the built-in rule it changes");
                return;
            }
            Rule r = byName.get(nameValue.text());
            if (r == null || !r.builtIn()) {
                problem(nameValue.line(), "rule", "no built-in rule is called '" + nameValue.text() + "'");
                return;
            }
            int before = problems.size();
            Rule changed = r;
            Value v;
            if ((v = t.values().get("enabled")) != null) {
                Optional<Boolean> on = bool(v, "enabled");
                if (on.isPresent()) {
                    changed = changed.withEnabled(on.get());
                }
            }
            if ((v = t.values().get("severity")) != null) {
                Optional<Severity> s = severity(v);
                if (s.isPresent()) {
                    changed = changed.withSeverity(s.get());
                }
            }
            if ((v = t.values().get("for")) != null) {
                Optional<Duration> d = duration(v, "for", true);
                if (d.isPresent()) {
                    changed = changed.withFor(d.get());
                }
            }
            if ((v = t.values().get("keep_firing_for")) != null) {
                Optional<Duration> d = duration(v, "keep_firing_for", true);
                if (d.isPresent()) {
                    changed = changed.withKeepFiringFor(d.get());
                }
            }
            Value value = t.values().get("value");
            Value clear = t.values().get("clear");
            if (value != null || clear != null) {
                Optional<Condition> c = withThresholds(changed.condition(), value, clear);
                if (c.isPresent()) {
                    changed = changed.withCondition(c.get());
                }
            }
            if (problems.size() == before) {
                byName.put(r.name(), changed.withOrigin(new Rule.Origin(file, t.line())));
            }
        }

        Optional<Condition> withThresholds(Condition c, Value value, Value clear) {
            OptionalDouble v = value == null ? OptionalDouble.empty() : number(value, "value");
            OptionalDouble cl = clear == null ? OptionalDouble.empty() : number(clear, "clear");
            if ((value != null && v.isEmpty()) || (clear != null && cl.isEmpty())) {
                return Optional.empty();
            }
            int line = value != null ? value.line() : clear.line();
            switch (c) {
                case Condition.Threshold t -> {
                    double nv = v.isPresent() ? v.getAsDouble() : t.value();
                    OptionalDouble nc = cl.isPresent() ? cl : (v.isPresent() ? OptionalDouble.empty() : t.clear());
                    if (nc.isPresent() && !t.op().clearIsConsistent(nv, nc.getAsDouble())) {
                        problem(line, "clear", clearMessage(t.op(), nv));
                        return Optional.empty();
                    }
                    return Optional.of(new Condition.Threshold(
                            t.series(), t.aggregation(), t.window(), t.operand(), t.op(), nv, nc, t.guard()));
                }
                case Change ch -> {
                    double nv = v.isPresent() ? v.getAsDouble() : ch.value();
                    OptionalDouble nc = cl.isPresent() ? cl : (v.isPresent() ? OptionalDouble.empty() : ch.clear());
                    if (nc.isPresent() && !ch.op().clearIsConsistent(nv, nc.getAsDouble())) {
                        problem(line, "clear", clearMessage(ch.op(), nv));
                        return Optional.empty();
                    }
                    return Optional.of(new Change(ch.series(), ch.function(), ch.window(), ch.op(), nv, nc));
                }
                case Condition.Predict p -> {
                    if (clear != null) {
                        problem(clear.line(), "clear", "a forecast rule has no clear threshold");
                        return Optional.empty();
                    }
                    return Optional.of(
                            new Condition.Predict(p.series(), p.window(), p.horizon(), p.op(), v.orElse(p.value())));
                }
                default -> {
                    problem(line, value != null ? "value" : "clear", "this rule has no threshold to change");
                    return Optional.empty();
                }
            }
        }

        Optional<Rule> rule(TomlLite.Table t) {
            int before = problems.size();
            known(t, RULE_KEYS);
            Map<String, Value> v = t.values();
            String name = "";
            Value nameValue = v.get("name");
            if (nameValue == null) {
                problem(t.line(), "name", "every rule needs a name");
            } else if (!NAME.matcher(nameValue.text()).matches()) {
                problem(
                        nameValue.line(),
                        "name",
                        "'" + nameValue.text() + "' is not a rule name (a letter, then letters, digits and _)");
            } else {
                name = nameValue.text();
            }
            String kind = v.containsKey("condition")
                    ? v.get("condition").text()
                    : (v.containsKey("event") ? "event" : "threshold");
            Optional<Condition> condition = condition(t, kind);
            Duration forD = optDuration(v.get("for"), "for").orElse(Duration.ZERO);
            Duration keep = optDuration(v.get("keep_firing_for"), "keep_firing_for")
                    .orElse(kind.equals("event") ? Duration.ofMinutes(30) : Duration.ZERO);
            Severity severity =
                    v.containsKey("severity") ? severity(v.get("severity")).orElse(Severity.WARNING) : Severity.WARNING;
            Labels labels = labels(v.get("labels"));
            String summary = text(v.get("summary"), "summary");
            String description = text(v.get("description"), "description");
            String runbook = text(v.get("runbook"), "runbook");
            if (!runbook.isEmpty() && !runbook.matches("(?i)https?://\\S+")) {
                problem(v.get("runbook").line(), "runbook", "a link starting with http:// or https://");
            }
            if (summary.isEmpty() && nameValue != null) {
                summary = name + " on {{ $labels.host }}: {{ $value }}";
            }
            boolean enabled =
                    v.containsKey("enabled") ? bool(v.get("enabled"), "enabled").orElse(true) : true;
            Optional<Rule.Context> context = Optional.empty();
            if (v.containsKey("context")) {
                context = selector(v.get("context"), "context").map(sel -> new Rule.Context(sel, onLabels(t)));
            }
            if (problems.size() != before || condition.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Rule(
                    name,
                    "",
                    condition.get(),
                    forD,
                    keep,
                    severity,
                    labels,
                    summary,
                    description,
                    runbook,
                    enabled,
                    Optional.of(new Rule.Origin(file, t.line())),
                    context));
        }

        Optional<Condition> condition(TomlLite.Table t, String kind) {
            Map<String, Value> v = t.values();
            int line = v.containsKey("condition") ? v.get("condition").line() : t.line();
            if (kind.equals("event")) {
                Value ev = v.get("event");
                if (ev == null) {
                    problem(line, "event", "an event rule names its event, e.g. event = 'gpu_xid{xid=\"79\"}'");
                    return Optional.empty();
                }
                if (v.containsKey("series")) {
                    problem(v.get("series").line(), "series", "an event rule has an event, not a series");
                }
                return selector(ev, "event").map(s -> new Condition.Event(s.metric(), s.matchers()));
            }
            if (v.containsKey("event")) {
                problem(v.get("event").line(), "event", "only an event rule (condition = \"event\") has an event");
            }
            Value seriesValue = v.get("series");
            if (seriesValue == null) {
                problem(
                        t.line(),
                        "series",
                        "the rule needs the series it watches, e.g. series = 'gpu_temperature_celsius'");
                return Optional.empty();
            }
            Optional<Selector> series = selector(seriesValue, "series");
            switch (kind) {
                case "threshold" -> {
                    Aggregation agg = Aggregation.LAST;
                    if (v.containsKey("aggregate")) {
                        Value a = v.get("aggregate");
                        Optional<Aggregation> found = java.util.Arrays.stream(Aggregation.values())
                                .filter(x -> x.label().equals(a.text()))
                                .findFirst();
                        if (found.isEmpty()) {
                            problem(a.line(), "aggregate", "'" + a.text() + "' is not one of last, avg, max, min");
                        }
                        agg = found.orElse(Aggregation.LAST);
                    }
                    Duration window = optDuration(v.get("window"), "window").orElse(Duration.ZERO);
                    if (agg != Aggregation.LAST && window.isZero()) {
                        problem(line, "window", agg.label() + " needs a window, e.g. window = \"5m\"");
                    }
                    Optional<Comparison> op = op(v.get("op"), "op", line);
                    OptionalDouble value = required(v.get("value"), "value", line);
                    OptionalDouble clear =
                            v.containsKey("clear") ? number(v.get("clear"), "clear") : OptionalDouble.empty();
                    Optional<Operand> operand = operand(t);
                    Optional<Condition.Guard> guard = guard(t);
                    if (op.isPresent()
                            && value.isPresent()
                            && clear.isPresent()
                            && !op.get().clearIsConsistent(value.getAsDouble(), clear.getAsDouble())) {
                        problem(v.get("clear").line(), "clear", clearMessage(op.get(), value.getAsDouble()));
                        return Optional.empty();
                    }
                    if (series.isEmpty() || op.isEmpty() || value.isEmpty()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Condition.Threshold(
                            series.get(), agg, window, operand, op.get(), value.getAsDouble(), clear, guard));
                }
                case "rate", "increase", "delta" -> {
                    Optional<Duration> window = optDuration(v.get("window"), "window");
                    if (!v.containsKey("window")) {
                        problem(line, "window", kind + " needs a window, e.g. window = \"5m\"");
                    }
                    Optional<Comparison> op = op(v.get("op"), "op", line);
                    OptionalDouble value = required(v.get("value"), "value", line);
                    OptionalDouble clear =
                            v.containsKey("clear") ? number(v.get("clear"), "clear") : OptionalDouble.empty();
                    if (op.isPresent()
                            && value.isPresent()
                            && clear.isPresent()
                            && !op.get().clearIsConsistent(value.getAsDouble(), clear.getAsDouble())) {
                        problem(v.get("clear").line(), "clear", clearMessage(op.get(), value.getAsDouble()));
                        return Optional.empty();
                    }
                    if (series.isEmpty() || window.isEmpty() || op.isEmpty() || value.isEmpty()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Change(
                            series.get(),
                            Change.Function.valueOf(kind.toUpperCase(java.util.Locale.ROOT)),
                            window.get(),
                            op.get(),
                            value.getAsDouble(),
                            clear));
                }
                case "absent" -> {
                    Optional<Duration> stale = optDuration(v.get("stale_after"), "stale_after");
                    if (!v.containsKey("stale_after")) {
                        problem(
                                line,
                                "stale_after",
                                "an absent rule says when a series counts as stale, e.g." + " stale_after = \"2m\"");
                    }
                    if (series.isEmpty() || stale.isEmpty()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Condition.Absent(series.get(), stale.get()));
                }
                case "predict" -> {
                    Optional<Duration> window = optDuration(v.get("window"), "window");
                    Optional<Duration> horizon = optDuration(v.get("horizon"), "horizon");
                    if (!v.containsKey("window")) {
                        problem(line, "window", "a forecast needs the window it fits, e.g. window = \"1h\"");
                    }
                    if (!v.containsKey("horizon")) {
                        problem(line, "horizon", "a forecast needs how far ahead it looks, e.g. horizon = \"24h\"");
                    }
                    Optional<Comparison> op = op(v.get("op"), "op", line);
                    OptionalDouble value = required(v.get("value"), "value", line);
                    if (series.isEmpty() || window.isEmpty() || horizon.isEmpty() || op.isEmpty() || value.isEmpty()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Condition.Predict(
                            series.get(), window.get(), horizon.get(), op.get(), value.getAsDouble()));
                }
                default -> {
                    problem(
                            line,
                            "condition",
                            "'" + kind + "' is not one of threshold, rate, increase, delta, absent, predict, event");
                    return Optional.empty();
                }
            }
        }

        Optional<Operand> operand(TomlLite.Table t) {
            Value minus = t.values().get("minus");
            Value div = t.values().get("divided_by");
            if (minus != null && div != null) {
                problem(div.line(), "divided_by", "a rule has either minus or divided_by, not both");
                return Optional.empty();
            }
            Value which = minus != null ? minus : div;
            if (which == null) {
                if (t.values().containsKey("on")
                        && !t.values().containsKey("and_series")
                        && !t.values().containsKey("context")) {
                    problem(t.values().get("on").line(), "on", "on joins minus, divided_by or and_series; none is set");
                }
                return Optional.empty();
            }
            String field = minus != null ? "minus" : "divided_by";
            Optional<Selector> s = selector(which, field);
            List<String> on = onLabels(t);
            return s.map(sel ->
                    new Operand(sel, minus != null ? Operand.Arithmetic.MINUS : Operand.Arithmetic.DIVIDED_BY, on));
        }

        Optional<Condition.Guard> guard(TomlLite.Table t) {
            Value s = t.values().get("and_series");
            if (s == null) {
                for (String k : List.of("and_op", "and_value")) {
                    if (t.values().containsKey(k)) {
                        problem(t.values().get(k).line(), k, k + " needs and_series");
                    }
                }
                return Optional.empty();
            }
            Optional<Selector> sel = selector(s, "and_series");
            Optional<Comparison> op = op(t.values().get("and_op"), "and_op", s.line());
            OptionalDouble value = required(t.values().get("and_value"), "and_value", s.line());
            if (sel.isEmpty() || op.isEmpty() || value.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Condition.Guard(sel.get(), op.get(), value.getAsDouble(), onLabels(t)));
        }

        List<String> onLabels(TomlLite.Table t) {
            Value on = t.values().get("on");
            if (on == null) {
                return List.of("host");
            }
            if (on.kind() != Value.Kind.ARRAY) {
                problem(on.line(), "on", "a list of label names, e.g. on = [\"host\", \"gpu_uuid\"]");
                return List.of("host");
            }
            List<String> out = new ArrayList<>();
            for (Value item : on.items()) {
                if (!PromNames.isLabelName(item.text())) {
                    problem(item.line(), "on", "'" + item.text() + "' is not a label name");
                } else {
                    out.add(item.text());
                }
            }
            return out;
        }

        Labels labels(Value v) {
            if (v == null) {
                return Labels.EMPTY;
            }
            if (v.kind() != Value.Kind.ARRAY) {
                problem(v.line(), "labels", "a list of \"name=value\" strings, e.g. labels = [\"team=ml\"]");
                return Labels.EMPTY;
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (Value item : v.items()) {
                int eq = item.text().indexOf('=');
                String n = eq < 0 ? "" : item.text().substring(0, eq).strip();
                if (eq < 0 || !PromNames.isLabelName(n)) {
                    problem(item.line(), "labels", "'" + item.text() + "' is not name=value");
                } else if (n.equals("alertname") || n.equals("severity")) {
                    problem(item.line(), "labels", n + " is set from the rule itself");
                } else if (m.put(n, item.text().substring(eq + 1).strip()) != null) {
                    problem(item.line(), "labels", "label " + n + " is given twice");
                }
            }
            return Labels.of(m);
        }

        boolean known(TomlLite.Table t, Set<String> keys) {
            boolean ok = true;
            for (Map.Entry<String, Value> e : t.values().entrySet()) {
                if (!keys.contains(e.getKey())) {
                    problem(
                            e.getValue().line(),
                            e.getKey(),
                            "unknown key in [[" + t.name() + "]]; known keys: " + new java.util.TreeSet<>(keys));
                    ok = false;
                }
            }
            return ok;
        }

        Optional<Selector> selector(Value v, String field) {
            if (v.kind() != Value.Kind.STRING) {
                problem(v.line(), field, "a quoted selector, e.g. '" + field + "_name{host=\"a\"}'");
                return Optional.empty();
            }
            try {
                return Optional.of(Selector.parse(v.text()));
            } catch (IllegalArgumentException e) {
                problem(v.line(), field, e.getMessage());
                return Optional.empty();
            }
        }

        Optional<Comparison> op(Value v, String field, int line) {
            if (v == null) {
                problem(line, field, "the comparison is missing: one of >, >=, <, <=, ==, !=");
                return Optional.empty();
            }
            Optional<Comparison> c = Comparison.parse(v.text());
            if (c.isEmpty()) {
                problem(v.line(), field, "'" + v.text() + "' is not one of >, >=, <, <=, ==, !=");
            }
            return c;
        }

        OptionalDouble required(Value v, String field, int line) {
            if (v == null) {
                problem(line, field, "the threshold is missing");
                return OptionalDouble.empty();
            }
            return number(v, field);
        }

        OptionalDouble number(Value v, String field) {
            if (v.kind() != Value.Kind.NUMBER) {
                problem(v.line(), field, "a number, written without quotes");
                return OptionalDouble.empty();
            }
            try {
                double d = Double.parseDouble(v.text().replace("_", ""));
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    problem(v.line(), field, "a finite number");
                    return OptionalDouble.empty();
                }
                return OptionalDouble.of(d);
            } catch (NumberFormatException e) {
                problem(v.line(), field, "'" + v.text() + "' is not a number");
                return OptionalDouble.empty();
            }
        }

        Optional<Boolean> bool(Value v, String field) {
            if (v.kind() != Value.Kind.BOOLEAN) {
                problem(v.line(), field, "true or false, without quotes");
                return Optional.empty();
            }
            return Optional.of(Boolean.parseBoolean(v.text()));
        }

        Optional<Severity> severity(Value v) {
            Optional<Severity> s = Severity.parse(v.text());
            if (s.isEmpty()) {
                problem(v.line(), "severity", "'" + v.text() + "' is not one of critical, warning, info");
            }
            return s;
        }

        String text(Value v, String field) {
            if (v == null) {
                return "";
            }
            if (v.kind() != Value.Kind.STRING) {
                problem(v.line(), field, "a quoted string");
                return "";
            }
            for (String unknown : Template.unknownFields(v.text())) {
                problem(
                        v.line(),
                        field,
                        unknown + " is not a template field; use {{ $value }}, {{ $threshold }},"
                                + " {{ $percent }}, {{ $labels.NAME }}, {{ $context }} or {{ $context_labels.NAME }}");
            }
            return v.text();
        }

        Optional<Duration> optDuration(Value v, String field) {
            return v == null ? Optional.empty() : duration(v, field, true);
        }

        Optional<Duration> duration(Value v, String field, boolean zeroAllowed) {
            if (v.kind() != Value.Kind.STRING) {
                problem(v.line(), field, "a quoted duration, e.g. \"5m\"");
                return Optional.empty();
            }
            try {
                return Optional.of(zeroAllowed ? Durations.parseOrZero(v.text()) : Durations.parse(v.text()));
            } catch (IllegalArgumentException e) {
                problem(v.line(), field, e.getMessage());
                return Optional.empty();
            }
        }

        static String clearMessage(Comparison op, double value) {
            return "the clear threshold must lie on the quiet side of " + op.symbol() + " " + RuleText.number(value)
                    + " (" + (op == Comparison.GT || op == Comparison.GE ? "at or below" : "at or above") + " it)";
        }
    }
}
