package io.gridscope.reports.usage;

/** A usage source could not answer (a database error, an unreachable server, a refused query). */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }

    public UsageException(String message) {
        super(message);
    }
}
