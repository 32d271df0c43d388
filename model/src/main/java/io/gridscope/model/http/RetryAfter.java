package io.gridscope.model.http;

import io.gridscope.model.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The {@code Retry-After} header of a 429 or 503 answer, read the same way by every HTTP client of Gridscope. */
public final class RetryAfter {
    private RetryAfter() {}

    /**
     * The wait an answer of HTTP {@code status} asks for: its {@code Retry-After} {@code header} when the status is
     * 429 (too many requests) or 503 (unavailable), where RFC 9110 gives the header that meaning; empty otherwise.
     */
    public static Optional<Duration> of(int status, Optional<String> header, Instant now) {
        return status == 429 || status == 503 ? header.flatMap(v -> parse(v, now)) : Optional.empty();
    }

    /** {@code " (the server asks to retry after 2 min)"} for an error message, or {@code ""} without a wait. */
    public static String note(Optional<Duration> wait) {
        return wait.map(d -> " (the server asks to retry after " + DurationText.of(d) + ")")
                .orElse("");
    }

    /**
     * {@code value} as a wait from {@code now}: delta-seconds or an HTTP-date (RFC 9110 10.2.3), a date in the past
     * being no wait; empty when unreadable (then the caller's own backoff applies). Callers cap the result.
     */
    public static Optional<Duration> parse(String value, Instant now) {
        String v = value.strip();
        if (v.isEmpty() || v.length() > 64) {
            return Optional.empty();
        }
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.of(
                    v.length() > 9 ? Duration.ofSeconds(999_999_999L) : Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Instant at =
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
