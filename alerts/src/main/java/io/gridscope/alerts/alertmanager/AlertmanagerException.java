package io.gridscope.alerts.alertmanager;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed exchange with Alertmanager, of one {@link Kind}; the message is one line, fit for the status bar, and never
 * holds a credential.
 */
public final class AlertmanagerException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** Connection refused, host unknown, connect timeout, connection reset. */
        UNREACHABLE,
        /** No complete answer within the request timeout. */
        TIMEOUT,
        /** The TLS handshake failed (certificate not trusted, name mismatch, protocol). */
        TLS,
        /** Alertmanager answered with a status other than 2xx (a redirect included: redirects are not followed). */
        HTTP_STATUS,
        /** The answer is not the JSON the API describes. */
        MALFORMED_RESPONSE,
        /** The answer is larger than the client's limit; reading stopped there. */
        TOO_LARGE,
        /** The calling thread was interrupted. */
        INTERRUPTED
    }

    private final Kind kind;
    private final int httpStatus;
    private final Optional<Duration> retryAfter;

    public AlertmanagerException(Kind kind, int httpStatus, String message, Throwable cause) {
        this(kind, httpStatus, message, cause, Optional.empty());
    }

    /** @param retryAfter the wait a 429 or 503 answer asked for ({@code Retry-After}), as sent */
    public AlertmanagerException(
            Kind kind, int httpStatus, String message, Throwable cause, Optional<Duration> retryAfter) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.httpStatus = httpStatus;
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public AlertmanagerException(Kind kind, String message, Throwable cause) {
        this(kind, 0, message, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The wait Alertmanager (or a proxy before it) asked for with a 429 or 503 answer, uncapped. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /** The HTTP status of the answer, or 0 when none arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * True when Alertmanager refused the request itself (HTTP 4xx other than 408 and 429): sending it again unchanged
     * will not help.
     */
    public boolean refused() {
        return kind == Kind.HTTP_STATUS
                && httpStatus >= 400
                && httpStatus < 500
                && httpStatus != 408
                && httpStatus != 429;
    }
}
