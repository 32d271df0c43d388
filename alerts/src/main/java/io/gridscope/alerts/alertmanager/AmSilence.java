package io.gridscope.alerts.alertmanager;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One silence as Alertmanager holds it ({@code GET /api/v2/silences}), whoever made it: Gridscope's
 * acknowledgements, {@code amtool silence add}, Alertmanager's web UI.
 *
 * @param updatedAt absent when the server leaves it out
 */
public record AmSilence(
        String id,
        List<AmMatcher> matchers,
        Instant startsAt,
        Instant endsAt,
        Optional<Instant> updatedAt,
        String createdBy,
        String comment,
        State state) {

    /** {@code status.state}. */
    public enum State {
        ACTIVE,
        PENDING,
        EXPIRED;

        static State parse(String s, Instant startsAt, Instant endsAt, Instant now) {
            return switch (s == null ? "" : s) {
                case "active" -> ACTIVE;
                case "pending" -> PENDING;
                case "expired" -> EXPIRED;
                // not given (or a state this client does not know): from the times, as Alertmanager decides it
                default -> !endsAt.isAfter(now) ? EXPIRED : startsAt.isAfter(now) ? PENDING : ACTIVE;
            };
        }
    }

    public AmSilence {
        Objects.requireNonNull(id, "id");
        matchers = List.copyOf(matchers);
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        createdBy = createdBy == null ? "" : createdBy;
        comment = comment == null ? "" : comment;
        Objects.requireNonNull(state, "state");
    }

    public boolean active() {
        return state == State.ACTIVE;
    }
}
