package io.gridscope.collectors;

import java.util.List;
import java.util.Objects;

/**
 * An immutable report of one collector's health.
 *
 * @param message               the reason for UNAVAILABLE/FAILED, empty when OK
 * @param lastSuccessEpochMillis 0 when it never succeeded
 * @param lastPassNanos         how long the last pass took
 * @param lastSampleCount       samples produced by the last successful pass
 * @param consecutiveFailures   failures since the last success (drives the retry backoff)
 * @param warnings              what was wrong with the last pass that did not stop it (a scraped payload that breaks
 *                              its format where Prometheus accepts it), a few short lines; empty when none
 */
public record CollectorStatus(
        String collectorId,
        String displayName,
        CollectorState state,
        String message,
        long lastSuccessEpochMillis,
        long lastPassNanos,
        int lastSampleCount,
        int consecutiveFailures,
        List<String> warnings) {
    public CollectorStatus {
        Objects.requireNonNull(collectorId, "collectorId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
        warnings = List.copyOf(warnings);
    }

    /** A status without warnings. */
    public CollectorStatus(
            String collectorId,
            String displayName,
            CollectorState state,
            String message,
            long lastSuccessEpochMillis,
            long lastPassNanos,
            int lastSampleCount,
            int consecutiveFailures) {
        this(
                collectorId,
                displayName,
                state,
                message,
                lastSuccessEpochMillis,
                lastPassNanos,
                lastSampleCount,
                consecutiveFailures,
                List.of());
    }

    public static CollectorStatus starting(String id, String displayName) {
        return new CollectorStatus(id, displayName, CollectorState.STARTING, "", 0, 0, 0, 0);
    }
}
