package io.gridscope.history;

import io.gridscope.model.SeriesId;
import java.util.Objects;

/**
 * The points of one series over a range, oldest first, in two parallel arrays (no per-point objects).
 * A NaN value is a stored NaN; missing time is simply absent.
 */
public record SeriesData(SeriesId series, long[] epochMillis, double[] values) {
    public SeriesData {
        Objects.requireNonNull(series, "series");
        if (epochMillis.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length");
        }
    }

    public int size() {
        return values.length;
    }
}
