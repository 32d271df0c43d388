package io.gridscope.collectors.prometheus.scrape;

import io.gridscope.collectors.prometheus.exposition.MetricType;
import io.gridscope.collectors.prometheus.exposition.ParsedSample;
import io.gridscope.model.Labels;
import io.gridscope.model.MetricKind;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;

/**
 * The one rule for storing an exposed sample as it is, shared by the {@code raw} scrape preset and {@code ./gridscope
 * import}, so that a sample scraped and the same sample imported land in the same series: the exposed name, the
 * given labels, {@link Unit#NONE} (the exposition does not state units reliably, so {@code # UNIT} is not used),
 * and {@link MetricKind#COUNTER} only for the {@code _total} samples of counter families; everything else (gauges,
 * unknown and info families, {@code _created}, the parts of histograms and summaries) is a gauge. NaN and infinite
 * values are absent, not samples. Stateless.
 */
public final class RawSeries {
    private RawSeries() {}

    /** The series of {@code sample}, with {@code labels} (its own, plus what the caller adds). */
    public static SeriesId of(ParsedSample sample, Labels labels) {
        boolean counter =
                sample.family().type() == MetricType.COUNTER && sample.name().endsWith("_total");
        return new SeriesId(sample.name(), labels, Unit.NONE, counter ? MetricKind.COUNTER : MetricKind.GAUGE);
    }

    /** False for NaN and infinite values, which are absent readings rather than samples. */
    public static boolean isSample(double value) {
        return Double.isFinite(value);
    }
}
