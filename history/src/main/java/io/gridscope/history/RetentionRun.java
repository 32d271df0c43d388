package io.gridscope.history;

/** What one retention pass deleted: rows per tier, and how many of them went to keep under the size cap. */
public record RetentionRun(long rawChunksDeleted, long minuteBucketsDeleted, long hourBucketsDeleted,
        long deletedForSizeCap) {}
