package io.gridscope.history;

/**
 * The resolutions history keeps: compressed raw samples, 1-minute and 1-hour rollups (count, sum, min, max, last,
 * counter increase per bucket).
 */
public enum Tier {
    RAW(0, "chunks"),
    MINUTE(60_000, "rollup_1m"),
    HOUR(3_600_000, "rollup_1h");

    private final long widthMillis;
    private final String table;

    Tier(long widthMillis, String table) {
        this.widthMillis = widthMillis;
        this.table = table;
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
        while (t != HOUR && fromEpochMillis < nowEpochMillis - options.retention(t).toMillis()) {
            t = values()[t.ordinal() + 1];
        }
        return t;
    }
}
