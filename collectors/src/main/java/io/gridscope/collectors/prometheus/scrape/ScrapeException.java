package io.gridscope.collectors.prometheus.scrape;

import java.util.Objects;

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

    public ScrapeException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind);
    }

    public ScrapeException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
