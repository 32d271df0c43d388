package io.gridscope.collectors.prometheus.query;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed PromQL request: either the server's own error ({@code status: "error"} with an {@code errorType}) or a
 * transport problem. The message never contains credentials.
 */
public final class PromQueryException extends Exception {
    /** The server's {@code errorType} values, plus client-side failures. */
    public enum ErrorType {
        BAD_DATA,
        EXECUTION,
        CANCELED,
        TIMEOUT,
        INTERNAL,
        NOT_FOUND,
        NOT_ACCEPTABLE,
        UNAVAILABLE,
        /** An error type this client does not know. */
        OTHER,
        /** Connection refused, host unknown, connect timeout. */
        UNREACHABLE,
        /** No complete response within the client's timeout. */
        CLIENT_TIMEOUT,
        /** A non-JSON or malformed response, or one over the size limit. */
        BAD_RESPONSE,
        /** TLS handshake failure. */
        TLS;

        /** Maps the API's {@code errorType} string. */
        public static ErrorType fromApi(String s) {
            if (s == null) {
                return OTHER;
            }
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "bad_data" -> BAD_DATA;
                case "execution" -> EXECUTION;
                case "canceled" -> CANCELED;
                case "timeout" -> TIMEOUT;
                case "internal" -> INTERNAL;
                case "not_found" -> NOT_FOUND;
                case "not_acceptable" -> NOT_ACCEPTABLE;
                case "unavailable" -> UNAVAILABLE;
                default -> OTHER;
            };
        }
    }

    private final ErrorType errorType;
    private final int httpStatus;
    private final Optional<Duration> retryAfter;

    public PromQueryException(ErrorType errorType, int httpStatus, String message, Throwable cause) {
        this(errorType, httpStatus, message, cause, Optional.empty());
    }

    /** @param retryAfter the wait a 429 or 503 answer asked for ({@code Retry-After}), as sent */
    public PromQueryException(
            ErrorType errorType, int httpStatus, String message, Throwable cause, Optional<Duration> retryAfter) {
        super(message, cause);
        this.errorType = Objects.requireNonNull(errorType);
        this.httpStatus = httpStatus;
        this.retryAfter = Objects.requireNonNull(retryAfter);
    }

    public PromQueryException(ErrorType errorType, int httpStatus, String message) {
        this(errorType, httpStatus, message, null);
    }

    public ErrorType errorType() {
        return errorType;
    }

    /** The HTTP status, or 0 when no response arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** How long the server asked to be left alone; empty when it did not say. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
