package io.gridscope.collectors;

import java.util.Objects;

/**
 * An immutable report of one collector's health.
 *
 * @param message               the reason for UNAVAILABLE/FAILED, empty when OK
 * @param lastSuccessEpochMillis 0 when it never succeeded
 * @param lastPassNanos         how long the last pass took
 * @param lastSampleCount       samples produced by the last successful pass
 * @param consecutiveFailures   failures since the last success (drives the retry backoff)
 */
public record CollectorStatus(
        String collectorId,
        String displayName,
        CollectorState state,
        String message,
        long lastSuccessEpochMillis,
        long lastPassNanos,
        int lastSampleCount,
        int consecutiveFailures) {
    public CollectorStatus {
        Objects.requireNonNull(collectorId, "collectorId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
    }

    public static CollectorStatus starting(String id, String displayName) {
        return new CollectorStatus(id, displayName, CollectorState.STARTING, "", 0, 0, 0, 0);
    }
}
