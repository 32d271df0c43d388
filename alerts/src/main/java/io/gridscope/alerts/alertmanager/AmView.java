package io.gridscope.alerts.alertmanager;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The latest picture of Alertmanager, for the Alerts page: its alerts (the fleet's, and Gridscope's own once pushed),
 * every silence, and the acknowledgements read from those silences (the same on every console). When a read fails,
 * the previous picture is kept with the error: it is then {@link #stale()} and its {@link #age} says by how much.
 *
 * @param acknowledgements alert fingerprint → its acknowledgement (the latest, when several consoles acknowledged)
 * @param fetchedAt        when the picture was read; empty before the first successful read
 * @param error            why the latest read failed, while it does
 */
public record AmView(
        List<AmAlert> alerts,
        List<AmSilence> silences,
        Map<String, Acknowledgement> acknowledgements,
        Optional<Instant> fetchedAt,
        Optional<String> error) {
    public AmView {
        alerts = List.copyOf(alerts);
        silences = List.copyOf(silences);
        acknowledgements = Map.copyOf(acknowledgements);
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        Objects.requireNonNull(error, "error");
    }

    /** Nothing read yet. */
    public static AmView empty() {
        return new AmView(List.of(), List.of(), Map.of(), Optional.empty(), Optional.empty());
    }

    /** A fresh picture; the acknowledgements are derived from the silences ({@link Acknowledgement#of}). */
    public static AmView of(List<AmAlert> alerts, List<AmSilence> silences, Instant fetchedAt) {
        return new AmView(
                alerts, silences, acknowledgements(alerts, silences), Optional.of(fetchedAt), Optional.empty());
    }

    static Map<String, Acknowledgement> acknowledgements(List<AmAlert> alerts, List<AmSilence> silences) {
        Map<String, AmAlert> byFingerprint = byFingerprint(alerts);
        Map<String, Acknowledgement> out = new LinkedHashMap<>();
        silences.stream()
                .map(s -> Acknowledgement.of(s, byFingerprint))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(Acknowledgement::startsAt))
                .forEach(a -> out.put(a.alertFingerprint(), a)); // the latest wins
        return out;
    }

    static Map<String, AmAlert> byFingerprint(List<AmAlert> alerts) {
        return alerts.stream().collect(Collectors.toMap(AmAlert::fingerprint, Function.identity(), (a, b) -> a));
    }

    /** The same picture, marked with the error of a failed read. */
    public AmView failed(String why) {
        return new AmView(alerts, silences, acknowledgements, fetchedAt, Optional.of(why));
    }

    /** True when the latest read failed: what is shown is older. */
    public boolean stale() {
        return error.isPresent();
    }

    /** How old the picture is at {@code now}; empty before the first read. */
    public Optional<Duration> age(Instant now) {
        return fetchedAt.map(t -> Duration.between(t, now));
    }

    public Optional<Acknowledgement> acknowledgement(AmAlert alert) {
        return Optional.ofNullable(acknowledgements.get(alert.fingerprint()));
    }

    /** The silence {@code id}, if listed. */
    public Optional<AmSilence> silence(String id) {
        return silences.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /**
     * The silences that are not acknowledgements (made with {@code amtool}, Alertmanager's UI, scripts), shown as
     * plain silences with their creator and comment; expired ones included. A silence in the acknowledgement form
     * (marker and exact matchers) is left out even once expired: it is an ended acknowledgement, not a silence.
     */
    public List<AmSilence> plainSilences() {
        return silences.stream()
                .filter(s -> !Acknowledgement.hasAcknowledgementForm(s))
                .toList();
    }
}
