package io.gridscope.collectors.prometheus.exposition;

/**
 * Receives what {@link ExpositionParser} reads, in payload order, on the parsing thread.
 *
 * <p>A parse that fails part-way has already delivered the samples before the bad line; consumers that must be
 * all-or-nothing (the scraper is) collect into a buffer and keep it only when {@code parse} returns normally.
 */
public interface ExpositionHandler {
    /** A family's metadata, exactly once per family: before its first sample, or at its end when it has none. */
    default void family(MetricFamilyInfo family) {}

    /** One sample line. */
    void sample(ParsedSample sample);

    /**
     * A rule broken where Prometheus' scrape would ingest the payload anyway; only a parser reading as Prometheus
     * does ({@link ExpositionParser.Strictness#PROMETHEUS}) reports these, as often as they occur.
     */
    default void warning(ExpositionWarning warning) {}
}
