package io.gridscope.collectors.prometheus.query;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code data} of a successful query, one record per {@code resultType}. Timestamps are epoch milliseconds
 * (the API's float seconds, rounded); values keep NaN and ±Inf.
 */
public sealed interface QueryData {
    /** An instant vector: one sample (float or native histogram) per series. */
    record Vector(List<InstantSample> samples) implements QueryData {
        public Vector {
            samples = List.copyOf(samples);
        }
    }

    /** A range vector: points per series. */
    record Matrix(List<RangeSeries> series) implements QueryData {
        public Matrix {
            series = List.copyOf(series);
        }
    }

    /** A single number. */
    record Scalar(long epochMillis, double value) implements QueryData {}

    /** A string literal result. */
    record StringValue(long epochMillis, String value) implements QueryData {}

    /**
     * One series of a vector.
     *
     * @param metric    labels including {@code __name__} when present
     * @param value     the float value; NaN when the sample is a native histogram
     * @param histogram the native histogram, or null for a float sample
     */
    record InstantSample(Map<String, String> metric, long epochMillis, double value, NativeHistogram histogram) {
        public InstantSample {
            metric = Map.copyOf(metric);
        }
    }

    /** One series of a matrix: float points, and native-histogram points where the series has them. */
    record RangeSeries(Map<String, String> metric, List<Point> points, List<HistogramPoint> histograms) {
        public RangeSeries {
            metric = Map.copyOf(metric);
            points = List.copyOf(points);
            histograms = List.copyOf(histograms);
        }
    }

    /** One float point. */
    record Point(long epochMillis, double value) {}

    /** One native-histogram point. */
    record HistogramPoint(long epochMillis, NativeHistogram histogram) {
        public HistogramPoint {
            Objects.requireNonNull(histogram);
        }
    }

    /**
     * A native histogram as the API renders it.
     *
     * @param buckets each with its boundary rule (0: open left, 1: open right, 2: open both, 3: closed both)
     */
    record NativeHistogram(double count, double sum, List<Bucket> buckets) {
        public NativeHistogram {
            buckets = List.copyOf(buckets);
        }
    }

    /** One native-histogram bucket. */
    record Bucket(int boundaryRule, double lower, double upper, double count) {}
}
