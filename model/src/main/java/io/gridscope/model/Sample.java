package io.gridscope.model;

import java.util.Objects;

/**
 * One measured value at one instant (epoch milliseconds, UTC). An absent reading is not a sample: collectors
 * simply do not emit one, so "no data" never masquerades as zero.
 */
public record Sample(SeriesId series, long epochMillis, double value) {
    public Sample {
        Objects.requireNonNull(series, "series");
    }
}
