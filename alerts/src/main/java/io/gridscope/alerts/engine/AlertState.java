package io.gridscope.alerts.engine;

import java.util.Locale;
import java.util.Optional;

/**
 * The life of an alert: inactive (nothing stored) → pending (the condition holds, waiting out {@code for}) → firing
 * → resolved. A pending alert whose condition stops holding goes back to inactive and leaves no trace.
 */
public enum AlertState {
    INACTIVE,
    PENDING,
    FIRING,
    RESOLVED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean open() {
        return this == PENDING || this == FIRING;
    }

    public static Optional<AlertState> parse(String text) {
        for (AlertState s : values()) {
            if (s.label().equalsIgnoreCase(text.strip())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
