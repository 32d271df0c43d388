package io.gridscope.reports.carbon;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A live intensity provider could not answer. Each kind of failure is its own type, with a one-line message that
 * says what happened and what to do; no message, cause or {@code toString} ever holds the token.
 */
public abstract sealed class ProviderException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;

    private ProviderException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status of the answer, 0 when none came. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The token was refused (HTTP 401 or 403): missing, wrong, expired, or not entitled to this data. */
    public static final class Unauthorized extends ProviderException {
        private static final long serialVersionUID = 1L;

        Unauthorized(String message, int httpStatus) {
            super(message, httpStatus, null);
        }
    }

    /** The token could not be had: a typed token from an earlier session, a token file that cannot be read. */
    public static final class TokenUnavailable extends ProviderException {
        private static final long serialVersionUID = 1L;

        TokenUnavailable(String message, Throwable cause) {
            super(message, 0, cause);
        }
    }

    /** The request was refused as such (HTTP 400 or 404): mostly a zone the provider does not know. */
    public static final class UnknownZone extends ProviderException {
        private static final long serialVersionUID = 1L;

        UnknownZone(String message, int httpStatus) {
            super(message, httpStatus, null);
        }
    }

    /** Too many requests (HTTP 429), or a request held back because the provider asked to wait. */
    public static final class RateLimited extends ProviderException {
        private static final long serialVersionUID = 1L;

        private final transient Instant retryAt;

        RateLimited(String message, int httpStatus, Instant retryAt) {
            super(message, httpStatus, null);
            this.retryAt = retryAt;
        }

        /** When the provider said requests may resume ({@code Retry-After}); empty when it did not say. */
        public Optional<Instant> retryAt() {
            return Optional.ofNullable(retryAt);
        }

        /** How long from {@code now} until {@link #retryAt()}, at least zero. */
        public Optional<Duration> retryAfter(Instant now) {
            return retryAt().map(t -> t.isAfter(now) ? Duration.between(now, t) : Duration.ZERO);
        }
    }

    /** The provider failed (HTTP 5xx). */
    public static final class ServerError extends ProviderException {
        private static final long serialVersionUID = 1L;

        ServerError(String message, int httpStatus) {
            super(message, httpStatus, null);
        }
    }

    /** No complete answer in time. */
    public static final class Timeout extends ProviderException {
        private static final long serialVersionUID = 1L;

        Timeout(String message, Throwable cause) {
            super(message, 0, cause);
        }
    }

    /** No connection: host unknown, connection refused, TLS handshake failed. */
    public static final class Unreachable extends ProviderException {
        private static final long serialVersionUID = 1L;

        Unreachable(String message, Throwable cause) {
            super(message, 0, cause);
        }
    }

    /** An answer that cannot be used: not JSON, not the documented shape, too large, an unexpected status. */
    public static final class BadResponse extends ProviderException {
        private static final long serialVersionUID = 1L;

        BadResponse(String message, int httpStatus, Throwable cause) {
            super(message, httpStatus, cause);
        }
    }

    /** The calling thread was interrupted; its interrupt status is kept. */
    public static final class Interrupted extends ProviderException {
        private static final long serialVersionUID = 1L;

        Interrupted(String message, Throwable cause) {
            super(message, 0, cause);
        }
    }
}
