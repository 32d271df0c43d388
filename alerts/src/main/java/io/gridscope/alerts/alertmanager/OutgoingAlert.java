package io.gridscope.alerts.alertmanager;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One alert as {@code POST /api/v2/alerts} takes it. An {@code endsAt} in the future keeps the alert firing until
 * then; one in the past resolves it. Labels identify the alert (Alertmanager deduplicates by them) and must hold at
 * least one pair; annotations carry the text.
 *
 * @param generatorUrl where the alert comes from (a link back to Gridscope), or empty
 */
public record OutgoingAlert(
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        String generatorUrl) {
    public OutgoingAlert {
        labels = sorted(labels, "labels");
        annotations = sorted(annotations, "annotations");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        generatorUrl = generatorUrl == null ? "" : generatorUrl;
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("an alert needs at least one label");
        }
        if (endsAt.isBefore(startsAt)) {
            throw new IllegalArgumentException("endsAt " + endsAt + " is before startsAt " + startsAt);
        }
    }

    /** True when {@code endsAt} is not after {@code now}: Alertmanager takes the alert as resolved. */
    public boolean resolvedAt(Instant now) {
        return !endsAt.isAfter(now);
    }

    static Map<String, String> sorted(Map<String, String> map, String what) {
        Objects.requireNonNull(map, what);
        TreeMap<String, String> copy = new TreeMap<>();
        map.forEach((k, v) -> copy.put(
                Objects.requireNonNull(k, what + " name"), Objects.requireNonNull(v, what + " value of " + k)));
        return java.util.Collections.unmodifiableSortedMap(copy);
    }
}
