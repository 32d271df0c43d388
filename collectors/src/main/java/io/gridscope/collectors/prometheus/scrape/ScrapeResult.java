package io.gridscope.collectors.prometheus.scrape;

import io.gridscope.collectors.prometheus.exposition.ExpositionFormat;
import io.gridscope.collectors.prometheus.exposition.MetricFamilyInfo;
import io.gridscope.collectors.prometheus.exposition.ParsedSample;
import java.util.List;

/**
 * One successful scrape: every sample, in payload order. Immutable.
 *
 * @param epochMillis   when the scrape started (UTC)
 * @param durationNanos request, transfer and parse time
 * @param bodyBytes     body size after decompression
 * @param warnings      what the payload does that its format forbids and Prometheus' scrape accepts (and a missing
 *                      Content-Type), at most a few short lines; empty for a clean payload
 */
public record ScrapeResult(
        String targetId,
        long epochMillis,
        long durationNanos,
        ExpositionFormat format,
        long bodyBytes,
        List<MetricFamilyInfo> families,
        List<ParsedSample> samples,
        List<String> warnings) {
    public ScrapeResult {
        families = List.copyOf(families);
        samples = List.copyOf(samples);
        warnings = List.copyOf(warnings);
    }

    /** A result without warnings. */
    public ScrapeResult(
            String targetId,
            long epochMillis,
            long durationNanos,
            ExpositionFormat format,
            long bodyBytes,
            List<MetricFamilyInfo> families,
            List<ParsedSample> samples) {
        this(targetId, epochMillis, durationNanos, format, bodyBytes, families, samples, List.of());
    }
}
