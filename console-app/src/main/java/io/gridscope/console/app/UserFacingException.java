package io.gridscope.console.app;

/**
 * An error whose message alone tells the user what is wrong and what to do; the CLI prints it as one line, with
 * no stack trace, and exits with {@link #exitCode()}.
 */
public class UserFacingException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public UserFacingException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserFacingException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
