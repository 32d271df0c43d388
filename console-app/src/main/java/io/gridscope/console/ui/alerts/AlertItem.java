package io.gridscope.console.ui.alerts;

import io.gridscope.history.records.AlertRow;
import io.gridscope.model.Labels;
import java.util.Locale;

/**
 * One local alert as the Alerts page lists it: the stored row, where it stands for the person on call at the time
 * the list was made ({@link Status}), and its labels parsed once.
 */
public record AlertItem(AlertRow row, Status status, Labels labels) {
    /** Where an alert stands, in the order the list shows them. */
    public enum Status {
        FIRING,
        PENDING,
        ACKNOWLEDGED,
        SNOOZED,
        RESOLVED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The row as it stands at {@code nowMillis}. */
    public static AlertItem of(AlertRow row, long nowMillis) {
        return new AlertItem(row, status(row, nowMillis), parse(row.labels()));
    }

    static Status status(AlertRow r, long nowMillis) {
        if (r.state().equals("resolved")) {
            return Status.RESOLVED;
        }
        if (r.acknowledged()) {
            return Status.ACKNOWLEDGED;
        }
        if (r.snoozedAt(nowMillis)) {
            return Status.SNOOZED;
        }
        return r.state().equals("pending") ? Status.PENDING : Status.FIRING;
    }

    private static Labels parse(String canonical) {
        try {
            return Labels.parse(canonical);
        } catch (RuntimeException e) {
            return Labels.EMPTY;
        }
    }

    public long id() {
        return row.id();
    }

    /** The {@code host} label, or "". */
    public String host() {
        return labels.get("host").orElse("");
    }

    public String severity() {
        return row.severity();
    }

    /** When it became what it is: resolved at, fired at, or pending since. */
    public long sinceMillis() {
        AlertRow r = row;
        return r.resolvedAtMillis() != 0
                ? r.resolvedAtMillis()
                : r.firedAtMillis() != 0 ? r.firedAtMillis() : r.activeSinceMillis();
    }

    /** Whether the free-text filter finds {@code lowerText} in the rule, summary or labels. */
    boolean matches(String lowerText) {
        return lowerText.isEmpty()
                || row.rule().toLowerCase(Locale.ROOT).contains(lowerText)
                || row.summary().toLowerCase(Locale.ROOT).contains(lowerText)
                || row.labels().toLowerCase(Locale.ROOT).contains(lowerText);
    }
}
