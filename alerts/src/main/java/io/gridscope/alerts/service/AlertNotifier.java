package io.gridscope.alerts.service;

/**
 * Somewhere notifications go (the desktop, the log of a headless {@code collect}). {@link #send} is called on the
 * evaluating thread after the notice was recorded as sent; it must hand off and return at once, and report its own
 * failures (a notification that cannot be shown is logged, never retried, so it is never shown twice).
 */
public interface AlertNotifier {
    String name();

    void send(AlertNotice notice);
}
