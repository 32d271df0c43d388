package io.gridscope.history.records;

import java.util.Objects;
import java.util.Optional;

/**
 * Which audit entries to read, always in the chain's order (by id, oldest first): those whose time is in the
 * half-open range {@code [fromEpochMillis, toEpochMillis)} (UTC), optionally about one subject only. Immutable;
 * start with {@link #all()} and refine with {@link #withSubject} and {@link #between}.
 *
 * @param subject only entries about this subject (exact match); empty for every subject
 */
public record AuditQuery(Optional<String> subject, long fromEpochMillis, long toEpochMillis) {
    public AuditQuery {
        Objects.requireNonNull(subject, "subject");
        if (toEpochMillis < fromEpochMillis) {
            throw new IllegalArgumentException("range ends before it starts");
        }
    }

    /** Every entry. */
    public static AuditQuery all() {
        return new AuditQuery(Optional.empty(), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public AuditQuery withSubject(String s) {
        return new AuditQuery(Optional.of(s), fromEpochMillis, toEpochMillis);
    }

    public AuditQuery between(long from, long to) {
        return new AuditQuery(subject, from, to);
    }
}
