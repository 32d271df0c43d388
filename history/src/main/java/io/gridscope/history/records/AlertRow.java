package io.gridscope.history.records;

/**
 * One stored alert ({@code alerts} table). Times are epoch millis UTC, {@code 0} when not reached or not set.
 * {@code labels} is the canonical label text ({@code io.gridscope.model.Labels#canonical()}).
 */
public record AlertRow(
        long id,
        String rule,
        String fingerprint,
        String labels,
        String severity,
        String state,
        long activeSinceMillis,
        long firedAtMillis,
        long resolvedAtMillis,
        long lastActiveMillis,
        double value,
        double threshold,
        String summary,
        String description,
        String runbook,
        int eventCount,
        long notifiedMillis,
        long escalatedMillis,
        long resolvedNotifiedMillis,
        String ackBy,
        long ackAtMillis,
        String ackComment,
        long snoozedUntilMillis,
        String snoozedBy) {

    public boolean acknowledged() {
        return ackAtMillis != 0;
    }

    public boolean snoozedAt(long now) {
        return snoozedUntilMillis > now;
    }

    public AlertRow withId(long newId) {
        return new AlertRow(
                newId,
                rule,
                fingerprint,
                labels,
                severity,
                state,
                activeSinceMillis,
                firedAtMillis,
                resolvedAtMillis,
                lastActiveMillis,
                value,
                threshold,
                summary,
                description,
                runbook,
                eventCount,
                notifiedMillis,
                escalatedMillis,
                resolvedNotifiedMillis,
                ackBy,
                ackAtMillis,
                ackComment,
                snoozedUntilMillis,
                snoozedBy);
    }
}
