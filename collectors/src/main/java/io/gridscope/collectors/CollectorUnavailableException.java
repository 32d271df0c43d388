package io.gridscope.collectors;

/** The source is not present or not usable here; the message says why in words a person can act on. */
public class CollectorUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public CollectorUnavailableException(String reason) {
        super(reason);
    }

    public CollectorUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
