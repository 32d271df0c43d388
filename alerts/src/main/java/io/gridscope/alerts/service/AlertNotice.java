package io.gridscope.alerts.service;

import io.gridscope.history.records.AlertRow;

/** A notification to send: a newly firing alert, an escalation (critical, unacknowledged too long), a resolution. */
public record AlertNotice(Kind kind, AlertRow alert) {
    public enum Kind {
        FIRING,
        ESCALATED,
        RESOLVED
    }

    public String title() {
        String prefix = switch (kind) {
            case FIRING -> "[" + alert.severity().toUpperCase(java.util.Locale.ROOT) + "] ";
            case ESCALATED -> "[ESCALATED " + alert.severity().toUpperCase(java.util.Locale.ROOT) + "] ";
            case RESOLVED -> "[RESOLVED] ";
        };
        return prefix + alert.summary();
    }
}
