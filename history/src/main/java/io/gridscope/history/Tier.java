package io.gridscope.history;

/**
 * The resolutions history keeps: compressed raw samples, 1-minute and 1-hour rollups (count, sum, min, max, last,
 * counter increase per bucket).
 */
public enum Tier {
    RAW(0, "chunks", 0),
    MINUTE(60_000, "rollup_1m", 4 * 3_600_000L),
    HOUR(3_600_000, "rollup_1h", 10 * 86_400_000L);

    private final long widthMillis;
    private final String table;
    private final long windowMillis;

    Tier(long widthMillis, String table, long windowMillis) {
        this.widthMillis = widthMillis;
        this.table = table;
        this.windowMillis = windowMillis;
    }

    /**
     * Rollup buckets are stored in one compressed row per series and epoch-aligned window of this length (4 hours
     * of minutes, 10 days of hours); retention deletes whole windows. 0 for {@link #RAW}.
     */
    long windowMillis() {
        return windowMillis;
    }

    /** Bucket width in milliseconds; 0 for {@link #RAW}. */
    public long widthMillis() {
        return widthMillis;
    }

    String table() {
        return table;
    }

    /**
     * The tier a range query reads. The finest tier whose bucket is not finer than needed: a step of at least an
     * hour reads {@link #HOUR}, at least a minute {@link #MINUTE}, else {@link #RAW}; then, if that tier's retention
     * no longer covers {@code fromEpochMillis}, the next coarser tier that does (or {@link #HOUR} when none does).
     *
     * @param stepMillis the resolution the caller wants (for charts: range / points)
     * @param nowEpochMillis the current time, against which retention is measured
     */
    public static Tier select(long fromEpochMillis, long stepMillis, long nowEpochMillis, HistoryOptions options) {
        Tier t = stepMillis >= HOUR.widthMillis ? HOUR : stepMillis >= MINUTE.widthMillis ? MINUTE : RAW;
        while (t != HOUR
                && fromEpochMillis < nowEpochMillis - options.retention(t).toMillis()) {
            t = values()[t.ordinal() + 1];
        }
        return t;
    }
}
