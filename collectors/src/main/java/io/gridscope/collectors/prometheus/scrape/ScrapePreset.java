package io.gridscope.collectors.prometheus.scrape;

import io.gridscope.model.Sample;
import java.util.List;

/**
 * Turns one scrape's exposition samples into Gridscope series. A preset instance may keep state between scrapes of
 * one target (counter rates), so each target gets its own instance from {@link #create}; instances are used by one
 * scrape at a time.
 */
public interface ScrapePreset {
    /** The samples of one successful scrape, stamped {@code result.epochMillis()} unless noted. */
    List<Sample> map(ScrapeTarget target, ScrapeResult result);

    /** Known presets by name, as stored in source settings. */
    enum Kind {
        /** node_exporter → {@code host_*} series matching the local host collector. */
        NODE_EXPORTER,
        /** dcgm-exporter → {@code gpu_*} series keyed by {@code gpu_uuid}. */
        DCGM_EXPORTER,
        /** Every finite sample as-is, labelled with {@code instance}, unit-less. */
        RAW
    }

    /** A fresh instance of a preset. */
    static ScrapePreset create(Kind kind) {
        return switch (kind) {
            case NODE_EXPORTER -> new NodeExporterPreset();
            case DCGM_EXPORTER -> new DcgmExporterPreset();
            case RAW -> new RawPreset();
        };
    }
}
