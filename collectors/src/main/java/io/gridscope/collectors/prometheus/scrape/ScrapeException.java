package io.gridscope.collectors.prometheus.scrape;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A failed scrape, with a machine-readable {@link Kind} and a message fit for the status bar (no secrets). */
public final class ScrapeException extends Exception {
    /** Why a scrape failed. */
    public enum Kind {
        /** Connection refused, host unknown, connect timeout. */
        UNREACHABLE,
        /** The scrape exceeded its total timeout (headers or body too slow). */
        TIMEOUT,
        /** The exporter answered with a status other than 200. */
        HTTP_STATUS,
        /** The body exceeded the target's size limit. */
        BODY_TOO_LARGE,
        /** The payload held more samples than the target's sample limit. */
        SAMPLE_LIMIT,
        /** The payload is not valid exposition text. */
        INVALID_PAYLOAD,
        /** The TLS handshake failed (untrusted certificate, wrong host name) or the CA bundle is unusable. */
        TLS,
        /** Any other I/O failure. */
        IO
    }

    private final Kind kind;
    private final Optional<Duration> retryAfter;

    public ScrapeException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, Optional.empty());
    }

    /**
     * @param retryAfter how long the server asked the client to wait ({@code Retry-After} of a 429 or 503 answer)
     */
    public ScrapeException(Kind kind, String message, Throwable cause, Optional<Duration> retryAfter) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind);
        this.retryAfter = Objects.requireNonNull(retryAfter);
    }

    public ScrapeException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** How long the server asked to be left alone, as sent (not capped); empty when it did not say. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
