package io.gridscope.collectors.prometheus.scrape;

import io.gridscope.collectors.prometheus.exposition.ParsedSample;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every finite sample under its exposed name and adds {@code instance}; see {@link RawSeries} for the series
 * it becomes. Stateless.
 */
final class RawPreset implements ScrapePreset {
    @Override
    public List<Sample> map(ScrapeTarget target, ScrapeResult result) {
        List<Sample> out = new ArrayList<>(result.samples().size());
        for (ParsedSample s : result.samples()) {
            if (!RawSeries.isSample(s.value())) {
                continue;
            }
            SeriesId id = RawSeries.of(s, s.labels().with("instance", target.instance()));
            long t = s.hasTimestamp() ? s.timestampMillis() : result.epochMillis();
            out.add(new Sample(id, t, s.value()));
        }
        return out;
    }
}
