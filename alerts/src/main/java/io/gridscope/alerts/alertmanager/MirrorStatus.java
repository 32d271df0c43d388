package io.gridscope.alerts.alertmanager;

import io.gridscope.model.DurationText;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Alertmanager mirror stands, for the status bar, the Alerts page and {@code gridscope collect}'s log: an
 * immutable snapshot.
 *
 * @param alertmanager       the Alertmanager mirrored, empty when none is configured
 * @param lastSuccess        the last exchange that succeeded (push or read)
 * @param lastError          the latest failure, one line, while it lasts
 * @param queuedAlerts       alerts waiting to reach Alertmanager: while it is down, every alert the next try sends
 * @param nextRetry          when the next push is tried, while pushes are backing off
 * @param consecutiveFailures pushes failed in a row
 */
public record MirrorStatus(
        State state,
        Optional<URI> alertmanager,
        Optional<Instant> lastSuccess,
        Optional<String> lastError,
        int queuedAlerts,
        Optional<Instant> nextRetry,
        int consecutiveFailures) {

    public enum State {
        /** No Alertmanager is configured: nothing is mirrored. */
        NOT_CONFIGURED,
        /** Configured, no exchange finished yet. */
        UNKNOWN,
        /** The last pushes and reads reached it. */
        UP,
        /** A push or read failed; pushes are retried with backoff, nothing is dropped. */
        DOWN
    }

    public MirrorStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(alertmanager, "alertmanager");
        Objects.requireNonNull(lastSuccess, "lastSuccess");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(nextRetry, "nextRetry");
    }

    /** The status when no Alertmanager is configured. */
    public static MirrorStatus notConfigured() {
        return new MirrorStatus(
                State.NOT_CONFIGURED, Optional.empty(), Optional.empty(), Optional.empty(), 0, Optional.empty(), 0);
    }

    /** One line for a log or a tooltip: {@code Alertmanager DOWN: cannot connect …; 3 alerts queued, next try in 8 s}. */
    public String describe(Instant now) {
        StringBuilder sb = new StringBuilder("Alertmanager");
        alertmanager.ifPresent(u -> sb.append(' ').append(u));
        sb.append(' ').append(state == State.NOT_CONFIGURED ? "not configured" : state.name());
        lastError.ifPresent(e -> sb.append(": ").append(e));
        if (queuedAlerts > 0 && state == State.DOWN) {
            sb.append("; ")
                    .append(queuedAlerts)
                    .append(queuedAlerts == 1 ? " alert" : " alerts")
                    .append(" queued");
        }
        nextRetry.ifPresent(t -> {
            Duration left = Duration.between(now, t).truncatedTo(ChronoUnit.SECONDS);
            sb.append(", next try in ").append(DurationText.of(left.isNegative() ? Duration.ZERO : left));
        });
        lastSuccess.ifPresent(t -> sb.append("; last reached ").append(t.truncatedTo(ChronoUnit.SECONDS)));
        return sb.toString();
    }
}
