package io.gridscope.alerts.alertmanager;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An acknowledgement of an Alertmanager alert, as every console reads it from Alertmanager itself: a silence whose
 * comment carries the marker {@code [gridscope ack <fingerprint>]} and whose matchers are exactly the alert's labels
 * ({@code name="value"} each, nothing else). Any console connected to the same Alertmanager therefore sees the same
 * acknowledgements, whichever console (or person with {@code amtool}, copying the form) made them.
 *
 * @param alertFingerprint the acknowledged alert (Alertmanager's fingerprint of its labels)
 * @param silenceId        the silence that carries it
 * @param createdBy        who acknowledged
 * @param comment          what they wrote, without the marker
 * @param startsAt         when
 * @param endsAt           when the silence ends unless renewed (the mirror renews it while the alert fires)
 */
public record Acknowledgement(
        String alertFingerprint, String silenceId, String createdBy, String comment, Instant startsAt, Instant endsAt) {
    private static final Pattern MARKER = Pattern.compile("\\[gridscope ack ([0-9a-f]{16})]");

    public Acknowledgement {
        Objects.requireNonNull(alertFingerprint, "alertFingerprint");
        Objects.requireNonNull(silenceId, "silenceId");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
    }

    /** The marker that makes a silence's comment an acknowledgement of the alert {@code fingerprint}. */
    public static String marker(String fingerprint) {
        return "[gridscope ack " + fingerprint + "]";
    }

    /** The silence comment for an acknowledgement: the person's words, then the marker. */
    static String silenceComment(String comment, String fingerprint) {
        String words = comment == null ? "" : comment.strip();
        return words.isEmpty() ? marker(fingerprint) : words + " " + marker(fingerprint);
    }

    /** The fingerprint a silence comment's marker names, if it has one. */
    static Optional<String> markedFingerprint(String silenceComment) {
        Matcher m = MARKER.matcher(silenceComment);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * The acknowledgement {@code silence} carries, if it is one: active, marked, and matching exactly one label set
     * whose fingerprint is the marked one (checked against the alert when Alertmanager still has it, else by
     * computing the fingerprint of the matchers, as Alertmanager does).
     *
     * @param alertsByFingerprint the alerts Alertmanager holds now
     */
    public static Optional<Acknowledgement> of(AmSilence silence, Map<String, AmAlert> alertsByFingerprint) {
        if (!silence.active()) {
            return Optional.empty();
        }
        Optional<String> fp = markedFingerprint(silence.comment());
        Optional<Map<String, String>> labels = exactLabels(silence.matchers());
        if (fp.isEmpty() || labels.isEmpty()) {
            return Optional.empty();
        }
        AmAlert alert = alertsByFingerprint.get(fp.get());
        boolean same = alert != null
                ? alert.labels().equals(labels.get())
                : fingerprint(labels.get()).equals(fp.get());
        if (!same) {
            return Optional.empty();
        }
        String words = MARKER.matcher(silence.comment()).replaceAll("").strip();
        return Optional.of(new Acknowledgement(
                fp.get(), silence.id(), silence.createdBy(), words, silence.startsAt(), silence.endsAt()));
    }

    /** True when {@code silence} has an acknowledgement's marker and exact matchers, whatever its state. */
    static boolean hasAcknowledgementForm(AmSilence silence) {
        return markedFingerprint(silence.comment()).isPresent()
                && exactLabels(silence.matchers()).isPresent();
    }

    /** The matchers of an acknowledgement of an alert with {@code labels}: one {@code name="value"} each. */
    static List<AmMatcher> matchersOf(Map<String, String> labels) {
        return labels.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> AmMatcher.equal(e.getKey(), e.getValue()))
                .toList();
    }

    /** The label set {@code matchers} select exactly, when each is {@code name="value"} with a name used once. */
    static Optional<Map<String, String>> exactLabels(List<AmMatcher> matchers) {
        Map<String, String> labels = new HashMap<>();
        for (AmMatcher m : matchers) {
            if (!m.isExactEquality() || labels.put(m.name(), m.value()) != null) {
                return Optional.empty();
            }
        }
        return labels.isEmpty() ? Optional.empty() : Optional.of(labels);
    }

    /**
     * Alertmanager's fingerprint of a label set (Prometheus' {@code model.LabelSet.Fingerprint}): FNV-1a 64 over the
     * UTF-8 names in byte order, each name and value followed by the byte 0xff, as 16 hex digits.
     */
    public static String fingerprint(Map<String, String> labels) {
        long offset = 0xcbf29ce484222325L;
        long prime = 0x100000001b3L;
        if (labels.isEmpty()) {
            return String.format("%016x", offset);
        }
        byte[][] names = labels.keySet().stream()
                .map(n -> n.getBytes(StandardCharsets.UTF_8))
                .sorted(Arrays::compareUnsigned)
                .toArray(byte[][]::new);
        long h = offset;
        for (byte[] name : names) {
            byte[] value = labels.get(new String(name, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            for (byte[] part : new byte[][] {name, value}) {
                for (byte b : part) {
                    h ^= b & 0xff;
                    h *= prime;
                }
                h ^= 0xff;
                h *= prime;
            }
        }
        return String.format("%016x", h);
    }
}
