package io.gridscope.history;

/**
 * What a committed {@link HistoryImport} stored and what it skipped. Immutable.
 *
 * @param samplesImported     samples written (each once, however many tiers keep it)
 * @param seriesNew           series the import created
 * @param seriesExisting      series that were stored before and received samples
 * @param firstEpochMillis    the oldest imported sample's time; meaningful only when {@code samplesImported > 0}
 * @param lastEpochMillis     the newest imported sample's time; meaningful only when {@code samplesImported > 0}
 * @param duplicates          skipped: same series, time and value as a stored sample or an earlier one of the input
 * @param conflicts           skipped: same series and time as a stored (or earlier input) sample, another value;
 *                            the first one is kept
 * @param firstConflictLine   the input line of the first conflict; 0 when there is none
 * @param olderThanRetention  skipped: older than the 1-hour tier's retention, which would delete them at once
 * @param inRollupOnlyPeriods skipped: in an hour of the series that the store keeps only as rollups (its raw
 *                            samples were deleted by retention or the size cap), where samples cannot be merged
 * @param rollupsOnly         imported samples older than the raw tier's retention: kept in the 1-minute and 1-hour
 *                            tiers (the 1-hour tier alone when older than the 1-minute retention), as retention
 *                            treats collected samples
 */
public record ImportSummary(
        long samplesImported,
        long seriesNew,
        long seriesExisting,
        long firstEpochMillis,
        long lastEpochMillis,
        long duplicates,
        long conflicts,
        long firstConflictLine,
        long olderThanRetention,
        long inRollupOnlyPeriods,
        long rollupsOnly) {}
