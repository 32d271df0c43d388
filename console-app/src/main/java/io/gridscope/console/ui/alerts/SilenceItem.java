package io.gridscope.console.ui.alerts;

/**
 * A silence, local (in this history; {@code localId} set) or in Alertmanager (made with {@code amtool}, its web UI
 * or a script: {@code localId} 0), with who made it and why.
 */
public record SilenceItem(
        String where,
        String id,
        long localId,
        String matchers,
        long startsMillis,
        long endsMillis,
        String createdBy,
        String comment,
        boolean active) {
    public boolean local() {
        return localId != 0;
    }
}
