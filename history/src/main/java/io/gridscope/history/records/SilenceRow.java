package io.gridscope.history.records;

/**
 * A silence ({@code alert_silences}): alerts whose labels match {@code matchers} (selector text without a metric,
 * e.g. {@code {host="gpu-01",alertname=~"Gpu.*"}}) notify nobody from {@code startsMillis} to {@code endsMillis};
 * {@code expiredMillis} is set when someone ends it early.
 */
public record SilenceRow(
        long id,
        String matchers,
        long startsMillis,
        long endsMillis,
        String createdBy,
        String comment,
        long expiredMillis) {
    public boolean activeAt(long now) {
        return startsMillis <= now && now < endsMillis && (expiredMillis == 0 || expiredMillis > now);
    }
}
