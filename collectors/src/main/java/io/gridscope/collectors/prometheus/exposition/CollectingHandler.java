package io.gridscope.collectors.prometheus.exposition;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every family and sample a parse delivers, in order, and a bounded summary of its warnings. Not thread-safe:
 * one per parse.
 */
public final class CollectingHandler implements ExpositionHandler {
    private final List<MetricFamilyInfo> families = new ArrayList<>();
    private final List<ParsedSample> samples = new ArrayList<>();
    private final ExpositionWarnings warnings = new ExpositionWarnings();

    @Override
    public void family(MetricFamilyInfo family) {
        families.add(family);
    }

    @Override
    public void sample(ParsedSample sample) {
        samples.add(sample);
    }

    @Override
    public void warning(ExpositionWarning warning) {
        warnings.add(warning);
    }

    /** The families so far (live view). */
    public List<MetricFamilyInfo> families() {
        return families;
    }

    /** The samples so far (live view). */
    public List<ParsedSample> samples() {
        return samples;
    }

    /** The warnings so far. */
    public ExpositionWarnings warnings() {
        return warnings;
    }
}
