package io.gridscope.history;

/**
 * What one retention pass deleted, in stored rows per tier: raw chunks, and 1-minute / 1-hour rollup windows (one
 * row per series and window, see {@link Tier}); {@code deletedForSizeCap} counts the rows of all tiers that went to
 * keep the database under its size cap; {@code eventsDeleted} the events older than {@link
 * HistoryOptions#eventRetention()}.
 */
public record RetentionRun(
        long rawChunksDeleted,
        long minuteWindowsDeleted,
        long hourWindowsDeleted,
        long deletedForSizeCap,
        long eventsDeleted) {

    /** A pass that deleted no events. */
    public RetentionRun(
            long rawChunksDeleted, long minuteWindowsDeleted, long hourWindowsDeleted, long deletedForSizeCap) {
        this(rawChunksDeleted, minuteWindowsDeleted, hourWindowsDeleted, deletedForSizeCap, 0);
    }
}
