package io.gridscope.alerts.rules;

import java.util.Locale;
import java.util.Optional;

/** How urgent an alert is: critical pages someone, warning needs a look today, info is for the record. */
public enum Severity {
    CRITICAL,
    WARNING,
    INFO;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Severity> parse(String text) {
        for (Severity s : values()) {
            if (s.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
