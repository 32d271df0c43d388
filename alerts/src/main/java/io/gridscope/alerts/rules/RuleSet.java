package io.gridscope.alerts.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules in force: the built-in packs (with the file's overrides) and the file's own rules, the settings that
 * apply to all of them, and the problems found. A rule with a problem is left out; the others run.
 */
public record RuleSet(
        List<Rule> rules,
        Map<String, Boolean> packs,
        Duration escalateAfter,
        List<RuleProblem> problems,
        Optional<java.nio.file.Path> file,
        Optional<AlertmanagerTarget> alertmanager) {
    public static final Duration DEFAULT_ESCALATE_AFTER = Duration.ofMinutes(15);

    public RuleSet {
        rules = List.copyOf(rules);
        packs = Map.copyOf(packs);
        problems = List.copyOf(problems);
    }

    public RuleSet(
            List<Rule> rules,
            Map<String, Boolean> packs,
            Duration escalateAfter,
            List<RuleProblem> problems,
            Optional<java.nio.file.Path> file) {
        this(rules, packs, escalateAfter, problems, file, Optional.empty());
    }

    public List<Rule> enabledRules() {
        return rules.stream().filter(Rule::enabled).toList();
    }

    public Optional<Rule> rule(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
