package io.gridscope.alerts.alertmanager;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One alert as Alertmanager holds it ({@code GET /api/v2/alerts}): the fleet's alerts from the team's Prometheus
 * rules, and Gridscope's own once pushed.
 *
 * @param fingerprint  Alertmanager's identity of the label set (16 hex digits)
 * @param updatedAt    when Alertmanager last received it; absent when the server leaves it out
 * @param silencedBy   ids of the silences that mute it
 * @param inhibitedBy  fingerprints of the alerts that inhibit it
 * @param receivers    names of the receivers its route reaches
 * @param generatorUrl where it comes from (the Prometheus rule's graph link), or empty
 */
public record AmAlert(
        String fingerprint,
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        Optional<Instant> updatedAt,
        State state,
        List<String> silencedBy,
        List<String> inhibitedBy,
        List<String> receivers,
        String generatorUrl) {

    /** {@code status.state}. */
    public enum State {
        ACTIVE,
        SUPPRESSED,
        UNPROCESSED;

        static State parse(String s) {
            return switch (s == null ? "" : s) {
                case "active" -> ACTIVE;
                case "suppressed" -> SUPPRESSED;
                default -> UNPROCESSED;
            };
        }
    }

    public AmAlert {
        Objects.requireNonNull(fingerprint, "fingerprint");
        labels = OutgoingAlert.sorted(labels, "labels");
        annotations = OutgoingAlert.sorted(annotations, "annotations");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(state, "state");
        silencedBy = List.copyOf(silencedBy);
        inhibitedBy = List.copyOf(inhibitedBy);
        receivers = List.copyOf(receivers);
        generatorUrl = generatorUrl == null ? "" : generatorUrl;
    }

    /** The {@code alertname} label, or empty. */
    public String name() {
        return labels.getOrDefault("alertname", "");
    }

    public boolean silenced() {
        return !silencedBy.isEmpty();
    }
}
