package io.gridscope.alerts.service;

import io.gridscope.alerts.alertmanager.LocalAlert;
import io.gridscope.alerts.engine.AlertInstance;
import io.gridscope.alerts.engine.AlertState;
import io.gridscope.alerts.engine.Evaluation;
import io.gridscope.alerts.engine.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the evaluating process pushes to Alertmanager, kept up to date from each evaluation: every firing alert, and
 * each alert that resolved within {@link #KEEP_RESOLVED} with its resolution time (Alertmanager's clients re-send
 * resolutions for some minutes, so a restarted Alertmanager still notifies them). Labels are the alert's; the
 * summary, description and runbook go as annotations ({@code summary}, {@code description}, {@code runbook_url}).
 */
public final class PushedAlerts implements Consumer<Evaluation> {
    public static final Duration KEEP_RESOLVED = Duration.ofMinutes(10);

    private final Map<String, LocalAlert> resolved = new LinkedHashMap<>();
    private volatile List<LocalAlert> current = List.of();

    @Override
    public synchronized void accept(Evaluation e) {
        for (Transition t : e.transitions()) {
            if (t.from() == AlertState.FIRING && t.to() == AlertState.RESOLVED) {
                AlertInstance a = t.alert();
                resolved.put(a.fingerprint(), local(a).resolved(Instant.ofEpochMilli(a.resolvedAtMillis())));
            }
        }
        long cutoff = e.atMillis() - KEEP_RESOLVED.toMillis();
        resolved.values()
                .removeIf(
                        l -> l.resolvedAt().map(r -> r.toEpochMilli() < cutoff).orElse(true));
        List<LocalAlert> out = new ArrayList<>();
        for (AlertInstance a : e.open()) {
            if (a.state() == AlertState.FIRING) {
                resolved.remove(a.fingerprint());
                out.add(local(a));
            }
        }
        out.addAll(resolved.values());
        current = List.copyOf(out);
    }

    /** The alerts to push now (any thread). */
    public List<LocalAlert> current() {
        return current;
    }

    static LocalAlert local(AlertInstance a) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", a.summary());
        if (!a.description().isEmpty()) {
            annotations.put("description", a.description());
        }
        if (!a.runbook().isEmpty()) {
            annotations.put("runbook_url", a.runbook());
        }
        return LocalAlert.firing(
                a.fingerprint(),
                a.labels().asMap(),
                annotations,
                Instant.ofEpochMilli(a.firedAtMillis() != 0 ? a.firedAtMillis() : a.activeSinceMillis()));
    }
}
