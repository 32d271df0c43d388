package io.gridscope.history.records;

import io.gridscope.model.Labels;
import java.util.Objects;
import java.util.Optional;

/**
 * Which stored events to read: a half-open time range {@code [fromEpochMillis, toEpochMillis)} in UTC, optionally
 * one event type and labels the event must carry (a subset of its labels), in an order, at most {@code limit} of
 * them. Events with the same timestamp keep the order in which they were stored (reversed for {@link
 * Order#NEWEST_FIRST}). Immutable; start with {@link #between} and refine with the {@code with*} methods.
 *
 * @param type     only events of this type; empty for every type
 * @param matchers labels that must match exactly
 * @param order    which end of the range comes first, and so which events a limit keeps
 * @param limit    at most this many events, 1 to {@link #MAX_LIMIT}
 */
public record EventQuery(
        long fromEpochMillis, long toEpochMillis, Optional<String> type, Labels matchers, Order order, int limit) {
    /** The most events one query returns. */
    public static final int MAX_LIMIT = 100_000;

    public static final int DEFAULT_LIMIT = 1_000;

    /** Which end of the range comes first. */
    public enum Order {
        /** Newest first: with a limit, the latest events of the range. The default. */
        NEWEST_FIRST,
        /** Oldest first: with a limit, the earliest events of the range. */
        OLDEST_FIRST
    }

    public EventQuery {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(matchers, "matchers");
        Objects.requireNonNull(order, "order");
        if (toEpochMillis < fromEpochMillis) {
            throw new IllegalArgumentException("range ends before it starts");
        }
        if (type.isPresent() && type.get().isBlank()) {
            throw new IllegalArgumentException("event type must not be blank");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + limit);
        }
    }

    /** Every event in {@code [fromEpochMillis, toEpochMillis)}, newest first, at most {@link #DEFAULT_LIMIT}. */
    public static EventQuery between(long fromEpochMillis, long toEpochMillis) {
        return new EventQuery(
                fromEpochMillis, toEpochMillis, Optional.empty(), Labels.EMPTY, Order.NEWEST_FIRST, DEFAULT_LIMIT);
    }

    public EventQuery withType(String eventType) {
        return new EventQuery(fromEpochMillis, toEpochMillis, Optional.of(eventType), matchers, order, limit);
    }

    public EventQuery withMatchers(Labels labels) {
        return new EventQuery(fromEpochMillis, toEpochMillis, type, labels, order, limit);
    }

    public EventQuery withOrder(Order o) {
        return new EventQuery(fromEpochMillis, toEpochMillis, type, matchers, o, limit);
    }

    public EventQuery withLimit(int maxEvents) {
        return new EventQuery(fromEpochMillis, toEpochMillis, type, matchers, order, maxEvents);
    }
}
