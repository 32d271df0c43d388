package io.gridscope.collectors.prometheus.scrape;

import io.gridscope.collectors.prometheus.exposition.MetricType;
import io.gridscope.collectors.prometheus.exposition.ParsedSample;
import io.gridscope.model.Labels;
import io.gridscope.model.MetricKind;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every finite sample under its exposed name, adds {@code instance}, and marks {@code _total} samples of
 * counter families as counters. Units are {@link Unit#NONE}: the exposition does not state them reliably.
 * NaN and infinite values are absent, not samples. Stateless.
 */
final class RawPreset implements ScrapePreset {
    @Override
    public List<Sample> map(ScrapeTarget target, ScrapeResult result) {
        List<Sample> out = new ArrayList<>(result.samples().size());
        for (ParsedSample s : result.samples()) {
            if (!Double.isFinite(s.value())) {
                continue;
            }
            boolean counter =
                    s.family().type() == MetricType.COUNTER && s.name().endsWith("_total");
            Labels labels = s.labels().with("instance", target.instance());
            SeriesId id = new SeriesId(s.name(), labels, Unit.NONE, counter ? MetricKind.COUNTER : MetricKind.GAUGE);
            long t = s.hasTimestamp() ? s.timestampMillis() : result.epochMillis();
            out.add(new Sample(id, t, s.value()));
        }
        return out;
    }
}
