package io.gridscope.console.ui.alerts;

import io.gridscope.alerts.rules.Rule;

/**
 * A rule in force, with its health as the evaluating process last wrote it: {@code ok}, {@code no_data} (with why),
 * {@code disabled}, {@code error}; "" before it was first evaluated.
 */
public record RuleRow(Rule rule, String health, String detail) {
    public String name() {
        return rule.name();
    }

    /** The built-in pack, or "file" for a rule of the rules file. */
    public String pack() {
        return rule.builtIn() ? rule.pack() : "file";
    }

    /** "ok", "no data: no series matches", "disabled", "not evaluated yet". */
    public String healthText() {
        if (!rule.enabled()) {
            return "disabled";
        }
        if (health.isEmpty()) {
            return "not evaluated yet";
        }
        String h = health.replace('_', ' ');
        return detail.isEmpty() ? h : detail.startsWith(h) ? detail : h + ": " + detail;
    }
}
