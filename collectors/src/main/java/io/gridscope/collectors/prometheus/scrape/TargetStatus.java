package io.gridscope.collectors.prometheus.scrape;

import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The health of one scrape target, like Prometheus' {@code up}: immutable, replaced after every scrape.
 *
 * @param health              UNKNOWN before the first scrape, then UP or DOWN
 * @param lastError           the last failure's message (empty when UP)
 * @param lastErrorKind       the last failure's kind, empty when UP
 * @param lastScrapeEpochMillis start of the last scrape, 0 before the first
 * @param lastSuccessEpochMillis start of the last successful scrape, 0 if none
 * @param lastDurationNanos   duration of the last scrape, successful or not
 * @param sampleCount         samples in the last successful scrape
 * @param consecutiveFailures failures since the last success (drives the backoff)
 * @param nextScrapeEpochMillis when the next scrape is due
 * @param warnings            the last successful scrape's {@link ScrapeResult#warnings()}; empty when DOWN
 */
public record TargetStatus(
        String targetId,
        String url,
        Health health,
        String lastError,
        Optional<ScrapeException.Kind> lastErrorKind,
        long lastScrapeEpochMillis,
        long lastSuccessEpochMillis,
        long lastDurationNanos,
        long sampleCount,
        int consecutiveFailures,
        long nextScrapeEpochMillis,
        List<String> warnings) {
    /** Up/down as Prometheus reports it. */
    public enum Health {
        UNKNOWN,
        UP,
        DOWN
    }

    public TargetStatus {
        Objects.requireNonNull(targetId);
        Objects.requireNonNull(url);
        Objects.requireNonNull(health);
        Objects.requireNonNull(lastError);
        Objects.requireNonNull(lastErrorKind);
        warnings = List.copyOf(warnings);
    }

    /** A status without warnings. */
    public TargetStatus(
            String targetId,
            String url,
            Health health,
            String lastError,
            Optional<ScrapeException.Kind> lastErrorKind,
            long lastScrapeEpochMillis,
            long lastSuccessEpochMillis,
            long lastDurationNanos,
            long sampleCount,
            int consecutiveFailures,
            long nextScrapeEpochMillis) {
        this(
                targetId,
                url,
                health,
                lastError,
                lastErrorKind,
                lastScrapeEpochMillis,
                lastSuccessEpochMillis,
                lastDurationNanos,
                sampleCount,
                consecutiveFailures,
                nextScrapeEpochMillis,
                List.of());
    }

    static TargetStatus unknown(ScrapeTarget t) {
        return new TargetStatus(t.id(), t.url().toString(), Health.UNKNOWN, "", Optional.empty(), 0, 0, 0, 0, 0, 0);
    }

    public boolean up() {
        return health == Health.UP;
    }

    /** The same status in the form the status bar shows for every collector. */
    public CollectorStatus toCollectorStatus() {
        CollectorState state = switch (health) {
            case UNKNOWN -> CollectorState.STARTING;
            case UP -> CollectorState.OK;
            case DOWN ->
                lastErrorKind.orElse(ScrapeException.Kind.IO) == ScrapeException.Kind.UNREACHABLE
                        ? CollectorState.UNAVAILABLE
                        : CollectorState.FAILED;
        };
        return new CollectorStatus(
                ScrapeManager.COLLECTOR_ID_PREFIX + targetId,
                targetId + " (" + url + ")",
                state,
                lastError,
                lastSuccessEpochMillis,
                lastDurationNanos,
                (int) Math.min(Integer.MAX_VALUE, sampleCount),
                consecutiveFailures,
                warnings);
    }
}
