package io.gridscope.collectors.prometheus.scrape;

/**
 * DCGM's "blank" values: sentinels dcgm-exporter publishes as if they were readings when a field is not supported,
 * not found or not permitted. They are mapped to absent, never to a number.
 *
 * <ul>
 *   <li>int64 blanks {@code 0x7ffffffffffffff0..f3} (9223372036854775792...; any value ≥ 9.2e18 is treated so);</li>
 *   <li>int32 blanks {@code 0x7ffffff0..f3} (2147483632..2147483635);</li>
 *   <li>fp64 blanks {@code 140737488355328.0..+3} (2^47 and the next three);</li>
 *   <li>NaN and infinities.</li>
 * </ul>
 */
public final class DcgmBlanks {
    /** Values at or above this are int64 blanks (int64 blank = 9223372036854775792). */
    public static final double INT64_BLANK_FLOOR = 9.2e18;

    public static final double INT32_BLANK = 0x7ffffff0;
    public static final double FP64_BLANK = 140737488355328.0;

    private DcgmBlanks() {}

    /** True when {@code v} is one of DCGM's blank sentinels (or not a finite number). */
    public static boolean isBlank(double v) {
        if (!Double.isFinite(v) || v >= INT64_BLANK_FLOOR) {
            return true;
        }
        return (v >= INT32_BLANK && v <= INT32_BLANK + 3 && v == Math.rint(v))
                || (v >= FP64_BLANK && v <= FP64_BLANK + 3 && v == Math.rint(v));
    }
}
