package io.gridscope.alerts.engine;

import io.gridscope.alerts.rules.Severity;
import io.gridscope.model.Labels;
import java.util.Objects;

/**
 * One alert of one rule for one label set, as the engine sees it. {@code fingerprint} identifies it while open
 * (rule name and labels); times are epoch millis UTC, {@code 0} when not reached ({@code firedAtMillis} of a pending
 * alert, {@code resolvedAtMillis} of an open one). {@code value} is the value that made it active (its count of
 * events for an event rule), {@code threshold} what it was compared with.
 */
public record AlertInstance(
        String rule,
        String fingerprint,
        Labels labels,
        Severity severity,
        AlertState state,
        long activeSinceMillis,
        long firedAtMillis,
        long resolvedAtMillis,
        long lastActiveMillis,
        double value,
        double threshold,
        String summary,
        String description,
        String runbook,
        int eventCount) {
    public AlertInstance {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(state, "state");
    }

    public static String fingerprint(String rule, Labels labels) {
        return rule + labels.canonical();
    }

    AlertInstance with(AlertState s, long firedAt, long resolvedAt) {
        return new AlertInstance(
                rule,
                fingerprint,
                labels,
                severity,
                s,
                activeSinceMillis,
                firedAt,
                resolvedAt,
                lastActiveMillis,
                value,
                threshold,
                summary,
                description,
                runbook,
                eventCount);
    }

    AlertInstance active(long now, double v, double t, String sum, String desc, int events) {
        return new AlertInstance(
                rule,
                fingerprint,
                labels,
                severity,
                state,
                activeSinceMillis,
                firedAtMillis,
                resolvedAtMillis,
                now,
                v,
                t,
                sum,
                desc,
                runbook,
                events);
    }
}
