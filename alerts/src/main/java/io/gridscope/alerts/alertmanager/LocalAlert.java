package io.gridscope.alerts.alertmanager;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One of Gridscope's own alerts in its current state, as the mirror reads it from the rule engine: firing while
 * {@code resolvedAt} is empty, resolved from then on.
 *
 * @param key         the engine's stable identity of the alert instance (rule + labels); one key, one alert
 * @param labels      what identifies it in Alertmanager (at least one; {@code alertname} by convention)
 * @param annotations its text (summary, description, runbook)
 * @param startsAt    when it started firing
 */
public record LocalAlert(
        String key,
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Optional<Instant> resolvedAt) {
    public LocalAlert {
        Objects.requireNonNull(key, "key");
        labels = OutgoingAlert.sorted(labels, "labels");
        annotations = OutgoingAlert.sorted(annotations, "annotations");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
    }

    public static LocalAlert firing(
            String key, Map<String, String> labels, Map<String, String> annotations, Instant startsAt) {
        return new LocalAlert(key, labels, annotations, startsAt, Optional.empty());
    }

    public LocalAlert resolved(Instant at) {
        return new LocalAlert(key, labels, annotations, startsAt, Optional.of(at));
    }

    public boolean isFiring() {
        return resolvedAt.isEmpty();
    }
}
