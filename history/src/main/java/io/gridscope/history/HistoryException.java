package io.gridscope.history;

/** A history database problem, worded for the person who has to fix it (path, cause, what to do). */
public class HistoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HistoryException(String message) {
        super(message);
    }

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
