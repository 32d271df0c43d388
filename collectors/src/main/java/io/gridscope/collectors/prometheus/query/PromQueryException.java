package io.gridscope.collectors.prometheus.query;

import java.util.Locale;
import java.util.Objects;

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

    public PromQueryException(ErrorType errorType, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.errorType = Objects.requireNonNull(errorType);
        this.httpStatus = httpStatus;
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
}
