package io.gridscope.history;

/**
 * What the database holds and what it costs on disk, at one moment.
 *
 * @param seriesCount       series in the registry
 * @param rawSamples        raw samples held in compressed chunks
 * @param rawChunks         compressed chunks
 * @param minuteBuckets     1-minute rollup buckets
 * @param hourBuckets       1-hour rollup buckets
 * @param fileBytes         bytes of {@code history.db} plus its write-ahead log on disk
 * @param usedBytes         bytes in use inside the database file (pages minus free pages)
 * @param rawChunkBytes     bytes of the compressed raw chunk payloads alone
 */
public record HistoryStats(
        long seriesCount,
        long rawSamples,
        long rawChunks,
        long minuteBuckets,
        long hourBuckets,
        long fileBytes,
        long usedBytes,
        long rawChunkBytes) {
    /** File bytes per raw sample (everything on disk, rollups included); NaN when there are no samples. */
    public double bytesPerSample() {
        return rawSamples == 0 ? Double.NaN : (double) fileBytes / rawSamples;
    }
}
