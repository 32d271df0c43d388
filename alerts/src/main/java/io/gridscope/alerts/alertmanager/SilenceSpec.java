package io.gridscope.alerts.alertmanager;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A silence to create ({@code POST /api/v2/silences}), or to update when {@code id} names an existing one:
 * Alertmanager keeps the id when only the end (or the comment) of an active silence changes, and otherwise expires
 * it and answers with a new id.
 *
 * @param createdBy who makes it (Alertmanager requires it)
 * @param comment   why (Alertmanager requires it)
 */
public record SilenceSpec(
        Optional<String> id,
        List<AmMatcher> matchers,
        Instant startsAt,
        Instant endsAt,
        String createdBy,
        String comment) {
    public SilenceSpec {
        Objects.requireNonNull(id, "id");
        matchers = List.copyOf(matchers);
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(comment, "comment");
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one matcher");
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("a silence must end after it starts");
        }
        if (createdBy.isBlank()) {
            throw new IllegalArgumentException("a silence needs its author (createdBy)");
        }
        if (comment.isBlank()) {
            throw new IllegalArgumentException("a silence needs a comment");
        }
    }

    /** A new silence. */
    public static SilenceSpec create(
            List<AmMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {
        return new SilenceSpec(Optional.empty(), matchers, startsAt, endsAt, createdBy, comment);
    }

    /** The same silence with a new end: an update of {@code existing}, keeping its matchers, start and texts. */
    public static SilenceSpec extend(AmSilence existing, Instant endsAt) {
        return new SilenceSpec(
                Optional.of(existing.id()),
                existing.matchers(),
                existing.startsAt(),
                endsAt,
                existing.createdBy(),
                existing.comment());
    }
}
