package io.gridscope.history;

import io.gridscope.model.SeriesId;

/** The newest committed sample of a series. */
public record LatestValue(SeriesId series, long epochMillis, double value) {}
