package io.gridscope.alerts.notify;

import java.io.Serial;

/** A desktop notification could not be shown or closed; the message says why, never what the notification said. */
public final class DesktopNotificationException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public DesktopNotificationException(String message) {
        super(message);
    }

    public DesktopNotificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
